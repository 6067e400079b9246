/** A product form validated by zod, the amount inputs, the date-range picker and a chart. */
import { type FormEvent, useState } from 'react';
import { z } from 'zod';
import {
  Button,
  Chart,
  DateRangePicker,
  type DateRangeValue,
  ErrorSummary,
  FormField,
  fieldErrors,
  formatAmount,
  Input,
  MetricCard,
  Money,
  MoneyInput,
  Quantity,
  QuantityInput,
  uiLocales,
} from '../src/index.ts';
import { REVENUE_BY_HOUR } from './fixtures.ts';
import { record } from './record.ts';

const productSchema = z.object({
  name: z.string().trim().min(2, 'Nomi kamida 2 ta harf bo‘lsin'),
  ikpu: z.string().regex(/^\d{17}$/, 'IKPU 17 ta raqamdan iborat'),
  price: z.string({ error: 'Narxni kiriting' }).refine((v) => v !== '0.00', 'Narx noldan katta bo‘lsin'),
});

const LABELS = { name: 'Nomi', ikpu: 'IKPU', price: 'Narx' };

/** Field errors from zod, an error summary linking to the fields. */
export function ProductFormDemo() {
  const [values, setValues] = useState({ name: '', ikpu: '', price: null as string | null });
  const [errors, setErrors] = useState<Record<string, string>>({});
  function submit(event: FormEvent): void {
    event.preventDefault();
    const result = productSchema.safeParse({ ...values, price: values.price ?? undefined });
    setErrors(fieldErrors(result.error));
    record('form.submit', result.success ? result.data : fieldErrors(result.error));
  }
  return (
    <form noValidate onSubmit={submit} className="grid max-w-md gap-4">
      <ErrorSummary errors={errors} labels={LABELS} />
      <FormField id="name" label={LABELS.name} required error={errors.name}>
        <Input value={values.name} onChange={(e) => setValues({ ...values, name: e.target.value })} />
      </FormField>
      <FormField
        id="ikpu"
        label={LABELS.ikpu}
        description="17 ta raqam, tasnif.soliq.uz dan"
        error={errors.ikpu}
      >
        <Input
          inputMode="numeric"
          value={values.ikpu}
          onChange={(e) => setValues({ ...values, ikpu: e.target.value })}
        />
      </FormField>
      <FormField id="price" label={LABELS.price} required error={errors.price}>
        <MoneyInput value={values.price} onValueChange={(price) => setValues({ ...values, price })} />
      </FormField>
      <Button type="submit" className="justify-self-start">
        Saqlash
      </Button>
    </form>
  );
}

/** Money and Quantity fields reporting what they emit, and their displays. */
export function AmountsDemo() {
  const [money, setMoney] = useState<string | null>('125000.00');
  const [quantity, setQuantity] = useState<string | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  return (
    <div className="grid max-w-md gap-4">
      <FormField id="amount" label="Summa">
        <MoneyInput
          value={money}
          onValueChange={(value, units) => {
            record('money', { value, units, unitsType: typeof units });
            setMoney(value);
          }}
          onRefuse={(problem) => {
            record('money.refused', problem);
            setRefused(problem);
          }}
        />
      </FormField>
      <FormField id="weight" label="Og‘irlik">
        <QuantityInput
          suffix="kg"
          value={quantity}
          onValueChange={(value, units) => {
            record('quantity', { value, units, unitsType: typeof units });
            setQuantity(value);
          }}
        />
      </FormField>
      <p className="text-sm" data-testid="amounts-display">
        {money ? <Money value={money} /> : '—'} · {quantity ? <Quantity value={quantity} unit="kg" /> : '—'}
      </p>
      <p className="text-sm text-muted-foreground" data-testid="money-refused">
        {refused ?? ''}
      </p>
    </div>
  );
}

/** The date-range picker in Asia/Tashkent; `?now=` in the URL fixes "today" for tests. */
export function DateRangeDemo() {
  const now = new URLSearchParams(location.search).get('now');
  const [value, setValue] = useState<DateRangeValue | null>(null);
  return (
    <div className="flex flex-col gap-2">
      <DateRangePicker
        id="period"
        className="self-start"
        timeZone="Asia/Tashkent"
        now={now ? new Date(now) : undefined}
        value={value}
        onValueChange={(next) => {
          record('dateRange', next);
          setValue(next);
        }}
      />
      <output className="font-mono text-xs text-muted-foreground" data-testid="date-range-output">
        {value ? `${value.from} … ${value.to} = [${value.start}, ${value.end})` : ''}
      </output>
    </div>
  );
}

/** Dashboard tiles and revenue by hour: bars from numbers, texts from the Money strings. */
export function ChartDemo() {
  return (
    <div className="flex flex-col gap-6">
      <div className="grid gap-4 sm:grid-cols-3">
        <MetricCard
          label="Sof savdo"
          value={<Money value="24400750.50" />}
          definition="Sof savdo = yalpi savdo − chegirmalar − qaytarishlar"
          delta={{ text: '+12,5 %', direction: 'up', comparedWith: 'o‘tgan dushanbaga nisbatan' }}
        />
        <MetricCard
          label="Cheklar"
          value="234"
          delta={{ text: '−3', direction: 'down', comparedWith: 'o‘tgan dushanbaga nisbatan' }}
        />
        <MetricCard
          label="Qaytarishlar"
          value={<Money value="120000.00" />}
          delta={{ text: '+2', direction: 'up', upIsGood: false, comparedWith: 'o‘tgan dushanbaga nisbatan' }}
        />
      </div>
      <RevenueChart />
    </div>
  );
}

function RevenueChart() {
  return (
    <Chart
      kind="bar"
      title="Soatlar bo‘yicha tushum"
      description="Bugun, barcha do‘konlar"
      data={REVENUE_BY_HOUR}
      category={(row) => row.hour}
      series={[
        {
          key: 'revenue',
          label: 'Tushum',
          value: (row) => Number(row.revenue.split('.')[0]),
          format: (row) => `${formatAmount(row.revenue, { format: uiLocales.uz.number })}\u00a0so‘m`,
        },
      ]}
    />
  );
}
