'use client';

/**
 * Refund from the receipt page: everything that remains, or chosen quantities per line, with a
 * reason. The refund's id is made once when the dialog opens and reused by every retry, so a
 * double click or a retry after a timeout never refunds twice (the id is sales' idempotency key).
 */
import { useMutation } from '@apollo/client/react';
import { formatQuantity, parseQuantity } from '@jowi/receipt';
import {
  Banner,
  Button,
  Dialog,
  DialogContent,
  DialogFooter,
  FormField,
  Input,
  QuantityInput,
  Tabs,
  TabsContent,
  TabsList,
  TabsTrigger,
  useToast,
} from '@jowi/ui';
import { useState } from 'react';
import { RefundSaleDocument, type SaleDetailQuery } from '../../../../__generated__/graphql.ts';
import { fill, type RefundErrorCode } from '../../../../i18n/dictionaries.ts';
import { useI18n } from '../../../../i18n/provider.tsx';

type Sale = NonNullable<SaleDetailQuery['sale']>;
type Line = Sale['lines'][number];

/** Thousandths of a line still unreturned. */
export function remainingOf(line: Pick<Line, 'quantity' | 'refundedQuantity'>): bigint {
  return parseQuantity(line.quantity) - parseQuantity(line.refundedQuantity);
}

/** The lines and quantities typed in, or why they cannot be refunded. */
function chosenLines(
  lines: readonly Line[],
  typed: Record<number, bigint | null>,
):
  | { ok: true; lines: { saleLineNo: number; quantity: string }[] }
  | { ok: false; problem: 'nothingSelected' | 'tooMuch' } {
  const chosen: { saleLineNo: number; quantity: string }[] = [];
  for (const line of lines) {
    const milli = typed[line.lineNo];
    if (milli == null || milli <= 0n) continue;
    if (milli > remainingOf(line)) return { ok: false, problem: 'tooMuch' };
    chosen.push({ saleLineNo: line.lineNo, quantity: formatQuantity(milli) });
  }
  return chosen.length ? { ok: true, lines: chosen } : { ok: false, problem: 'nothingSelected' };
}

export function RefundDialog({
  sale,
  open,
  onOpenChange,
  onRefunded,
}: {
  sale: Sale;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onRefunded: () => void;
}) {
  const { dict } = useI18n();
  const t = dict.sales.refund;
  const { toast } = useToast();
  const [refundId] = useState(() => crypto.randomUUID());
  const [mode, setMode] = useState<'full' | 'partial'>('full');
  const [typed, setTyped] = useState<Record<number, bigint | null>>({});
  const [texts, setTexts] = useState<Record<number, string | null>>({});
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [refund, { loading }] = useMutation(RefundSaleDocument);
  const openLines = sale.lines.filter((line) => remainingOf(line) > 0n);

  const submit = async () => {
    setProblem(null);
    const chosen = mode === 'partial' ? chosenLines(openLines, typed) : null;
    if (chosen && !chosen.ok) return setProblem(t[chosen.problem]);
    try {
      const { data } = await refund({
        variables: {
          input: {
            terminalId: sale.terminalId,
            refund: {
              id: refundId,
              saleId: sale.id,
              lines: chosen?.ok ? chosen.lines : null,
              reason: reason.trim() || null,
            },
          },
        },
      });
      const error = data?.refundSale.errors[0];
      if (error) {
        const known: Record<string, string> = t.errors satisfies Record<RefundErrorCode, string>;
        return setProblem(known[error.code] ?? fill(t.unknownError, { code: error.code }));
      }
      onOpenChange(false);
      toast({ title: t.done, variant: 'success' });
      onRefunded();
    } catch {
      setProblem(dict.common.errorDescription);
    }
  };

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent title={t.title} description={t.description} className="max-w-xl">
        <Tabs value={mode} onValueChange={(value) => setMode(value === 'partial' ? 'partial' : 'full')}>
          <TabsList>
            <TabsTrigger value="full">{t.full}</TabsTrigger>
            <TabsTrigger value="partial">{t.partial}</TabsTrigger>
          </TabsList>
          <TabsContent value="partial" className="grid gap-3 pt-3">
            {openLines.map((line) => (
              <FormField
                key={line.lineNo}
                label={fill(t.quantity, { name: line.name ?? line.product.id })}
                description={fill(t.remaining, { quantity: formatQuantity(remainingOf(line)) })}
              >
                <QuantityInput
                  value={texts[line.lineNo] ?? null}
                  onValueChange={(value, milli) => {
                    setTexts({ ...texts, [line.lineNo]: value });
                    setTyped({ ...typed, [line.lineNo]: milli });
                  }}
                />
              </FormField>
            ))}
          </TabsContent>
        </Tabs>
        <FormField label={t.reason}>
          <Input
            value={reason}
            maxLength={200}
            placeholder={t.reasonPlaceholder}
            onChange={(event) => setReason(event.target.value)}
          />
        </FormField>
        {problem ? <Banner variant="destructive" title={problem} data-testid="refund-error" /> : null}
        <DialogFooter>
          <Button variant="ghost" onClick={() => onOpenChange(false)}>
            {t.cancel}
          </Button>
          <Button onClick={() => void submit()} disabled={loading} data-testid="refund-submit">
            {t.submit}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
