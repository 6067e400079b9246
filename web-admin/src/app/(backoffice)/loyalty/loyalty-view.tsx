'use client';

/**
 * The loyalty program: the current version as a form (enabled, base accrual %, the share of a
 * receipt payable with points, tiers by lifetime spend) and the version history. Saving writes a
 * new version (`setLoyaltyProgram`); sales accrue by the version in force when they happened.
 * Read-only without the right or while offline, each with its reason.
 */
import { useMutation } from '@apollo/client/react';
import {
  Badge,
  Banner,
  Button,
  Card,
  CardContent,
  CardHeader,
  CardTitle,
  FormField,
  Input,
  Money,
  MoneyInput,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  useToast,
  useUiLocale,
} from '@jowi/ui';
import { useState } from 'react';
import {
  LoyaltyProgramPageDocument,
  type LoyaltyProgramPageQuery,
  SetLoyaltyProgramDocument,
} from '../../../__generated__/graphql.ts';
import { PageHeader } from '../../../components/page-header.tsx';
import { QueryState } from '../../../components/query-state.tsx';
import { type CustomersFormErrorCode, fill } from '../../../i18n/dictionaries.ts';
import { useI18n } from '../../../i18n/provider.tsx';
import { useConnection } from '../../../lib/apollo-provider.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { useCachedQuery } from '../../../lib/use-cached-query.ts';
import { bpsOfPercent, percentOfBps } from './percent.ts';

type Program = NonNullable<LoyaltyProgramPageQuery['loyaltyProgram']>;

interface TierValues {
  key: string;
  name: string;
  minSpend: string | null;
  rate: string;
}

interface Values {
  enabled: boolean;
  accrual: string;
  maxShare: string;
  tiers: TierValues[];
}

const valuesOf = (program: Program | null, decimal: string): Values => ({
  enabled: program?.enabled ?? true,
  accrual: percentOfBps(program?.accrualBps ?? 0, decimal),
  maxShare: String(program?.maxRedeemPercent ?? 0),
  tiers: (program?.tiers ?? []).map((tier) => ({
    key: crypto.randomUUID(),
    name: tier.name,
    minSpend: tier.minSpend,
    rate: percentOfBps(tier.accrualBps, decimal),
  })),
});

