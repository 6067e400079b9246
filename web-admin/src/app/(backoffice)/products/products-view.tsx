'use client';

/**
 * The product list on the virtualised `DataTable` of @jowi/ui: the server searches (words of the
 * name, SKU, barcode; 8–14 digits look a barcode up exactly), filters (category tree, active /
 * archived / all), sorts (name, price) and pages (keyset cursors mapped onto page numbers by
 * `useCursorPaging`); the sticky header, column menu, keyboard rows (↑/↓, PageUp/PageDown,
 * Home/End, Enter opens the product) and the loading, empty, no-results and error states are the
 * table's own. Search, filters and sort live in the URL (`q`, `category`, `status`, `sort`,
 * `dir`), written with `history.replaceState`, so a reload or a shared link shows the same list
 * and a change never asks the server for the page again.
 */
import { Badge, Button, DataTable, type DataTableColumn, Label, Select } from '@jowi/ui';
import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import {
  ProductsDocument,
  type ProductsQuery,
  type ProductsQueryVariables,
} from '../../../__generated__/graphql.ts';
import { useProductFormOptionsQuery, useProductsQuery } from '../../../__generated__/hooks.ts';
import { useI18n } from '../../../i18n/provider.tsx';
import { unitName } from '../../../i18n/units.ts';
import { formatMoney, formatQuantity } from '../../../lib/format.ts';
import { type QuerySeed, useSeed } from '../../../lib/use-cached-query.ts';
import { useCursorPaging } from '../../../lib/use-cursor-paging.ts';
import { categoryOptions } from './_form/category-options.ts';
import { listStateOf, PAGE_SIZES, queryOf, STATUSES } from './list-query.ts';

const ALL = '__all__';
type ProductNode = ProductsQuery['products']['edges'][number]['node'];

/**
 * The list's state: read from the URL once, then held here and mirrored back to the URL with
 * `history.replaceState` (so a reload or a shared link shows the same list).
 */
function useListState() {
  const initial = useSearchParams();
  const [params, setQuery] = useState(() => new URLSearchParams(initial.toString()));
  const setParams = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params.toString());
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === '') next.delete(key);
      else next.set(key, value);
    }
    setQuery(next);
    const search = next.toString();
    window.history.replaceState(
      window.history.state,
      '',
      `${window.location.pathname}${search ? `?${search}` : ''}`,
    );
  };
  return {
    ...listStateOf(params),
    setParams,
  };
}

export interface ProductsViewProps {
  /** The first page for the URL's list state, read by the page on the server (null when it could not). */
  seed?: QuerySeed<ProductsQuery, ProductsQueryVariables> | null;
}

