'use client';

/**
 * Recipes: pick a dish (`?dish=<id>` keeps it across reloads), see the recipe in force — what one
 * portion deducts — and every version with the instant it applies from. "Edit" writes a new
 * version through `setRecipe` after a confirmation: it applies to sales from now on, earlier sales
 * keep theirs; an empty ingredient list removes the recipe. Modifier effects of the version in
 * force are carried over unchanged (they are edited with the modifiers, not here).
 */
import {
  Badge,
  Button,
  Card,
  DataTable,
  type DataTableColumn,
  EmptyState,
  Quantity,
  useUiLocale,
} from '@jowi/ui';
import { useSearchParams } from 'next/navigation';
import { useState } from 'react';
import {
  RecipeDishDocument,
  type RecipeFieldsFragment,
  RecipeVersionsDocument,
} from '../../../__generated__/graphql.ts';
import { PageHeader } from '../../../components/page-header.tsx';
import { QueryState } from '../../../components/query-state.tsx';
import { useI18n } from '../../../i18n/provider.tsx';
import { unitName } from '../../../i18n/units.ts';
import { dateTimeColumnWidth, formatDateTime, formatQuantity } from '../../../lib/format.ts';
import { useSetSearchParams } from '../../../lib/url-state.ts';
import { useCachedQuery } from '../../../lib/use-cached-query.ts';
import { ProductPicker } from '../inventory/_shared/product-picker.tsx';
import { RecipeEditor } from './recipe-editor.tsx';

const VERSIONS_PAGE = 50;

/** The version in force at `at`: the newest one that applies from then or earlier. */
export function versionInForce(
  versions: readonly RecipeFieldsFragment[],
  at: number = Date.now(),
): RecipeFieldsFragment | null {
  return versions.find((version) => Date.parse(version.validFrom) <= at) ?? null;
}

function IngredientList({ recipe }: { recipe: RecipeFieldsFragment }) {
  const { dict } = useI18n();
  return (
    <ul className="grid gap-1" data-testid="recipe-ingredients">
      {recipe.ingredients.map((ingredient) => (
        <li
          key={ingredient.product.id}
          className="flex justify-between gap-4 border-b border-border py-1 last:border-0"
        >
          <span>
            {ingredient.product.name} <span className="text-muted-foreground">{ingredient.product.sku}</span>
          </span>
          <Quantity value={ingredient.quantity} unit={unitName(dict, ingredient.product.unit)} />
        </li>
      ))}
    </ul>
  );
}

export function RecipesView({ timeZone, canWrite }: { timeZone: string; canWrite: boolean }) {
  const { dict } = useI18n();
  const { tag } = useUiLocale();
  const t = dict.recipes;
  const params = useSearchParams();
  const setParams = useSetSearchParams();
  const [dishId, setDishId] = useState<string | null>(params.get('dish'));
  const [editing, setEditing] = useState(false);
  const dish = useCachedQuery(RecipeDishDocument, { id: dishId ?? '' }, { skip: !dishId });
  const versions = useCachedQuery(
    RecipeVersionsDocument,
    { productId: dishId ?? '', first: VERSIONS_PAGE, after: null },
    { skip: !dishId },
  );
  const list = versions.data?.recipeVersions.edges.map((edge) => edge.node) ?? [];
  const current = versionInForce(list);
  const product = dish.data?.product;

  const columns: DataTableColumn<RecipeFieldsFragment>[] = [
    {
      id: 'version',
      header: t.columns.version,
      width: 130,
      cell: (row) => (
        <span className="flex items-center gap-2">
          v{row.version}
          {row.id === current?.id ? <Badge variant="success">{t.inForce}</Badge> : null}
        </span>
      ),
    },
    {
      id: 'validFrom',
      header: t.columns.validFrom,
      width: dateTimeColumnWidth(tag),
      cell: (row) => formatDateTime(row.validFrom, tag, timeZone),
    },
    {
      id: 'ingredients',
      header: t.columns.ingredients,
      cell: (row) =>
        row.ingredients.length === 0 ? (
          <span className="text-muted-foreground">{t.removed}</span>
        ) : (
          row.ingredients
            .map((ingredient) => `${ingredient.product.name} ${formatQuantity(ingredient.quantity, dict)}`)
            .join(', ')
        ),
    },
  ];

  return (
    <>
      <PageHeader title={t.title} description={t.subtitle} />
      <div className="grid gap-6">
        <div className="max-w-md">
          <ProductPicker
            label={t.dish}
            testId="recipe-dish"
            onPick={(picked) => {
              setDishId(picked.id);
              setParams({ dish: picked.id });
            }}
          />
        </div>
        {!dishId ? (
          <Card>
            <EmptyState title={t.chooseTitle} description={t.chooseDescription} />
          </Card>
        ) : !product || !versions.data ? (
          <QueryState
            error={dish.error ?? versions.error}
            onRetry={() => {
              void dish.refetch();
              void versions.refetch();
            }}
          />
        ) : (
          <>
            <Card className="grid gap-4 p-6" data-testid="recipe-current">
              <div className="flex flex-wrap items-center justify-between gap-3">
                <div className="grid gap-0.5">
                  <h2 className="text-lg font-semibold">{product.name}</h2>
                  <p className="text-sm text-muted-foreground">
                    {current && current.ingredients.length > 0
                      ? `${t.current}: v${current.version} · ${formatDateTime(current.validFrom, tag, timeZone)}`
                      : t.noRecipeTitle}
                  </p>
                </div>
                {canWrite ? (
                  <Button onClick={() => setEditing(true)} data-testid="recipe-edit">
                    {current && current.ingredients.length > 0 ? t.edit : t.create}
                  </Button>
                ) : null}
              </div>
              {current && current.ingredients.length > 0 ? (
                <div className="grid gap-2">
                  <h3 className="text-sm font-medium text-muted-foreground">
                    {t.ingredients} ({t.perPortion})
                  </h3>
                  <IngredientList recipe={current} />
                </div>
              ) : (
                <p className="text-sm text-muted-foreground">{t.noRecipeDescription}</p>
              )}
              {!canWrite ? (
                <p className="text-sm text-muted-foreground">{dict.inventoryOps.readOnly}</p>
              ) : null}
            </Card>
            <div className="grid gap-2">
              <h2 className="text-lg font-semibold">{t.versions}</h2>
              <DataTable
                label={t.versions}
                columns={columns}
                data={list}
                getRowId={(row) => row.id}
                loading={versions.loading}
                error={versions.error && !versions.data ? dict.common.errorDescription : null}
                onRetry={() => void versions.refetch()}
                emptyState={
                  <div className="grid gap-1 p-6 text-center">
                    <p className="font-medium">{t.noRecipeTitle}</p>
                    <p className="text-sm text-muted-foreground">{t.noRecipeDescription}</p>
                  </div>
                }
              />
            </div>
          </>
        )}
      </div>
      {editing && product ? (
        <RecipeEditor
          dish={product}
          current={current}
          nextVersion={(list[0]?.version ?? 0) + 1}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            void versions.refetch();
          }}
        />
      ) : null}
    </>
  );
}
