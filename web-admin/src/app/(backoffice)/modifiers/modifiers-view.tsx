'use client';

/**
 * Modifier groups ("Size", "Extra cheese"): a name, whether a choice is required, the fewest and
 * most options a cashier picks, and the options with the price each adds. One editor serves new
 * and existing groups; the server checks the range against the options (`INVALID_MODIFIER_RANGE`)
 * and each message lands on the field it names.
 */
import {
  Badge,
  Banner,
  Button,
  Card,
  EmptyState,
  ErrorState,
  FormField,
  Input,
  MoneyInput,
  Spinner,
  useToast,
} from '@jowi/ui';
import { type FormEvent, useState } from 'react';
import type { ModifierGroupFieldsFragment } from '../../../__generated__/graphql.ts';
import {
  useCreateModifierGroupMutation,
  useModifierGroupListQuery,
  useSetModifierGroupArchivedMutation,
  useUpdateModifierGroupMutation,
} from '../../../__generated__/hooks.ts';
import { PageHeader } from '../../../components/page-header.tsx';
import { catalogMessage } from '../../../i18n/dictionaries/catalog.ts';
import { useI18n } from '../../../i18n/provider.tsx';
import { formatMoney } from '../../../lib/format.ts';

interface Draft {
  id: string | null;
  name: string;
  required: boolean;
  min: string;
  max: string;
  options: { name: string; priceDelta: string | null }[];
}

const NEW_GROUP: Draft = {
  id: null,
  name: '',
  required: false,
  min: '0',
  max: '1',
  options: [{ name: '', priceDelta: null }],
};

const draftOf = (g: ModifierGroupFieldsFragment): Draft => ({
  id: g.id,
  name: g.name,
  required: g.required,
  min: String(g.minSelections),
  max: String(g.maxSelections),
  options: g.options.map((o) => ({ name: o.name, priceDelta: o.priceDelta })),
});

export function ModifiersView({ canWrite }: { canWrite: boolean }) {
  const { dict } = useI18n();
  const t = dict.catalog;
  const { toast } = useToast();
  const { data, error, loading, refetch } = useModifierGroupListQuery({
    ssr: false,
    fetchPolicy: 'cache-and-network',
  });
  const [setArchived] = useSetModifierGroupArchivedMutation();
  const [editing, setEditing] = useState<Draft | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const groups = data?.modifierGroups ?? [];

  async function archive(group: ModifierGroupFieldsFragment): Promise<void> {
    setProblem(null);
    try {
      const result = (await setArchived({ variables: { id: group.id, archive: group.active } })).data;
      const [e] = (group.active ? result?.archiveModifierGroup : result?.restoreModifierGroup)?.errors ?? [];
      if (e) setProblem(catalogMessage(t, e.code, e.message));
      else
        toast({
          title: group.active ? t.modifiers.archivedToast : t.modifiers.restoredToast,
          variant: 'success',
        });
    } catch {
      setProblem(t.form.saveFailed);
    }
  }

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title={t.modifiers.title}
        description={t.modifiers.subtitle}
        actions={
          canWrite && !editing ? (
            <Button onClick={() => setEditing(NEW_GROUP)}>{t.modifiers.add}</Button>
          ) : null
        }
      />
      {problem ? <Banner variant="destructive" title={problem} /> : null}
      {editing ? (
        <GroupEditor
          draft={editing}
          onDone={() => {
            setEditing(null);
            void refetch().catch(() => undefined);
          }}
        />
      ) : null}
      {error && !data ? (
        <ErrorState
          title={t.modifiers.loadError}
          description={t.form.loadErrorDescription}
          retryLabel={dict.common.tryAgain}
          onRetry={() => void refetch().catch(() => undefined)}
        />
      ) : loading && !data ? (
        <Card className="flex justify-center py-16">
          <Spinner size="lg" label={dict.common.loading} />
        </Card>
      ) : groups.length === 0 ? (
        <Card>
          <EmptyState title={t.modifiers.emptyTitle} description={t.modifiers.emptyDescription} />
        </Card>
      ) : (
        <div className="grid gap-4 md:grid-cols-2">
          {groups.map((group) => (
            <Card
              key={group.id}
              className="flex flex-col gap-3 p-5"
              data-testid="modifier-group"
              data-name={group.name}
            >
              <div className="flex flex-wrap items-center gap-2">
                <h2 className="text-lg font-semibold">{group.name}</h2>
                {group.required ? <Badge>{t.modifiers.required}</Badge> : null}
                {group.active ? null : <Badge variant="secondary">{t.categories.archived}</Badge>}
              </div>
              <p className="text-sm text-muted-foreground">
                {t.modifiers.range
                  .replace('{min}', String(group.minSelections))
                  .replace('{max}', String(group.maxSelections))}
              </p>
              <ul className="text-sm">
                {group.options.map((o) => (
                  <li key={o.id} className="flex justify-between gap-4 py-0.5">
                    <span>{o.name}</span>
                    <span className="tabular-nums text-muted-foreground">
                      +{formatMoney(o.priceDelta, dict)} {dict.common.currency}
                    </span>
                  </li>
                ))}
              </ul>
              {canWrite ? (
                <div className="mt-auto flex gap-2">
                  <Button size="sm" variant="outline" onClick={() => setEditing(draftOf(group))}>
                    {t.modifiers.edit}
                  </Button>
                  <Button size="sm" variant="ghost" onClick={() => void archive(group)}>
                    {group.active ? t.categories.archive : t.categories.restore}
                  </Button>
                </div>
              ) : null}
            </Card>
          ))}
        </div>
      )}
    </div>
  );
}

