/**
 * `latest.json` merging: a section that ran replaces its keys, except the `pos` summary, which two
 * modules fill (the till's catalog here, its sync and sales elsewhere) — merged key by key, a
 * figure never replaced by a null.
 */
import { expect, it } from 'vitest';
import { mergeLatest } from './main.ts';

it('merges the pos summary key by key and keeps other sections', () => {
  const previous = {
    pos: { sync_1000_s: 3.1, sale_to_receipt_p95_ms: 40, warm_start_ms: 900 },
    catalog: { changes_pull_s: 1.5 },
    details: { catalog: { x: 1 }, pos_catalog: { old: true } },
  };
  const report = {
    pos: {
      first_sync_ms_100k: 8000,
      warm_start_ms: 400,
      search_p95_ms: null,
      heap_mib: 30,
      sync_1000_s: null,
    },
    catalog: { changes_pull_s: null },
    details: { catalog: null, pos_catalog: { fresh: true } },
  };
  const merged = mergeLatest(previous, report, ['pos']);
  expect(merged.pos).toEqual({
    sync_1000_s: 3.1,
    sale_to_receipt_p95_ms: 40,
    warm_start_ms: 400,
    first_sync_ms_100k: 8000,
    search_p95_ms: null,
    heap_mib: 30,
  });
  expect(merged.catalog).toEqual({ changes_pull_s: 1.5 });
  expect(merged.details).toEqual({ catalog: { x: 1 }, pos_catalog: { fresh: true } });
});
