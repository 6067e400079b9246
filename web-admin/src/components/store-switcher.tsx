'use client';

import { Label, Select } from '@jowi/ui';
import { useId, useTransition } from 'react';
import { useI18n } from '../i18n/provider.tsx';
import { selectStore } from '../store/actions.ts';
import { ALL_STORES } from '../store/store.ts';

/** A store the switcher offers. */
export interface StoreChoice {
  id: string;
  name: string;
}

/** The header's store choice; "all stores" unless one is picked. Remembered in a cookie. */
export function StoreSwitcher({
  stores,
  storeId,
}: {
  stores: readonly StoreChoice[];
  storeId: string | null;
}) {
  const { dict } = useI18n();
  const id = useId();
  const [pending, startTransition] = useTransition();
  const known = stores.some((store) => store.id === storeId);
  const options = [
    { value: ALL_STORES, label: dict.nav.allStores },
    ...stores.map((store) => ({ value: store.id, label: store.name })),
  ];
  return (
    <div className="flex items-center gap-2">
      <Label htmlFor={id} className="sr-only">
        {dict.nav.store}
      </Label>
      <Select
        id={id}
        className="w-56"
        value={known && storeId ? storeId : ALL_STORES}
        options={options}
        disabled={pending}
        data-testid="store-switcher"
        onValueChange={(next) => startTransition(() => selectStore(next))}
      />
    </div>
  );
}
