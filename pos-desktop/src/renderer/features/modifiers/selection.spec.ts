import { describe, expect, it } from 'vitest';
import type { CatalogModifierGroup } from '../../../shared/pos-catalog.ts';
import { chosenModifiers, emptySelection, groupBounds, groupProblem, toggleOption } from './selection.ts';

const size: CatalogModifierGroup = {
  id: 'g-size',
  name: 'Hajmi',
  required: true,
  minSelections: 0,
  maxSelections: 1,
  options: [
    { id: 'o-small', name: 'Kichik', priceDelta: '0.00' },
    { id: 'o-big', name: 'Katta', priceDelta: '5000.00' },
  ],
};
const extras: CatalogModifierGroup = {
  id: 'g-extra',
  name: 'Qo‘shimcha',
  required: false,
  minSelections: 0,
  maxSelections: 2,
  options: [
    { id: 'o-egg', name: 'Tuxum', priceDelta: '3000.00' },
    { id: 'o-salad', name: 'Salat', priceDelta: '4000.50' },
    { id: 'o-bread', name: 'Non', priceDelta: '2000.00' },
  ],
};

describe('modifier selection', () => {
  it('a required group asks for at least one choice, whatever its minSelections says', () => {
    expect(groupBounds(size)).toEqual({ min: 1, max: 1 });
    expect(groupBounds(extras)).toEqual({ min: 0, max: 2 });
    expect(groupProblem(size, emptySelection)).toBe('TOO_FEW');
    expect(groupProblem(extras, emptySelection)).toBeNull();
  });

  it('a single-choice group replaces its choice; touching the chosen option clears it', () => {
    let s = toggleOption(emptySelection, size, 'o-small');
    s = toggleOption(s, size, 'o-big');
    expect(s[size.id]).toEqual(['o-big']);
    expect(toggleOption(s, size, 'o-big')[size.id]).toEqual([]);
    expect(toggleOption(s, size, 'o-unknown')).toBe(s);
  });

  it('a multiple-choice group refuses an option beyond its maximum', () => {
    let s = toggleOption(emptySelection, extras, 'o-egg');
    s = toggleOption(s, extras, 'o-salad');
    expect(toggleOption(s, extras, 'o-bread')).toBe(s);
    expect(toggleOption(s, extras, 'o-egg')[extras.id]).toEqual(['o-salad']);
  });

  it('answers the chosen modifiers in catalog order with deltas in tiyin, or the group still missing', () => {
    const missing = chosenModifiers([size, extras], toggleOption(emptySelection, extras, 'o-egg'));
    expect(missing).toMatchObject({ ok: false, problem: 'TOO_FEW', group: { id: 'g-size' } });
    let s = toggleOption(emptySelection, extras, 'o-salad');
    s = toggleOption(s, extras, 'o-egg');
    s = toggleOption(s, size, 'o-big');
    expect(chosenModifiers([size, extras], s)).toEqual({
      ok: true,
      modifiers: [
        { modifierId: 'o-big', name: 'Katta', priceDelta: 500_000n },
        { modifierId: 'o-egg', name: 'Tuxum', priceDelta: 300_000n },
        { modifierId: 'o-salad', name: 'Salat', priceDelta: 400_050n },
      ],
    });
  });
});
