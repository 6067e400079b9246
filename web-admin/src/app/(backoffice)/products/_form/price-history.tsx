'use client';

/** A product's price changes, newest first: base price and store overrides, who and from where. */
import { Card, Table, TableBody, TableCell, TableHead, TableHeader, TableRow, useUiLocale } from '@jowi/ui';
import type { ProductEditorQuery } from '../../../../__generated__/graphql.ts';
import { useProductFormOptionsQuery } from '../../../../__generated__/hooks.ts';
import { useI18n } from '../../../../i18n/provider.tsx';
import { formatDateTime, formatMoney } from '../../../../lib/format.ts';

/** Price changes are read in the business's zone (stores default to Tashkent). */
const BUSINESS_TIME_ZONE = 'Asia/Tashkent';

export function PriceHistory({ history }: { history: ProductEditorQuery['priceHistory'] }) {
  const t = useI18n().dict.catalog;
  const { dict } = useI18n();
  const options = useProductFormOptionsQuery({ ssr: false });
  const storeName = (id: string) => options.data?.stores.edges.find((e) => e.node.id === id)?.node.name ?? id;
  const money = (value: string | null | undefined) =>
    value ? `${formatMoney(value, dict)} ${dict.common.currency}` : '—';
  const { tag } = useUiLocale();
  return (
    <Card className="p-6">
      <h2 className="mb-4 text-lg font-semibold">{t.history.title}</h2>
      {history.length === 0 ? (
        <p className="text-sm text-muted-foreground">{t.history.empty}</p>
      ) : (
        <Table aria-label={t.history.title}>
          <TableHeader>
            <TableRow>
              <TableHead>{t.history.when}</TableHead>
              <TableHead>{t.history.where}</TableHead>
              <TableHead className="text-right">{t.history.oldPrice}</TableHead>
              <TableHead className="text-right">{t.history.newPrice}</TableHead>
              <TableHead>{t.history.who}</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {history.map((change) => (
              <TableRow key={change.id} data-testid="price-change">
                <TableCell className="whitespace-nowrap">
                  {formatDateTime(change.changedAt, tag, BUSINESS_TIME_ZONE)}
                </TableCell>
                <TableCell>
                  {change.storeId ? storeName(change.storeId) : t.history.basePrice}
                  <span className="ml-2 text-xs text-muted-foreground">
                    {t.history.sources[change.source] ?? change.source}
                  </span>
                </TableCell>
                <TableCell className="text-right tabular-nums whitespace-nowrap">
                  {money(change.oldPrice)}
                </TableCell>
                <TableCell
                  className="text-right tabular-nums whitespace-nowrap"
                  data-testid="price-change-new"
                >
                  {money(change.newPrice)}
                </TableCell>
                <TableCell className="font-mono text-xs text-muted-foreground">
                  {change.actor ?? '—'}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Card>
  );
}
