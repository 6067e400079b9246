import { closeOnSignals } from '@jowi/server-kit';
import { loadEnv } from './env.ts';
import { startInventory } from './index.ts';

const service = await startInventory(loadEnv(), process.env.HOST);
closeOnSignals(service.log, service.close);
