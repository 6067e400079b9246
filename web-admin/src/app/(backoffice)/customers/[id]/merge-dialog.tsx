'use client';

/**
 * Merging a duplicate into the customer on screen: search the other record by phone or name,
 * choose it, confirm (naming both and the points that move), then `mergeCustomers` keeps this
 * customer and folds the chosen one into it. The page then shows the combined ledger.
 */
import { useMutation } from '@apollo/client/react';
import {
  Banner,
  Button,
  ConfirmDialog,
  Dialog,
  DialogContent,
  FormField,
  Input,
  Money,
  Spinner,
  useToast,
} from '@jowi/ui';
import { useState } from 'react';
import {
  type CustomerDetailQuery,
  MergeCandidatesDocument,
  type MergeCandidatesQuery,
  MergeCustomersDocument,
} from '../../../../__generated__/graphql.ts';
import { type CustomersFormErrorCode, fill } from '../../../../i18n/dictionaries.ts';
import { useI18n } from '../../../../i18n/provider.tsx';
import { formatMoney } from '../../../../lib/format.ts';
import { useCachedQuery } from '../../../../lib/use-cached-query.ts';
import { useDebouncedValue } from '../../../../lib/use-debounced-value.ts';

type Customer = NonNullable<CustomerDetailQuery['customer']>;
type Candidate = MergeCandidatesQuery['customers']['edges'][number]['node'];

export function MergeDialog({
  keep,
  open,
  onOpenChange,
  onMerged,
}: {
  keep: Customer;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onMerged: () => void;
}) {
  const { dict } = useI18n();
  const t = dict.customers.merge;
  const { toast } = useToast();
  const [search, setSearch] = useState('');
  const term = useDebouncedValue(search.trim(), 300);
  const [chosen, setChosen] = useState<Candidate | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const { data, loading } = useCachedQuery(MergeCandidatesDocument, { search: term }, { skip: !term });
  const [merge] = useMutation(MergeCustomersDocument);
  const candidates = term
    ? (data?.customers.edges.map((edge) => edge.node).filter((node) => node.id !== keep.id) ?? [])
    : [];
  const name = (c: { name?: string | null; phone: string }) => (c.name ? `${c.name} (${c.phone})` : c.phone);

  const confirm = async () => {
    if (!chosen) return;
    setProblem(null);
    try {
      const { data: result } = await merge({ variables: { input: { keepId: keep.id, mergeId: chosen.id } } });
      const error = result?.mergeCustomers.errors[0];
      if (error) {
        const known: Record<string, string> = dict.customers.errors satisfies Record<
          CustomersFormErrorCode,
          string
        >;
        setProblem(known[error.code] ?? fill(dict.customers.unknownError, { code: error.code }));
        return;
      }
      setChosen(null);
      onOpenChange(false);
      toast({ title: t.done, variant: 'success' });
      onMerged();
    } catch {
      setProblem(dict.common.errorDescription);
    }
  };

  return (
    <>
      <Dialog open={open && !chosen} onOpenChange={onOpenChange}>
        <DialogContent title={t.title} description={t.description} className="max-w-xl">
          <FormField label={t.search}>
            <Input
              type="search"
              autoComplete="off"
              autoFocus
              placeholder={t.searchPlaceholder}
              value={search}
              onChange={(event) => setSearch(event.target.value)}
              data-testid="merge-search"
            />
          </FormField>
          {problem ? <Banner variant="destructive" title={problem} data-testid="merge-error" /> : null}
          {term && loading && !data ? (
            <div className="flex justify-center py-4">
              <Spinner label={dict.common.loading} />
            </div>
          ) : term && candidates.length === 0 ? (
            <p className="text-sm text-muted-foreground">{t.noMatch}</p>
          ) : (
            <ul className="grid gap-2" aria-label={t.search}>
              {candidates.map((candidate) => (
                <li
                  key={candidate.id}
                  className="flex items-center justify-between gap-3 rounded-md border border-border p-3"
                  data-testid="merge-candidate"
                >
                  <span className="grid">
                    <span className="font-medium">{candidate.name ?? dict.customers.noName}</span>
                    <span className="text-sm tabular-nums text-muted-foreground">{candidate.phone}</span>
                  </span>
                  <span className="flex items-center gap-3">
                    <Money value={candidate.loyalty.balance} hideCurrency />
                    <Button size="sm" variant="outline" onClick={() => setChosen(candidate)}>
                      {t.pick}
                    </Button>
                  </span>
                </li>
              ))}
            </ul>
          )}
        </DialogContent>
      </Dialog>
      <ConfirmDialog
        open={Boolean(chosen)}
        onOpenChange={(next) => {
          if (!next) setChosen(null);
        }}
        title={t.confirmTitle}
        description={
          chosen
            ? fill(t.confirmDescription, {
                merge: name(chosen),
                mergeBalance: formatMoney(chosen.loyalty.balance, dict),
                keep: name(keep),
              })
            : undefined
        }
        confirmLabel={t.confirm}
        cancelLabel={t.cancel}
        onConfirm={confirm}
      />
    </>
  );
}
