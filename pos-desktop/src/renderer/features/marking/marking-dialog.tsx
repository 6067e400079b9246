/**
 * Marking codes of a marked line, one per unit, before the payment opens. The field keeps focus,
 * so a 2D scanner (fast typing + Enter) or the cashier's typing lands there; each code is read and
 * checked (`marking-code.ts`) and refused with the reason — unreadable, damaged, already scanned on
 * this sale. When every unit has its code the dialog closes by itself and the payment goes on.
 */
import { Button, Dialog, DialogContent, FormField, Input } from '@jowi/ui';
import { type FormEvent, useState } from 'react';
import { type CartLine, wholeUnits } from '../../lib/cart.ts';
import { useI18n } from '../../lib/i18n.tsx';
import { addMarkingCode, type MarkingProblem } from './marking-code.ts';

interface MarkingDialogProps {
  line: CartLine;
  /** Codes on the sale's other lines: a unit cannot be sold twice. */
  taken: ReadonlySet<string>;
  /** Every unit has its code. */
  onDone(codes: string[]): void;
  /** Closed before the end: the codes scanned so far are kept on the line. */
  onClose(codes: string[]): void;
}

export function MarkingDialog({ line, taken, onDone, onClose }: MarkingDialogProps) {
  const { t } = useI18n();
  const units = wholeUnits(line.quantity) ?? 0;
  const [codes, setCodes] = useState<string[]>(line.markingCodes);
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<MarkingProblem | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    const added = addMarkingCode(codes, text, { units, taken });
    setText('');
    if (!added.ok) {
      setProblem(added.problem);
      return;
    }
    setProblem(null);
    setCodes(added.codes);
    if (added.codes.length === units) onDone(added.codes);
  }

  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : onClose(codes))}>
      <DialogContent
        title={`${t('marking.title')}: ${line.name}`}
        description={t('marking.hint')}
        data-testid="marking-dialog"
      >
        <form className="flex flex-col gap-4" onSubmit={submit} noValidate>
          <FormField label={t('marking.code')} error={problem ? t(`marking.${problem}`) : null}>
            <Input
              data-testid="marking-code"
              autoFocus
              autoComplete="off"
              spellCheck={false}
              className="h-12 font-mono text-base"
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
          </FormField>
          <p data-testid="marking-progress" className="text-sm tabular-nums">
            {codes.length} / {units} {t('marking.scanned')}
          </p>
          {codes.length ? (
            <ol className="max-h-48 divide-y overflow-y-auto rounded-md border text-sm">
              {codes.map((code, index) => (
                <li key={code} className="flex items-center gap-2 px-3 py-1">
                  <span className="w-6 text-muted-foreground tabular-nums">{index + 1}.</span>
                  <span className="flex-1 truncate font-mono">{code}</span>
                  <Button
                    type="button"
                    size="sm"
                    variant="ghost"
                    aria-label={t('marking.remove')}
                    onClick={() => setCodes((list) => list.filter((c) => c !== code))}
                  >
                    ✕
                  </Button>
                </li>
              ))}
            </ol>
          ) : null}
          <Button type="submit" size="lg" disabled={!text.trim()}>
            {t('marking.done')} <kbd className="text-xs opacity-70">Enter</kbd>
          </Button>
        </form>
      </DialogContent>
    </Dialog>
  );
}
