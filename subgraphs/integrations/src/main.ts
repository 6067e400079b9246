import { closeOnSignals } from '@jowi/server-kit';
import { loadEnv } from './env.ts';
import { startIntegrations } from './index.ts';

const service = await startIntegrations(loadEnv(), process.env.HOST);
closeOnSignals(service.log, service.close);
