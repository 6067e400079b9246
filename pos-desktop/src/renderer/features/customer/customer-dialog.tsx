/**
 * Attaching a customer to the sale by phone (F3). Online the customers subgraph answers
 * (`customerByPhone` with the loyalty balance and the program's rules) and the host remembers the
 * answer; without the server the host's recently used customers answer instead (shown as
 * offline). An unknown phone can be registered on the spot — offline too: the host keeps the
 * customer and uploads it with `syncCustomers` ahead of the sales that name it.
 *
 * When the host cannot remember the server's answer, the cashier is told (the sale can still go
 * on with the customer attached): otherwise the till would silently not know them offline later.
 */
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { Banner, Button, Dialog, DialogContent, FormField, Input } from '@jowi/ui';
import { type FormEvent, useState } from 'react';
import { normaliseUzPhone } from '../../../shared/phone.ts';
import { posFailure } from '../../../shared/pos-errors.ts';
import type { KnownCustomer, PosFailure } from '../../../shared/pos-types.ts';
import type { TillCustomerByPhoneQuery } from '../../__generated__/graphql.ts';
import { useTillCustomerByPhoneLazyQuery } from '../../__generated__/hooks.ts';
import { posApi } from '../../lib/bridge.ts';
import { FailureMessage, useHostCall } from '../../lib/host-call.tsx';
import { useI18n } from '../../lib/i18n.tsx';
import { displayPhone, pointsValue } from './loyalty.ts';

/** What the lookup found: a customer, nobody (offer to register), or an error. */
type Found =
  | { kind: 'customer'; customer: KnownCustomer; offline: boolean; notRemembered?: PosFailure }
  | { kind: 'none'; phone: string; offline: boolean }
  | { kind: 'failed' };

/** The server's answer as the till keeps it (see `KnownCustomer`). */
export function knownFromServer(data: TillCustomerByPhoneQuery, seenAt: Date): KnownCustomer | null {
  const c = data.customerByPhone;
  if (!c) return null;
  const program = data.loyaltyProgram;
  const enabled = program?.enabled ?? false;
  return {
    id: c.id,
    phone: c.phone,
    name: c.name ?? null,
    balance: c.loyalty.balance,
    loyaltyEnabled: enabled,
    accrualBps: enabled ? (c.loyalty.tier?.accrualBps ?? program?.accrualBps ?? 0) : 0,
    baseAccrualBps: program?.accrualBps ?? 0,
    maxRedeemPercent: program?.maxRedeemPercent ?? 0,
    source: 'server',
    seenAt: seenAt.toISOString(),
  };
}