function ProgramForm({
  program,
  readOnlyReason,
  onSaved,
}: {
  program: Program | null;
  readOnlyReason: string | null;
  onSaved: () => void;
}) {
  const { dict } = useI18n();
  const t = dict.customers.loyalty;
  const { toast } = useToast();
  const [values, setValues] = useState<Values>(() => valuesOf(program, dict.number.decimal));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [save, { loading }] = useMutation(SetLoyaltyProgramDocument);
  const disabled = Boolean(readOnlyReason);
  const known: Record<string, string> = dict.customers.errors satisfies Record<
    CustomersFormErrorCode,
    string
  >;
  const setTier = (index: number, change: Partial<TierValues>) =>
    setValues({
      ...values,
      tiers: values.tiers.map((tier, i) => (i === index ? { ...tier, ...change } : tier)),
    });

  const submit = async () => {
    setProblem(null);
    const found: Record<string, string> = {};
    const accrualBps = bpsOfPercent(values.accrual);
    if (accrualBps === null) found.accrual = t.invalidPercent;
    const maxShare = /^\d{1,3}$/.test(values.maxShare.trim()) ? Number(values.maxShare) : null;
    if (maxShare === null || maxShare > 100) found.maxShare = known.INVALID_MAX_SHARE!;
    const tiers = values.tiers.map((tier, i) => {
      const bps = bpsOfPercent(tier.rate);
      if (bps === null) found[`tier-${i}-rate`] = t.invalidPercent;
      if (!tier.name.trim() || !tier.minSpend) found[`tier-${i}`] = known.INVALID_TIERS!;
      return { name: tier.name.trim(), minSpend: tier.minSpend ?? '0.00', accrualBps: bps ?? 0 };
    });
    setErrors(found);
    if (Object.keys(found).length || accrualBps === null || maxShare === null) return;
    try {
      const { data } = await save({
        variables: { input: { enabled: values.enabled, accrualBps, maxRedeemPercent: maxShare, tiers } },
      });
      const failures = data?.setLoyaltyProgram.errors ?? [];
      if (failures.length) {
        const byField: Record<string, string> = {};
        for (const failure of failures) {
          const message = known[failure.code] ?? fill(dict.customers.unknownError, { code: failure.code });
          const [, field, index] = failure.field ?? [];
          if (failure.code === 'INVALID_ACCRUAL_RATE') byField.accrual = message;
          else if (failure.code === 'INVALID_MAX_SHARE') byField.maxShare = message;
          else if (field === 'tiers' && index !== undefined) byField[`tier-${index}`] = message;
          else setProblem(message);
        }
        return setErrors(byField);
      }
      toast({ title: t.saved, variant: 'success' });
      onSaved();
    } catch {
      setProblem(dict.common.errorDescription);
    }
  };

  return (
    <form
      className="grid max-w-4xl gap-5"
      data-testid="loyalty-form"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      {!program ? <Banner variant="info" title={t.noProgram} /> : null}
      <label className="flex items-center gap-3 text-sm font-medium">
        <input
          type="checkbox"
          className="size-5 accent-primary"
          checked={values.enabled}
          disabled={disabled}
          onChange={(event) => setValues({ ...values, enabled: event.target.checked })}
          data-testid="loyalty-enabled"
        />
        {t.enabled}
      </label>
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label={t.accrual} description={t.accrualHint} error={errors.accrual}>
          <Input
            inputMode="decimal"
            value={values.accrual}
            disabled={disabled}
            onChange={(event) => setValues({ ...values, accrual: event.target.value })}
            data-testid="loyalty-accrual"
          />
        </FormField>
        <FormField label={t.maxShare} description={t.maxShareHint} error={errors.maxShare}>
          <Input
            inputMode="numeric"
            value={values.maxShare}
            disabled={disabled}
            onChange={(event) => setValues({ ...values, maxShare: event.target.value })}
            data-testid="loyalty-max-share"
          />
        </FormField>
      </div>
      <fieldset className="grid gap-3">
        <legend className="mb-1 text-sm font-semibold">{t.tiers}</legend>
        <p className="text-sm text-muted-foreground">{t.tiersHint}</p>
        {values.tiers.length === 0 ? <p className="text-sm text-muted-foreground">{t.noTiers}</p> : null}
        {values.tiers.map((tier, index) => (
          <div
            key={tier.key}
            className="grid items-end gap-3 rounded-md border border-border p-3 sm:grid-cols-[minmax(0,1fr)_14rem_9rem_auto]"
            data-testid="loyalty-tier"
          >
            <FormField label={t.tierName} error={errors[`tier-${index}`]}>
              <Input
                value={tier.name}
                maxLength={50}
                disabled={disabled}
                onChange={(e) => setTier(index, { name: e.target.value })}
              />
            </FormField>
            <FormField label={t.tierMinSpend}>
              <MoneyInput
                value={tier.minSpend}
                disabled={disabled}
                onValueChange={(minSpend) => setTier(index, { minSpend })}
              />
            </FormField>
            <FormField label={t.tierRate} error={errors[`tier-${index}-rate`]}>
              <Input
                inputMode="decimal"
                value={tier.rate}
                disabled={disabled}
                onChange={(e) => setTier(index, { rate: e.target.value })}
              />
            </FormField>
            {disabled ? null : (
              <Button
                type="button"
                variant="ghost"
                onClick={() => setValues({ ...values, tiers: values.tiers.filter((_, i) => i !== index) })}
              >
                {t.removeTier}
              </Button>
            )}
          </div>
        ))}
        {disabled ? null : (
          <Button
            type="button"
            variant="outline"
            className="justify-self-start"
            onClick={() =>
              setValues({
                ...values,
                tiers: [
                  ...values.tiers,
                  { key: crypto.randomUUID(), name: '', minSpend: null, rate: values.accrual },
                ],
              })
            }
          >
            {t.addTier}
          </Button>
        )}
      </fieldset>
      {problem ? <Banner variant="destructive" title={problem} /> : null}
      {readOnlyReason ? (
        <p className="text-sm text-muted-foreground" data-testid="loyalty-read-only">
          {readOnlyReason}
        </p>
      ) : (
        <Button type="submit" className="justify-self-start" loading={loading} data-testid="loyalty-save">
          {t.save}
        </Button>
      )}
    </form>
  );
}

