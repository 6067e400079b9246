'use client';

/**
 * Terminals by store, each with its paired devices (paired, last sign-in, revoked). A pairing code
 * is shown once, with its expiry, in a dialog; a device can be revoked (its secret dies at once);
 * a terminal can be deactivated (PIN sign-ins and sales uploads refused) and activated again.
 */
import {
  Badge,
  Banner,
  Button,
  Card,
  ConfirmDialog,
  Dialog,
  DialogContent,
  DialogFooter,
  EmptyState,
  ErrorState,
  FormField,
  Input,
  Select,
  Spinner,
  useUiLocale,
} from '@jowi/ui';
import { type FormEvent, useState } from 'react';
import type { TerminalsAdminQuery } from '../../../../__generated__/graphql.ts';
import {
  useCreatePairingCodeMutation,
  useCreateTerminalMutation,
  useRevokeTerminalDeviceMutation,
  useSetTerminalActiveMutation,
  useTerminalsAdminQuery,
} from '../../../../__generated__/hooks.ts';
import { PageHeader } from '../../../../components/page-header.tsx';
import { useI18n } from '../../../../i18n/provider.tsx';
import { formatDateTime } from '../../../../lib/format.ts';
import { useMutationRunner } from '../_shared/settings-kit.tsx';

type TerminalRow = TerminalsAdminQuery['terminals'][number];
type DeviceRow = TerminalRow['devices'][number];
const ZONE = 'Asia/Tashkent';

export function TerminalsView() {
  const { dict } = useI18n();
  const { tag } = useUiLocale();
  const t = dict.settings.terminals;
  const c = dict.settings.common;
  const { data, error, loading, refetch } = useTerminalsAdminQuery({
    ssr: false,
    fetchPolicy: 'cache-and-network',
  });
  const [pairingCode] = useCreatePairingCodeMutation();
  const [setActive] = useSetTerminalActiveMutation();
  const [revoke] = useRevokeTerminalDeviceMutation();
  const runner = useMutationRunner();
  const [adding, setAdding] = useState(false);
  const [code, setCode] = useState<{ terminal: string; code: string; expiresAt: string } | null>(null);
  const [stopping, setStopping] = useState<TerminalRow | null>(null);
  const [revoking, setRevoking] = useState<DeviceRow | null>(null);
  const reload = () => void refetch().catch(() => undefined);
  const when = (value: string | null | undefined) => (value ? formatDateTime(value, tag, ZONE) : c.never);

  async function issueCode(terminal: TerminalRow) {
    let issued: { code: string; expiresAt: string } | null = null;
    await runner.run(async () => {
      const payload = (await pairingCode({ variables: { terminalId: terminal.id } })).data
        ?.createTerminalPairingCode;
      if (payload?.code && payload.expiresAt)
        issued = { code: payload.code, expiresAt: String(payload.expiresAt) };
      return payload?.errors;
    }, null);
    if (issued) setCode({ terminal: terminal.name, ...(issued as { code: string; expiresAt: string }) });
  }

  const terminals = data?.terminals ?? [];
  return (
    <>
      <PageHeader
        title={t.title}
        description={t.subtitle}
        actions={<Button onClick={() => setAdding(true)}>{t.add}</Button>}
      />
      {runner.problem ? <Banner className="mb-4" variant="destructive" title={runner.problem} /> : null}
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
      ) : terminals.length === 0 ? (
        <EmptyState title={t.emptyTitle} description={t.emptyDescription} />
      ) : (
        <div className="grid gap-4 lg:grid-cols-2">
          {terminals.map((terminal) => (
            <Card
              key={terminal.id}
              className="grid gap-3 p-5"
              data-testid="terminal-card"
              data-name={terminal.name}
            >
              <div className="flex flex-wrap items-center gap-2">
                <h2 className="text-lg font-semibold">{terminal.name}</h2>
                <Badge variant={terminal.active ? 'success' : 'secondary'}>
                  {terminal.active ? c.active : c.inactive}
                </Badge>
                <span className="text-sm text-muted-foreground">{terminal.store.name}</span>
              </div>
              <div className="flex flex-wrap gap-2">
                <Button size="sm" onClick={() => void issueCode(terminal)} disabled={!terminal.active}>
                  {t.pair}
                </Button>
                {terminal.active ? (
                  <Button size="sm" variant="ghost" onClick={() => setStopping(terminal)}>
                    {t.deactivate}
                  </Button>
                ) : (
                  <Button
                    size="sm"
                    variant="outline"
                    onClick={() =>
                      void runner
                        .run(async () => {
                          const r = (
                            await setActive({ variables: { terminalId: terminal.id, deactivate: false } })
                          ).data;
                          return r?.activateTerminal?.errors;
                        }, t.activatedToast)
                        .then(reload)
                    }
                  >
                    {t.activate}
                  </Button>
                )}
              </div>
              <div>
                <h3 className="mb-1 text-sm font-medium">{t.devices}</h3>
                {terminal.devices.length === 0 ? (
                  <p className="text-sm text-muted-foreground">{t.noDevices}</p>
                ) : (
                  <ul className="divide-y rounded-md border">
                    {terminal.devices.map((device) => (
                      <li
                        key={device.id}
                        className="flex flex-wrap items-center gap-2 px-3 py-2 text-sm"
                        data-testid="device-row"
                      >
                        <span className="font-medium">{device.name}</span>
                        <span className="text-muted-foreground">
                          {t.paired}: {when(String(device.pairedAt))} · {t.lastUsed}:{' '}
                          {when(device.lastUsedAt ? String(device.lastUsedAt) : null)}
                        </span>
                        <span className="ml-auto">
                          {device.revokedAt ? (
                            <Badge variant="secondary">{t.revoked}</Badge>
                          ) : (
                            <Button size="sm" variant="ghost" onClick={() => setRevoking(device)}>
                              {t.revoke}
                            </Button>
                          )}
                        </span>
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            </Card>
          ))}
        </div>
      )}
      {adding ? (
        <AddTerminalDialog
          stores={data?.stores.edges.map((e) => e.node) ?? []}
          onClose={(saved) => {
            setAdding(false);
            if (saved) reload();
          }}
        />
      ) : null}
      <Dialog open={code !== null} onOpenChange={(open) => (open ? undefined : setCode(null))}>
        <DialogContent
          title={`${t.pairingTitle}: ${code?.terminal ?? ''}`}
          description={t.pairingDescription}
        >
          <p className="text-center font-mono text-4xl font-bold tracking-[0.3em]" data-testid="pairing-code">
            {code ? `${code.code.slice(0, 4)} ${code.code.slice(4)}` : ''}
          </p>
          <p className="text-center text-sm text-muted-foreground">
            {t.expiresAt}: {code ? when(code.expiresAt) : ''}
          </p>
          <DialogFooter>
            <Button onClick={() => setCode(null)}>{c.close}</Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
      <ConfirmDialog
        open={stopping !== null}
        onOpenChange={(open) => (open ? undefined : setStopping(null))}
        title={t.deactivateTitle}
        description={stopping ? `${stopping.name}. ${t.deactivateDescription}` : t.deactivateDescription}
        confirmLabel={t.deactivate}
        cancelLabel={c.cancel}
        onConfirm={async () => {
          if (!stopping) return;
          const ok = await runner.run(async () => {
            const r = (await setActive({ variables: { terminalId: stopping.id, deactivate: true } })).data;
            return r?.deactivateTerminal?.errors;
          }, t.deactivatedToast);
          if (ok) reload();
        }}
      />
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
            async () =>
              (await revoke({ variables: { deviceId: revoking.id } })).data?.revokeTerminalDevice.errors,
            t.revokedToast,
          );
          if (ok) reload();
        }}
      />
    </>
  );
}

