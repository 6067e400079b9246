/** `npm run bench`: the performance harness (see bench/main.ts and docs/performance.md). */
import { main } from '../bench/main.ts';

// Children inherit it: no gateway in a benchmark (ours or the stock one) reports to Apollo.
process.env.APOLLO_TELEMETRY_DISABLED = 'true';

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
