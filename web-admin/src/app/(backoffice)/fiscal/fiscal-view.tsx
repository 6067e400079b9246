'use client';

/**
 * Fiscal health: the tenant's fiscal modules (printer, lock, unsent receipts, last contact), and
 * the receipts that need someone — NEEDS_ATTENTION (dead-lettered), FAILED, or stuck in the
 * queue — each with its reason in words and, for those who may, a Retry.
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
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Tabs,
  TabsList,
  TabsTrigger,
  useToast,
  useUiLocale,
} from '@jowi/ui';
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useState } from 'react';
import {
  FiscalOverviewDocument,
  type FiscalOverviewQuery,
  type FiscalReceiptFilter,
  RetryFiscalizationDocument,
} from '../../../__generated__/graphql.ts';
import { PageHeader } from '../../../components/page-header.tsx';
import { QueryState } from '../../../components/query-state.tsx';
import { fill } from '../../../i18n/dictionaries.ts';
import { useI18n } from '../../../i18n/provider.tsx';
import { useConnection } from '../../../lib/apollo-provider.tsx';
import { fiscalReason, formatDateTime } from '../../../lib/format.ts';
import { useSetSearchParams } from '../../../lib/url-state.ts';
import { useCachedQuery } from '../../../lib/use-cached-query.ts';

type Device = FiscalOverviewQuery['fiscalDevices'][number];
type Receipt = FiscalOverviewQuery['fiscalReceipts']['edges'][number]['node'];

const PAGE_SIZE = 50;
const TABS = {
  attention: { status: 'NEEDS_ATTENTION' },
  failed: { status: 'FAILED' },
  stuck: { stuck: true },
} as const satisfies Record<string, FiscalReceiptFilter>;
type Tab = keyof typeof TABS;
const isTab = (value: string | null): value is Tab => value !== null && value in TABS;

function printerState(device: Device, t: ReturnType<typeof useI18n>['dict']['fiscal']): string {
  if (device.fmLocked) return t.locked;
  if (device.coverOpen) return t.coverOpen;
  if (device.paperOk === false) return t.paperOut;
  return device.paperOk ? t.paperOk : '—';
}

function Devices({ devices, timeZone }: { devices: Device[]; timeZone: string }) {
  const { dict } = useI18n();
  const { tag } = useUiLocale();
  const t = dict.fiscal;
  return (
    <Card data-testid="fiscal-devices">
      <CardHeader>
        <CardTitle>{t.devices}</CardTitle>
      </CardHeader>
      <CardContent>
        {devices.length === 0 ? (
          <p className="text-sm text-muted-foreground">{t.devicesEmpty}</p>
        ) : (
          <Table aria-label={t.devices}>
            <TableHeader>
              <TableRow>
                <TableHead>{t.deviceColumns.terminal}</TableHead>
                <TableHead>{t.deviceColumns.mode}</TableHead>
                <TableHead>{t.deviceColumns.status}</TableHead>
                <TableHead>{t.deviceColumns.paper}</TableHead>
                <TableHead className="text-right">{t.deviceColumns.unsent}</TableHead>
                <TableHead>{t.deviceColumns.lastContact}</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {devices.map((device) => (
                <TableRow key={device.id}>
                  <TableCell className="font-medium tabular-nums">{device.terminalId}</TableCell>
                  <TableCell>{device.mode}</TableCell>
                  <TableCell>
                    {device.needsAttention ? (
                      <span className="grid gap-0.5">
                        <Badge variant="warning">{t.deviceNeedsAttention}</Badge>
                        <span className="text-xs text-muted-foreground">
                          {fiscalReason(device.attentionCode ?? device.lastErrorCode, dict)}
                        </span>
                      </span>
                    ) : (
                      <Badge variant="success">{t.deviceHealthy}</Badge>
                    )}
                  </TableCell>
                  <TableCell>{printerState(device, t)}</TableCell>
                  <TableCell className="text-right tabular-nums">{device.unsentCount ?? '—'}</TableCell>
                  <TableCell>
                    {device.lastContactAt ? formatDateTime(device.lastContactAt, tag, timeZone) : '—'}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}

/** Retry for one receipt: only FAILED and NEEDS_ATTENTION ones, only with `fiscal:write`, only online. */
function RetryButton({ receipt, onDone }: { receipt: Receipt; onDone: (problem: string | null) => void }) {
  const { dict } = useI18n();
  const { online } = useConnection();
  const [retry, { loading }] = useMutation(RetryFiscalizationDocument);
  const t = dict.fiscal;
  const run = async () => {
    try {
      const { data } = await retry({ variables: { input: { receiptId: receipt.id } } });
      const error = data?.retryFiscalization.errors[0];
      onDone(
        error
          ? fill(t.retryFailed, {
              message: error.code === 'MISSING_IKPU' ? t.reasons.MISSING_IKPU : error.message,
            })
          : null,
      );
    } catch {
      onDone(fill(t.retryFailed, { message: dict.common.errorDescription }));
    }
  };
  return (
    <Button
      size="sm"
      variant="outline"
      disabled={!online || loading}
      title={online ? undefined : dict.nav.readOnlyReason}
      onClick={() => void run()}
    >
      {t.retry}
    </Button>
  );
}

