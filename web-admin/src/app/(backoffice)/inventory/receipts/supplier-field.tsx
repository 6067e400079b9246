'use client';

/** Choosing the supplier of a receipt, or adding a new one inline (`createSupplier`) and choosing it. */
import { useMutation } from '@apollo/client/react';
import { Banner, Button, FormField, Input, Select, useToast } from '@jowi/ui';
import { useState } from 'react';
import { CreateSupplierDocument, InventorySuppliersDocument } from '../../../../__generated__/graphql.ts';
import { useI18n } from '../../../../i18n/provider.tsx';
import { useCachedQuery } from '../../../../lib/use-cached-query.ts';
import { inventoryErrorText } from '../_shared/errors.ts';

export function SupplierField({
  value,
  onChange,
}: {
  value: string | undefined;
  onChange: (supplierId: string) => void;
}) {
  const { dict } = useI18n();
  const t = dict.inventory.receipts;
  const { toast } = useToast();
  const suppliers = useCachedQuery(InventorySuppliersDocument, {});
  const options =
    suppliers.data?.suppliers.edges.map(({ node }) => ({ value: node.id, label: node.name })) ?? [];
  const [adding, setAdding] = useState(false);
  const [draft, setDraft] = useState({ name: '', phone: '', taxId: '' });
  const [problem, setProblem] = useState<string | null>(null);
  const [create, { loading }] = useMutation(CreateSupplierDocument, {
    refetchQueries: ['InventorySuppliers'],
  });

  const add = async () => {
    setProblem(null);
    try {
      const { data } = await create({
        variables: {
          input: {
            name: draft.name.trim(),
            phone: draft.phone.trim() || null,
            taxId: draft.taxId.trim() || null,
          },
        },
      });
      const error = data?.createSupplier.errors[0];
      const supplier = data?.createSupplier.supplier;
      if (error || !supplier) {
        setProblem(inventoryErrorText(error?.code ?? 'UNKNOWN', dict));
        return;
      }
      await suppliers.refetch();
      onChange(supplier.id);
      setAdding(false);
      setDraft({ name: '', phone: '', taxId: '' });
      toast({ title: t.supplierCreated, variant: 'success' });
    } catch {
      setProblem(dict.common.errorDescription);
    }
  };

  return (
    <div className="grid gap-2">
      <div className="flex items-end gap-2">
        <FormField label={t.supplier} required className="w-64">
          <Select
            value={value}
            onValueChange={onChange}
            options={options}
            placeholder={suppliers.data && options.length === 0 ? t.noSuppliers : t.pickSupplier}
            data-testid="receive-supplier"
          />
        </FormField>
        <Button
          variant="outline"
          onClick={() => setAdding((open) => !open)}
          aria-expanded={adding}
          data-testid="supplier-new"
        >
          {t.newSupplier}
        </Button>
      </div>
      {adding ? (
        <div
          className="flex flex-wrap items-end gap-2 rounded-md border border-border p-3"
          data-testid="supplier-form"
        >
          <FormField label={t.supplierName} required>
            <Input
              value={draft.name}
              maxLength={200}
              autoFocus
              onChange={(event) => setDraft({ ...draft, name: event.target.value })}
              onKeyDown={(event) => {
                if (event.key === 'Enter') {
                  event.preventDefault();
                  if (draft.name.trim()) void add();
                }
              }}
              data-testid="supplier-name"
            />
          </FormField>
          <FormField label={t.supplierPhone}>
            <Input
              value={draft.phone}
              maxLength={40}
              inputMode="tel"
              onChange={(event) => setDraft({ ...draft, phone: event.target.value })}
            />
          </FormField>
          <FormField label={t.supplierTaxId}>
            <Input
              value={draft.taxId}
              maxLength={14}
              inputMode="numeric"
              onChange={(event) => setDraft({ ...draft, taxId: event.target.value })}
            />
          </FormField>
          <Button
            onClick={() => void add()}
            loading={loading}
            disabled={!draft.name.trim()}
            data-testid="supplier-add"
          >
            {t.createSupplier}
          </Button>
          {problem ? <Banner variant="destructive" title={problem} className="w-full" /> : null}
        </div>
      ) : null}
    </div>
  );
}
