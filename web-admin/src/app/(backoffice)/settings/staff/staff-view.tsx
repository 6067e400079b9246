'use client';

/**
 * The staff directory: filters (search, role, store, status) in the URL, server-side cursor
 * paging; add a person (roles, store access, an optional back-office login and a till PIN), set
 * a PIN, disable or re-enable. The server enforces every rule (who may grant what, PIN policy,
 * the last owner); its refusals are shown in a banner that stays.
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
  Label,
  Select,
} from '@jowi/ui';
import { useSearchParams } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { StaffDirectoryDocument, type StaffDirectoryQuery } from '../../../../__generated__/graphql.ts';
import {
  useCreateStaffMutation,
  useSetStaffActiveMutation,
  useSetStaffPinMutation,
} from '../../../../__generated__/hooks.ts';
import { PageHeader } from '../../../../components/page-header.tsx';
import { useI18n } from '../../../../i18n/provider.tsx';
import { useSetSearchParams } from '../../../../lib/url-state.ts';
import { useCachedQuery } from '../../../../lib/use-cached-query.ts';
import { useCursorPaging } from '../../../../lib/use-cursor-paging.ts';
import { useDebouncedValue } from '../../../../lib/use-debounced-value.ts';
import { CheckList, useMutationRunner } from '../_shared/settings-kit.tsx';

type StaffRow = StaffDirectoryQuery['staffMembers']['edges'][number]['node'];
const PAGE_SIZE = 25;
const ANY = 'any';

export function StaffView({ viewerId }: { viewerId: string }) {
  const { dict } = useI18n();
  const t = dict.settings.staff;
  const c = dict.settings.common;
  const params = useSearchParams();
  const setParams = useSetSearchParams();
  const [search, setSearch] = useState(params.get('q') ?? '');
  const debounced = useDebouncedValue(search.trim(), 300);
  const role = params.get('role');
  const storeId = params.get('store');
  const status = params.get('status');
  const filter = {
    search: debounced || null,
    role,
    storeId,
    active: status === 'active' ? true : status === 'disabled' ? false : null,
  };
  const paging = useCursorPaging(JSON.stringify(filter));
  const { data, error, loading, refetch } = useCachedQuery(StaffDirectoryDocument, {
    first: PAGE_SIZE,
    after: paging.after,
    filter,
  });
  const runner = useMutationRunner();
  const [setActive] = useSetStaffActiveMutation();
  const [adding, setAdding] = useState(false);
  const [pinFor, setPinFor] = useState<StaffRow | null>(null);
  const [disabling, setDisabling] = useState<StaffRow | null>(null);
  const stores = data?.stores.edges.map((e) => e.node) ?? [];
  const storeName = (id: string) => stores.find((s) => s.id === id)?.name ?? id.slice(0, 8);
  const roleName = (name: string) => dict.nav.roles[name] ?? name;
  const filtered = Boolean(filter.search || role || storeId || status);
  const reload = () => void refetch().catch(() => undefined);

  const toggle = (row: StaffRow, disable: boolean) =>
    runner.run(
      async () => {
        const result = (await setActive({ variables: { staffId: row.id, disable } })).data;
        return (disable ? result?.disableStaff : result?.enableStaff)?.errors;
      },
      disable ? t.disabledToast : t.enabledToast,
    );

  const columns: DataTableColumn<StaffRow>[] = [
    { id: 'name', header: t.columns.name, cell: (row) => <span className="font-medium">{row.name}</span> },
    { id: 'email', header: t.columns.email, cell: (row) => row.email ?? '—' },
    { id: 'roles', header: t.columns.roles, cell: (row) => row.roles.map(roleName).join(', ') || '—' },
    {
      id: 'stores',
      header: t.columns.stores,
      cell: (row) => (row.storeIds.length ? row.storeIds.map(storeName).join(', ') : c.everyStore),
    },
    {
      id: 'pin',
      header: t.columns.pin,
      cell: (row) => (row.hasPin ? t.pinSet : <span className="text-muted-foreground">{t.pinMissing}</span>),
    },
    {
      id: 'status',
      header: t.columns.status,
      cell: (row) => (
        <Badge variant={row.active ? 'success' : 'secondary'}>{row.active ? c.active : t.disabled}</Badge>
      ),
    },
    {
      id: 'actions',
      header: '',
      align: 'end',
      cell: (row) => (
        <span className="flex justify-end gap-2">
          <Button size="sm" variant="outline" onClick={() => setPinFor(row)} disabled={!row.active}>
            {t.setPin}
          </Button>
          {row.active ? (
            <Button
              size="sm"
              variant="ghost"
              onClick={() => setDisabling(row)}
              disabled={row.id === viewerId}
              title={row.id === viewerId ? dict.settings.errors.CANNOT_DISABLE_SELF : undefined}
            >
              {t.disable}
            </Button>
          ) : (
            <Button size="sm" variant="ghost" onClick={() => void toggle(row, false).then(reload)}>
              {t.enable}
            </Button>
          )}
        </span>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t.title}
        description={t.subtitle}
        actions={<Button onClick={() => setAdding(true)}>{t.add}</Button>}
      />
      {runner.problem ? <Banner className="mb-4" variant="destructive" title={runner.problem} /> : null}
      <div className="mb-4 flex flex-wrap items-end gap-3">
        <div className="grid gap-1">
          <Label htmlFor="staff-search">{t.search}</Label>
          <Input
            id="staff-search"
            className="w-64"
            value={search}
            onChange={(e) => {
              setSearch(e.target.value);
              setParams({ q: e.target.value.trim() || null });
            }}
          />
        </div>
        <div className="grid gap-1">
          <Label htmlFor="staff-role">{t.role}</Label>
          <Select
            id="staff-role"
            className="w-44"
            value={role ?? ANY}
            options={[
              { value: ANY, label: c.any },
              ...(data?.roles ?? []).map((r) => ({ value: r.name, label: roleName(r.name) })),
            ]}
            onValueChange={(value) => setParams({ role: value === ANY ? null : value })}
          />
        </div>
        <div className="grid gap-1">
          <Label htmlFor="staff-store">{t.store}</Label>
          <Select
            id="staff-store"
            className="w-48"
            value={storeId ?? ANY}
            options={[{ value: ANY, label: c.any }, ...stores.map((s) => ({ value: s.id, label: s.name }))]}
            onValueChange={(value) => setParams({ store: value === ANY ? null : value })}
          />
        </div>
        <div className="grid gap-1">
          <Label htmlFor="staff-status">{t.status}</Label>
          <Select
            id="staff-status"
            className="w-40"
            value={status ?? ANY}
            options={[
              { value: ANY, label: c.any },
              { value: 'active', label: c.active },
              { value: 'disabled', label: t.disabled },
            ]}
            onValueChange={(value) => setParams({ status: value === ANY ? null : value })}
          />
        </div>
      </div>
      <DataTable
        label={t.title}
        columns={columns}
        data={data?.staffMembers.edges.map((e) => e.node) ?? []}
        getRowId={(row) => row.id}
        loading={loading}
        error={error && !data ? c.loadErrorDescription : null}
        onRetry={reload}
        pagination={{ pageIndex: paging.pageIndex, pageSize: PAGE_SIZE }}
        onPaginationChange={(page) => paging.changePage(page, data?.staffMembers.pageInfo.endCursor)}
        pageSizes={[PAGE_SIZE]}
        hasNextPage={data?.staffMembers.pageInfo.hasNextPage ?? false}
        emptyState={
          <div className="grid justify-items-center gap-2 p-6 text-center">
            <p className="font-medium">{filtered ? c.noResults : t.emptyTitle}</p>
            {filtered ? (
              <Button
                variant="outline"
                size="sm"
                onClick={() => {
                  setSearch('');
                  setParams({ q: null, role: null, store: null, status: null });
                }}
              >
                {c.clearFilters}
              </Button>
            ) : (
              <p className="text-sm text-muted-foreground">{t.emptyDescription}</p>
            )}
          </div>
        }
      />
      {adding ? (
        <AddStaffDialog
          roles={(data?.roles ?? []).map((r) => r.name)}
          stores={stores}
          onClose={(created) => {
            setAdding(false);
            if (created) reload();
          }}
        />
      ) : null}
      {pinFor ? <PinDialog staff={pinFor} onClose={() => setPinFor(null)} onSaved={reload} /> : null}
      <ConfirmDialog
        open={disabling !== null}
        onOpenChange={(open) => (open ? undefined : setDisabling(null))}
        title={t.disableTitle}
        description={disabling ? `${disabling.name}. ${t.disableDescription}` : t.disableDescription}
        confirmLabel={t.disable}
        cancelLabel={c.cancel}
        onConfirm={async () => {
          if (disabling && (await toggle(disabling, true))) reload();
        }}
      />
    </>
  );
}

function AddStaffDialog({
  roles,
  stores,
  onClose,
}: {
  roles: readonly string[];
  stores: readonly { id: string; name: string }[];
  onClose: (created: boolean) => void;
}) {
  const { dict } = useI18n();
  const t = dict.settings.staff;
  const [create, creating] = useCreateStaffMutation();
  const runner = useMutationRunner();
  const [form, setForm] = useState({ name: '', email: '', password: '', pin: '' });
  const [chosenRoles, setRoles] = useState<string[]>(['cashier']);
  const [chosenStores, setStores] = useState<string[]>([]);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const input = {
      name: form.name.trim(),
      email: form.email.trim() || null,
      password: form.email.trim() && form.password ? form.password : null,
      pin: form.pin.trim() || null,
      roles: chosenRoles,
      storeIds: chosenStores,
    };
    const ok = await runner.run(
      async () => (await create({ variables: { input } })).data?.createStaff.errors,
      t.created,
    );
    if (ok) onClose(true);
  }

  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : onClose(false))}>
      <DialogContent title={t.add} className="max-w-2xl">
        <form className="grid gap-4" onSubmit={(e) => void submit(e)}>
          {runner.problem ? <Banner variant="destructive" title={runner.problem} /> : null}
          <FormField id="staff-name" label={t.form.name} required>
            <Input value={form.name} onChange={set('name')} required autoComplete="off" />
          </FormField>
          <div className="grid gap-4 sm:grid-cols-2">
            <FormField id="staff-email" label={t.form.email} description={t.form.emailHint}>
              <Input type="email" value={form.email} onChange={set('email')} autoComplete="off" />
            </FormField>
            <FormField id="staff-password" label={t.form.password} description={t.form.passwordHint}>
              <Input
                type="password"
                value={form.password}
                onChange={set('password')}
                disabled={!form.email.trim()}
                autoComplete="new-password"
              />
            </FormField>
          </div>
          <FormField id="staff-pin" label={t.form.pin} description={t.pinHint}>
            <Input
              inputMode="numeric"
              maxLength={6}
              value={form.pin}
              onChange={set('pin')}
              autoComplete="off"
            />
          </FormField>
          <CheckList
            name="staff-roles"
            legend={t.form.roles}
            options={roles.map((r) => ({ value: r, label: dict.nav.roles[r] ?? r }))}
            value={chosenRoles}
            onChange={setRoles}
          />
          <CheckList
            name="staff-stores"
            legend={t.form.stores}
            hint={t.form.storesHint}
            options={stores.map((s) => ({ value: s.id, label: s.name }))}
            value={chosenStores}
            onChange={setStores}
          />
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onClose(false)}>
              {dict.settings.common.cancel}
            </Button>
            <Button type="submit" loading={creating.loading} disabled={!form.name.trim()}>
              {t.add}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

function PinDialog({
  staff,
  onClose,
  onSaved,
}: {
  staff: StaffRow;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { dict } = useI18n();
  const t = dict.settings.staff;
  const [save, saving] = useSetStaffPinMutation();
  const runner = useMutationRunner();
  const [pin, setPin] = useState('');
  async function submit(event: FormEvent) {
    event.preventDefault();
    const ok = await runner.run(
      async () => (await save({ variables: { input: { staffId: staff.id, pin } } })).data?.setStaffPin.errors,
      t.pinSaved,
    );
    if (ok) {
      onSaved();
      onClose();
    }
  }
  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : onClose())}>
      <DialogContent title={`${t.pinTitle}: ${staff.name}`} description={t.pinHint}>
        <form className="grid gap-4" onSubmit={(e) => void submit(e)}>
          {runner.problem ? <Banner variant="destructive" title={runner.problem} /> : null}
          <FormField id="staff-new-pin" label={t.form.pin} required>
            <Input
              type="password"
              inputMode="numeric"
              maxLength={6}
              value={pin}
              onChange={(e) => setPin(e.target.value)}
              autoComplete="off"
              required
            />
          </FormField>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={onClose}>
              {dict.settings.common.cancel}
            </Button>
            <Button type="submit" loading={saving.loading} disabled={pin.length < 4}>
              {dict.settings.common.save}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
