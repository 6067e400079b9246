/**
 * Texts of the catalog pages, in Uzbek (Latin), Russian and English, combined from one file per
 * page group: `catalog-product.ts` (list, form, prices, history), `catalog-import.ts`,
 * `catalog-structure.ts` (categories, modifiers); the error codes shared by all of them live here.
 * Typed like the main dictionary: a key missing in one language is a compile error. Error codes
 * are the catalog subgraph's `CatalogErrorCode`s; a code without a text here falls back to the
 * server's (English) message.
 */
import type { Locale } from '../locale.ts';
import { type CatalogImportTexts, catalogImport } from './catalog-import.ts';
import { type CatalogProductTexts, catalogProduct } from './catalog-product.ts';
import { type CatalogStructureTexts, catalogStructure } from './catalog-structure.ts';

/** Catalog error codes the pages explain in the user's language. */
export type CatalogCode =
  | 'DUPLICATE_SKU'
  | 'DUPLICATE_BARCODE'
  | 'INVALID_BARCODE'
  | 'INVALID_IKPU'
  | 'INVALID_PACKAGE_CODE'
  | 'INVALID_PRICE'
  | 'INVALID_VAT_RATE'
  | 'INVALID_SKU'
  | 'INVALID_NAME'
  | 'INVALID_UNIT'
  | 'UNKNOWN_CATEGORY'
  | 'AMBIGUOUS_CATEGORY'
  | 'INVALID_MARKING_FLAG'
  | 'INVALID_OWNER_TYPE'
  | 'INVALID_FILE'
  | 'MISSING_COLUMN'
  | 'TOO_MANY_ROWS'
  | 'UNKNOWN_PRODUCT'
  | 'CATEGORY_CYCLE'
  | 'INVALID_MODIFIER_RANGE'
  | 'INVALID_OPTIONS';

export interface CatalogTexts extends CatalogProductTexts, CatalogImportTexts, CatalogStructureTexts {
  codes: Record<CatalogCode, string>;
}

