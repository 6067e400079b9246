/**
 * Runs the fiscal gateway as a service: `tsx src/main.ts` (`npm run start:gateway`).
 * Environment: PORT (4010, ARCHITECTURE §2), HOST (127.0.0.1), FISCAL_DEVICE_URL (the simulator / Communicator,
 * http://localhost:3448/rpc/api), FISCAL_TIMEOUT_MS (10000), JOURNAL_FILE
 * (.data/fiscal-journal.jsonl), SELLER_NAME, SELLER_TIN (printed on slips).
 */
import { z } from 'zod';
import { DEFAULT_EPOS_URL, EposDriver } from './epos-driver.ts';
import { createFiscalGateway } from './http.ts';

const parsed = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(4010),
    HOST: z.string().default('127.0.0.1'),
    FISCAL_DEVICE_URL: z.url().default(DEFAULT_EPOS_URL),
    FISCAL_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    JOURNAL_FILE: z.string().default('.data/fiscal-journal.jsonl'),
    SELLER_NAME: z.string().optional(),
    SELLER_TIN: z.string().optional(),
  })
  .safeParse(process.env);
if (!parsed.success) {
  console.error(
    `Invalid configuration:\n${parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`).join('\n')}`,
  );
  process.exit(78);
}
const env = parsed.data;
const app = await createFiscalGateway({
  driver: new EposDriver({ url: env.FISCAL_DEVICE_URL, timeoutMs: env.FISCAL_TIMEOUT_MS }),
  journalFile: env.JOURNAL_FILE,
  logger: true,
  ...(env.SELLER_NAME
    ? { seller: { name: env.SELLER_NAME, ...(env.SELLER_TIN ? { tin: env.SELLER_TIN } : {}) } }
    : {}),
});
await app.listen({ port: env.PORT, host: env.HOST });
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void app.close().then(() => process.exit(0));
  });
}