export function ProductsView({ seed }: ProductsViewProps) {
  const { dict } = useI18n();
  const t = dict.products;
  const catalog = dict.catalog;
  const router = useRouter();
  const state = useListState();
  const { categoryId, status, setParams } = state;
  const [pageSize, setPageSize] = useState(PAGE_SIZES[0]!);
  const categories = useProductFormOptionsQuery({ ssr: false }).data?.categories ?? [];
  const { filter, orderBy } = queryOf(state);
  const paging = useCursorPaging(JSON.stringify({ filter, orderBy, pageSize }));

  // The server's first page goes to the cache before the query reads it: the rows are in the HTML
  // and the browser does not ask for them again.
  useSeed(ProductsDocument, seed);
  const { data, previousData, error, loading, refetch } = useProductsQuery({
    variables: { first: pageSize, after: paging.after, filter, orderBy },
    notifyOnNetworkStatusChange: true,
  });
  // While a new page or search loads, the previous rows stay (dimmed) instead of a skeleton.
  const shown = data ?? previousData;
  const rows = shown?.products.edges.map((edge) => edge.node) ?? [];
  const filtersApplied = Boolean(categoryId) || status !== 'active';

  const columns: DataTableColumn<ProductNode>[] = [
    {
      id: 'name',
      header: t.columns.name,
      sortable: true,
      hideable: false,
      cell: (product) => (
        <span data-testid="product-name" data-sku={product.sku} className="font-medium">
          <Link
            href={`/products/${product.id}`}
            className="underline-offset-2 hover:underline"
            // The row opens the product on click and Enter; the link is for new tabs and screen readers.
            onClick={(event) => event.stopPropagation()}
            tabIndex={-1}
          >
            {product.name}
          </Link>
          {product.active ? null : (
            <Badge variant="secondary" className="ml-2">
              {t.archived}
            </Badge>
          )}
        </span>
      ),
    },
    {
      id: 'sku',
      header: t.columns.sku,
      width: 150,
      cell: (product) => <span className="font-mono text-xs text-muted-foreground">{product.sku}</span>,
    },
    {
      id: 'price',
      header: t.columns.price,
      sortable: true,
      align: 'end',
      width: 150,
      cell: (product) => (
        <>
          {formatMoney(product.price, dict)}{' '}
          <span className="text-muted-foreground">{dict.common.currency}</span>
        </>
      ),
    },
    {
      id: 'vat',
      header: t.columns.vat,
      width: 90,
      cell: (product) =>
        product.vatRate === 0 ? (
          <Badge variant="outline">{t.vatExempt}</Badge>
        ) : (
          <Badge variant="secondary">{product.vatRate}%</Badge>
        ),
    },
    {
      id: 'barcode',
      header: t.columns.barcode,
      width: 170,
      cell: (product) => {
        const [barcode, ...more] = product.barcodes;
        return (
          <span className="font-mono text-xs">
            {barcode ?? '—'}
            {more.length ? <span className="ml-1 text-muted-foreground">+{more.length}</span> : null}
          </span>
        );
      },
    },
    {
      id: 'stock',
      header: t.columns.stock,
      align: 'end',
      width: 130,
      cell: (product) => (
        <span
          data-testid="product-stock"
          className={product.stock.startsWith('-') ? 'text-destructive' : undefined}
        >
          {formatQuantity(product.stock, dict)}{' '}
          <span className="text-muted-foreground">{unitName(dict, product.unit)}</span>
        </span>
      ),
    },
  ];

  const clearFilters = () => setParams({ category: null, status: null, q: null });

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">{t.title}</h1>
          <p className="text-sm text-muted-foreground">{t.subtitle}</p>
        </div>
        <div className="flex flex-wrap gap-2">
          <Button asChild>
            <Link href="/products/new">{catalog.form.titleNew}</Link>
          </Button>
          <Button asChild variant="outline">
            <Link href="/products/import">{catalog.import.link}</Link>
          </Button>
        </div>
      </div>

      <DataTable
        label={t.title}
        columns={columns}
        data={rows}
        getRowId={(product) => product.id}
        search={state.search}
        onSearchChange={(q) => setParams({ q })}
        sorting={state.sorting}
        onSortingChange={(next) => {
          const key = next[0];
          setParams({ sort: key?.id ?? null, dir: key?.desc ? 'desc' : null });
        }}
        pagination={{ pageIndex: paging.pageIndex, pageSize }}
        onPaginationChange={(page) => {
          if (page.pageSize !== pageSize) setPageSize(page.pageSize);
          else paging.changePage(page, shown?.products.pageInfo.endCursor);
        }}
        pageSizes={PAGE_SIZES}
        hasNextPage={shown?.products.pageInfo.hasNextPage ?? false}
        loading={loading}
        error={error && !shown ? t.errorDescription : null}
        onRetry={() => void refetch().catch(() => undefined)}
        onRowActivate={(product) => router.push(`/products/${product.id}`)}
        maxHeight="calc(100vh - 18rem)"
        messages={{ search: t.search, errorTitle: t.errorTitle, noResults: t.noMatchTitle }}
        emptyState={
          <div className="grid gap-1 p-6 text-center">
            <p className="font-medium">{t.emptyTitle}</p>
            <p className="text-sm text-muted-foreground">{t.emptyDescription}</p>
          </div>
        }
        toolbar={
          <fieldset className="flex flex-wrap items-end gap-3">
            <legend className="sr-only">{catalog.list.filters}</legend>
            <div className="grid w-56 gap-1">
              <Label htmlFor="product-category">{catalog.form.category}</Label>
              <Select
                id="product-category"
                value={categoryId || ALL}
                onValueChange={(value) => setParams({ category: value === ALL ? null : value })}
                options={categoryOptions(categories, { value: ALL, label: catalog.list.allCategories })}
              />
            </div>
            <div className="grid w-40 gap-1">
              <Label htmlFor="product-status">{catalog.list.status}</Label>
              <Select
                id="product-status"
                value={status}
                onValueChange={(value) => setParams({ status: value === 'active' ? null : value })}
                options={STATUSES.map((value) => ({ value, label: catalog.list.statuses[value] }))}
              />
            </div>
            {filtersApplied ? (
              <Button variant="ghost" onClick={clearFilters}>
                {catalog.list.clearFilters}
              </Button>
            ) : null}
          </fieldset>
        }
      />
    </div>
  );
}