const codes: Record<Locale, Pick<CatalogTexts, 'codes'>> = {
  uz: {
    codes: {
      DUPLICATE_SKU: 'Bu SKU boshqa mahsulotda bor.',
      DUPLICATE_BARCODE: 'Bu shtrix-kod boshqa mahsulotda bor.',
      INVALID_BARCODE: 'Shtrix-kod noto‘g‘ri (nazorat raqami yoki belgilar).',
      INVALID_IKPU: 'MXIK kodi aynan 17 ta raqamdan iborat.',
      INVALID_PACKAGE_CODE: 'Qadoq kodi 1–20 ta raqamdan iborat.',
      INVALID_PRICE: 'Narx noto‘g‘ri: manfiy emas, ko‘pi bilan 2 kasr xonasi.',
      INVALID_VAT_RATE: 'QQS 12 yoki 0 bo‘ladi.',
      INVALID_SKU: 'SKU 1–64 belgi, bo‘shliqsiz.',
      INVALID_NAME: 'Nom bo‘sh yoki juda uzun.',
      INVALID_UNIT: 'O‘lchov birligi 16 belgidan oshmasin.',
      UNKNOWN_CATEGORY: 'Bunday kategoriya yo‘q.',
      AMBIGUOUS_CATEGORY: 'Bu nomli kategoriya bir nechta: id sini yozing.',
      INVALID_MARKING_FLAG: 'marking_required true yoki false bo‘ladi.',
      INVALID_OWNER_TYPE: 'owner_type: RESALE, OWN_PRODUCTION yoki SERVICE.',
      INVALID_FILE: 'Faylni o‘qib bo‘lmadi.',
      MISSING_COLUMN: 'Majburiy ustun yo‘q.',
      TOO_MANY_ROWS: 'Bitta importda ko‘pi bilan 200 000 qator.',
      UNKNOWN_PRODUCT: 'Mahsulot topilmadi.',
      CATEGORY_CYCLE: 'Kategoriyani o‘zining ichiga ko‘chirib bo‘lmaydi.',
      INVALID_MODIFIER_RANGE: 'Eng kam tanlov eng ko‘pdan oshmasin, eng ko‘pi variantlar sonidan oshmasin.',
      INVALID_OPTIONS: 'Kamida bitta variant kerak (ko‘pi bilan 100).',
    },
  },
  ru: {
    codes: {
      DUPLICATE_SKU: 'Этот артикул уже есть у другого товара.',
      DUPLICATE_BARCODE: 'Этот штрихкод уже есть у другого товара.',
      INVALID_BARCODE: 'Неверный штрихкод (контрольная цифра или символы).',
      INVALID_IKPU: 'Код ИКПУ — ровно 17 цифр.',
      INVALID_PACKAGE_CODE: 'Код упаковки — от 1 до 20 цифр.',
      INVALID_PRICE: 'Неверная цена: не отрицательная, не больше 2 знаков после запятой.',
      INVALID_VAT_RATE: 'НДС — 12 или 0.',
      INVALID_SKU: 'Артикул — 1–64 символа без пробелов.',
      INVALID_NAME: 'Название пустое или слишком длинное.',
      INVALID_UNIT: 'Единица — не длиннее 16 символов.',
      UNKNOWN_CATEGORY: 'Такой категории нет.',
      AMBIGUOUS_CATEGORY: 'Категорий с таким названием несколько: укажите id.',
      INVALID_MARKING_FLAG: 'marking_required — true или false.',
      INVALID_OWNER_TYPE: 'owner_type: RESALE, OWN_PRODUCTION или SERVICE.',
      INVALID_FILE: 'Файл не удалось прочитать.',
      MISSING_COLUMN: 'Нет обязательного столбца.',
      TOO_MANY_ROWS: 'Не больше 200 000 строк за один импорт.',
      UNKNOWN_PRODUCT: 'Товар не найден.',
      CATEGORY_CYCLE: 'Нельзя перенести категорию внутрь неё самой.',
      INVALID_MODIFIER_RANGE: 'Минимум не больше максимума, максимум не больше числа вариантов.',
      INVALID_OPTIONS: 'Нужен хотя бы один вариант (не больше 100).',
    },
  },
  en: {
    codes: {
      DUPLICATE_SKU: 'Another product has this SKU.',
      DUPLICATE_BARCODE: 'Another product has this barcode.',
      INVALID_BARCODE: 'Invalid barcode (check digit or characters).',
      INVALID_IKPU: 'The IKPU code is exactly 17 digits.',
      INVALID_PACKAGE_CODE: 'The package code is 1–20 digits.',
      INVALID_PRICE: 'Invalid price: not negative, at most 2 decimals.',
      INVALID_VAT_RATE: 'VAT is 12 or 0.',
      INVALID_SKU: 'A SKU is 1–64 characters without spaces.',
      INVALID_NAME: 'The name is empty or too long.',
      INVALID_UNIT: 'A unit is at most 16 characters.',
      UNKNOWN_CATEGORY: 'No such category.',
      AMBIGUOUS_CATEGORY: 'Several categories have this name: give its id.',
      INVALID_MARKING_FLAG: 'marking_required is true or false.',
      INVALID_OWNER_TYPE: 'owner_type is RESALE, OWN_PRODUCTION or SERVICE.',
      INVALID_FILE: 'The file could not be read.',
      MISSING_COLUMN: 'A required column is missing.',
      TOO_MANY_ROWS: 'At most 200 000 rows per import.',
      UNKNOWN_PRODUCT: 'Product not found.',
      CATEGORY_CYCLE: 'A category cannot move inside itself.',
      INVALID_MODIFIER_RANGE:
        'The fewest choices cannot exceed the most, nor the most the number of options.',
      INVALID_OPTIONS: 'At least one option is needed (at most 100).',
    },
  },
};

function combine(locale: Locale): CatalogTexts {
  return {
    ...catalogProduct[locale],
    ...catalogImport[locale],
    ...catalogStructure[locale],
    ...codes[locale],
  };
}

export const catalog: Record<Locale, CatalogTexts> = {
  uz: combine('uz'),
  ru: combine('ru'),
  en: combine('en'),
};

/** The user's text for a catalog error code, or the server's message when there is none. */
export function catalogMessage(texts: CatalogTexts, code: string, fallback: string): string {
  return code in texts.codes ? texts.codes[code as CatalogCode] : fallback;
}
