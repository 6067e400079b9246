'use client';

/**
 * A count sheet. People type what they count, line after line: Enter saves the line
 * (`recordCount`) and moves to the next, so a whole shelf is counted without the mouse. Each line
 * shows the level when the sheet was opened, the level now, the count and the difference the
 * posting would write.
 *
 * Why "now": selling goes on during a count, and `postStockTake` compares each count with the
 * level *at posting time* (it locks the levels and writes counted − level). A sale made before a
 * product was counted is therefore not mistaken for a loss; a sale after it was counted is (the
 * banner says to recount then). The post dialog lists exactly those adjustments before asking.
 */
import { useMutation } from '@apollo/client/react';
import { formatQuantity, parseQuantity } from '@jowi/receipt';
import {
  Banner,
  Button,
  Card,
  Dialog,
  DialogContent,
  DialogFooter,
  EmptyState,
  Quantity,
  QuantityInput,
  useToast,
  useUiLocale,
} from '@jowi/ui';
import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import {
  InventoryStockTakeDocument,
  InventoryStockTakeLevelsDocument,
  PostStockTakeDocument,
  RecordCountDocument,
  type StockTakeFieldsFragment,
} from '../../../../../__generated__/graphql.ts';
import { PageHeader } from '../../../../../components/page-header.tsx';
import { QueryState } from '../../../../../components/query-state.tsx';
import { fill } from '../../../../../i18n/dictionaries.ts';
import { useI18n } from '../../../../../i18n/provider.tsx';
import { unitName } from '../../../../../i18n/units.ts';
import { formatDateTime } from '../../../../../lib/format.ts';
import { useCachedQuery } from '../../../../../lib/use-cached-query.ts';
import { userErrorText } from '../../_ops/lines.tsx';
import { type PickedProduct, ProductPicker } from '../../_shared/product-picker.tsx';
import { StockTakeStatusBadge } from '../stock-takes-view.tsx';

type Line = StockTakeFieldsFragment['lines'][number];
type SaveState = 'saving' | 'saved' | 'failed';

/** How often the "now" column is refreshed while the sheet is open. */
const LEVELS_POLL_MS = 15_000;

/** A signed quantity with its sign, e.g. "+2" or "−1,5"; zero as "0". */
function SignedQuantity({ milli, unit }: { milli: bigint; unit?: string }) {
  const className = milli < 0n ? 'text-destructive' : milli > 0n ? 'text-success' : 'text-muted-foreground';
  return (
    <span className={className} data-milli={String(milli)}>
      {milli > 0n ? '+' : ''}
      <Quantity value={milli} unit={unit} />
    </span>
  );
}

