'use client';

/** The store an inventory page shows, as a labelled select (stock lives per store). */
import { Label, Select } from '@jowi/ui';
import { useI18n } from '../../../../i18n/provider.tsx';

export interface StoreOption {
  id: string;
  name: string;
}

export function StorePicker({
  id,
  stores,
  value,
  onChange,
}: {
  id: string;
  stores: readonly StoreOption[];
  value: string | undefined;
  onChange: (storeId: string) => void;
}) {
  const { dict } = useI18n();
  return (
    <div className="grid w-56 gap-1">
      <Label htmlFor={id}>{dict.inventory.store}</Label>
      <Select
        id={id}
        value={value}
        onValueChange={onChange}
        options={stores.map((store) => ({ value: store.id, label: store.name }))}
        data-testid={id}
      />
    </div>
  );
}
