'use client';

/**
 * The product list: search (debounced, server-side via `filter.search`), cursor paging with
 * "load more", and explicit loading, empty and error states. Data comes through the generated
 * `useProductsQuery` hook (operation in `products.graphql` next to this file).
 */
import { NetworkStatus } from '@apollo/client';
import {
  Badge,
  Button,
  Card,
  EmptyState,
  ErrorState,
  Input,
  Label,
  Select,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from '@jowi/ui';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import type { ProductsQuery } from '../../../__generated__/graphql.ts';
import { useProductFormOptionsQuery, useProductsQuery } from '../../../__generated__/hooks.ts';
import { fill } from '../../../i18n/dictionaries.ts';
import { useI18n } from '../../../i18n/provider.tsx';
import { formatMoney, formatQuantity } from '../../../lib/format.ts';
import { useDebouncedValue } from '../../../lib/use-debounced-value.ts';
import { categoryOptions } from './_form/category-options.ts';

const PAGE_SIZE = 25;
const SEARCH_DELAY_MS = 300;

type ProductNode = ProductsQuery['products']['edges'][number]['node'];
const ALL = '__all__';
const STATUSES = ['active', 'archived', 'all'] as const;
type Status = (typeof STATUSES)[number];

/** Category and status filters, kept in the URL so a reload or a shared link shows the same list. */
function useListFilters() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const raw = params.get('status');
  const status: Status = raw === 'archived' || raw === 'all' ? raw : 'active';
  const setFilter = (...pairs: string[]) => {
    const next = new URLSearchParams(params);
    for (let i = 0; i < pairs.length; i += 2) {
      if (pairs[i + 1]) next.set(pairs[i]!, pairs[i + 1]!);
      else next.delete(pairs[i]!);
    }
    const query = next.toString();
    router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
  };
  return { categoryId: params.get('category') ?? '', status, setFilter };
}

