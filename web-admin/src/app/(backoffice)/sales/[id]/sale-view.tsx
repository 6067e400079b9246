'use client';

/**
 * One receipt: its figures, lines (with modifiers and discounts), payments, customer and points,
 * the fiscal receipt with its sign and QR link, the refunds made, and the refund action for
 * those who may refund (hidden otherwise, disabled with a reason while offline).
 */
import {
  Badge,
  Button,
  Card,
  CardContent,
  CardHeader,
  CardTitle,
  EmptyState,
  Money,
  Quantity,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  useUiLocale,
} from '@jowi/ui';
import Link from 'next/link';
import QRCode from 'qrcode';
import { type ReactNode, useEffect, useState } from 'react';
import { SaleDetailDocument, type SaleDetailQuery } from '../../../../__generated__/graphql.ts';
import { PageHeader } from '../../../../components/page-header.tsx';
import { QueryState } from '../../../../components/query-state.tsx';
import { fill } from '../../../../i18n/dictionaries.ts';
import { useI18n } from '../../../../i18n/provider.tsx';
import { useConnection } from '../../../../lib/apollo-provider.tsx';
import { fiscalReason, formatDateTime } from '../../../../lib/format.ts';
import { directoryNames } from '../../../../lib/names.ts';
import { useCachedQuery } from '../../../../lib/use-cached-query.ts';
import { RefundDialog, remainingOf } from './refund-dialog.tsx';

type Sale = NonNullable<SaleDetailQuery['sale']>;
type FiscalReceipt = NonNullable<Sale['fiscalReceipt']>;

export interface SaleViewProps {
  id: string;
  canRefund: boolean;
  withCustomer: boolean;
  withFiscal: boolean;
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid gap-0.5">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="text-sm font-medium">{children}</dd>
    </div>
  );
}

