/**
 * `latest.json` merging: a section that ran replaces its keys, except the `pos` summary, which two
 * modules fill (the till's catalog here, its sync and sales elsewhere), and the `gateway` summary
 * (the single-identity pages and the realistic mix) — merged key by key, a
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

it('keeps the single-identity gateway figures when only the realistic mix ran, and the reverse', () => {
  const previous = {
    gateway: { ours_rps: 170.9, mix_ours_rps: 40 },
    details: { gateway: { old: true }, gateway_mix: { old: true } },
  };
  const mixOnly = mergeLatest(
    previous,
    {
      gateway: { ours_rps: null, mix_ours_rps: 90, mix_ours_vs_mercurius: 2 },
      details: { gateway: null, gateway_mix: { fresh: true } },
    },
    ['gateway-mix'],
  );
  expect(mixOnly.gateway).toEqual({ ours_rps: 170.9, mix_ours_rps: 90, mix_ours_vs_mercurius: 2 });
  expect(mixOnly.details).toEqual({ gateway: { old: true }, gateway_mix: { fresh: true } });
  const pageOnly = mergeLatest(
    mixOnly,
    { gateway: { ours_rps: 180, mix_ours_rps: null }, details: { gateway: { fresh: true } } },
    ['gateway'],
  );
  expect(pageOnly.gateway).toEqual({ ours_rps: 180, mix_ours_rps: 90, mix_ours_vs_mercurius: 2 });
});
