import { closeOnSignals } from '@jowi/server-kit';
import { loadEnv } from './env.ts';
import { startCatalog } from './index.ts';

const service = await startCatalog(loadEnv(), process.env.HOST);
closeOnSignals(service.log, service.close);
