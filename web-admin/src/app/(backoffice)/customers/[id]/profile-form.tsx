'use client';

/**
 * A customer's details as a form: only changed fields are sent (`updateCustomer` leaves omitted
 * ones alone), the server's `UserError.field` lands under its field, and the form is read-only
 * without `customers:write`, for a merged duplicate and while offline (each says why).
 */
import { useMutation } from '@apollo/client/react';
import { Banner, Button, FormField, Input, useToast } from '@jowi/ui';
import { useState } from 'react';
import { z } from 'zod';
import { type CustomerDetailQuery, UpdateCustomerDocument } from '../../../../__generated__/graphql.ts';
import { type CustomersFormErrorCode, fill } from '../../../../i18n/dictionaries.ts';
import { useI18n } from '../../../../i18n/provider.tsx';
import { changesOf, type ProfileValues } from './profile-changes.ts';

type Customer = NonNullable<CustomerDetailQuery['customer']>;
type Field = 'name' | 'phone' | 'birthday' | 'tags' | 'notes';

type Values = ProfileValues;

const valuesOf = (customer: Customer): Values => ({
  name: customer.name ?? '',
  phone: customer.phone,
  birthday: customer.birthday ?? '',
  tags: customer.tags.join(', '),
  notes: customer.notes ?? '',
});

/** What the form can check before asking the server (the server checks again). */
const formSchema = z.object({
  name: z.string().max(200, 'INVALID_NAME'),
  phone: z.string().trim().min(7, 'INVALID_PHONE'),
  birthday: z.union([z.literal(''), z.iso.date('INVALID_BIRTHDAY')]),
  tags: z.string(),
  notes: z.string().max(2000, 'INVALID_NOTES'),
});

export function ProfileForm({
  customer,
  readOnlyReason,
  onSaved,
}: {
  customer: Customer;
  /** Why the form cannot be changed now, or null. */
  readOnlyReason: string | null;
  onSaved: () => void;
}) {
  const { dict } = useI18n();
  const t = dict.customers;
  const { toast } = useToast();
  const initial = valuesOf(customer);
  const [values, setValues] = useState<Values>(initial);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [update, { loading }] = useMutation(UpdateCustomerDocument);
  const set = (field: Field, value: string) => setValues({ ...values, [field]: value });
  const known: Record<string, string> = t.errors satisfies Record<CustomersFormErrorCode, string>;
  const message = (code: string) => known[code] ?? fill(t.unknownError, { code });

  const submit = async () => {
    setProblem(null);
    const parsed = formSchema.safeParse(values);
    if (!parsed.success) {
      setErrors(
        Object.fromEntries(
          parsed.error.issues.map((issue) => [String(issue.path[0]), message(issue.message)]),
        ),
      );
      return;
    }
    setErrors({});
    const changes = changesOf(initial, values, customer.phoneRevealed);
    if (Object.keys(changes).length === 0) return toast({ title: t.unchanged });
    try {
      const { data } = await update({ variables: { input: { id: customer.id, ...changes } } });
      const failures = data?.updateCustomer.errors ?? [];
      if (failures.length) {
        const byField: Partial<Record<Field, string>> = {};
        for (const failure of failures) {
          const field = failure.field?.[1] as Field | undefined;
          if (field && field in values) byField[field] = message(failure.code);
          else setProblem(message(failure.code));
        }
        return setErrors(byField);
      }
      toast({ title: t.saved, variant: 'success' });
      onSaved();
    } catch {
      setProblem(dict.common.errorDescription);
    }
  };

  const disabled = Boolean(readOnlyReason);
  return (
    <form
      className="grid gap-4 sm:grid-cols-2"
      data-testid="customer-profile"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <FormField label={t.fields.name} error={errors.name}>
        <Input
          value={values.name}
          maxLength={200}
          disabled={disabled}
          onChange={(e) => set('name', e.target.value)}
        />
      </FormField>
      <FormField label={t.fields.phone} error={errors.phone}>
        <Input
          value={values.phone}
          inputMode="tel"
          disabled={disabled}
          onChange={(e) => set('phone', e.target.value)}
        />
      </FormField>
      <FormField label={t.fields.birthday} error={errors.birthday}>
        <Input
          type="date"
          value={values.birthday}
          disabled={disabled}
          onChange={(e) => set('birthday', e.target.value)}
        />
      </FormField>
      <FormField label={t.fields.tags} description={t.fields.tagsHint} error={errors.tags}>
        <Input value={values.tags} disabled={disabled} onChange={(e) => set('tags', e.target.value)} />
      </FormField>
      <FormField label={t.fields.notes} error={errors.notes} className="sm:col-span-2">
        <textarea
          rows={3}
          value={values.notes}
          maxLength={2000}
          disabled={disabled}
          onChange={(e) => set('notes', e.target.value)}
          className="min-h-20 w-full rounded-md border border-input bg-background px-3 py-2 text-sm shadow-xs outline-none focus-visible:ring-2 focus-visible:ring-ring aria-invalid:border-destructive disabled:opacity-60"
        />
      </FormField>
      {problem ? <Banner variant="destructive" title={problem} className="sm:col-span-2" /> : null}
      <div className="flex items-center gap-3 sm:col-span-2">
        {readOnlyReason ? (
          <p className="text-sm text-muted-foreground" data-testid="profile-read-only">
            {readOnlyReason}
          </p>
        ) : (
          <Button type="submit" loading={loading} data-testid="customer-save">
            {t.save}
          </Button>
        )}
      </div>
    </form>
  );
}
