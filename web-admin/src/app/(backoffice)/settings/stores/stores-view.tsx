'use client';

/**
 * Stores with their address, tax id (STIR) and time zone — what receipts print and reports count
 * days in. Add, edit, deactivate (its terminals go with it). Deactivated stores stay listed.
 */
import {
  Badge,
  Banner,
  Button,
  ConfirmDialog,
  DataTable,
  type DataTableColumn,
  Dialog,
  DialogContent,
  DialogFooter,
  FormField,
  Input,
  Select,
} from '@jowi/ui';
import { type FormEvent, useState } from 'react';
import type { StoresAdminQuery } from '../../../../__generated__/graphql.ts';
import {
  useCreateStoreMutation,
  useDeactivateStoreMutation,
  useStoresAdminQuery,
  useUpdateStoreMutation,
} from '../../../../__generated__/hooks.ts';
import { PageHeader } from '../../../../components/page-header.tsx';
import { useI18n } from '../../../../i18n/provider.tsx';
import { useMutationRunner } from '../_shared/settings-kit.tsx';

type StoreRow = StoresAdminQuery['stores']['edges'][number]['node'];
/** Uzbekistan's zones first; any IANA zone the server knows is accepted. */
const TIME_ZONES = ['Asia/Tashkent', 'Asia/Samarkand', 'UTC'];

export function StoresView() {
  const { dict } = useI18n();
  const t = dict.settings.stores;
  const c = dict.settings.common;
  const { data, error, loading, refetch } = useStoresAdminQuery({
    ssr: false,
    fetchPolicy: 'cache-and-network',
  });
  const [deactivate] = useDeactivateStoreMutation();
  const runner = useMutationRunner();
  const [editing, setEditing] = useState<StoreRow | 'new' | null>(null);
  const [closing, setClosing] = useState<StoreRow | null>(null);
  const reload = () => void refetch().catch(() => undefined);

  const columns: DataTableColumn<StoreRow>[] = [
    { id: 'name', header: t.name, cell: (row) => <span className="font-medium">{row.name}</span> },
    { id: 'address', header: t.address, cell: (row) => row.address ?? '—' },
    { id: 'taxId', header: t.taxId, cell: (row) => row.taxId ?? '—' },
    { id: 'timeZone', header: t.timeZone, cell: (row) => row.timeZone },
    { id: 'terminals', header: t.terminals, align: 'end', cell: (row) => row.terminals.length },
    {
      id: 'status',
      header: dict.settings.staff.status,
      cell: (row) => (
        <Badge variant={row.active ? 'success' : 'secondary'}>{row.active ? c.active : c.inactive}</Badge>
      ),
    },
    {
      id: 'actions',
      header: '',
      align: 'end',
      cell: (row) =>
        row.active ? (
          <span className="flex justify-end gap-2">
            <Button size="sm" variant="outline" onClick={() => setEditing(row)}>
              {t.edit}
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setClosing(row)}>
              {t.deactivate}
            </Button>
          </span>
        ) : null,
    },
  ];

  return (
    <>
      <PageHeader
        title={t.title}
        description={t.subtitle}
        actions={<Button onClick={() => setEditing('new')}>{t.add}</Button>}
      />
      {runner.problem ? <Banner className="mb-4" variant="destructive" title={runner.problem} /> : null}
      <DataTable
        label={t.title}
        columns={columns}
        data={data?.stores.edges.map((e) => e.node) ?? []}
        getRowId={(row) => row.id}
        loading={loading}
        error={error && !data ? c.loadErrorDescription : null}
        onRetry={reload}
        emptyState={
          <div className="grid gap-1 p-6 text-center">
            <p className="font-medium">{t.emptyTitle}</p>
            <p className="text-sm text-muted-foreground">{t.emptyDescription}</p>
          </div>
        }
      />
      {editing ? (
        <StoreDialog
          store={editing === 'new' ? null : editing}
          onClose={(saved) => {
            setEditing(null);
            if (saved) reload();
          }}
        />
      ) : null}
      <ConfirmDialog
        open={closing !== null}
        onOpenChange={(open) => (open ? undefined : setClosing(null))}
        title={t.deactivateTitle}
        description={closing ? `${closing.name}. ${t.deactivateDescription}` : t.deactivateDescription}
        confirmLabel={t.deactivate}
        cancelLabel={c.cancel}
        onConfirm={async () => {
          if (!closing) return;
          const ok = await runner.run(
            async () => (await deactivate({ variables: { id: closing.id } })).data?.deactivateStore.errors,
            t.deactivated,
          );
          if (ok) reload();
        }}
      />
    </>
  );
}

function StoreDialog({ store, onClose }: { store: StoreRow | null; onClose: (saved: boolean) => void }) {
  const { dict } = useI18n();
  const t = dict.settings.stores;
  const [create, creating] = useCreateStoreMutation();
  const [update, updating] = useUpdateStoreMutation();
  const runner = useMutationRunner();
  const [form, setForm] = useState({
    name: store?.name ?? '',
    address: store?.address ?? '',
    taxId: store?.taxId ?? '',
    timeZone: store?.timeZone ?? 'Asia/Tashkent',
  });
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));
  async function submit(event: FormEvent) {
    event.preventDefault();
    const fields = {
      name: form.name.trim(),
      address: form.address.trim(),
      taxId: form.taxId.trim(),
      timeZone: form.timeZone,
    };
    const ok = store
      ? await runner.run(
          async () =>
            (await update({ variables: { input: { id: store.id, ...fields } } })).data?.updateStore.errors,
          t.updated,
        )
      : await runner.run(
          async () =>
            (
              await create({
                variables: {
                  input: { ...fields, address: fields.address || null, taxId: fields.taxId || null },
                },
              })
            ).data?.createStore.errors,
          t.created,
        );
    if (ok) onClose(true);
  }
  const zones = TIME_ZONES.includes(form.timeZone) ? TIME_ZONES : [form.timeZone, ...TIME_ZONES];
  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : onClose(false))}>
      <DialogContent title={store ? store.name : t.add}>
        <form className="grid gap-4" onSubmit={(e) => void submit(e)}>
          {runner.problem ? <Banner variant="destructive" title={runner.problem} /> : null}
          <FormField id="store-name" label={t.name} required>
            <Input value={form.name} onChange={set('name')} maxLength={100} required />
          </FormField>
          <FormField id="store-address" label={t.address}>
            <Input value={form.address} onChange={set('address')} maxLength={300} />
          </FormField>
          <div className="grid gap-4 sm:grid-cols-2">
            <FormField id="store-tax-id" label={t.taxId} description={t.taxIdHint}>
              <Input value={form.taxId} onChange={set('taxId')} inputMode="numeric" maxLength={9} />
            </FormField>
            <FormField id="store-time-zone" label={t.timeZone}>
              <Select
                value={form.timeZone}
                options={zones.map((z) => ({ value: z, label: z }))}
                onValueChange={(value) => setForm((f) => ({ ...f, timeZone: value }))}
              />
            </FormField>
          </div>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onClose(false)}>
              {dict.settings.common.cancel}
            </Button>
            <Button type="submit" loading={creating.loading || updating.loading} disabled={!form.name.trim()}>
              {dict.settings.common.save}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
