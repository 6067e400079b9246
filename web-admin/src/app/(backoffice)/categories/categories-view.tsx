'use client';

/**
 * The category tree: each category under its parent, with its products' home kept when it moves.
 * Add one (at the root or under another), rename it, move it under another parent (the server
 * refuses a move under its own subcategory: `CATEGORY_CYCLE`), archive or restore it. Moving is
 * a drag (a row's handle dropped on another row puts it under that one; dropped on the zone above
 * the list, at the top level) or, from the keyboard, the select on each row — both send the same
 * `updateCategory`. A drop on the category itself or one of its own subcategories is not offered.
 */
import {
  Badge,
  Banner,
  Button,
  Card,
  EmptyState,
  ErrorState,
  Input,
  Label,
  Select,
  Spinner,
  useToast,
} from '@jowi/ui';
import { type DragEvent, type FormEvent, useState } from 'react';
import type { CategoryTreeQuery } from '../../../__generated__/graphql.ts';
import {
  useCategoryTreeQuery,
  useCreateCategoryMutation,
  useSetCategoryArchivedMutation,
  useUpdateCategoryMutation,
} from '../../../__generated__/hooks.ts';
import { PageHeader } from '../../../components/page-header.tsx';
import { catalogMessage } from '../../../i18n/dictionaries/catalog.ts';
import { useI18n } from '../../../i18n/provider.tsx';
import { categoryOptions } from '../products/_form/category-options.ts';

type CategoryRow = CategoryTreeQuery['categories'][number];
const ROOT = '__root__';

/** `id` and every category below it: where it may not be dropped. */
function subtree(categories: readonly CategoryRow[], id: string): Set<string> {
  const inside = new Set([id]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const c of categories) {
      if (c.parent && inside.has(c.parent.id) && !inside.has(c.id)) {
        inside.add(c.id);
        grew = true;
      }
    }
  }
  return inside;
}

/** The categories in tree order with their depth. */
function flatten(categories: readonly CategoryRow[]): { category: CategoryRow; depth: number }[] {
  const byId = new Map(categories.map((c) => [c.id, c]));
  return categoryOptions(categories, { value: ROOT, label: '' })
    .slice(1)
    .map((option) => ({
      category: byId.get(option.value)!,
      depth: (String(option.label).match(/— /g) ?? []).length,
    }));
}

