/**
 * The sale's extras on the slip screen, beside the printed slip (which carries them too): lines'
 * modifiers, the receipt discount, the customer, and the points paid and earned.
 */
import { parseMoney } from '@jowi/receipt';
import type { RecordedSale } from '../../../shared/pos-types.ts';
import { useI18n } from '../../lib/i18n.tsx';
import { displayPhone, pointsValue } from './loyalty.ts';

export function SlipExtras({ sale }: { sale: RecordedSale }) {
  const { t, money } = useI18n();
  const modified = sale.lines.filter((line) => line.modifiers?.length);
  const { loyalty } = sale;
  if (!modified.length && !sale.discount && !loyalty) return null;
  return (
    <dl data-testid="slip-extras" className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
      {modified.map((line) => (
        <div
          key={[line.productId, ...line.modifiers!.map((m) => m.modifierId)].join('+')}
          className="contents"
        >
          <dt className="text-muted-foreground">{line.name}</dt>
          <dd data-testid="slip-modifiers">{line.modifiers!.map((m) => `+ ${m.name}`).join(', ')}</dd>
        </div>
      ))}
      {sale.discount ? (
        <>
          <dt className="text-muted-foreground">{t('slip.discount')}</dt>
          <dd data-testid="slip-discount" className="tabular-nums">
            − {money(parseMoney(sale.discount))}
          </dd>
        </>
      ) : null}
      {loyalty ? (
        <>
          <dt className="text-muted-foreground">{t('slip.customer')}</dt>
          <dd>
            {loyalty.name ? `${loyalty.name}, ` : ''}
            {displayPhone(loyalty.phone)}
          </dd>
          {parseMoney(loyalty.redeemed) > 0n ? (
            <>
              <dt className="text-muted-foreground">{t('slip.redeemed')}</dt>
              <dd data-testid="slip-redeemed" className="tabular-nums">
                {money(parseMoney(loyalty.redeemed))}
              </dd>
            </>
          ) : null}
          <dt className="text-muted-foreground">{t('slip.earned')}</dt>
          <dd data-testid="slip-earned" className="tabular-nums">
            + {money(parseMoney(loyalty.earned))}
          </dd>
          <dt className="text-muted-foreground">{t('slip.balanceAfter')}</dt>
          <dd data-testid="slip-balance" className="tabular-nums">
            {money(pointsValue(loyalty.balanceAfter))}
          </dd>
        </>
      ) : null}
    </dl>
  );
}
