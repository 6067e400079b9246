/** Recipes: versioned lists of ingredients per portion of a dish, with modifier effects. */

export interface RecipeComponent {
  /** Null for the base recipe; the modifier id for a modifier effect. */
  modifierId: string | null;
  productId: string;
  /** Per portion, thousandths (signed in modifier effects). */
  quantity: bigint;
}

export interface RecipeVersion {
  id: string;
  productId: string;
  version: number;
  validFrom: Date;
  createdBy: string | null;
  components: RecipeComponent[];
}