function GroupEditor({ draft: initial, onDone }: { draft: Draft; onDone: () => void }) {
  const { dict } = useI18n();
  const t = dict.catalog;
  const { toast } = useToast();
  const [draft, setDraft] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [create, creating] = useCreateModifierGroupMutation();
  const [update, updating] = useUpdateModifierGroupMutation();
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));

  async function save(event: FormEvent): Promise<void> {
    event.preventDefault();
    const fields = {
      name: draft.name.trim(),
      required: draft.required,
      minSelections: Number(draft.min),
      maxSelections: Number(draft.max),
      options: draft.options
        .filter((o) => o.name.trim())
        .map((o) => ({ name: o.name.trim(), priceDelta: o.priceDelta ?? '0.00' })),
    };
    try {
      const result = draft.id
        ? (await update({ variables: { input: { id: draft.id, ...fields } } })).data?.updateModifierGroup
        : (await create({ variables: { input: fields } })).data?.createModifierGroup;
      const found: Record<string, string> = {};
      for (const e of result?.errors ?? [])
        found[e.field?.[1] ?? 'name'] ??= catalogMessage(t, e.code, e.message);
      setErrors(found);
      if (Object.keys(found).length === 0) {
        toast({ title: t.modifiers.saved, variant: 'success' });
        onDone();
      }
    } catch {
      setErrors({ name: t.form.saveFailed });
    }
  }

  return (
    <Card className="p-6">
      <form className="flex flex-col gap-4" onSubmit={(e) => void save(e)} aria-label={t.modifiers.editor}>
        <div className="grid gap-4 sm:grid-cols-4">
          <FormField
            id="group-name"
            label={t.modifiers.name}
            required
            error={errors.name}
            className="sm:col-span-2"
          >
            <Input value={draft.name} onChange={(e) => set({ name: e.target.value })} />
          </FormField>
          <FormField id="group-min" label={t.modifiers.min} error={errors.minSelections}>
            <Input type="number" min={0} value={draft.min} onChange={(e) => set({ min: e.target.value })} />
          </FormField>
          <FormField id="group-max" label={t.modifiers.max} error={errors.maxSelections}>
            <Input type="number" min={1} value={draft.max} onChange={(e) => set({ max: e.target.value })} />
          </FormField>
        </div>
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            className="size-4 accent-primary"
            checked={draft.required}
            onChange={(e) => set({ required: e.target.checked })}
          />
          {t.modifiers.requiredLabel}
        </label>
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-1 text-sm font-medium">{t.modifiers.options}</legend>
          {errors.options ? <p className="text-sm text-destructive">{errors.options}</p> : null}
          {draft.options.map((option, i) => (
            <div key={`option-${i.toString()}`} className="flex flex-wrap items-center gap-2">
              <div className="w-56">
                <Input
                  aria-label={`${t.modifiers.optionName} ${i + 1}`}
                  value={option.name}
                  onChange={(e) =>
                    set({
                      options: draft.options.map((o, k) => (k === i ? { ...o, name: e.target.value } : o)),
                    })
                  }
                />
              </div>
              <div className="w-44">
                <MoneyInput
                  aria-label={`${t.modifiers.priceDelta} ${i + 1}`}
                  value={option.priceDelta}
                  onValueChange={(value) =>
                    set({ options: draft.options.map((o, k) => (k === i ? { ...o, priceDelta: value } : o)) })
                  }
                />
              </div>
              <Button
                type="button"
                size="sm"
                variant="ghost"
                disabled={draft.options.length === 1}
                onClick={() => set({ options: draft.options.filter((_, k) => k !== i) })}
              >
                {t.storePrices.remove}
              </Button>
            </div>
          ))}
          <Button
            type="button"
            size="sm"
            variant="outline"
            className="self-start"
            onClick={() => set({ options: [...draft.options, { name: '', priceDelta: null }] })}
          >
            {t.modifiers.addOption}
          </Button>
        </fieldset>
        <div className="flex gap-2">
          <Button type="submit" loading={creating.loading || updating.loading}>
            {t.form.save}
          </Button>
          <Button type="button" variant="outline" onClick={onDone}>
            {t.form.cancel}
          </Button>
        </div>
      </form>
    </Card>
  );
}