export function CategoriesView({ canWrite }: { canWrite: boolean }) {
  const { dict } = useI18n();
  const t = dict.catalog;
  const { toast } = useToast();
  const { data, error, loading, refetch } = useCategoryTreeQuery({
    ssr: false,
    fetchPolicy: 'cache-and-network',
  });
  const [create, creating] = useCreateCategoryMutation();
  const [update] = useUpdateCategoryMutation();
  const [setArchived] = useSetCategoryArchivedMutation();
  const [name, setName] = useState('');
  const [parentId, setParentId] = useState(ROOT);
  const [problem, setProblem] = useState<string | null>(null);
  const categories = data?.categories ?? [];
  const rows = flatten(categories);
  const reload = () => void refetch().catch(() => undefined);
  const [dragged, setDragged] = useState<string | null>(null);
  const [target, setTarget] = useState<string | null>(null);
  const forbidden = dragged ? subtree(categories, dragged) : new Set<string>();

  const move = (id: string, parent: string) =>
    run(
      async () =>
        (await update({ variables: { input: { id, parentId: parent === ROOT ? null : parent } } })).data
          ?.updateCategory.errors,
      t.categories.moved,
    );
  /** Drop-target handlers for `parent` (a category id or ROOT). */
  const dropTarget = (parent: string) => {
    const current = dragged ? (categories.find((c) => c.id === dragged)?.parent?.id ?? ROOT) : null;
    const allowed = dragged !== null && !forbidden.has(parent) && parent !== current;
    return {
      active: allowed && target === parent,
      onDragOver: (event: DragEvent) => {
        if (!allowed) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'move';
        setTarget(parent);
      },
      onDragLeave: () => setTarget((now) => (now === parent ? null : now)),
      onDrop: (event: DragEvent) => {
        event.preventDefault();
        const id = dragged;
        setDragged(null);
        setTarget(null);
        if (id && allowed) void move(id, parent);
      },
    };
  };
  const drag = (id: string) => ({
    onDragStart: (event: DragEvent) => {
      event.dataTransfer.effectAllowed = 'move';
      event.dataTransfer.setData('text/plain', id);
      setDragged(id);
    },
    onDragEnd: () => {
      setDragged(null);
      setTarget(null);
    },
  });
  const rootZone = dropTarget(ROOT);

  async function run(
    action: () => Promise<readonly { code: string; message: string }[] | undefined>,
    done: string,
  ): Promise<boolean> {
    setProblem(null);
    try {
      const errors = (await action()) ?? [];
      if (errors[0]) {
        setProblem(catalogMessage(t, errors[0].code, errors[0].message));
        return false;
      }
      toast({ title: done, variant: 'success' });
      reload();
      return true;
    } catch {
      setProblem(t.form.saveFailed);
      return false;
    }
  }

  async function add(event: FormEvent): Promise<void> {
    event.preventDefault();
    const input = { name: name.trim(), parentId: parentId === ROOT ? null : parentId };
    const ok = await run(
      async () => (await create({ variables: { input } })).data?.createCategory.errors,
      t.categories.created,
    );
    if (ok) setName('');
  }

  const parentChoices = categoryOptions(
    categories.filter((c) => c.active),
    { value: ROOT, label: t.categories.root },
  );

  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t.categories.title} description={t.categories.subtitle} />
      {problem ? <Banner variant="destructive" title={problem} /> : null}
      {canWrite ? (
        <Card className="p-6">
          <form className="flex flex-wrap items-end gap-4" onSubmit={(e) => void add(e)}>
            <div className="grid min-w-64 flex-1 gap-1.5">
              <Label htmlFor="category-name">{t.categories.name}</Label>
              <Input id="category-name" value={name} onChange={(e) => setName(e.target.value)} required />
            </div>
            <div className="grid w-64 gap-1.5">
              <Label htmlFor="category-parent">{t.categories.parent}</Label>
              <Select
                id="category-parent"
                value={parentId}
                onValueChange={setParentId}
                options={parentChoices}
              />
            </div>
            <Button type="submit" loading={creating.loading} disabled={!name.trim()}>
              {t.categories.add}
            </Button>
          </form>
        </Card>
      ) : null}
      <Card className="overflow-hidden">
        {error && !data ? (
          <ErrorState
            className="m-4 border-0"
            title={t.categories.loadError}
            description={t.form.loadErrorDescription}
            retryLabel={dict.common.tryAgain}
            onRetry={reload}
          />
        ) : loading && !data ? (
          <div className="flex justify-center py-16">
            <Spinner size="lg" label={dict.common.loading} />
          </div>
        ) : rows.length === 0 ? (
          <EmptyState title={t.categories.emptyTitle} description={t.categories.emptyDescription} />
        ) : (
          <>
            {canWrite ? (
              // The zone keeps its place while nothing is dragged, so rows never shift under the pointer.
              <div
                data-testid="category-drop-root"
                aria-hidden={dragged ? undefined : true}
                onDragOver={rootZone.onDragOver}
                onDragLeave={rootZone.onDragLeave}
                onDrop={rootZone.onDrop}
                className={`m-2 rounded-md border-2 border-dashed p-3 text-center text-sm text-muted-foreground ${
                  dragged ? '' : 'invisible'
                } ${rootZone.active ? 'border-primary bg-accent text-accent-foreground' : ''}`}
              >
                {t.categories.dropToRoot}
              </div>
            ) : null}
            <ul aria-label={t.categories.title} className="divide-y">
              {rows.map(({ category, depth }) => (
                <CategoryItem
                  key={category.id}
                  category={category}
                  depth={depth}
                  canWrite={canWrite}
                  parents={parentChoices.filter((o) => o.value !== category.id)}
                  drag={drag(category.id)}
                  drop={dropTarget(category.id)}
                  dragging={dragged === category.id}
                  onMove={(parent) => move(category.id, parent)}
                  onRename={(next) =>
                    run(
                      async () =>
                        (await update({ variables: { input: { id: category.id, name: next } } })).data
                          ?.updateCategory.errors,
                      t.categories.renamed,
                    )
                  }
                  onArchive={(archive) =>
                    run(
                      async () => {
                        const result = (await setArchived({ variables: { id: category.id, archive } })).data;
                        return (archive ? result?.archiveCategory : result?.restoreCategory)?.errors;
                      },
                      archive ? t.categories.archivedToast : t.categories.restoredToast,
                    )
                  }
                />
              ))}
            </ul>
          </>
        )}
      </Card>
    </div>
  );
}