function Receipts({
  receipts,
  tab,
  canRetry,
  timeZone,
  onRetried,
}: {
  receipts: Receipt[];
  tab: Tab;
  canRetry: boolean;
  timeZone: string;
  onRetried: () => void;
}) {
  const { dict } = useI18n();
  const { tag } = useUiLocale();
  const { toast } = useToast();
  const [problem, setProblem] = useState<string | null>(null);
  const t = dict.fiscal;
  const retryable = canRetry && tab !== 'stuck';
  const done = (failure: string | null) => {
    setProblem(failure);
    if (!failure) toast({ title: t.retried, variant: 'success' });
    onRetried();
  };
  if (receipts.length === 0) return <p className="py-6 text-sm text-muted-foreground">{t.receiptsEmpty}</p>;
  return (
    <div className="grid gap-3">
      {problem ? <Banner variant="destructive" title={problem} data-testid="retry-error" /> : null}
      {canRetry ? null : <p className="text-sm text-muted-foreground">{t.noRetryPermission}</p>}
      <Table aria-label={t.receipts} data-testid="fiscal-receipts">
        <TableHeader>
          <TableRow>
            <TableHead>{t.receiptColumns.sale}</TableHead>
            <TableHead>{t.receiptColumns.kind}</TableHead>
            <TableHead>{t.receiptColumns.status}</TableHead>
            <TableHead>{t.receiptColumns.reason}</TableHead>
            <TableHead className="text-right">{t.receiptColumns.attempts}</TableHead>
            <TableHead>{t.receiptColumns.updated}</TableHead>
            {retryable ? <TableHead className="sr-only">{t.retry}</TableHead> : null}
          </TableRow>
        </TableHeader>
        <TableBody>
          {receipts.map((receipt) => (
            <TableRow key={receipt.id} data-testid="fiscal-receipt-row" data-sale-id={receipt.saleId}>
              <TableCell>
                <Link href={`/sales/${receipt.saleId}`} className="text-primary hover:underline">
                  {t.openReceipt}
                </Link>
              </TableCell>
              <TableCell>{t.kinds[receipt.kind]}</TableCell>
              <TableCell>
                <Badge variant={receipt.status === 'FAILED' ? 'destructive' : 'warning'}>
                  {t.statuses[receipt.status]}
                </Badge>
              </TableCell>
              <TableCell className="max-w-md whitespace-normal">
                <span className="font-medium">{fiscalReason(receipt.lastErrorCode, dict)}</span>
                {receipt.lastErrorMessage ? (
                  <span className="block text-xs text-muted-foreground">{receipt.lastErrorMessage}</span>
                ) : null}
              </TableCell>
              <TableCell className="text-right tabular-nums">{receipt.attempts}</TableCell>
              <TableCell>{formatDateTime(receipt.updatedAt, tag, timeZone)}</TableCell>
              {retryable ? (
                <TableCell className="text-right">
                  <RetryButton receipt={receipt} onDone={done} />
                </TableCell>
              ) : null}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

export function FiscalView({ timeZone, canRetry }: { timeZone: string; canRetry: boolean }) {
  const { dict } = useI18n();
  const t = dict.fiscal;
  const setParams = useSetSearchParams();
  const params = useSearchParams();
  const requested = params.get('tab');
  const tab: Tab = isTab(requested) ? requested : 'attention';
  const { data, error, loading, refetch } = useCachedQuery(FiscalOverviewDocument, {
    filter: TABS[tab],
    first: PAGE_SIZE,
    after: null,
  });

  const body = !data ? (
    <QueryState error={error} onRetry={() => void refetch()} />
  ) : (
    <div className="grid gap-6" aria-busy={loading}>
      <Devices devices={data.fiscalDevices} timeZone={timeZone} />
      <Card>
        <CardHeader>
          <CardTitle>{t.receipts}</CardTitle>
        </CardHeader>
        <CardContent className="grid gap-4">
          <Tabs value={tab} onValueChange={(next) => setParams({ tab: next })}>
            <TabsList>
              <TabsTrigger value="attention">{t.tabs.attention}</TabsTrigger>
              <TabsTrigger value="failed">{t.tabs.failed}</TabsTrigger>
              <TabsTrigger value="stuck">{t.tabs.stuck}</TabsTrigger>
            </TabsList>
          </Tabs>
          <Receipts
            receipts={data.fiscalReceipts.edges.map((edge) => edge.node)}
            tab={tab}
            canRetry={canRetry}
            timeZone={timeZone}
            onRetried={() => void refetch()}
          />
        </CardContent>
      </Card>
    </div>
  );

  return (
    <>
      <PageHeader title={t.title} description={t.subtitle} />
      {body}
    </>
  );
}