export function CountSheet({ id, timeZone, canWrite }: { id: string; timeZone: string; canWrite: boolean }) {
  const { dict } = useI18n();
  const { tag } = useUiLocale();
  const t = dict.inventoryOps;
  const s = t.stockTakes.sheet;
  const { toast } = useToast();
  const { data, error, refetch } = useCachedQuery(InventoryStockTakeDocument, { id });
  const take = data?.stockTake;
  const open = take?.status === 'OPEN';
  const levels = useCachedQuery(
    InventoryStockTakeLevelsDocument,
    { id, storeId: take?.store.id ?? '' },
    { skip: !take || !open },
  );
  const [record] = useMutation(RecordCountDocument);
  const [post, { loading: posting }] = useMutation(PostStockTakeDocument);
  const [drafts, setDrafts] = useState<Record<string, string | null>>({});
  const [saves, setSaves] = useState<Record<string, SaveState>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [adding, setAdding] = useState<{ product: PickedProduct; quantity: string | null } | null>(null);
  const inputs = useRef(new Map<string, HTMLInputElement>());
  /** The value each line is being saved with: Enter then blur must not send it twice. */
  const inFlight = useRef(new Map<string, string>());
  const { startPolling, stopPolling } = levels;

  // Poll the levels while the sheet is open, so "now" follows the sales made during the count.
  useEffect(() => {
    if (!open) return;
    startPolling(LEVELS_POLL_MS);
    return () => stopPolling();
  }, [open, startPolling, stopPolling]);

  if (!take) {
    return data && !take ? (
      <Card>
        <EmptyState title={s.notFound} action={<Link href="/inventory/stock-takes">{s.back}</Link>} />
      </Card>
    ) : (
      <QueryState error={error} onRetry={() => void refetch()} />
    );
  }

  const now = new Map(
    levels.data?.stockTake?.lines.map((line) => [line.product.id, parseQuantity(line.product.stock)]) ?? [],
  );
  const countedOf = (line: Line): string | null =>
    line.product.id in drafts ? (drafts[line.product.id] ?? null) : line.counted;
  const levelOf = (line: Line): bigint => now.get(line.product.id) ?? parseQuantity(line.expected);
  const differenceOf = (line: Line): bigint | null => {
    const counted = countedOf(line);
    return counted === null ? null : parseQuantity(counted) - levelOf(line);
  };

  const save = async (line: Line): Promise<boolean> => {
    const value = drafts[line.product.id];
    if (value === undefined || value === null || value === line.counted) return true;
    if (inFlight.current.get(line.product.id) === value) return true;
    inFlight.current.set(line.product.id, value);
    setSaves((all) => ({ ...all, [line.product.id]: 'saving' }));
    setProblem(null);
    try {
      const { data: result } = await record({
        variables: { input: { stockTakeId: id, counts: [{ productId: line.product.id, quantity: value }] } },
      });
      const failure = result?.recordCount.errors[0];
      if (failure) {
        setSaves((all) => ({ ...all, [line.product.id]: 'failed' }));
        setProblem(userErrorText(dict, failure.code));
        return false;
      }
      setSaves((all) => ({ ...all, [line.product.id]: 'saved' }));
      void levels.refetch();
      return true;
    } catch {
      setSaves((all) => ({ ...all, [line.product.id]: 'failed' }));
      setProblem(dict.common.errorDescription);
      return false;
    } finally {
      inFlight.current.delete(line.product.id);
    }
  };

  const focusLine = (index: number) => {
    const next = take.lines[index];
    const input = next ? inputs.current.get(next.product.id) : undefined;
    input?.focus();
    input?.select();
  };

  // A product not on the sheet joins it with its first count (`recordCount` adds it).
  const addProduct = async () => {
    if (!adding?.quantity) return;
    setProblem(null);
    try {
      const { data: result } = await record({
        variables: {
          input: { stockTakeId: id, counts: [{ productId: adding.product.id, quantity: adding.quantity }] },
        },
      });
      const failure = result?.recordCount.errors[0];
      if (failure) return setProblem(userErrorText(dict, failure.code));
      setAdding(null);
      void levels.refetch();
    } catch {
      setProblem(dict.common.errorDescription);
    }
  };

  const counted = take.lines.filter((line) => line.counted !== null);
  const adjustments = counted
    .map((line) => ({ line, milli: parseQuantity(line.counted!) - levelOf(line) }))
    .filter((entry) => entry.milli !== 0n);

  const confirmPost = async () => {
    setProblem(null);
    try {
      const { data: result } = await post({ variables: { input: { stockTakeId: id } } });
      const failure = result?.postStockTake.errors[0];
      if (failure) {
        setConfirming(false);
        return setProblem(userErrorText(dict, failure.code));
      }
      setConfirming(false);
      toast({ title: s.posted, variant: 'success' });
    } catch {
      setProblem(dict.common.errorDescription);
    }
  };

  return (
    <>
      <PageHeader
        title={fill(s.title, { store: take.store.name })}
        description={
          <span className="flex flex-wrap items-center gap-3">
            <Link href="/inventory/stock-takes" className="underline underline-offset-4">
              {s.back}
            </Link>
            <span>{formatDateTime(take.createdAt, tag, timeZone)}</span>
            <StockTakeStatusBadge status={take.status} />
            {take.partial ? <span>{t.stockTakes.partial}</span> : null}
          </span>
        }
        actions={
          open && canWrite ? (
            <Button
              onClick={() => {
                void levels.refetch();
                setConfirming(true);
              }}
              data-testid="post-stock-take"
            >
              {s.post}
            </Button>
          ) : null
        }
      />
      <div className="grid gap-4">
        {open ? (
          <Banner title={s.midCountTitle} description={s.midCount} data-testid="mid-count-note" />
        ) : (
          <Banner variant="success" title={s.postedBanner} />
        )}
        {problem ? <Banner variant="destructive" title={problem} data-testid="count-error" /> : null}
        {open && !canWrite ? <p className="text-sm text-muted-foreground">{t.readOnly}</p> : null}
        <Card className="overflow-x-auto p-0">
          <table className="w-full text-sm" data-testid="count-sheet">
            <thead>
              <tr className="border-b border-border text-left text-muted-foreground">
                <th className="px-4 py-2 font-medium">{s.columns.product}</th>
                <th className="px-4 py-2 text-right font-medium">{s.columns.expected}</th>
                <th className="px-4 py-2 text-right font-medium">
                  {open ? s.columns.now : s.columns.levelAtPosting}
                </th>
                <th className="w-44 px-4 py-2 text-right font-medium">{s.columns.counted}</th>
                <th className="px-4 py-2 text-right font-medium">
                  {open ? s.columns.difference : s.columns.adjustment}
                </th>
                <th className="w-24 px-4 py-2" />
              </tr>
            </thead>
            <tbody>
              {take.lines.map((line, index) => {
                const difference = differenceOf(line);
                const unit = unitName(dict, line.product.unit);
                return (
                  <tr
                    key={line.product.id}
                    className="border-b border-border last:border-0"
                    data-testid="count-line"
                  >
                    <td className="px-4 py-2">
                      <span className="font-medium">{line.product.name}</span>{' '}
                      <span className="text-muted-foreground">{line.product.sku}</span>
                    </td>
                    <td className="px-4 py-2 text-right">
                      <Quantity value={line.expected} unit={unit} />
                    </td>
                    <td className="px-4 py-2 text-right" data-testid="count-now">
                      {open ? (
                        <Quantity value={formatQuantity(levelOf(line))} unit={unit} />
                      ) : line.levelAtPosting !== null ? (
                        <Quantity value={line.levelAtPosting} unit={unit} />
                      ) : (
                        '—'
                      )}
                    </td>
                    <td className="px-4 py-2 text-right">
                      {open && canWrite ? (
                        <QuantityInput
                          ref={(element: HTMLInputElement | null) => {
                            if (element) inputs.current.set(line.product.id, element);
                            else inputs.current.delete(line.product.id);
                          }}
                          aria-label={`${s.columns.counted}: ${line.product.name}`}
                          value={countedOf(line)}
                          suffix={unit}
                          onValueChange={(value) =>
                            setDrafts((all) => ({ ...all, [line.product.id]: value }))
                          }
                          onKeyDown={(event) => {
                            if (event.key === 'Enter' || (event.key === 'ArrowDown' && !event.shiftKey)) {
                              event.preventDefault();
                              void save(line);
                              focusLine(index + 1);
                            } else if (event.key === 'ArrowUp') {
                              event.preventDefault();
                              focusLine(index - 1);
                            }
                          }}
                          onBlur={() => void save(line)}
                          data-testid={`count-input-${line.product.id}`}
                        />
                      ) : line.counted !== null ? (
                        <Quantity value={line.counted} unit={unit} />
                      ) : (
                        '—'
                      )}
                    </td>
                    <td className="px-4 py-2 text-right" data-testid="count-difference">
                      {open ? (
                        difference === null ? (
                          '—'
                        ) : (
                          <SignedQuantity milli={difference} unit={unit} />
                        )
                      ) : line.adjustment !== null ? (
                        <SignedQuantity milli={parseQuantity(line.adjustment)} unit={unit} />
                      ) : (
                        '—'
                      )}
                    </td>
                    <td className="px-4 py-2 text-right text-xs text-muted-foreground" aria-live="polite">
                      {saves[line.product.id] === 'saving'
                        ? s.saving
                        : saves[line.product.id] === 'saved'
                          ? s.saved
                          : saves[line.product.id] === 'failed'
                            ? '!'
                            : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </Card>
        {open && canWrite ? (
          <>
            <p className="text-sm text-muted-foreground">{s.keyboardHint}</p>
            <div className="max-w-md">
              <ProductPicker
                label={s.addProduct}
                testId="count-add"
                onPick={(product) => {
                  // Already on the sheet: go to its line instead.
                  const onSheet = inputs.current.get(product.id);
                  if (onSheet) return onSheet.focus();
                  setAdding({ product, quantity: null });
                  requestAnimationFrame(() =>
                    document.querySelector<HTMLInputElement>('[data-testid="count-add-quantity"]')?.focus(),
                  );
                }}
              />
              {adding ? (
                <div className="mt-2 flex items-center gap-2">
                  <span className="flex-1 font-medium">{adding.product.name}</span>
                  <QuantityInput
                    className="w-40"
                    aria-label={`${s.columns.counted}: ${adding.product.name}`}
                    value={adding.quantity}
                    suffix={unitName(dict, adding.product.unit)}
                    onValueChange={(quantity) => setAdding({ ...adding, quantity })}
                    onKeyDown={(event) => {
                      if (event.key !== 'Enter') return;
                      event.preventDefault();
                      void addProduct();
                    }}
                    data-testid="count-add-quantity"
                  />
                  <Button size="sm" onClick={() => void addProduct()} disabled={!adding.quantity}>
                    {s.add}
                  </Button>
                </div>
              ) : null}
            </div>
          </>
        ) : null}
      </div>
      <Dialog open={confirming} onOpenChange={(next) => (posting ? undefined : setConfirming(next))}>
        <DialogContent title={s.postTitle} description={s.postDescription} className="max-w-xl">
          {adjustments.length === 0 ? (
            <p className="text-sm">{s.noAdjustments}</p>
          ) : (
            <table className="w-full text-sm" data-testid="post-adjustments">
              <thead>
                <tr className="text-left text-muted-foreground">
                  <th className="py-1 font-medium">{s.columns.product}</th>
                  <th className="py-1 text-right font-medium">{s.columns.now}</th>
                  <th className="py-1 text-right font-medium">{s.columns.counted}</th>
                  <th className="py-1 text-right font-medium">{s.columns.adjustment}</th>
                </tr>
              </thead>
              <tbody>
                {adjustments.map(({ line, milli }) => (
                  <tr key={line.product.id} className="border-t border-border">
                    <td className="py-1.5">{line.product.name}</td>
                    <td className="py-1.5 text-right">
                      <Quantity value={levelOf(line)} unit={unitName(dict, line.product.unit)} />
                    </td>
                    <td className="py-1.5 text-right">
                      <Quantity value={line.counted!} unit={unitName(dict, line.product.unit)} />
                    </td>
                    <td className="py-1.5 text-right">
                      <SignedQuantity milli={milli} unit={unitName(dict, line.product.unit)} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {take.lines.length > counted.length ? (
            <p className="text-sm text-muted-foreground">
              {fill(s.uncounted, { count: take.lines.length - counted.length })}
            </p>
          ) : null}
          <DialogFooter>
            <Button variant="outline" disabled={posting} onClick={() => setConfirming(false)}>
              {t.cancel}
            </Button>
            <Button
              loading={posting}
              onClick={() => void confirmPost()}
              data-testid="post-stock-take-confirm"
            >
              {s.confirmPost}
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </>
  );
}
