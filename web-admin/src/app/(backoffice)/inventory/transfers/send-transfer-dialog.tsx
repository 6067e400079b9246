'use client';

/**
 * The "send transfer" form: from store, to store, product lines with quantities, a note. Its
 * transfer id is generated once when the form opens and kept through retries: `sendTransfer` is
 * idempotent by id, so a send whose answer was lost can be sent again without moving stock twice.
 */
import { useMutation } from '@apollo/client/react';
import {
  Banner,
  Button,
  Dialog,
  DialogContent,
  DialogFooter,
  FormField,
  Input,
  Select,
  useToast,
} from '@jowi/ui';
import { useState } from 'react';
import { SendTransferDocument } from '../../../../__generated__/graphql.ts';
import { useI18n } from '../../../../i18n/provider.tsx';
import type { StoreSummary } from '../../../../server/stores.ts';
import { type FormLine, LinesEditor, linesComplete, userErrorText } from '../_ops/lines.tsx';

export function SendTransferDialog({
  stores,
  defaultFrom,
  onClose,
  onSent,
}: {
  stores: StoreSummary[];
  defaultFrom: string | null;
  onClose: () => void;
  onSent: (id: string) => void;
}) {
  const { dict } = useI18n();
  const t = dict.inventoryOps;
  const { toast } = useToast();
  const [id] = useState(() => crypto.randomUUID());
  const [from, setFrom] = useState<string | undefined>(defaultFrom ?? stores[0]?.id);
  const [to, setTo] = useState<string | undefined>(
    stores.find((store) => store.id !== (defaultFrom ?? stores[0]?.id))?.id,
  );
  const [lines, setLines] = useState<FormLine[]>([]);
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [send, { loading }] = useMutation(SendTransferDocument);
  const storeOptions = stores.map((store) => ({ value: store.id, label: store.name }));

  const submit = async () => {
    if (!from || !to || from === to) return setProblem(t.transfers.form.pickStores);
    if (!linesComplete(lines)) return setProblem(lines.length ? t.lines.missingQuantity : t.lines.empty);
    setProblem(null);
    try {
      const { data } = await send({
        variables: {
          input: {
            id,
            fromStoreId: from,
            toStoreId: to,
            note: note.trim() || null,
            lines: lines.map((line) => ({ productId: line.product.id, quantity: line.quantity! })),
          },
        },
      });
      const error = data?.sendTransfer.errors[0];
      if (error) return setProblem(userErrorText(dict, error.code));
      toast({ title: t.transfers.form.sent, variant: 'success' });
      onSent(id);
    } catch {
      // Network or server failure: the same id is sent again on the next try.
      setProblem(dict.common.errorDescription);
    }
  };

  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : onClose())}>
      <DialogContent
        title={t.transfers.form.title}
        description={t.transfers.form.description}
        className="max-w-2xl"
      >
        <form
          className="grid gap-4"
          onSubmit={(event) => {
            event.preventDefault();
            void submit();
          }}
          data-testid="send-transfer-form"
        >
          <div className="grid grid-cols-2 gap-3">
            <FormField label={t.transfers.form.from}>
              <Select
                value={from}
                onValueChange={setFrom}
                options={storeOptions}
                data-testid="transfer-from"
              />
            </FormField>
            <FormField label={t.transfers.form.to}>
              <Select value={to} onValueChange={setTo} options={storeOptions} data-testid="transfer-to" />
            </FormField>
          </div>
          <LinesEditor lines={lines} onChange={setLines} testId="transfer" />
          <FormField label={t.transfers.form.note}>
            <Input value={note} maxLength={1000} onChange={(event) => setNote(event.target.value)} />
          </FormField>
          {problem ? <Banner variant="destructive" title={problem} data-testid="transfer-error" /> : null}
          <DialogFooter>
            <Button type="button" variant="outline" onClick={onClose}>
              {t.cancel}
            </Button>
            <Button type="submit" loading={loading} data-testid="send-transfer-submit">
              {t.transfers.form.submit}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
