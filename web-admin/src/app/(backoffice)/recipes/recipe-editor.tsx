'use client';

/**
 * The new-version form of a recipe: the ingredients of the version in force as a start, edited
 * with the shared product lines (quantities per portion), then a confirmation naming the version
 * that will apply from now — or, with no ingredients left, that the recipe is removed.
 */
import { useMutation } from '@apollo/client/react';
import { Banner, Button, ConfirmDialog, Dialog, DialogContent, DialogFooter, useToast } from '@jowi/ui';
import { useState } from 'react';
import { type RecipeFieldsFragment, SetRecipeDocument } from '../../../__generated__/graphql.ts';
import { fill } from '../../../i18n/dictionaries.ts';
import { useI18n } from '../../../i18n/provider.tsx';
import { type FormLine, LinesEditor, linesComplete, userErrorText } from '../inventory/_ops/lines.tsx';

export function RecipeEditor({
  dish,
  current,
  nextVersion,
  onClose,
  onSaved,
}: {
  dish: { id: string; name: string };
  current: RecipeFieldsFragment | null;
  nextVersion: number;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { dict } = useI18n();
  const t = dict.inventoryOps;
  const r = dict.recipes;
  const { toast } = useToast();
  const [lines, setLines] = useState<FormLine[]>(
    () =>
      current?.ingredients.map((ingredient) => ({
        product: ingredient.product,
        quantity: ingredient.quantity,
      })) ?? [],
  );
  const [confirming, setConfirming] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [setRecipe] = useMutation(SetRecipeDocument);
  const removing = lines.length === 0;
  const effects = current?.modifierEffects ?? [];

  const save = async () => {
    setProblem(null);
    try {
      const { data } = await setRecipe({
        variables: {
          input: {
            productId: dish.id,
            ingredients: lines.map((line) => ({ productId: line.product.id, quantity: line.quantity! })),
            modifierEffects: removing
              ? null
              : effects.map((effect) => ({
                  modifierId: effect.modifierId,
                  ingredients: effect.ingredients.map((i) => ({
                    productId: i.product.id,
                    quantity: i.quantity,
                  })),
                })),
          },
        },
      });
      const error = data?.setRecipe.errors[0];
      if (error) {
        setConfirming(false);
        return setProblem(userErrorText(dict, error.code));
      }
      toast({ title: removing ? r.removedToast : r.saved, variant: 'success' });
      onSaved();
    } catch {
      setConfirming(false);
      setProblem(dict.common.errorDescription);
    }
  };

  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : onClose())}>
      <DialogContent
        title={`${r.editTitle}: ${dish.name}`}
        description={r.editDescription}
        className="max-w-2xl"
      >
        <form
          className="grid gap-4"
          onSubmit={(event) => {
            event.preventDefault();
            if (!removing && !linesComplete(lines)) return setProblem(t.lines.missingQuantity);
            setProblem(null);
            setConfirming(true);
          }}
          data-testid="recipe-form"
        >
          <LinesEditor lines={lines} onChange={setLines} testId="recipe" quantityLabel={r.perPortion} />
          {effects.length > 0 && !removing ? (
            <p className="text-sm text-muted-foreground">{r.modifiersKept}</p>
          ) : null}
          {problem ? <Banner variant="destructive" title={problem} data-testid="recipe-error" /> : null}
          <DialogFooter>
            <Button type="button" variant="outline" onClick={onClose}>
              {t.cancel}
            </Button>
            <Button type="submit" data-testid="recipe-save">
              {r.save}
            </Button>
          </DialogFooter>
        </form>
        <ConfirmDialog
          open={confirming}
          onOpenChange={setConfirming}
          title={removing ? r.confirmRemoveTitle : r.confirmTitle}
          description={
            removing
              ? r.confirmRemoveDescription
              : fill(r.confirmDescription, { version: nextVersion, count: lines.length })
          }
          confirmLabel={r.confirm}
          cancelLabel={t.cancel}
          variant={removing ? 'destructive' : 'primary'}
          onConfirm={save}
        />
      </DialogContent>
    </Dialog>
  );
}