interface ItemProps {
  category: CategoryRow;
  depth: number;
  canWrite: boolean;
  parents: ReturnType<typeof categoryOptions>;
  drag: { onDragStart: (event: DragEvent) => void; onDragEnd: () => void };
  drop: {
    active: boolean;
    onDragOver: (event: DragEvent) => void;
    onDragLeave: () => void;
    onDrop: (event: DragEvent) => void;
  };
  dragging: boolean;
  onMove: (parentId: string) => Promise<boolean>;
  onRename: (name: string) => Promise<boolean>;
  onArchive: (archive: boolean) => Promise<boolean>;
}

function CategoryItem({
  category,
  depth,
  canWrite,
  parents,
  drag,
  drop,
  dragging,
  onMove,
  onRename,
  onArchive,
}: ItemProps) {
  const t = useI18n().dict.catalog.categories;
  const [name, setName] = useState(category.name);
  const nameId = `category-${category.id}-name`;
  const moveId = `category-${category.id}-parent`;
  return (
    <li
      className={`flex flex-wrap items-center gap-3 px-4 py-3 ${drop.active ? 'bg-accent ring-2 ring-primary ring-inset' : ''} ${dragging ? 'opacity-50' : ''}`}
      style={{ paddingInlineStart: `${1 + depth * 1.5}rem` }}
      data-testid="category-row"
      data-name={category.name}
      onDragOver={drop.onDragOver}
      onDragLeave={drop.onDragLeave}
      onDrop={drop.onDrop}
    >
      {canWrite ? (
        <>
          <span
            draggable
            onDragStart={drag.onDragStart}
            onDragEnd={drag.onDragEnd}
            title={t.dragHandle}
            aria-hidden="true"
            data-testid="category-drag"
            className="cursor-grab select-none px-1 text-lg leading-none text-muted-foreground active:cursor-grabbing"
          >
            ⠿
          </span>
          <label htmlFor={nameId} className="sr-only">
            {t.name}
          </label>
          <div className="w-56">
            <Input
              id={nameId}
              value={name}
              onChange={(e) => setName(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && name.trim() && name !== category.name) void onRename(name.trim());
              }}
              onBlur={() => {
                if (name.trim() && name !== category.name) void onRename(name.trim());
              }}
            />
          </div>
          <label htmlFor={moveId} className="text-sm text-muted-foreground">
            {t.moveTo}
          </label>
          <div className="w-56">
            <Select
              id={moveId}
              value={category.parent?.id ?? '__root__'}
              onValueChange={(value) => void onMove(value)}
              options={parents}
            />
          </div>
          {!category.active ? <Badge variant="secondary">{t.archived}</Badge> : null}
          <Button
            variant="ghost"
            size="sm"
            className="ml-auto"
            onClick={() => void onArchive(category.active)}
          >
            {category.active ? t.archive : t.restore}
          </Button>
        </>
      ) : (
        <span className="font-medium">
          {category.name} {!category.active ? <Badge variant="secondary">{t.archived}</Badge> : null}
        </span>
      )}
    </li>
  );
}
