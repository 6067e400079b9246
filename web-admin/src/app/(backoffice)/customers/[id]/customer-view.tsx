'use client';

/**
 * One customer: the profile (editable with `customers:write`), loyalty balance, tier and lifetime
 * spend, the duplicates merged into it and the merge action (`customers:write` + `reports:read`),
 * the purchases (`sales:read`) and the points ledger. A merged duplicate is shown read-only with a
 * link to the customer it was merged into.
 */
import {
  Badge,
  Banner,
  Button,
  Card,
  CardContent,
  CardHeader,
  CardTitle,
  EmptyState,
  Money,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  useUiLocale,
} from '@jowi/ui';
import Link from 'next/link';
import { type ReactNode, useState } from 'react';
import { CustomerDetailDocument, type CustomerDetailQuery } from '../../../../__generated__/graphql.ts';
import { PageHeader } from '../../../../components/page-header.tsx';
import { QueryState } from '../../../../components/query-state.tsx';
import { fill } from '../../../../i18n/dictionaries.ts';
import { useI18n } from '../../../../i18n/provider.tsx';
import { useConnection } from '../../../../lib/apollo-provider.tsx';
import { formatDateTime } from '../../../../lib/format.ts';
import { useCachedQuery } from '../../../../lib/use-cached-query.ts';
import { Ledger } from './ledger.tsx';
import { MergeDialog } from './merge-dialog.tsx';
import { ProfileForm } from './profile-form.tsx';

type Customer = NonNullable<CustomerDetailQuery['customer']>;

export interface CustomerViewProps {
  id: string;
  timeZone: string;
  canWrite: boolean;
  canMerge: boolean;
  withSales: boolean;
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid gap-0.5">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="text-sm font-medium">{children}</dd>
    </div>
  );
}

