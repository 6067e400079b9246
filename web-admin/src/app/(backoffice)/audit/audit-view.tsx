'use client';

/**
 * The tenant's audit log, newest first: filters (action, entity type, actor, date range) in the
 * URL, server-side cursor paging, each entry's details as its JSON. "Verify chain" recomputes the
 * hash chain on the server and says plainly whether it is intact, and if not, where it breaks.
 */
import { Banner, Button, DataTable, type DataTableColumn, Input, Label, useUiLocale } from '@jowi/ui';
import { useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { AuditLogDocument, type AuditLogQuery } from '../../../__generated__/graphql.ts';
import { useVerifyAuditChainLazyQuery } from '../../../__generated__/hooks.ts';
import { PageHeader } from '../../../components/page-header.tsx';
import { fill } from '../../../i18n/dictionaries.ts';
import { useI18n } from '../../../i18n/provider.tsx';
import { dateTimeColumnWidth, formatDateTime } from '../../../lib/format.ts';
import { useSetSearchParams } from '../../../lib/url-state.ts';
import { useCachedQuery } from '../../../lib/use-cached-query.ts';
import { useCursorPaging } from '../../../lib/use-cursor-paging.ts';

type EntryRow = AuditLogQuery['auditLog']['edges'][number]['node'];
const PAGE_SIZE = 50;
const ZONE = 'Asia/Tashkent';
const FIELDS = ['action', 'entityType', 'actor', 'from', 'to'] as const;
type Field = (typeof FIELDS)[number];

/** A date (YYYY-MM-DD) as the instant its Tashkent day starts (+05:00, no daylight saving). */
const dayStart = (day: string | null, plusDays = 0) => {
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const at = new Date(`${day}T00:00:00+05:00`);
  at.setUTCDate(at.getUTCDate() + plusDays);
  return at.toISOString();
};

export function AuditView() {
  const { dict } = useI18n();
  const { tag } = useUiLocale();
  const t = dict.settings.audit;
  const c = dict.settings.common;
  const params = useSearchParams();
  const setParams = useSetSearchParams();
  const [draft, setDraft] = useState<Record<Field, string>>(
    Object.fromEntries(FIELDS.map((f) => [f, params.get(f) ?? ''])) as Record<Field, string>,
  );
  const filter = {
    action: params.get('action') || null,
    entityType: params.get('entityType') || null,
    actor: params.get('actor') || null,
    from: dayStart(params.get('from')),
    to: dayStart(params.get('to'), 1),
  };
  const paging = useCursorPaging(JSON.stringify(filter));
  const { data, error, loading, refetch } = useCachedQuery(AuditLogDocument, {
    first: PAGE_SIZE,
    after: paging.after,
    filter,
  });
  const [verify, verdict] = useVerifyAuditChainLazyQuery({ fetchPolicy: 'network-only' });
  const result = verdict.data?.verifyAuditChain;
  const filtered = Object.values(filter).some(Boolean);

  const columns: DataTableColumn<EntryRow>[] = [
    { id: 'seq', header: t.columns.seq, width: 70, align: 'end', cell: (row) => row.seq },
    {
      id: 'at',
      header: t.columns.at,
      width: dateTimeColumnWidth(tag),
      cell: (row) => (
        <span className="tabular-nums" data-testid="audit-time">
          {formatDateTime(String(row.createdAt), tag, ZONE)}
        </span>
      ),
    },
    { id: 'action', header: t.columns.action, cell: (row) => <code className="text-xs">{row.action}</code> },
    {
      id: 'entity',
      header: t.columns.entity,
      cell: (row) => (
        <span>
          {row.entityType}
          {row.entityId ? (
            <span className="block font-mono text-xs text-muted-foreground">{row.entityId}</span>
          ) : null}
        </span>
      ),
    },
    {
      id: 'actor',
      header: t.columns.actor,
      cell: (row) => <span className="font-mono text-xs">{row.actor ?? '—'}</span>,
    },
    { id: 'source', header: t.columns.source, width: 110, cell: (row) => row.source },
    {
      id: 'data',
      header: t.columns.data,
      cell: (row) => (
        <code className="line-clamp-2 max-w-md break-all text-xs" title={row.data}>
          {row.data}
        </code>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t.title}
        description={t.subtitle}
        actions={
          <Button onClick={() => void verify()} loading={verdict.loading} data-testid="verify-chain">
            {t.verify}
          </Button>
        }
      />
      {verdict.error ? (
        <Banner
          className="mb-4"
          variant="destructive"
          title={c.loadError}
          description={c.loadErrorDescription}
        />
      ) : null}
      {result ? (
        <Banner
          className="mb-4"
          data-testid="chain-verdict"
          variant={result.ok ? 'success' : 'destructive'}
          title={
            result.ok
              ? fill(t.chainOk, { entries: result.entries })
              : fill(result.problem === 'TAIL_MISSING' ? t.chainTail : t.chainBroken, {
                  seq: result.brokenAtSeq ?? '?',
                })
          }
          description={fill(t.chainDetail, { seq: result.headSeq, hash: `${result.headHash.slice(0, 16)}…` })}
        />
      ) : null}
      <form
        className="mb-4 flex flex-wrap items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          setParams(Object.fromEntries(FIELDS.map((f) => [f, draft[f].trim() || null])));
        }}
      >
        {FIELDS.map((f) => (
          <div key={f} className="grid gap-1">
            <Label htmlFor={`audit-${f}`}>{t.filters[f]}</Label>
            <Input
              id={`audit-${f}`}
              type={f === 'from' || f === 'to' ? 'date' : 'text'}
              className={f === 'actor' ? 'w-80' : 'w-44'}
              value={draft[f]}
              onChange={(e) => setDraft((d) => ({ ...d, [f]: e.target.value }))}
            />
          </div>
        ))}
        <Button type="submit" variant="outline">
          {t.filters.apply}
        </Button>
        {filtered ? (
          <Button
            type="button"
            variant="ghost"
            onClick={() => {
              setDraft({ action: '', entityType: '', actor: '', from: '', to: '' });
              setParams(Object.fromEntries(FIELDS.map((f) => [f, null])));
            }}
          >
            {c.clearFilters}
          </Button>
        ) : null}
      </form>
      <DataTable
        label={t.title}
        columns={columns}
        data={data?.auditLog.edges.map((e) => e.node) ?? []}
        getRowId={(row) => String(row.seq)}
        loading={loading}
        error={error && !data ? c.loadErrorDescription : null}
        onRetry={() => void refetch()}
        pagination={{ pageIndex: paging.pageIndex, pageSize: PAGE_SIZE }}
        onPaginationChange={(page) => paging.changePage(page, data?.auditLog.pageInfo.endCursor)}
        pageSizes={[PAGE_SIZE]}
        hasNextPage={data?.auditLog.pageInfo.hasNextPage ?? false}
        emptyState={
          <div className="grid gap-1 p-6 text-center">
            <p className="font-medium">{t.emptyTitle}</p>
            <p className="text-sm text-muted-foreground">{filtered ? c.noResults : t.emptyDescription}</p>
          </div>
        }
      />
    </>
  );
}
