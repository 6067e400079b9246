'use client';

/**
 * API keys: name, prefix, scopes, created, last used, revoked. Creating one shows its secret
 * once, in a dialog, with the `curl` line to try it; revoking asks first. A scope whose
 * permissions the signed-in person lacks cannot be ticked (the server refuses it too).
 */
import { hasPermission } from '@jowi/server-kit/permissions';
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
  useUiLocale,
} from '@jowi/ui';
import { type FormEvent, useState } from 'react';
import type { ApiKeysAdminQuery } from '../../../../__generated__/graphql.ts';
import {
  useApiKeysAdminQuery,
  useCreateApiKeyMutation,
  useRevokeApiKeyMutation,
} from '../../../../__generated__/hooks.ts';
import { PageHeader } from '../../../../components/page-header.tsx';
import { useI18n } from '../../../../i18n/provider.tsx';
import { formatDateTime } from '../../../../lib/format.ts';
import { CheckList, useMutationRunner } from '../_shared/settings-kit.tsx';

type KeyRow = ApiKeysAdminQuery['apiKeys'][number];
const ZONE = 'Asia/Tashkent';

/** Each scope and the permissions it needs (identity's `API_KEY_SCOPES`). */
const SCOPES: Record<string, readonly string[]> = {
  'read:catalog': ['catalog:read'],
  'write:catalog': ['catalog:read', 'catalog:write'],
  'read:sales': ['sales:read'],
  'write:sales': ['sales:sync', 'sales:read'],
  'read:inventory': ['inventory:read'],
  'write:inventory': ['inventory:read', 'inventory:write'],
  'read:customers': ['customers:read'],
  'write:customers': ['customers:read', 'customers:write'],
  'read:fiscal': ['fiscal:read'],
  'manage:webhooks': ['webhooks:manage'],
};

export function ApiKeysView({ held }: { held: readonly string[] }) {
  const { dict } = useI18n();
  const { tag } = useUiLocale();
  const t = dict.settings.apiKeys;
  const c = dict.settings.common;
  const { data, error, loading, refetch } = useApiKeysAdminQuery({
    ssr: false,
    fetchPolicy: 'cache-and-network',
  });
  const [revoke] = useRevokeApiKeyMutation();
  const runner = useMutationRunner();
  const [adding, setAdding] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<KeyRow | null>(null);
  const reload = () => void refetch().catch(() => undefined);
  const when = (value: unknown) => (value ? formatDateTime(String(value), tag, ZONE) : c.never);

  const columns: DataTableColumn<KeyRow>[] = [
    { id: 'name', header: t.name, cell: (row) => <span className="font-medium">{row.name}</span> },
    { id: 'prefix', header: t.prefix, cell: (row) => <code className="text-xs">jowi_{row.prefix}_…</code> },
    {
      id: 'scopes',
      header: t.scopes,
      cell: (row) => (
        <span className="flex flex-wrap gap-1">
          {row.scopes.map((s) => (
            <Badge key={s} variant="outline">
              {s}
            </Badge>
          ))}
        </span>
      ),
    },
    { id: 'created', header: t.created, cell: (row) => when(row.createdAt) },
    { id: 'lastUsed', header: t.lastUsed, cell: (row) => when(row.lastUsedAt) },
    {
      id: 'actions',
      header: '',
      align: 'end',
      width: 150,
      cell: (row) =>
        row.revokedAt ? (
          <Badge variant="secondary">{t.revoked}</Badge>
        ) : (
          <Button size="sm" variant="ghost" onClick={() => setRevoking(row)}>
            {t.revoke}
          </Button>
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
      <DataTable
        label={t.title}
        columns={columns}
        data={data?.apiKeys ?? []}
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
      {adding ? (
        <CreateKeyDialog
          held={held}
          onClose={(created) => {
            setAdding(false);
            if (created) {
              setSecret(created);
              reload();
            }
          }}
        />
      ) : null}
      <Dialog open={secret !== null} onOpenChange={(open) => (open ? undefined : setSecret(null))}>
        <DialogContent title={t.secretTitle} description={t.secretDescription}>
          <Input
            readOnly
            value={secret ?? ''}
            className="font-mono text-xs"
            data-testid="api-key-secret"
            onFocus={(e) => e.target.select()}
          />
          <pre className="overflow-x-auto rounded-md bg-muted p-3 text-xs">
            {`curl -H 'authorization: Bearer ${secret ?? ''}' \\\n  -H 'content-type: application/json' \\\n  -d '{"query":"{ products(first: 1) { edges { node { name } } } }"}' \\\n  ${typeof window === 'undefined' ? '' : window.location.origin.replace(/:\d+$/, ':4000')}/graphql`}
          </pre>
          <DialogFooter>
            <Button onClick={() => setSecret(null)}>{c.close}</Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
      <ConfirmDialog
        open={revoking !== null}
        onOpenChange={(open) => (open ? undefined : setRevoking(null))}
        title={t.revokeTitle}
        description={revoking ? `${revoking.name}. ${t.revokeDescription}` : t.revokeDescription}
        confirmLabel={t.revoke}
        cancelLabel={c.cancel}
        onConfirm={async () => {
          if (!revoking) return;
          const ok = await runner.run(
            async () => (await revoke({ variables: { id: revoking.id } })).data?.revokeApiKey.errors,
            t.revokedToast,
          );
          if (ok) reload();
        }}
      />
    </>
  );
}

function CreateKeyDialog({
  held,
  onClose,
}: {
  held: readonly string[];
  onClose: (secret: string | null) => void;
}) {
  const { dict } = useI18n();
  const t = dict.settings.apiKeys;
  const [create, creating] = useCreateApiKeyMutation();
  const runner = useMutationRunner();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>(['read:catalog']);
  async function submit(event: FormEvent) {
    event.preventDefault();
    let secret: string | null = null;
    const ok = await runner.run(async () => {
      const payload = (await create({ variables: { input: { name: name.trim(), scopes } } })).data
        ?.createApiKey;
      secret = payload?.secret ?? null;
      return payload?.errors;
    }, t.createdToast);
    if (ok) onClose(secret);
  }
  const holds = (p: string) => hasPermission(held, p);
  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : onClose(null))}>
      <DialogContent title={t.add}>
        <form className="grid gap-4" onSubmit={(e) => void submit(e)}>
          {runner.problem ? <Banner variant="destructive" title={runner.problem} /> : null}
          <FormField id="api-key-name" label={t.name} required>
            <Input value={name} onChange={(e) => setName(e.target.value)} maxLength={100} required />
          </FormField>
          <CheckList
            name="api-key-scope"
            legend={t.scopes}
            options={Object.entries(SCOPES).map(([scope, needs]) => ({
              value: scope,
              label: scope,
              blocked: needs.every(holds) ? null : dict.settings.roles.notHeld,
            }))}
            value={scopes}
            onChange={setScopes}
          />
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onClose(null)}>
              {dict.settings.common.cancel}
            </Button>
            <Button type="submit" loading={creating.loading} disabled={!name.trim() || scopes.length === 0}>
              {t.add}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