function Purchases({ customer, timeZone }: { customer: Customer; timeZone: string }) {
  const { dict } = useI18n();
  const { tag } = useUiLocale();
  const t = dict.customers;
  const sales = customer.sales?.edges.map((edge) => edge.node) ?? [];
  return (
    <Card>
      <CardHeader>
        <CardTitle>{t.purchases}</CardTitle>
      </CardHeader>
      <CardContent className="grid gap-3">
        {sales.length === 0 ? (
          <p className="text-sm text-muted-foreground">{t.noPurchases}</p>
        ) : (
          <Table aria-label={t.purchases} data-testid="customer-purchases">
            <TableHeader>
              <TableRow>
                <TableHead>{t.purchaseColumns.number}</TableHead>
                <TableHead>{t.purchaseColumns.time}</TableHead>
                <TableHead>{t.purchaseColumns.status}</TableHead>
                <TableHead className="text-right">{t.purchaseColumns.refunded}</TableHead>
                <TableHead className="text-right">{t.purchaseColumns.total}</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {sales.map((sale) => (
                <TableRow key={sale.id}>
                  <TableCell>
                    <Link href={`/sales/${sale.id}`} className="text-primary hover:underline">
                      {sale.receiptNumber ?? dict.sales.noReceipt}
                    </Link>
                  </TableCell>
                  <TableCell>{formatDateTime(sale.createdAt, tag, timeZone)}</TableCell>
                  <TableCell>
                    <Badge variant={sale.status === 'COMPLETED' ? 'secondary' : 'warning'}>
                      {dict.sales.statuses[sale.status]}
                    </Badge>
                  </TableCell>
                  <TableCell className="text-right">
                    {sale.refundedTotal === '0.00' ? '—' : <Money value={sale.refundedTotal} />}
                  </TableCell>
                  <TableCell className="text-right">
                    <Money value={sale.total} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
        {customer.sales?.pageInfo.hasNextPage ? (
          <Link
            href={`/sales?customerId=${customer.id}&from=${customer.createdAt.slice(0, 10)}&to=${new Date().toISOString().slice(0, 10)}`}
            className="text-sm font-medium text-primary hover:underline"
          >
            {t.morePurchases} →
          </Link>
        ) : null}
      </CardContent>
    </Card>
  );
}

export function CustomerView({ id, timeZone, canWrite, canMerge, withSales }: CustomerViewProps) {
  const { dict } = useI18n();
  const { tag } = useUiLocale();
  const { online } = useConnection();
  const t = dict.customers;
  const [merging, setMerging] = useState(false);
  const [generation, setGeneration] = useState(0);
  const { data, error, refetch } = useCachedQuery(CustomerDetailDocument, { id, withSales });
  const back = (
    <Link href="/customers" className="text-sm font-medium text-primary hover:underline">
      ← {t.back}
    </Link>
  );
  if (!data) return <QueryState error={error} onRetry={() => void refetch()} />;
  const customer = data.customer;
  if (!customer) {
    return (
      <Card>
        <EmptyState title={t.notFoundTitle} description={t.notFoundDescription} action={back} />
      </Card>
    );
  }
  const merged = Boolean(customer.mergedInto);
  const readOnlyReason = !canWrite ? t.readOnly : !online ? dict.nav.readOnlyReason : null;
  const mergedNames = new Map(
    customer.mergedFrom.map((m) => [m.id, m.name ? `${m.name} (${m.phone})` : m.phone]),
  );
  const loyalty = customer.loyalty;
  const refresh = () => {
    void refetch();
    // Remount the ledger so every page it shows is read again (a merge moves entries in).
    setGeneration((g) => g + 1);
  };

  const mergeAction =
    !canMerge || merged ? null : online ? (
      <Button variant="outline" onClick={() => setMerging(true)} data-testid="merge-open">
        {t.merge.open}
      </Button>
    ) : (
      <span className="inline-flex items-center gap-2">
        <Button variant="outline" disabled aria-describedby="merge-blocked">
          {t.merge.open}
        </Button>
        <span id="merge-blocked" className="text-sm text-muted-foreground">
          {dict.nav.readOnlyReason}
        </span>
      </span>
    );

  return (
    <div className="grid gap-6">
      <div>{back}</div>
      <PageHeader
        title={<span data-testid="customer-title">{customer.name ?? customer.phone}</span>}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <span className="tabular-nums">{customer.phone}</span>
            {customer.tags.map((name) => (
              <Badge key={name} variant="outline">
                {name}
              </Badge>
            ))}
          </span>
        }
        actions={mergeAction}
      />
      {customer.mergedInto ? (
        <Banner
          variant="warning"
          title={t.mergedBanner}
          data-testid="customer-merged"
          action={
            <Link href={`/customers/${customer.mergedInto.id}`} className="text-sm font-medium underline">
              {t.openKept}
            </Link>
          }
        />
      ) : null}
      <Card>
        <CardContent className="pt-6">
          <dl className="grid gap-4 sm:grid-cols-3 lg:grid-cols-5">
            <Field label={t.details.balance}>
              <span className={loyalty.overdrawn ? 'text-destructive' : undefined}>
                <Money value={loyalty.balance} hideCurrency data-testid="customer-balance" />
              </span>
              {loyalty.overdrafts > 0 ? (
                <span className="block text-xs text-muted-foreground">
                  {fill(t.overdrafts, { count: loyalty.overdrafts })}
                </span>
              ) : null}
            </Field>
            <Field label={t.details.lifetimeSpend}>
              <Money value={loyalty.lifetimeSpend} />
            </Field>
            <Field label={t.details.tier}>{loyalty.tier?.name ?? t.details.noTier}</Field>
            <Field label={t.details.created}>{formatDateTime(customer.createdAt, tag, timeZone)}</Field>
            <Field label={t.details.updated}>{formatDateTime(customer.updatedAt, tag, timeZone)}</Field>
          </dl>
        </CardContent>
      </Card>
      <div className="grid gap-4 xl:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>{t.profile}</CardTitle>
          </CardHeader>
          <CardContent>
            <ProfileForm
              key={customer.updatedAt}
              customer={customer}
              readOnlyReason={merged ? t.mergedBanner : readOnlyReason}
              onSaved={() => void refetch()}
            />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>{t.mergedFrom}</CardTitle>
          </CardHeader>
          <CardContent>
            {customer.mergedFrom.length === 0 ? (
              <p className="text-sm text-muted-foreground">—</p>
            ) : (
              <ul className="grid gap-2" data-testid="customer-merged-from">
                {customer.mergedFrom.map((m) => (
                  <li key={m.id} className="flex justify-between gap-3 text-sm">
                    <Link href={`/customers/${m.id}`} className="text-primary hover:underline">
                      {mergedNames.get(m.id)}
                    </Link>
                    <span className="text-muted-foreground">
                      {m.mergedAt ? formatDateTime(m.mergedAt, tag, timeZone) : ''}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </CardContent>
        </Card>
      </div>
      {withSales ? <Purchases customer={customer} timeZone={timeZone} /> : null}
      <Card>
        <CardHeader>
          <CardTitle>{t.ledger}</CardTitle>
        </CardHeader>
        <CardContent>
          <Ledger
            key={generation}
            customerId={customer.id}
            timeZone={timeZone}
            mergedNames={mergedNames}
            linkSales={withSales}
          />
        </CardContent>
      </Card>
      {merging ? (
        <MergeDialog keep={customer} open={merging} onOpenChange={setMerging} onMerged={refresh} />
      ) : null}
    </div>
  );
}
