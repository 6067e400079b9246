/**
 * The modifier picker: a product with modifier groups opens it instead of going straight into the
 * cart. Each group shows whether it is required and how many options it takes; options are large
 * toggle buttons (touch) reachable with Tab/Space, and the digit keys 1–9 toggle the options in
 * screen order (keyboard). Enter adds the line wherever focus is in the picker — only once every required group is satisfied
 * (`selection.ts`); the price shown is the product's price plus the chosen deltas, in tiyin.
 */
import { parseMoney, unitPriceWithModifiers } from '@jowi/receipt';
import { Button, cn, Dialog, DialogContent } from '@jowi/ui';
import { type FormEvent, type KeyboardEvent, useMemo, useRef, useState } from 'react';
import type { CatalogModifierGroup } from '../../../shared/pos-catalog.ts';
import type { CartModifier } from '../../lib/cart.ts';
import { useI18n } from '../../lib/i18n.tsx';
import {
  chosenModifiers,
  emptySelection,
  firstIncomplete,
  groupBounds,
  type ModifierSelection,
  toggleOption,
} from './selection.ts';

interface ModifierPickerProps {
  product: { name: string; price: string };
  groups: readonly CatalogModifierGroup[];
  onAdd(modifiers: CartModifier[]): void;
  onClose(): void;
}

export function ModifierPicker({ product, groups, onAdd, onClose }: ModifierPickerProps) {
  const { t, money } = useI18n();
  const [selection, setSelection] = useState<ModifierSelection>(emptySelection);
  const [tried, setTried] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const flat = useMemo(
    () => groups.flatMap((group) => group.options.map((option) => ({ group, option }))),
    [groups],
  );
  const chosen = chosenModifiers(groups, selection);
  const missing = firstIncomplete(groups, selection);
  const deltas = groups.flatMap((group) =>
    group.options.filter((o) => selection[group.id]?.includes(o.id)).map((o) => parseMoney(o.priceDelta)),
  );
  const price = unitPriceWithModifiers(parseMoney(product.price), deltas);

  function submit(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    if (chosen.ok) onAdd(chosen.modifiers);
  }

  function onKeyDown(event: KeyboardEvent) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === 'Enter') {
      // Not the focused option's click: Enter always means "add" here (Space toggles an option).
      event.preventDefault();
      form.current?.requestSubmit();
      return;
    }
    const index = /^[1-9]$/.test(event.key) ? Number(event.key) - 1 : -1;
    const target = flat[index];
    if (!target) return;
    event.preventDefault();
    setSelection((s) => toggleOption(s, target.group, target.option.id));
  }

  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : onClose())}>
      <DialogContent
        title={`${t('modifiers.title')}: ${product.name}`}
        className="max-w-2xl!"
        data-testid="modifier-picker"
        onKeyDown={onKeyDown}
      >
        <form ref={form} className="flex flex-col gap-4" onSubmit={submit} noValidate>
          {groups.map((group) => {
            const { min, max } = groupBounds(group);
            const picked = selection[group.id] ?? [];
            const short = tried && missing?.id === group.id;
            return (
              <fieldset
                key={group.id}
                data-testid="modifier-group"
                aria-invalid={short || undefined}
                className={cn('flex flex-col gap-2 rounded-md border p-3', short && 'border-destructive')}
              >
                <legend className="px-1 text-sm font-semibold">
                  {group.name}{' '}
                  <span className="font-normal text-muted-foreground">
                    · {min > 0 ? t('modifiers.required') : t('modifiers.optional')} · {t('modifiers.choose')}{' '}
                    {min === max ? max : `${min}–${max}`}
                  </span>
                </legend>
                <div className="grid grid-cols-3 gap-2">
                  {group.options.map((option) => {
                    const on = picked.includes(option.id);
                    const key = flat.findIndex((f) => f.option.id === option.id) + 1;
                    const delta = parseMoney(option.priceDelta);
                    return (
                      <Button
                        key={option.id}
                        type="button"
                        data-testid="modifier-option"
                        variant={on ? 'primary' : 'outline'}
                        aria-pressed={on}
                        className="h-14 flex-col gap-0"
                        onClick={() => setSelection((s) => toggleOption(s, group, option.id))}
                      >
                        <span className="truncate">{option.name}</span>
                        <span className="text-xs tabular-nums opacity-80">
                          {delta > 0n ? `+${money(delta)}` : '—'}
                          {key > 0 && key < 10 ? <kbd className="ml-1 opacity-70">{key}</kbd> : null}
                        </span>
                      </Button>
                    );
                  })}
                </div>
              </fieldset>
            );
          })}
          {tried && missing ? (
            <p role="alert" data-testid="modifier-error" className="text-sm text-destructive">
              {t('modifiers.tooFew')} {missing.name}
            </p>
          ) : null}
          <div className="flex items-center justify-between gap-4">
            <p className="text-lg">
              {t('modifiers.total')}:{' '}
              <output data-testid="modifier-price" className="font-semibold tabular-nums">
                {money(price)}
              </output>
            </p>
            <Button type="submit" size="lg" className="h-14" data-testid="modifier-add">
              {t('modifiers.add')} <kbd className="text-xs opacity-70">Enter</kbd>
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
