'use client';

/**
 * The customers list: a server-side search by phone digits or name words (`filter.search`,
 * debounced, kept in the URL as `q`), numbered cursor pages, and the loading, empty, no-match and
 * error states. A row opens the customer's profile.
 */
import { Badge, Button, DataTable, type DataTableColumn, Input, Label, Money, useUiLocale } from '@jowi/ui';
import { useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useState } from 'react';
import { CustomersListDocument, type CustomersListQuery } from '../../../__generated__/graphql.ts';
import { PageHeader } from '../../../components/page-header.tsx';
import { fill } from '../../../i18n/dictionaries.ts';
import { useI18n } from '../../../i18n/provider.tsx';
import { dateTimeColumnWidth, formatDateTime } from '../../../lib/format.ts';
import { useSetSearchParams } from '../../../lib/url-state.ts';
import { useCachedQuery } from '../../../lib/use-cached-query.ts';
import { useCursorPaging } from '../../../lib/use-cursor-paging.ts';
import { useDebouncedValue } from '../../../lib/use-debounced-value.ts';

type CustomerRow = CustomersListQuery['customers']['edges'][number]['node'];

const PAGE_SIZE = 25;
const SEARCH_DELAY_MS = 300;

export function CustomersView({ timeZone }: { timeZone: string }) {
  const { dict } = useI18n();
  const { tag } = useUiLocale();
  const t = dict.customers;
  const router = useRouter();
  const params = useSearchParams();
  const setParams = useSetSearchParams();
  const [search, setSearch] = useState(params.get('q') ?? '');
  const term = useDebouncedValue(search.trim(), SEARCH_DELAY_MS);
  useEffect(() => setParams({ q: term || null }), [term, setParams]);
  const paging = useCursorPaging(term);
  const { data, error, loading, refetch } = useCachedQuery(CustomersListDocument, {
    first: PAGE_SIZE,
    after: paging.after,
    filter: term ? { search: term } : null,
  });
  const rows = data?.customers.edges.map((edge) => edge.node) ?? [];

  const columns: DataTableColumn<CustomerRow>[] = [
    {
      id: 'name',
      header: t.columns.name,
      cell: (row) => <span className="font-medium">{row.name ?? t.noName}</span>,
    },
    {
      id: 'phone',
      header: t.columns.phone,
      width: 170,
      cell: (row) => (
        <span className="tabular-nums" data-testid="customer-phone">
          {row.phone}
        </span>
      ),
    },
    {
      id: 'tags',
      header: t.columns.tags,
      cell: (row) =>
        row.tags.length ? (
          <span className="flex flex-wrap gap-1">
            {row.tags.map((name) => (
              <Badge key={name} variant="outline">
                {name}
              </Badge>
            ))}
          </span>
        ) : (
          '—'
        ),
    },
    { id: 'tier', header: t.columns.tier, cell: (row) => row.loyalty.tier?.name ?? '—' },
    {
      id: 'created',
      header: t.columns.created,
      width: dateTimeColumnWidth(tag),
      cell: (row) => formatDateTime(row.createdAt, tag, timeZone),
    },
    {
      id: 'balance',
      header: t.columns.balance,
      align: 'end',
      cell: (row) => (
        <span className={row.loyalty.overdrawn ? 'text-destructive' : undefined}>
          <Money value={row.loyalty.balance} hideCurrency />
          {row.loyalty.overdrawn ? <span className="sr-only"> ({t.overdrawn})</span> : null}
        </span>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t.title}
        description={t.subtitle}
        actions={
          <div className="grid w-72 gap-1">
            <Label htmlFor="customer-search">{t.search}</Label>
            <Input
              id="customer-search"
              type="search"
              autoComplete="off"
              placeholder={t.searchPlaceholder}
              value={search}
              onChange={(event) => setSearch(event.target.value)}
              data-testid="customer-search"
            />
          </div>
        }
      />
      <DataTable
        label={t.title}
        columns={columns}
        data={rows}
        getRowId={(row) => row.id}
        loading={loading}
        error={error && !data ? dict.common.errorDescription : null}
        onRetry={() => void refetch()}
        pagination={{ pageIndex: paging.pageIndex, pageSize: PAGE_SIZE }}
        onPaginationChange={(page) => paging.changePage(page, data?.customers.pageInfo.endCursor)}
        pageSizes={[PAGE_SIZE]}
        hasNextPage={data?.customers.pageInfo.hasNextPage ?? false}
        onRowActivate={(row) => router.push(`/customers/${row.id}`)}
        emptyState={
          term ? (
            <div className="grid justify-items-center gap-2 p-6 text-center">
              <p className="font-medium">{t.noMatchTitle}</p>
              <p className="text-sm text-muted-foreground">{fill(t.noMatchDescription, { search: term })}</p>
              <Button variant="outline" size="sm" onClick={() => setSearch('')}>
                {t.clearSearch}
              </Button>
            </div>
          ) : (
            <div className="grid gap-1 p-6 text-center">
              <p className="font-medium">{t.emptyTitle}</p>
              <p className="text-sm text-muted-foreground">{t.emptyDescription}</p>
            </div>
          )
        }
      />
    </>
  );
}
