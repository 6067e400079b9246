'use client';

/**
 * Create or edit a product: names in three languages, SKU, price and cost, VAT, IKPU and package
 * code, unit, barcodes, origin, marking flag, category and modifier groups. Checked in the
 * browser first (zod), then by the server, whose `UserError.field` lands on the field it names;
 * an error summary at the top links to every field at fault. Leaving with unsaved changes asks
 * first; Ctrl/Cmd+S saves.
 */
import { Banner, Button, Card, ErrorSummary, FormField, Input, MoneyInput, Select, useToast } from '@jowi/ui';
import { useRouter } from 'next/navigation';
import { type FormEvent, type ReactNode, useEffect, useMemo, useState } from 'react';
import type { OwnerType, ProductEditorFieldsFragment } from '../../../../__generated__/graphql.ts';
import {
  useCreateProductMutation,
  useProductFormOptionsQuery,
  useUpdateProductMutation,
} from '../../../../__generated__/hooks.ts';
import { type CatalogTexts, catalogMessage } from '../../../../i18n/dictionaries/catalog.ts';
import { useI18n } from '../../../../i18n/provider.tsx';
import { categoryOptions } from './category-options.ts';
import {
  createInput,
  EMPTY_PRODUCT,
  fieldOfPath,
  looksLikeEan,
  type ProductValues,
  productSchema,
  splitBarcodes,
  updateInput,
  valuesOf,
} from './product-values.ts';

const NO_CATEGORY = '__none__';
const OWNER_TYPES: OwnerType[] = ['RESALE', 'OWN_PRODUCTION', 'SERVICE'];
const idOf = (field: string) => `product-${field}`;

interface ServerError {
  code: string;
  message: string;
  field?: readonly string[] | null;
}

/** A server error in the user's language; a refused barcode says whether its check digit is wrong. */
function explain(t: CatalogTexts, error: ServerError, values: ProductValues): string {
  if (error.code === 'INVALID_BARCODE') {
    const code = splitBarcodes(values.barcodes)[Number(error.field?.[2] ?? -1)] ?? '';
    const text = looksLikeEan(code) ? t.form.barcodeCheckDigit : t.form.barcodeFormat;
    return text.replace('{code}', code);
  }
  return catalogMessage(t, error.code, error.message);
}

export interface ProductFormProps {
  /** The product being edited; none for a new one. */
  product?: ProductEditorFieldsFragment;
  canWrite: boolean;
  /** Whether the cost price is shown (the caller holds `catalog:cost`). */
  showCost: boolean;
  /** Shown beside the Save button (archive/restore). */
  actions?: ReactNode;
  /** Called after a successful save (the page reads the price history again). */
  onSaved?: () => void;
}