export function LoyaltyView({ timeZone, canEdit }: { timeZone: string; canEdit: boolean }) {
  const { dict } = useI18n();
  const { tag } = useUiLocale();
  const { online } = useConnection();
  const t = dict.customers.loyalty;
  const { data, error, refetch } = useCachedQuery(LoyaltyProgramPageDocument, {});
  if (!data) return <QueryState error={error} onRetry={() => void refetch()} />;
  const program = data.loyaltyProgram ?? null;
  const readOnlyReason = !canEdit ? t.readOnly : !online ? dict.nav.readOnlyReason : null;
  return (
    <div className="grid gap-6">
      <PageHeader
        title={t.title}
        description={t.subtitle}
        actions={
          program ? (
            <Badge variant="secondary" data-testid="loyalty-version">
              {fill(t.version, { version: program.version })}
            </Badge>
          ) : null
        }
      />
      <div className="grid gap-4">
        <Card>
          <CardHeader>
            <CardTitle>{t.settings}</CardTitle>
          </CardHeader>
          <CardContent>
            <ProgramForm
              key={program?.version ?? 0}
              program={program}
              readOnlyReason={readOnlyReason}
              onSaved={() => void refetch()}
            />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>{t.history}</CardTitle>
          </CardHeader>
          <CardContent>
            {data.loyaltyProgramVersions.length === 0 ? (
              <p className="text-sm text-muted-foreground">{t.noProgram}</p>
            ) : (
              <Table aria-label={t.history} data-testid="loyalty-history">
                <TableHeader>
                  <TableRow>
                    <TableHead>{t.historyColumns.version}</TableHead>
                    <TableHead>{t.historyColumns.from}</TableHead>
                    <TableHead>{t.historyColumns.enabled}</TableHead>
                    <TableHead className="text-right">{t.historyColumns.accrual}</TableHead>
                    <TableHead className="text-right">{t.historyColumns.maxShare}</TableHead>
                    <TableHead>{t.historyColumns.tiers}</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {data.loyaltyProgramVersions.map((version) => (
                    <TableRow key={version.version} data-testid="loyalty-history-row">
                      <TableCell>{version.version}</TableCell>
                      <TableCell>{formatDateTime(version.effectiveFrom, tag, timeZone)}</TableCell>
                      <TableCell>{version.enabled ? t.yes : t.no}</TableCell>
                      <TableCell className="text-right tabular-nums">
                        {percentOfBps(version.accrualBps, dict.number.decimal)} %
                      </TableCell>
                      <TableCell className="text-right tabular-nums">{version.maxRedeemPercent} %</TableCell>
                      <TableCell>{version.tiers.map((tier) => tier.name).join(', ') || '—'}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
            {program && program.tiers.length > 0 ? (
              <ul className="mt-4 grid gap-1 text-sm">
                {program.tiers.map((tier) => (
                  <li key={tier.name} className="flex justify-between gap-3">
                    <span>{tier.name}</span>
                    <span className="tabular-nums text-muted-foreground">
                      <Money value={tier.minSpend} /> → {percentOfBps(tier.accrualBps, dict.number.decimal)} %
                    </span>
                  </li>
                ))}
              </ul>
            ) : null}
          </CardContent>
        </Card>
      </div>
    </div>
  );
}