export function ProductsView() {
  const { dict } = useI18n();
  const t = dict.products;
  const catalog = dict.catalog;
  const [search, setSearch] = useState('');
  const term = useDebouncedValue(search.trim(), SEARCH_DELAY_MS);
  const [loadMoreFailed, setLoadMoreFailed] = useState(false);
  const { categoryId, status, setFilter } = useListFilters();
  const categories = useProductFormOptionsQuery({ ssr: false }).data?.categories ?? [];
  // A scanned or typed barcode (8–14 digits) looks the product up exactly; anything else is a search.
  const scanned = /^\d{8,14}$/.test(term);
  const filter = {
    search: term && !scanned ? term : null,
    barcode: scanned ? term : null,
    categoryId: categoryId || null,
    active: status === 'all' ? null : status === 'active',
  };

  const { data, previousData, error, networkStatus, fetchMore, refetch } = useProductsQuery({
    variables: { first: PAGE_SIZE, filter },
    notifyOnNetworkStatusChange: true,
    // Rendered on the server only as a loading state: the browser fetches through the BFF.
    ssr: false,
  });

  // While a new search loads, keep showing the previous rows (dimmed) instead of flashing a spinner.
  const shown = data ?? previousData;
  const edges = shown?.products.edges ?? [];
  const pageInfo = shown?.products.pageInfo;
  const refreshing = !data && Boolean(previousData) && !error;
  const loadingMore = networkStatus === NetworkStatus.fetchMore;

  const loadMore = () => {
    if (!pageInfo?.endCursor) return;
    setLoadMoreFailed(false);
    fetchMore({ variables: { after: pageInfo.endCursor } }).catch(() => setLoadMoreFailed(true));
  };

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
        <div className="flex w-full flex-col gap-1.5 sm:w-80">
          <Label htmlFor="product-search">{t.search}</Label>
          <Input
            id="product-search"
            type="search"
            autoComplete="off"
            placeholder={t.searchPlaceholder}
            value={search}
            onChange={(event) => setSearch(event.target.value)}
          />
        </div>
      </div>

      <fieldset className="flex flex-wrap items-end gap-4">
        <legend className="sr-only">{catalog.list.filters}</legend>
        <div className="grid w-64 gap-1.5">
          <Label htmlFor="product-category">{catalog.form.category}</Label>
          <Select
            id="product-category"
            value={categoryId || ALL}
            onValueChange={(value) => setFilter('category', value === ALL ? '' : value)}
            options={categoryOptions(categories, { value: ALL, label: catalog.list.allCategories })}
          />
        </div>
        <div className="grid w-48 gap-1.5">
          <Label htmlFor="product-status">{catalog.list.status}</Label>
          <Select
            id="product-status"
            value={status}
            onValueChange={(value) => setFilter('status', value === 'active' ? '' : value)}
            options={STATUSES.map((value) => ({ value, label: catalog.list.statuses[value] }))}
          />
        </div>
        {categoryId || status !== 'active' ? (
          <Button variant="ghost" onClick={() => setFilter('category', '', 'status', '')}>
            {catalog.list.clearFilters}
          </Button>
        ) : null}
      </fieldset>

      <Card className="overflow-hidden">
        {error && !loadingMore ? (
          <ErrorState
            className="m-4 border-0"
            title={t.errorTitle}
            description={t.errorDescription}
            retryLabel={dict.common.tryAgain}
            onRetry={() => void refetch().catch(() => undefined)}
          />
        ) : !shown ? (
          <div className="flex justify-center py-16">
            <Spinner size="lg" label={dict.common.loading} />
          </div>
        ) : edges.length === 0 ? (
          term ? (
            <EmptyState title={t.noMatchTitle} description={fill(t.noMatchDescription, { search: term })} />
          ) : categoryId || status !== 'active' ? (
            <EmptyState
              title={t.noMatchTitle}
              action={
                <Button variant="outline" onClick={() => setFilter('category', '', 'status', '')}>
                  {catalog.list.clearFilters}
                </Button>
              }
            />
          ) : (
            <EmptyState title={t.emptyTitle} description={t.emptyDescription} />
          )
        ) : (
          <div aria-busy={refreshing} className={refreshing ? 'opacity-60 transition-opacity' : undefined}>
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>{t.columns.name}</TableHead>
                  <TableHead>{t.columns.sku}</TableHead>
                  <TableHead className="text-right">{t.columns.price}</TableHead>
                  <TableHead>{t.columns.vat}</TableHead>
                  <TableHead>{t.columns.barcode}</TableHead>
                  <TableHead className="text-right">{t.columns.stock}</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {edges.map(({ node }) => (
                  <ProductRow key={node.id} product={node} />
                ))}
              </TableBody>
            </Table>
          </div>
        )}
      </Card>

      {shown && edges.length > 0 ? (
        <div className="flex flex-col items-center gap-2">
          <p className="text-sm text-muted-foreground" aria-live="polite">
            {fill(t.shown, { count: edges.length })}
          </p>
          {pageInfo?.hasNextPage ? (
            <Button variant="outline" loading={loadingMore} onClick={loadMore}>
              {t.loadMore}
            </Button>
          ) : null}
          {loadMoreFailed ? (
            <p role="alert" className="text-sm text-destructive">
              {t.errorTitle}
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

function ProductRow({ product }: { product: ProductNode }) {
  const { dict } = useI18n();
  const t = dict.products;
  const [barcode, ...moreBarcodes] = product.barcodes;
  const negative = product.stock.startsWith('-');
  return (
    <TableRow data-testid="product-row" data-sku={product.sku}>
      <TableCell className="min-w-44 font-medium">
        <Link href={`/products/${product.id}`} className="underline-offset-2 hover:underline">
          {product.name}
        </Link>
        {product.active ? null : (
          <Badge variant="secondary" className="ml-2">
            {t.archived}
          </Badge>
        )}
      </TableCell>
      <TableCell className="font-mono text-xs whitespace-nowrap text-muted-foreground">
        {product.sku}
      </TableCell>
      <TableCell className="text-right tabular-nums whitespace-nowrap">
        {formatMoney(product.price, dict)}{' '}
        <span className="text-muted-foreground">{dict.common.currency}</span>
      </TableCell>
      <TableCell>
        {product.vatRate === 0 ? (
          <Badge variant="outline">{t.vatExempt}</Badge>
        ) : (
          <Badge variant="secondary">{product.vatRate}%</Badge>
        )}
      </TableCell>
      <TableCell className="font-mono text-xs">
        {barcode ?? '—'}
        {moreBarcodes.length ? (
          <span className="ml-1 text-muted-foreground">+{moreBarcodes.length}</span>
        ) : null}
      </TableCell>
      <TableCell
        data-testid="product-stock"
        className={negative ? 'text-right tabular-nums text-destructive' : 'text-right tabular-nums'}
      >
        {formatQuantity(product.stock, dict)}{' '}
        <span className="text-muted-foreground">{t.units[product.unit] ?? product.unit}</span>
      </TableCell>
    </TableRow>
  );
}
