import { describe, expect, it } from 'vitest';
import { dictionaryFor } from '../../../../i18n/dictionaries.ts';
import { transferActor } from './transfer-actor.ts';

const STAFF = 'staff:0193a7f0-0000-7000-8000-000000000001';

describe('transferActor', () => {
  it('names the staff member identity resolved', () => {
    const t = dictionaryFor('en').inventoryOps.transfers;
    expect(transferActor(STAFF, { name: 'Dilnoza Karimova' }, t)).toBe('Dilnoza Karimova');
  });

  it.each(['uz', 'ru', 'en'] as const)('never shows a raw actor in %s', (locale) => {
    const t = dictionaryFor(locale).inventoryOps.transfers;
    const unknown = transferActor(STAFF, null, t);
    const apiKey = transferActor('apikey:0193a7f0-0000-7000-8000-000000000002', null, t);
    expect(unknown).toBe(t.unknownStaff);
    expect(apiKey).toBe(t.apiKey);
    for (const text of [unknown, apiKey]) expect(text).not.toMatch(/staff:|apikey:|[0-9a-f]{8}-/);
    expect(transferActor(null, null, t)).toBe('—');
  });
});
