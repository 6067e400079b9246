import { closeOnSignals } from '@jowi/server-kit';
import { loadEnv } from './env.ts';
import { startIdentity } from './index.ts';

const service = await startIdentity(loadEnv(), process.env.HOST);
closeOnSignals(service.log, service.close);
