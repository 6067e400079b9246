import { closeOnSignals } from '@jowi/server-kit';
import { loadEnv } from './env.ts';
import { startSales } from './index.ts';

const service = await startSales(loadEnv(), process.env.HOST);
closeOnSignals(service.log, service.close);
