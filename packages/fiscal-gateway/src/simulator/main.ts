/**
 * Runs the simulator: `npm start -w @jowi/fiscal-gateway` or `tsx src/simulator/main.ts`.
 * Environment: PORT (3448), HOST (127.0.0.1), STATE_FILE (.data/fiscal-simulator.json),
 * TERMINAL_ID (UZ191211501033), SIM_MAX_OPERATIONS_PER_Z, SIM_MAX_UNSENT, SIM_MAX_Z_REPORTS.
 */
import { z } from 'zod';
import { fiscalText } from '../fiscal-field.ts';
import { startSimulator } from './server.ts';

const env = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3448),
    HOST: z.string().default('127.0.0.1'),
    STATE_FILE: z.string().default('.data/fiscal-simulator.json'),
    TERMINAL_ID: fiscalText('terminalId').default('UZ191211501033'),
    SIM_MAX_OPERATIONS_PER_Z: z.coerce.number().int().min(1).optional(),
    SIM_MAX_UNSENT: z.coerce.number().int().min(1).optional(),
    SIM_MAX_Z_REPORTS: z.coerce.number().int().min(1).optional(),
  })
  .safeParse(process.env);
if (!env.success) {
  console.error(
    `Invalid configuration:\n${env.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`).join('\n')}`,
  );
  process.exit(78);
}
const config = env.data;
const sim = await startSimulator({
  port: config.PORT,
  host: config.HOST,
  stateFile: config.STATE_FILE,
  terminalId: config.TERMINAL_ID,
  limits: {
    ...(config.SIM_MAX_OPERATIONS_PER_Z ? { maxOperationsPerZ: config.SIM_MAX_OPERATIONS_PER_Z } : {}),
    ...(config.SIM_MAX_UNSENT ? { maxUnsent: config.SIM_MAX_UNSENT } : {}),
    ...(config.SIM_MAX_Z_REPORTS ? { maxZReports: config.SIM_MAX_Z_REPORTS } : {}),
  },
});
console.log(`E-POS Communicator simulator (FM ${sim.fm.terminalId}) at ${sim.rpcUrl}`);
console.log(
  `Control API: ${sim.baseUrl}/control/{state,faults,faults/clear,acknowledge}; state in ${config.STATE_FILE}`,
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void sim.close().then(() => process.exit(0));
  });
}