export function CustomerDialog({
  onAttach,
  onClose,
}: {
  onAttach(customer: KnownCustomer): void;
  onClose(): void;
}) {
  const { t, failure } = useI18n();
  const [phoneText, setPhoneText] = useState('');
  const [name, setName] = useState('');
  const [found, setFound] = useState<Found | null>(null);
  const [searching, setSearching] = useState(false);
  const [fetchCustomer] = useTillCustomerByPhoneLazyQuery({ fetchPolicy: 'network-only' });
  const register = useHostCall((phone: string, customerName: string) =>
    posApi().customer.register({ phone, ...(customerName.trim() ? { name: customerName.trim() } : {}) }),
  );
  const phone = normaliseUzPhone(phoneText);

  async function offlineLookup(normalised: string): Promise<Found> {
    const known = await posApi().customer.lookup(normalised);
    if (!known.ok) return { kind: 'failed' };
    return known.value
      ? { kind: 'customer', customer: known.value, offline: true }
      : { kind: 'none', phone: normalised, offline: true };
  }

  /** The server's answer (kept by the host for offline use), else the host's memory. */
  async function lookup(normalised: string): Promise<Found> {
    try {
      const result = await fetchCustomer({ variables: { phone: normalised } });
      if (result.error && CombinedGraphQLErrors.is(result.error)) return { kind: 'failed' };
      if (result.error || !result.data) return await offlineLookup(normalised);
      const known = knownFromServer(result.data, new Date());
      if (!known) return { kind: 'none', phone: normalised, offline: false };
      const remembered = await posApi().customer.remember(known);
      return remembered.ok
        ? { kind: 'customer', customer: remembered.value, offline: false }
        : { kind: 'customer', customer: known, offline: false, notRemembered: remembered.error };
    } catch {
      return await offlineLookup(normalised);
    }
  }

  async function search(event: FormEvent) {
    event.preventDefault();
    if (!phone) return;
    // A customer on screen is attached by Enter (the second Enter of "phone, Enter, Enter").
    if (found?.kind === 'customer' && found.customer.phone === phone) return onAttach(found.customer);
    if (searching) return;
    setSearching(true);
    setFound(null);
    let next: Found = { kind: 'failed' };
    try {
      next = await lookup(phone);
    } finally {
      // Both in one render: a card on screen while Find is still busy (a disabled default button)
      // would swallow that second Enter — the browser skips a form's implicit submission then.
      setSearching(false);
      setFound(next);
    }
  }

  /** Retry of a failed `remember`: the card stays either way, the warning goes once the host keeps them. */
  async function rememberAgain() {
    if (found?.kind !== 'customer' || !found.notRemembered) return;
    const remembered = await posApi().customer.remember(found.customer);
    setFound(
      remembered.ok
        ? { kind: 'customer', customer: remembered.value, offline: false }
        : { ...found, notRemembered: remembered.error },
    );
  }

  async function registerNew() {
    if (found?.kind !== 'none') return;
    const created = await register.run(found.phone, name);
    if (!created) return;
    const known = await posApi().customer.lookup(created.phone);
    if (known.ok && known.value) onAttach(known.value);
    else register.setError(known.ok ? posFailure('INTERNAL_ERROR') : known.error);
  }

  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : onClose())}>
      <DialogContent title={t('customer.title')} data-testid="customer-dialog">
        <form className="flex flex-col gap-4" onSubmit={search} noValidate>
          <FormField
            label={t('customer.phone')}
            error={phoneText.trim() && !phone ? failure(posFailure('INVALID_PHONE')) : null}
          >
            <Input
              data-testid="customer-phone"
              type="tel"
              inputMode="tel"
              autoFocus
              autoComplete="off"
              placeholder="+998 90 123 45 67"
              className="h-12 text-lg tabular-nums"
              value={phoneText}
              onChange={(e) => {
                setPhoneText(e.target.value);
                setFound(null);
              }}
            />
          </FormField>
          <Button type="submit" size="lg" className="h-12" loading={searching} disabled={!phone}>
            {t('customer.find')} <kbd className="text-xs opacity-70">Enter</kbd>
          </Button>
        </form>
        {found?.kind === 'failed' ? (
          <p role="alert" className="mt-3 text-sm text-destructive">
            {t('customer.searchFailed')}
          </p>
        ) : null}
        {found && found.kind !== 'failed' && found.offline ? (
          <Banner className="mt-3" variant="warning" title={t('customer.offline')} />
        ) : null}
        {found?.kind === 'customer' && found.notRemembered ? (
          <Banner
            className="mt-3"
            variant="warning"
            data-testid="customer-not-remembered"
            data-code={found.notRemembered.code}
            title={t('customer.notRemembered')}
            description={failure(found.notRemembered)}
            action={
              <Button size="sm" variant="outline" onClick={() => void rememberAgain()}>
                {t('action.retry')}
              </Button>
            }
          />
        ) : null}
        {found?.kind === 'customer' ? (
          <CustomerCard customer={found.customer} onAttach={() => onAttach(found.customer)} />
        ) : null}
        {found?.kind === 'none' ? (
          <div className="mt-3 flex flex-col gap-3">
            <p data-testid="customer-not-found" className="text-sm">
              {t('customer.notFound')}
            </p>
            <FormField label={t('customer.name')}>
              <Input
                data-testid="customer-name"
                className="h-12"
                value={name}
                onChange={(e) => setName(e.target.value)}
              />
            </FormField>
            <Button
              data-testid="customer-register"
              size="lg"
              className="h-12"
              loading={register.busy}
              onClick={() => void registerNew()}
            >
              {t('customer.register')}
            </Button>
          </div>
        ) : null}
        <FailureMessage error={register.error} />
      </DialogContent>
    </Dialog>
  );
}

function CustomerCard({ customer, onAttach }: { customer: KnownCustomer; onAttach(): void }) {
  const { t, money } = useI18n();
  return (
    <div data-testid="customer-found" className="mt-3 flex items-center gap-3 rounded-md border p-3">
      <div className="min-w-0 flex-1">
        <p className="truncate font-semibold">{customer.name ?? t('customer.new')}</p>
        <p className="text-sm text-muted-foreground tabular-nums">{displayPhone(customer.phone)}</p>
        <p className="text-sm">
          {t('customer.balance')}:{' '}
          <span data-testid="customer-balance" className="font-semibold tabular-nums">
            {money(pointsValue(customer.balance))}
          </span>
          {customer.loyaltyEnabled ? null : ` · ${t('customer.noLoyalty')}`}
        </p>
      </div>
      <Button data-testid="customer-attach" size="lg" className="h-12" onClick={onAttach}>
        {t('customer.attach')} <kbd className="text-xs opacity-70">Enter</kbd>
      </Button>
    </div>
  );
}