export function ProductForm({ product, canWrite, showCost, actions, onSaved }: ProductFormProps) {
  const t = useI18n().dict.catalog;
  const router = useRouter();
  const { toast } = useToast();
  const initial = useMemo(() => (product ? valuesOf(product) : EMPTY_PRODUCT), [product]);
  const [values, setValues] = useState<ProductValues>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const options = useProductFormOptionsQuery({ ssr: false });
  const [create, creating] = useCreateProductMutation();
  const [update, updating] = useUpdateProductMutation();
  const saving = creating.loading || updating.loading;
  const dirty = JSON.stringify(values) !== JSON.stringify(initial);

  useEffect(() => setValues(initial), [initial]);
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const set = <K extends keyof ProductValues>(key: K, value: ProductValues[K]) =>
    setValues((v) => ({ ...v, [key]: value }));

  async function save(): Promise<void> {
    setFailure(null);
    const checked = productSchema(t.form).safeParse(values);
    if (!checked.success) {
      const found: Record<string, string> = {};
      for (const issue of checked.error.issues) found[idOf(String(issue.path[0]))] ??= issue.message;
      setErrors(found);
      return;
    }
    try {
      const result = product
        ? (await update({ variables: { input: updateInput(product.id, initial, values) } })).data
            ?.updateProduct
        : (await create({ variables: { input: createInput(values) } })).data?.createProduct;
      const problems = result?.errors ?? [];
      if (problems.length > 0) {
        const found: Record<string, string> = {};
        for (const e of problems) found[idOf(fieldOfPath(e.field))] ??= explain(t, e, values);
        setErrors(found);
        return;
      }
      setErrors({});
      toast({ title: product ? t.form.saved : t.form.created, variant: 'success' });
      onSaved?.();
      if (!product && result?.product) router.replace(`/products/${result.product.id}`);
    } catch {
      setFailure(t.form.saveFailed);
    }
  }

  function submit(event: FormEvent): void {
    event.preventDefault();
    if (canWrite && !saving) void save();
  }

  const categoryChoices = categoryOptions(options.data?.categories ?? [], {
    value: NO_CATEGORY,
    label: t.form.noCategory,
  });
  const groups = (options.data?.modifierGroups ?? []).filter(
    (g) => g.active || values.modifierGroupIds.includes(g.id),
  );
  const labels = {
    [idOf('name')]: t.form.name,
    [idOf('nameRu')]: t.form.nameRu,
    [idOf('nameEn')]: t.form.nameEn,
    [idOf('sku')]: t.form.sku,
    [idOf('price')]: t.form.price,
    [idOf('costPrice')]: t.form.costPrice,
    [idOf('ikpu')]: t.form.ikpu,
    [idOf('packageCode')]: t.form.packageCode,
    [idOf('barcodes')]: t.form.barcodes,
    [idOf('unit')]: t.form.unit,
    [idOf('categoryId')]: t.form.category,
  };
  const err = (field: string) => errors[idOf(field)];

  return (
    <form
      noValidate
      onSubmit={submit}
      onKeyDown={(event) => {
        if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') submit(event);
      }}
      className="flex flex-col gap-6"
      aria-label={product ? product.name : t.form.titleNew}
    >
      {!canWrite ? <Banner variant="info" title={t.form.noWriteAccess} /> : null}
      <ErrorSummary errors={errors} labels={labels} title={t.form.errorSummary} />
      {failure ? <Banner variant="destructive" title={failure} /> : null}

      <Section title={t.form.basics}>
        <FormField id={idOf('name')} label={t.form.name} required error={err('name')}>
          <Input value={values.name} onChange={(e) => set('name', e.target.value)} disabled={!canWrite} />
        </FormField>
        <FormField id={idOf('nameRu')} label={t.form.nameRu} error={err('nameRu')}>
          <Input value={values.nameRu} onChange={(e) => set('nameRu', e.target.value)} disabled={!canWrite} />
        </FormField>
        <FormField id={idOf('nameEn')} label={t.form.nameEn} error={err('nameEn')}>
          <Input value={values.nameEn} onChange={(e) => set('nameEn', e.target.value)} disabled={!canWrite} />
        </FormField>
        <FormField id={idOf('sku')} label={t.form.sku} required error={err('sku')}>
          <Input
            value={values.sku}
            onChange={(e) => set('sku', e.target.value)}
            autoComplete="off"
            disabled={!canWrite}
          />
        </FormField>
        <FormField
          id={idOf('barcodes')}
          label={t.form.barcodes}
          description={t.form.barcodesHelp}
          error={err('barcodes')}
          className="sm:col-span-2"
        >
          <textarea
            rows={3}
            value={values.barcodes}
            onChange={(e) => set('barcodes', e.target.value)}
            disabled={!canWrite}
            className="min-h-20 w-full rounded-md border border-input bg-background px-3 py-2 font-mono text-sm shadow-xs outline-none focus-visible:ring-2 focus-visible:ring-ring aria-invalid:border-destructive"
          />
        </FormField>
      </Section>

      <Section title={t.form.selling}>
        <FormField id={idOf('price')} label={t.form.price} required error={err('price')}>
          <MoneyInput
            value={values.price}
            onValueChange={(value) => set('price', value)}
            disabled={!canWrite}
          />
        </FormField>
        {!showCost ? null : (
          <FormField id={idOf('costPrice')} label={t.form.costPrice} error={err('costPrice')}>
            <MoneyInput
              value={values.costPrice}
              onValueChange={(value) => set('costPrice', value)}
              disabled={!canWrite}
            />
          </FormField>
        )}
        <FormField id={idOf('unit')} label={t.form.unit} error={err('unit')}>
          <Input value={values.unit} onChange={(e) => set('unit', e.target.value)} disabled={!canWrite} />
        </FormField>
        <FormField id={idOf('categoryId')} label={t.form.category} error={err('categoryId')}>
          <Select
            value={values.categoryId || NO_CATEGORY}
            onValueChange={(value) => set('categoryId', value === NO_CATEGORY ? '' : value)}
            options={categoryChoices}
            disabled={!canWrite}
          />
        </FormField>
        <fieldset className="grid gap-2 sm:col-span-2">
          <legend className="text-sm font-medium">{t.form.modifiers}</legend>
          {groups.length === 0 ? (
            <p className="text-sm text-muted-foreground">{t.form.noModifiers}</p>
          ) : (
            <div className="flex flex-wrap gap-x-6 gap-y-2">
              {groups.map((group) => (
                <label key={group.id} className="flex items-center gap-2 text-sm">
                  <input
                    type="checkbox"
                    className="size-4 accent-primary"
                    checked={values.modifierGroupIds.includes(group.id)}
                    disabled={!canWrite}
                    onChange={(e) =>
                      set(
                        'modifierGroupIds',
                        e.target.checked
                          ? [...values.modifierGroupIds, group.id]
                          : values.modifierGroupIds.filter((id) => id !== group.id),
                      )
                    }
                  />
                  {group.name}
                </label>
              ))}
            </div>
          )}
        </fieldset>
      </Section>

      <Section title={t.form.fiscal}>
        <FormField id={idOf('vatRate')} label={t.form.vatRate} required>
          <Select
            value={values.vatRate}
            onValueChange={(value) => set('vatRate', value)}
            options={[
              { value: '12', label: t.form.vat12 },
              { value: '0', label: t.form.vat0 },
            ]}
            disabled={!canWrite}
          />
        </FormField>
        <FormField id={idOf('ownerType')} label={t.form.ownerType}>
          <Select
            value={values.ownerType}
            onValueChange={(value) => set('ownerType', value)}
            options={OWNER_TYPES.map((value) => ({ value, label: t.form.owner[value] }))}
            disabled={!canWrite}
          />
        </FormField>
        <FormField
          id={idOf('ikpu')}
          label={t.form.ikpu}
          description={t.form.ikpuHelp}
          required
          error={err('ikpu')}
        >
          <Input
            value={values.ikpu}
            inputMode="numeric"
            maxLength={17}
            onChange={(e) => set('ikpu', e.target.value.replace(/\D/g, ''))}
            disabled={!canWrite}
          />
        </FormField>
        <FormField
          id={idOf('packageCode')}
          label={t.form.packageCode}
          description={t.form.packageCodeHelp}
          required
          error={err('packageCode')}
        >
          <Input
            value={values.packageCode}
            inputMode="numeric"
            maxLength={20}
            onChange={(e) => set('packageCode', e.target.value.replace(/\D/g, ''))}
            disabled={!canWrite}
          />
        </FormField>
        <Flag
          label={t.form.markingRequired}
          help={t.form.markingHelp}
          checked={values.markingRequired}
          disabled={!canWrite}
          onChange={(checked) => set('markingRequired', checked)}
        />
        <Flag
          label={t.form.cashlessOnly}
          help={t.form.cashlessHelp}
          checked={values.cashlessOnly}
          disabled={!canWrite}
          onChange={(checked) => set('cashlessOnly', checked)}
        />
      </Section>

      {canWrite ? (
        <div className="sticky bottom-0 flex flex-wrap items-center gap-3 border-t bg-background/95 py-3 backdrop-blur">
          <Button type="submit" loading={saving}>
            {product ? t.form.save : t.form.create}
          </Button>
          {dirty ? (
            <span className="text-sm text-muted-foreground" role="status">
              {t.form.unsaved}
            </span>
          ) : null}
          <div className="ml-auto flex gap-2">{actions}</div>
        </div>
      ) : null}
    </form>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card className="p-6">
      <h2 className="mb-4 text-lg font-semibold">{title}</h2>
      <div className="grid gap-4 sm:grid-cols-2">{children}</div>
    </Card>
  );
}

interface FlagProps {
  label: string;
  help: string;
  checked: boolean;
  disabled: boolean;
  onChange: (checked: boolean) => void;
}

/** A yes/no property with its explanation; the label names the checkbox. */
function Flag({ label, help, checked, disabled, onChange }: FlagProps) {
  return (
    <label className="flex items-start gap-2 text-sm sm:col-span-2">
      <input
        type="checkbox"
        className="mt-0.5 size-4 accent-primary"
        checked={checked}
        disabled={disabled}
        onChange={(e) => onChange(e.target.checked)}
      />
      <span>
        <span className="font-medium">{label}</span>
        <span className="block text-muted-foreground">{help}</span>
      </span>
    </label>
  );
}
