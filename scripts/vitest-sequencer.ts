/**
 * The order vitest starts spec files in: the browser suites (`e2e/` folders) first, then the
 * rest in vitest's own order (slowest first when it knows the durations, else largest first).
 *
 * Two workers share the CI machine, so the run ends when the last file ends: a two-minute
 * browser suite that starts last leaves one worker idle for most of it. Durations are kept in
 * `.data/vitest-cache` (vitest.config.ts' `cacheDir`), which `npm ci` does not wipe, so later runs
 * order every file by its last duration; the `e2e/` rule covers a cold cache.
 */
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const BROWSER_SUITE = /[\\/]e2e[\\/]/;

export default class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const browser = sorted.filter((file) => BROWSER_SUITE.test(file.moduleId));
    return [...browser, ...sorted.filter((file) => !BROWSER_SUITE.test(file.moduleId))];
  }
}
