import { closeOnSignals } from '@jowi/server-kit';
import { loadEnv } from './env.ts';
import { startCustomers } from './index.ts';

const service = await startCustomers(loadEnv(), process.env.HOST);
closeOnSignals(service.log, service.close);
