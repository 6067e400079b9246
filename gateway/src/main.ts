import { closeOnSignals } from '@jowi/server-kit';
import { loadEnv } from './env.ts';
import { startGateway } from './gateway.ts';

const service = await startGateway(loadEnv(), { host: process.env.HOST });
closeOnSignals(service.log, service.close);