function Lines({ sale }: { sale: Sale }) {
  const { dict } = useI18n();
  const t = dict.sales;
  return (
    <Card>
      <CardHeader>
        <CardTitle>{t.lines}</CardTitle>
      </CardHeader>
      <CardContent>
        <Table aria-label={t.lines} data-testid="sale-lines">
          <TableHeader>
            <TableRow>
              <TableHead>{t.lineColumns.product}</TableHead>
              <TableHead className="text-right">{t.lineColumns.quantity}</TableHead>
              <TableHead className="text-right">{t.lineColumns.price}</TableHead>
              <TableHead className="text-right">{t.lineColumns.discount}</TableHead>
              <TableHead className="text-right">{t.lineColumns.vat}</TableHead>
              <TableHead className="text-right">{t.lineColumns.refunded}</TableHead>
              <TableHead className="text-right">{t.lineColumns.total}</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {sale.lines.map((line) => (
              <TableRow key={line.lineNo}>
                <TableCell>
                  <div className="font-medium">{line.name ?? line.product.id}</div>
                  {line.modifiers.map((modifier) => (
                    <div key={modifier.name} className="text-xs text-muted-foreground">
                      + {modifier.name} (<Money value={modifier.priceDelta} />)
                    </div>
                  ))}
                </TableCell>
                <TableCell className="text-right">
                  <Quantity value={line.quantity} />
                </TableCell>
                <TableCell className="text-right">
                  <Money value={line.unitPrice} />
                </TableCell>
                <TableCell className="text-right">
                  {line.discount === '0.00' ? '—' : <Money value={line.discount} />}
                  {line.receiptDiscount === '0.00' ? null : (
                    <div className="text-xs text-muted-foreground">
                      <Money value={line.receiptDiscount} /> {t.receiptDiscount}
                    </div>
                  )}
                </TableCell>
                <TableCell className="text-right">
                  <Money value={line.vatAmount} /> {line.vatRate != null ? `(${line.vatRate} %)` : ''}
                </TableCell>
                <TableCell className="text-right">
                  {line.refundedQuantity === '0.000' ? '—' : <Quantity value={line.refundedQuantity} />}
                </TableCell>
                <TableCell className="text-right">
                  <Money value={line.total} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </CardContent>
    </Card>
  );
}

function Payments({ sale }: { sale: Sale }) {
  const { dict } = useI18n();
  const t = dict.sales;
  return (
    <Card>
      <CardHeader>
        <CardTitle>{t.payments}</CardTitle>
      </CardHeader>
      <CardContent>
        <Table aria-label={t.payments}>
          <TableHeader>
            <TableRow>
              <TableHead>{t.paymentColumns.method}</TableHead>
              <TableHead className="text-right">{t.paymentColumns.amount}</TableHead>
              <TableHead className="text-right">{t.paymentColumns.tendered}</TableHead>
              <TableHead className="text-right">{t.paymentColumns.change}</TableHead>
              <TableHead>{t.paymentColumns.reference}</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {sale.payments.map((payment, index) => (
              // Payments have no id of their own, and a stored sale's list never changes order.
              // biome-ignore lint/suspicious/noArrayIndexKey: see above
              <TableRow key={index}>
                <TableCell>
                  {dict.dashboard.methods[payment.method]}
                  {payment.cardBrand ? ` · ${payment.cardBrand}` : ''}
                </TableCell>
                <TableCell className="text-right">
                  <Money value={payment.amount} />
                </TableCell>
                <TableCell className="text-right">
                  {payment.tendered ? <Money value={payment.tendered} /> : '—'}
                </TableCell>
                <TableCell className="text-right">
                  {payment.change ? <Money value={payment.change} /> : '—'}
                </TableCell>
                <TableCell>{payment.reference ?? '—'}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </CardContent>
    </Card>
  );
}

/** The tax committee's check link as a QR code (rendered in the browser) and as a link. */
function FiscalQr({ url }: { url: string }) {
  const { dict } = useI18n();
  const [image, setImage] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toDataURL(url, { margin: 1, width: 160 })
      .then((data) => live && setImage(data))
      .catch(() => live && setImage(null));
    return () => {
      live = false;
    };
  }, [url]);
  return (
    <div className="grid justify-items-start gap-2">
      {image ? (
        // A data: URL drawn in the browser: next/image has nothing to optimise.
        // biome-ignore lint/performance/noImgElement: see above
        <img src={image} alt={dict.sales.qrAlt} width={160} height={160} className="rounded bg-white p-1" />
      ) : null}
      <a
        href={url}
        target="_blank"
        rel="noopener noreferrer"
        className="text-sm font-medium text-primary underline-offset-4 hover:underline"
        data-testid="fiscal-qr-link"
      >
        {dict.sales.openQr}
      </a>
    </div>
  );
}

function Fiscal({ receipt, timeZone }: { receipt: FiscalReceipt | null | undefined; timeZone: string }) {
  const { dict } = useI18n();
  const { tag } = useUiLocale();
  const t = dict.sales;
  return (
    <Card data-testid="sale-fiscal">
      <CardHeader>
        <CardTitle>{t.fiscal}</CardTitle>
      </CardHeader>
      <CardContent>
        {!receipt ? (
          <p className="text-sm text-muted-foreground">{t.noFiscal}</p>
        ) : (
          <div className="flex flex-wrap gap-6">
            <dl className="grid flex-1 gap-3 sm:grid-cols-2">
              <Field label={t.fiscalFields.status}>
                <Badge
                  variant={receipt.status === 'REGISTERED' ? 'success' : 'warning'}
                  data-testid="fiscal-status"
                >
                  {dict.fiscal.statuses[receipt.status]}
                </Badge>
              </Field>
              {receipt.fiscalSign ? (
                <Field label={t.fiscalFields.sign}>
                  <span data-testid="fiscal-sign" className="tabular-nums">
                    {receipt.fiscalSign}
                  </span>
                </Field>
              ) : null}
              {receipt.receiptSeq != null ? (
                <Field label={t.fiscalFields.number}>{receipt.receiptSeq}</Field>
              ) : null}
              {receipt.terminalId ? (
                <Field label={t.fiscalFields.terminal}>{receipt.terminalId}</Field>
              ) : null}
              {receipt.registeredAt ? (
                <Field label={t.fiscalFields.registered}>
                  {formatDateTime(receipt.registeredAt, tag, timeZone)}
                </Field>
              ) : null}
              {receipt.status !== 'REGISTERED' && receipt.lastErrorCode ? (
                <Field label={t.fiscalFields.reason}>{fiscalReason(receipt.lastErrorCode, dict)}</Field>
              ) : null}
            </dl>
            {receipt.qrUrl ? <FiscalQr url={receipt.qrUrl} /> : null}
          </div>
        )}
      </CardContent>
    </Card>
  );
}

function CustomerAndLoyalty({ sale }: { sale: Sale }) {
  const { dict } = useI18n();
  const t = dict.sales;
  const loyalty = sale.loyalty;
  return (
    <Card>
      <CardHeader>
        <CardTitle>{t.customer}</CardTitle>
      </CardHeader>
      <CardContent className="grid gap-4">
        {sale.customer ? (
          <dl className="grid gap-3 sm:grid-cols-2">
            <Field label={t.customer}>{sale.customer.name ?? '—'}</Field>
            <Field label="☎">{sale.customer.phone}</Field>
          </dl>
        ) : (
          <p className="text-sm text-muted-foreground">{t.noCustomer}</p>
        )}
        <div>
          <p className="mb-2 text-sm font-semibold">{t.loyalty}</p>
          {loyalty ? (
            <dl className="grid gap-3 sm:grid-cols-4">
              <Field label={t.loyaltyFields.accrued}>
                <Money value={loyalty.accrued} hideCurrency />
              </Field>
              <Field label={t.loyaltyFields.redeemed}>
                <Money value={loyalty.redeemed} hideCurrency />
              </Field>
              <Field label={t.loyaltyFields.accrualReversed}>
                <Money value={loyalty.accrualReversed} hideCurrency />
              </Field>
              <Field label={t.loyaltyFields.redemptionReturned}>
                <Money value={loyalty.redemptionReturned} hideCurrency />
              </Field>
            </dl>
          ) : (
            <p className="text-sm text-muted-foreground">{t.noLoyalty}</p>
          )}
        </div>
      </CardContent>
    </Card>
  );
}

function Refunds({ sale, timeZone }: { sale: Sale; timeZone: string }) {
  const { dict } = useI18n();
  const { tag } = useUiLocale();
  const t = dict.sales;
  return (
    <Card>
      <CardHeader>
        <CardTitle>{t.refunds}</CardTitle>
      </CardHeader>
      <CardContent>
        {sale.refunds.length === 0 ? (
          <p className="text-sm text-muted-foreground">{t.noRefunds}</p>
        ) : (
          <Table aria-label={t.refunds} data-testid="sale-refunds">
            <TableHeader>
              <TableRow>
                <TableHead>{t.refundColumns.time}</TableHead>
                <TableHead>{t.refundColumns.reason}</TableHead>
                <TableHead className="text-right">{t.refundColumns.total}</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {sale.refunds.map((refund) => (
                <TableRow key={refund.id}>
                  <TableCell>{formatDateTime(refund.createdAt, tag, timeZone)}</TableCell>
                  <TableCell>{refund.reason ?? '—'}</TableCell>
                  <TableCell className="text-right">
                    <Money value={refund.total} />
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

/** The refund button: hidden without `sales:refund`, disabled with its reason when it cannot be used now. */
function RefundAction({ sale, onRefunded }: { sale: Sale; onRefunded: () => void }) {
  const { dict } = useI18n();
  const { online } = useConnection();
  const [open, setOpen] = useState(false);
  const t = dict.sales.refund;
  const left = sale.lines.some((line) => remainingOf(line) > 0n);
  const blocked = !online ? dict.nav.readOnlyReason : !left ? t.fullyRefunded : null;
  if (blocked) {
    // The reason is written next to the button: a disabled button cannot show a tooltip.
    return (
      <span className="inline-flex items-center gap-2">
        <Button variant="outline" disabled aria-describedby="refund-blocked">
          {t.open}
        </Button>
        <span id="refund-blocked" className="text-sm text-muted-foreground" data-testid="refund-blocked">
          {blocked}
        </span>
      </span>
    );
  }
  return (
    <>
      <Button variant="outline" onClick={() => setOpen(true)}>
        {t.open}
      </Button>
      {open ? <RefundDialog sale={sale} open={open} onOpenChange={setOpen} onRefunded={onRefunded} /> : null}
    </>
  );
}

export function SaleView({ id, canRefund, withCustomer, withFiscal }: SaleViewProps) {
  const { dict } = useI18n();
  const { tag } = useUiLocale();
  const t = dict.sales;
  const { data, error, refetch } = useCachedQuery(SaleDetailDocument, { id, withCustomer, withFiscal });
  const back = (
    <Link href="/sales" className="text-sm font-medium text-primary hover:underline">
      ← {t.back}
    </Link>
  );

  if (!data) {
    return <QueryState error={error} onRetry={() => void refetch()} />;
  }
  const sale = data.sale;
  if (!sale) {
    return (
      <Card>
        <EmptyState title={t.notFoundTitle} description={t.notFoundDescription} action={back} />
      </Card>
    );
  }
  const names = directoryNames(data.stores);
  const timeZone =
    data.stores.edges.find(({ node }) => node.id === sale.storeId)?.node.timeZone ?? 'Asia/Tashkent';

  return (
    <div className="grid gap-6">
      <div>{back}</div>
      <PageHeader
        title={fill(t.receiptTitle, { number: sale.receiptNumber ?? t.noReceipt })}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <Badge variant={sale.status === 'COMPLETED' ? 'secondary' : 'warning'} data-testid="sale-status">
              {t.statuses[sale.status]}
            </Badge>
            {sale.flags.map((flag) => (
              <Badge key={flag} variant="outline">
                {t.flags[flag]}
              </Badge>
            ))}
          </span>
        }
        actions={canRefund ? <RefundAction sale={sale} onRefunded={() => void refetch()} /> : null}
      />
      <Card>
        <CardContent className="pt-6">
          <dl className="grid gap-4 sm:grid-cols-3 lg:grid-cols-6">
            <Field label={t.details.date}>{formatDateTime(sale.createdAt, tag, timeZone)}</Field>
            <Field label={t.details.store}>{names.store(sale.storeId)}</Field>
            <Field label={t.details.terminal}>{names.terminal(sale.terminalId)}</Field>
            <Field label={t.details.shift}>
              {sale.shiftId ? (
                <Link href={`/shifts/${sale.shiftId}`} className="text-primary hover:underline">
                  {sale.shiftId.slice(0, 8)}
                </Link>
              ) : (
                '—'
              )}
            </Field>
            <Field label={t.details.businessDate}>{sale.businessDate}</Field>
            <Field label={t.details.received}>{formatDateTime(sale.receivedAt, tag, timeZone)}</Field>
            <Field label={t.details.subtotal}>
              <Money value={sale.subtotal} />
            </Field>
            <Field label={t.details.discount}>
              <Money value={sale.discount} />
            </Field>
            <Field label={t.details.total}>
              <Money value={sale.total} data-testid="sale-total" />
            </Field>
            <Field label={t.details.vat}>
              <Money value={sale.vatTotal} />
            </Field>
            <Field label={t.details.refunded}>
              <Money value={sale.refundedTotal} data-testid="sale-refunded" />
            </Field>
          </dl>
        </CardContent>
      </Card>
      <Lines sale={sale} />
      <div className="grid gap-4 xl:grid-cols-2">
        <Payments sale={sale} />
        {withFiscal ? <Fiscal receipt={sale.fiscalReceipt} timeZone={timeZone} /> : null}
      </div>
      <div className="grid gap-4 xl:grid-cols-2">
        {withCustomer ? <CustomerAndLoyalty sale={sale} /> : null}
        <Refunds sale={sale} timeZone={timeZone} />
      </div>
    </div>
  );
}
