import { closeOnSignals } from '@jowi/server-kit';
import { loadEnv } from './env.ts';
import { startFiscal } from './index.ts';

const service = await startFiscal(loadEnv(), process.env.HOST);
closeOnSignals(service.log, service.close);
