'use client';

import { type CatalogTexts, catalogTextsFor } from '../../../../i18n/dictionaries/catalog.ts';
import { useI18n } from '../../../../i18n/provider.tsx';

/** The catalog pages' texts in the user's language, in a client component. */
export function useCatalogTexts(): CatalogTexts {
  return catalogTextsFor(useI18n().locale);
}