function AddTerminalDialog({
  stores,
  onClose,
}: {
  stores: readonly { id: string; name: string }[];
  onClose: (saved: boolean) => void;
}) {
  const { dict } = useI18n();
  const t = dict.settings.terminals;
  const [create, creating] = useCreateTerminalMutation();
  const runner = useMutationRunner();
  const [name, setName] = useState('');
  const [storeId, setStoreId] = useState(stores[0]?.id ?? '');
  async function submit(event: FormEvent) {
    event.preventDefault();
    const ok = await runner.run(
      async () =>
        (await create({ variables: { input: { storeId, name: name.trim() } } })).data?.createTerminal.errors,
      t.created,
    );
    if (ok) onClose(true);
  }
  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : onClose(false))}>
      <DialogContent title={t.add}>
        <form className="grid gap-4" onSubmit={(e) => void submit(e)}>
          {runner.problem ? <Banner variant="destructive" title={runner.problem} /> : null}
          <FormField id="terminal-store" label={t.store} required>
            <Select
              value={storeId}
              options={stores.map((s) => ({ value: s.id, label: s.name }))}
              onValueChange={setStoreId}
            />
          </FormField>
          <FormField id="terminal-name" label={t.name} required>
            <Input value={name} onChange={(e) => setName(e.target.value)} maxLength={100} required />
          </FormField>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onClose(false)}>
              {dict.settings.common.cancel}
            </Button>
            <Button type="submit" loading={creating.loading} disabled={!name.trim() || !storeId}>
              {t.add}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
