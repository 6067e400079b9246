'use client';

/**
 * Roles: the four built-in ones (fixed) and the tenant's custom roles, each with its permissions.
 * A custom role is built from the permission catalogue; a permission the signed-in person does
 * not hold is shown but cannot be ticked, with the reason beside it (the server refuses it too:
 * `PERMISSION_NOT_HELD`).
 */
import { hasPermission } from '@jowi/server-kit/permissions';
import {
  Badge,
  Banner,
  Button,
  Card,
  Dialog,
  DialogContent,
  DialogFooter,
  ErrorState,
  FormField,
  Input,
  Spinner,
} from '@jowi/ui';
import { type FormEvent, useState } from 'react';
import type { RolesAndPermissionsQuery } from '../../../../__generated__/graphql.ts';
import {
  useCreateRoleMutation,
  useRolesAndPermissionsQuery,
  useUpdateRoleMutation,
} from '../../../../__generated__/hooks.ts';
import { PageHeader } from '../../../../components/page-header.tsx';
import { useI18n } from '../../../../i18n/provider.tsx';
import { CheckList, useMutationRunner } from '../_shared/settings-kit.tsx';

type RoleRow = RolesAndPermissionsQuery['roles'][number];

export function RolesView({ held }: { held: readonly string[] }) {
  const { dict } = useI18n();
  const t = dict.settings.roles;
  const c = dict.settings.common;
  const { data, error, loading, refetch } = useRolesAndPermissionsQuery({
    ssr: false,
    fetchPolicy: 'cache-and-network',
  });
  const [editing, setEditing] = useState<RoleRow | 'new' | null>(null);
  const reload = () => void refetch().catch(() => undefined);
  const catalogue = data?.permissions ?? [];

  return (
    <>
      <PageHeader
        title={t.title}
        description={t.subtitle}
        actions={<Button onClick={() => setEditing('new')}>{t.add}</Button>}
      />
      {error && !data ? (
        <ErrorState
          title={c.loadError}
          description={c.loadErrorDescription}
          retryLabel={dict.common.tryAgain}
          onRetry={reload}
        />
      ) : loading && !data ? (
        <div className="flex justify-center py-16">
          <Spinner size="lg" label={dict.common.loading} />
        </div>
      ) : (
        <div className="grid gap-4">
          {(data?.roles ?? []).map((role) => (
            <Card key={role.id} className="grid gap-3 p-5" data-testid="role-card" data-name={role.name}>
              <div className="flex flex-wrap items-center gap-2">
                <h2 className="text-lg font-semibold">{dict.nav.roles[role.name] ?? role.name}</h2>
                {role.builtIn ? <Badge variant="secondary">{t.builtIn}</Badge> : null}
                <span className="ml-auto">
                  {role.builtIn ? (
                    <span className="text-sm text-muted-foreground">{t.builtInLocked}</span>
                  ) : (
                    <Button size="sm" variant="outline" onClick={() => setEditing(role)}>
                      {t.edit}
                    </Button>
                  )}
                </span>
              </div>
              <ul className="flex flex-wrap gap-1.5" aria-label={t.permissions}>
                {role.permissions.map((p) => (
                  <li key={p}>
                    <Badge variant="outline" title={catalogue.find((x) => x.name === p)?.description}>
                      {p}
                    </Badge>
                  </li>
                ))}
              </ul>
            </Card>
          ))}
        </div>
      )}
      {editing ? (
        <RoleDialog
          role={editing === 'new' ? null : editing}
          catalogue={catalogue}
          held={held}
          onClose={(saved) => {
            setEditing(null);
            if (saved) reload();
          }}
        />
      ) : null}
    </>
  );
}

function RoleDialog({
  role,
  catalogue,
  held,
  onClose,
}: {
  role: RoleRow | null;
  catalogue: RolesAndPermissionsQuery['permissions'];
  held: readonly string[];
  onClose: (saved: boolean) => void;
}) {
  const { dict } = useI18n();
  const t = dict.settings.roles;
  const [create, creating] = useCreateRoleMutation();
  const [update, updating] = useUpdateRoleMutation();
  const runner = useMutationRunner();
  const [name, setName] = useState(role?.name ?? '');
  const [permissions, setPermissions] = useState<string[]>(role?.permissions ?? []);
  async function submit(event: FormEvent) {
    event.preventDefault();
    const ok = role
      ? await runner.run(
          async () =>
            (await update({ variables: { input: { id: role.id, name: name.trim(), permissions } } })).data
              ?.updateRole.errors,
          t.updated,
        )
      : await runner.run(
          async () =>
            (await create({ variables: { input: { name: name.trim(), permissions } } })).data?.createRole
              .errors,
          t.created,
        );
    if (ok) onClose(true);
  }
  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : onClose(false))}>
      <DialogContent title={role ? role.name : t.add} className="max-w-2xl">
        <form className="grid gap-4" onSubmit={(e) => void submit(e)}>
          {runner.problem ? <Banner variant="destructive" title={runner.problem} /> : null}
          <FormField id="role-name" label={t.name} required>
            <Input value={name} onChange={(e) => setName(e.target.value)} maxLength={64} required />
          </FormField>
          <CheckList
            name="role-permission"
            legend={t.permissions}
            options={catalogue.map((p) => ({
              value: p.name,
              label: p.name,
              hint: p.description,
              blocked: hasPermission(held, p.name) ? null : t.notHeld,
            }))}
            value={permissions}
            onChange={setPermissions}
          />
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onClose(false)}>
              {dict.settings.common.cancel}
            </Button>
            <Button type="submit" loading={creating.loading || updating.loading} disabled={!name.trim()}>
              {dict.settings.common.save}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
