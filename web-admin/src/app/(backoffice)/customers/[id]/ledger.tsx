'use client';

/**
 * A customer's loyalty ledger, newest first, 50 entries a page with "show more": each page is its
 * own query (`after` the previous page's end cursor), so a merge or a refetch refreshes them all.
 * Entries a merge moved here name the duplicate they came from.
 */
import {
  Badge,
  Button,
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
import { useEffect, useRef, useState } from 'react';
import { CustomerLedgerDocument } from '../../../../__generated__/graphql.ts';
import { fill } from '../../../../i18n/dictionaries.ts';
import { useI18n } from '../../../../i18n/provider.tsx';
import { formatDateTime } from '../../../../lib/format.ts';
import { useCachedQuery } from '../../../../lib/use-cached-query.ts';

interface LedgerProps {
  customerId: string;
  timeZone: string;
  /** Names of the duplicates merged into this customer, by id. */
  mergedNames: ReadonlyMap<string, string>;
  /** Whether sale ids link to their receipts (`sales:read`). */
  linkSales: boolean;
}

function LedgerPage({
  after,
  onPageInfo,
  ...props
}: LedgerProps & {
  after: string | null;
  onPageInfo: (info: { hasNextPage: boolean; endCursor: string | null | undefined } | 'error') => void;
}) {
  const { dict } = useI18n();
  const { tag } = useUiLocale();
  const t = dict.customers;
  const { data, error } = useCachedQuery(CustomerLedgerDocument, { id: props.customerId, after });
  const ledger = data?.customer?.loyalty.ledger;
  // The parent's callback changes every render; the report only when this page's data does.
  const report = useRef(onPageInfo);
  report.current = onPageInfo;
  useEffect(() => {
    if (ledger) report.current(ledger.pageInfo);
    else if (error) report.current('error');
  }, [ledger, error]);
  return (
    <>
      {ledger?.edges.map(({ node }) => {
        const from = node.movedFrom
          ? (props.mergedNames.get(node.movedFrom) ?? node.movedFrom.slice(0, 8))
          : null;
        const negative = node.points.startsWith('-');
        return (
          <TableRow
            key={node.id}
            data-testid="ledger-entry"
            data-kind={node.kind}
            data-moved={node.movedFrom ? 'true' : 'false'}
          >
            <TableCell className="whitespace-nowrap">
              {formatDateTime(node.createdAt, tag, props.timeZone)}
            </TableCell>
            <TableCell>
              <Badge variant={node.kind === 'MERGE' ? 'secondary' : 'outline'}>{t.kinds[node.kind]}</Badge>
            </TableCell>
            <TableCell>
              {node.saleId && props.linkSales ? (
                <Link href={`/sales/${node.saleId}`} className="text-primary hover:underline">
                  {node.saleId.slice(0, 8)}
                </Link>
              ) : node.kind === 'MERGE' ? (
                (props.mergedNames.get(node.sourceId) ?? node.sourceId.slice(0, 8))
              ) : (
                '—'
              )}
            </TableCell>
            <TableCell className="text-sm text-muted-foreground">
              {/* A merge marker's reason is the server's English summary; its source names the duplicate. */}
              {node.kind === 'MERGE'
                ? '—'
                : [node.reason, from ? fill(t.movedFrom, { name: from }) : null]
                    .filter(Boolean)
                    .join(' · ') || '—'}
            </TableCell>
            <TableCell className={`text-right tabular-nums ${negative ? 'text-destructive' : ''}`}>
              <Money value={node.points} hideCurrency data-testid="ledger-points" />
            </TableCell>
          </TableRow>
        );
      })}
    </>
  );
}

export function Ledger(props: LedgerProps) {
  const { dict } = useI18n();
  const t = dict.customers;
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [last, setLast] = useState<
    { hasNextPage: boolean; endCursor: string | null | undefined } | 'error' | null
  >(null);
  const [empty, setEmpty] = useState(false);
  return (
    <div className="grid gap-3">
      <Table aria-label={t.ledger} data-testid="customer-ledger">
        <TableHeader>
          <TableRow>
            <TableHead>{t.ledgerColumns.time}</TableHead>
            <TableHead>{t.ledgerColumns.kind}</TableHead>
            <TableHead>{t.ledgerColumns.source}</TableHead>
            <TableHead>{t.ledgerColumns.note}</TableHead>
            <TableHead className="text-right">{t.ledgerColumns.points}</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {cursors.map((after, index) => (
            <LedgerPage
              key={after ?? 'first'}
              {...props}
              after={after}
              onPageInfo={(info) => {
                if (index !== cursors.length - 1) return;
                setLast(info);
                if (index === 0 && info !== 'error') setEmpty(!info.endCursor);
              }}
            />
          ))}
        </TableBody>
      </Table>
      {last === 'error' ? (
        <p role="alert" className="text-sm text-destructive">
          {dict.common.errorDescription}
        </p>
      ) : empty ? (
        <p className="text-sm text-muted-foreground">{t.noLedger}</p>
      ) : last?.hasNextPage && last.endCursor ? (
        <Button
          variant="outline"
          className="justify-self-center"
          onClick={() => setCursors([...cursors, last.endCursor ?? null])}
        >
          {t.loadMore}
        </Button>
      ) : null}
    </div>
  );
}
