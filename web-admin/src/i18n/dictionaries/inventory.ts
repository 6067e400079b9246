/**
 * Texts of the inventory pages: the tab bar of every inventory route, stock levels and the movement
 * ledger (`/inventory`); goods receipts and write-offs come from `inventory-documents.ts`.
 * Transfers and stock-takes keep their own texts beside theirs.
 */
import type { Locale } from '../locale.ts';
import { type InventoryDocumentsTexts, inventoryDocuments } from './inventory-documents.ts';

export type InventoryTab = 'stock' | 'receipts' | 'transfers' | 'stockTakes' | 'writeOffs';

export type MovementKind =
  | 'ADJUSTMENT'
  | 'RECEIPT'
  | 'SALE'
  | 'REFUND'
  | 'TRANSFER_OUT'
  | 'TRANSFER_IN'
  | 'WRITE_OFF'
  | 'CORRECTION';

export type WriteOffReasonCode =
  | 'EXPIRED'
  | 'SPOILED'
  | 'DAMAGED'
  | 'THEFT'
  | 'STAFF_MEAL'
  | 'PROMOTION'
  | 'OTHER';

/** The `InventoryErrorCode`s the forms of these pages can be answered with. */
export type InventoryFormErrorCode =
  | 'CONTENT_MISMATCH'
  | 'DUPLICATE_PRODUCT'
  | 'DUPLICATE_SUPPLIER'
  | 'INVALID_COST'
  | 'INVALID_ID'
  | 'INVALID_LINES'
  | 'INVALID_NAME'
  | 'INVALID_NOTE'
  | 'INVALID_PHONE'
  | 'INVALID_QUANTITY'
  | 'INVALID_REASON'
  | 'INVALID_TAX_ID'
  | 'SUPPLIER_INACTIVE'
  | 'SUPPLIER_NOT_FOUND'
  | 'UNKNOWN_PRODUCT';

export interface InventoryTexts extends InventoryDocumentsTexts {
  tabsLabel: string;
  tabs: Record<InventoryTab, string>;
  store: string;
  product: string;
  productSearch: string;
  productSearchPlaceholder: string;
  noProducts: string;
  readOnly: string;
  errors: Record<InventoryFormErrorCode, string>;
  unknownError: string;
  kinds: Record<MovementKind, string>;
  reasons: Record<WriteOffReasonCode, string>;
  stock: {
    title: string;
    subtitle: string;
    search: string;
    searchPlaceholder: string;
    columns: {
      product: string;
      sku: string;
      quantity: string;
      averageCost: string;
      threshold: string;
      actions: string;
    };
    low: string;
    negative: string;
    lowCount: string;
    noLow: string;
    emptyTitle: string;
    emptyDescription: string;
    noMatch: string;
    clearSearch: string;
    noThreshold: string;
    setThreshold: string;
    thresholdTitle: string;
    thresholdDescription: string;
    removeThreshold: string;
    thresholdSaved: string;
    thresholdRemoved: string;
    correct: string;
    correctTitle: string;
    correctDescription: string;
    correctQuantity: string;
    correctHint: string;
    note: string;
    corrected: string;
    save: string;
    cancel: string;
  };
  ledger: {
    title: string;
    kind: string;
    allKinds: string;
    range: string;
    anyTime: string;
    clearFilters: string;
    anyProduct: string;
    columns: {
      time: string;
      product: string;
      kind: string;
      quantity: string;
      unitCost: string;
      details: string;
    };
    empty: string;
    noMatch: string;
  };
}

export const inventory: Record<Locale, InventoryTexts> = {
  uz: {
    tabsLabel: 'Ombor bo‘limlari',
    tabs: {
      stock: 'Qoldiqlar',
      receipts: 'Kirim',
      transfers: 'Ko‘chirishlar',
      stockTakes: 'Inventarizatsiya',
      writeOffs: 'Hisobdan chiqarish',
    },
    store: 'Do‘kon',
    product: 'Mahsulot',
    productSearch: 'Mahsulot qidirish',
    productSearchPlaceholder: 'Nomi, SKU yoki shtrix-kod',
    noProducts: 'Mahsulot topilmadi',
    readOnly: 'Sizning rolingiz faqat ko‘rishga ruxsat beradi.',
    errors: {
      CONTENT_MISMATCH: 'Bu hujjat boshqa tarkib bilan allaqachon saqlangan. Sahifani yangilang.',
      DUPLICATE_PRODUCT: 'Bir mahsulot ikki marta kiritilgan.',
      DUPLICATE_SUPPLIER: 'Bunday nomli yetkazib beruvchi allaqachon bor.',
      INVALID_COST: 'Narx manfiy bo‘lishi mumkin emas.',
      INVALID_ID: 'Noto‘g‘ri identifikator.',
      INVALID_LINES: 'Kamida bitta qator kiriting (500 tadan ko‘p emas).',
      INVALID_NAME: 'Nomni kiriting (200 belgigacha).',
      INVALID_NOTE: 'Izoh kerak (1 000 belgigacha).',
      INVALID_PHONE: 'Telefon juda uzun.',
      INVALID_QUANTITY: 'Miqdor noto‘g‘ri.',
      INVALID_REASON: 'Sababni tanlang.',
      INVALID_TAX_ID: 'STIR 9 raqam yoki JShShIR 14 raqam bo‘lishi kerak.',
      SUPPLIER_INACTIVE: 'Bu yetkazib beruvchi arxivlangan.',
      SUPPLIER_NOT_FOUND: 'Yetkazib beruvchi topilmadi.',
      UNKNOWN_PRODUCT: 'Ombor bu mahsulotni bilmaydi.',
    },
    unknownError: 'Saqlab bo‘lmadi ({code}).',
    kinds: {
      ADJUSTMENT: 'Inventarizatsiya',
      RECEIPT: 'Kirim',
      SALE: 'Sotuv',
      REFUND: 'Qaytarish',
      TRANSFER_OUT: 'Jo‘natildi',
      TRANSFER_IN: 'Qabul qilindi',
      WRITE_OFF: 'Hisobdan chiqarish',
      CORRECTION: 'Tuzatish',
    },
    reasons: {
      EXPIRED: 'Muddati o‘tgan',
      SPOILED: 'Buzilgan',
      DAMAGED: 'Shikastlangan',
      THEFT: 'Yo‘qolgan',
      STAFF_MEAL: 'Xodimlar ovqati',
      PROMOTION: 'Aksiya, degustatsiya',
      OTHER: 'Boshqa',
    },
    stock: {
      title: 'Ombor qoldiqlari',
      subtitle: 'Do‘kondagi mahsulot qoldiqlari, kam qolganlar va harakatlar jurnali.',
      search: 'Qidirish',
      searchPlaceholder: 'Nomi, SKU yoki shtrix-kod',
      columns: {
        product: 'Mahsulot',
        sku: 'SKU',
        quantity: 'Qoldiq',
        averageCost: 'O‘rtacha tannarx',
        threshold: 'Minimal qoldiq',
        actions: 'Amallar',
      },
      low: 'Kam qoldi',
      negative: 'Manfiy',
      lowCount: 'Minimal qoldiqdan kam: {count} ta mahsulot',
      noLow: 'Minimal qoldiqdan kam mahsulot yo‘q.',
      emptyTitle: 'Mahsulotlar yo‘q',
      emptyDescription: 'Katalogga mahsulot qo‘shing, keyin kirim qiling.',
      noMatch: '“{search}” bo‘yicha hech narsa topilmadi.',
      clearSearch: 'Qidiruvni tozalash',
      noThreshold: 'Belgilanmagan',
      setThreshold: 'Minimal qoldiq',
      thresholdTitle: 'Minimal qoldiq: {product}',
      thresholdDescription: 'Qoldiq shundan kam bo‘lsa, mahsulot “kam qoldi” deb belgilanadi.',
      removeThreshold: 'Olib tashlash',
      thresholdSaved: 'Minimal qoldiq saqlandi',
      thresholdRemoved: 'Minimal qoldiq olib tashlandi',
      correct: 'Tuzatish',
      correctTitle: 'Qoldiqni tuzatish: {product}',
      correctDescription: 'Qancha qo‘shish (+) yoki ayirish (−) kerakligini va sababini yozing.',
      correctQuantity: 'O‘zgarish (+/−)',
      correctHint: 'Hozir: {quantity}. Natija: {result}.',
      note: 'Izoh',
      corrected: 'Qoldiq tuzatildi',
      save: 'Saqlash',
      cancel: 'Bekor qilish',
    },
    ledger: {
      title: 'Harakatlar jurnali',
      kind: 'Turi',
      allKinds: 'Barcha turlar',
      range: 'Sana',
      anyTime: 'Istalgan vaqt',
      clearFilters: 'Filtrlarni tozalash',
      anyProduct: 'Barcha mahsulotlar',
      columns: {
        time: 'Vaqt',
        product: 'Mahsulot',
        kind: 'Turi',
        quantity: 'Miqdor',
        unitCost: 'Birlik narxi',
        details: 'Tafsilot',
      },
      empty: 'Hali harakatlar yo‘q.',
      noMatch: 'Bu filtrlarga mos harakat yo‘q.',
    },
    ...inventoryDocuments.uz,
  },
  ru: {
    tabsLabel: 'Разделы склада',
    tabs: {
      stock: 'Остатки',
      receipts: 'Приход',
      transfers: 'Перемещения',
      stockTakes: 'Инвентаризация',
      writeOffs: 'Списания',
    },
    store: 'Магазин',
    product: 'Товар',
    productSearch: 'Поиск товара',
    productSearchPlaceholder: 'Название, SKU или штрихкод',
    noProducts: 'Товары не найдены',
    readOnly: 'Ваша роль позволяет только просмотр.',
    errors: {
      CONTENT_MISMATCH: 'Документ с этим id уже сохранён с другим содержимым. Обновите страницу.',
      DUPLICATE_PRODUCT: 'Товар указан дважды.',
      DUPLICATE_SUPPLIER: 'Поставщик с таким названием уже есть.',
      INVALID_COST: 'Цена не может быть отрицательной.',
      INVALID_ID: 'Неверный идентификатор.',
      INVALID_LINES: 'Нужна хотя бы одна строка (не более 500).',
      INVALID_NAME: 'Укажите название (до 200 символов).',
      INVALID_NOTE: 'Нужен комментарий (до 1 000 символов).',
      INVALID_PHONE: 'Слишком длинный телефон.',
      INVALID_QUANTITY: 'Неверное количество.',
      INVALID_REASON: 'Выберите причину.',
      INVALID_TAX_ID: 'ИНН — 9 цифр или ПИНФЛ — 14 цифр.',
      SUPPLIER_INACTIVE: 'Этот поставщик в архиве.',
      SUPPLIER_NOT_FOUND: 'Поставщик не найден.',
      UNKNOWN_PRODUCT: 'Склад не знает этот товар.',
    },
    unknownError: 'Не удалось сохранить ({code}).',
    kinds: {
      ADJUSTMENT: 'Инвентаризация',
      RECEIPT: 'Приход',
      SALE: 'Продажа',
      REFUND: 'Возврат',
      TRANSFER_OUT: 'Отправлено',
      TRANSFER_IN: 'Получено',
      WRITE_OFF: 'Списание',
      CORRECTION: 'Корректировка',
    },
    reasons: {
      EXPIRED: 'Истёк срок',
      SPOILED: 'Испорчено',
      DAMAGED: 'Повреждено',
      THEFT: 'Недостача',
      STAFF_MEAL: 'Питание персонала',
      PROMOTION: 'Акция, дегустация',
      OTHER: 'Другое',
    },
    stock: {
      title: 'Остатки на складе',
      subtitle: 'Остатки товаров в магазине, заканчивающиеся товары и журнал движений.',
      search: 'Поиск',
      searchPlaceholder: 'Название, SKU или штрихкод',
      columns: {
        product: 'Товар',
        sku: 'SKU',
        quantity: 'Остаток',
        averageCost: 'Средняя себестоимость',
        threshold: 'Мин. остаток',
        actions: 'Действия',
      },
      low: 'Мало',
      negative: 'Минус',
      lowCount: 'Ниже минимального остатка: {count}',
      noLow: 'Нет товаров ниже минимального остатка.',
      emptyTitle: 'Товаров нет',
      emptyDescription: 'Добавьте товары в каталог, затем оформите приход.',
      noMatch: 'По запросу «{search}» ничего не найдено.',
      clearSearch: 'Очистить поиск',
      noThreshold: 'Не задан',
      setThreshold: 'Мин. остаток',
      thresholdTitle: 'Минимальный остаток: {product}',
      thresholdDescription: 'Когда остаток ниже этого значения, товар помечается как заканчивающийся.',
      removeThreshold: 'Убрать',
      thresholdSaved: 'Минимальный остаток сохранён',
      thresholdRemoved: 'Минимальный остаток убран',
      correct: 'Корректировка',
      correctTitle: 'Корректировка остатка: {product}',
      correctDescription: 'Укажите, сколько добавить (+) или убрать (−), и причину.',
      correctQuantity: 'Изменение (+/−)',
      correctHint: 'Сейчас: {quantity}. Станет: {result}.',
      note: 'Комментарий',
      corrected: 'Остаток скорректирован',
      save: 'Сохранить',
      cancel: 'Отмена',
    },
    ledger: {
      title: 'Журнал движений',
      kind: 'Тип',
      allKinds: 'Все типы',
      range: 'Даты',
      anyTime: 'За всё время',
      clearFilters: 'Сбросить фильтры',
      anyProduct: 'Все товары',
      columns: {
        time: 'Время',
        product: 'Товар',
        kind: 'Тип',
        quantity: 'Количество',
        unitCost: 'Цена за единицу',
        details: 'Подробности',
      },
      empty: 'Движений пока нет.',
      noMatch: 'Нет движений по этим фильтрам.',
    },
    ...inventoryDocuments.ru,
  },
  en: {
    tabsLabel: 'Inventory sections',
    tabs: {
      stock: 'Stock',
      receipts: 'Receipts',
      transfers: 'Transfers',
      stockTakes: 'Stock-takes',
      writeOffs: 'Write-offs',
    },
    store: 'Store',
    product: 'Product',
    productSearch: 'Find a product',
    productSearchPlaceholder: 'Name, SKU or barcode',
    noProducts: 'No products found',
    readOnly: 'Your role may only view this.',
    errors: {
      CONTENT_MISMATCH: 'This document was already saved with different content. Reload the page.',
      DUPLICATE_PRODUCT: 'A product is listed twice.',
      DUPLICATE_SUPPLIER: 'A supplier with this name exists already.',
      INVALID_COST: 'A price cannot be negative.',
      INVALID_ID: 'An id is not valid.',
      INVALID_LINES: 'Add at least one line (at most 500).',
      INVALID_NAME: 'Enter a name (up to 200 characters).',
      INVALID_NOTE: 'A note is needed (up to 1,000 characters).',
      INVALID_PHONE: 'The phone is too long.',
      INVALID_QUANTITY: 'The quantity is not valid.',
      INVALID_REASON: 'Choose a reason.',
      INVALID_TAX_ID: 'A TIN has 9 digits, a PINFL 14.',
      SUPPLIER_INACTIVE: 'This supplier is archived.',
      SUPPLIER_NOT_FOUND: 'No such supplier.',
      UNKNOWN_PRODUCT: 'Inventory does not know this product.',
    },
    unknownError: 'Could not save ({code}).',
    kinds: {
      ADJUSTMENT: 'Stock-take',
      RECEIPT: 'Receipt',
      SALE: 'Sale',
      REFUND: 'Refund',
      TRANSFER_OUT: 'Sent',
      TRANSFER_IN: 'Received',
      WRITE_OFF: 'Write-off',
      CORRECTION: 'Correction',
    },
    reasons: {
      EXPIRED: 'Expired',
      SPOILED: 'Spoiled',
      DAMAGED: 'Damaged',
      THEFT: 'Missing',
      STAFF_MEAL: 'Staff meal',
      PROMOTION: 'Promotion, tasting',
      OTHER: 'Other',
    },
    stock: {
      title: 'Stock levels',
      subtitle: 'What each product has on hand in a store, what runs low, and the movement ledger.',
      search: 'Search',
      searchPlaceholder: 'Name, SKU or barcode',
      columns: {
        product: 'Product',
        sku: 'SKU',
        quantity: 'On hand',
        averageCost: 'Average cost',
        threshold: 'Low-stock threshold',
        actions: 'Actions',
      },
      low: 'Low',
      negative: 'Negative',
      lowCount: 'Below threshold: {count}',
      noLow: 'Nothing is below its threshold.',
      emptyTitle: 'No products yet',
      emptyDescription: 'Add products to the catalog, then receive goods.',
      noMatch: 'Nothing matches “{search}”.',
      clearSearch: 'Clear search',
      noThreshold: 'Not set',
      setThreshold: 'Threshold',
      thresholdTitle: 'Low-stock threshold: {product}',
      thresholdDescription: 'Below this quantity the product is shown as low on stock.',
      removeThreshold: 'Remove',
      thresholdSaved: 'Threshold saved',
      thresholdRemoved: 'Threshold removed',
      correct: 'Correct',
      correctTitle: 'Correct stock: {product}',
      correctDescription: 'Enter how much to add (+) or take away (−), and why.',
      correctQuantity: 'Change (+/−)',
      correctHint: 'Now: {quantity}. After: {result}.',
      note: 'Note',
      corrected: 'Stock corrected',
      save: 'Save',
      cancel: 'Cancel',
    },
    ledger: {
      title: 'Movement ledger',
      kind: 'Kind',
      allKinds: 'All kinds',
      range: 'Dates',
      anyTime: 'Any time',
      clearFilters: 'Clear filters',
      anyProduct: 'All products',
      columns: {
        time: 'Time',
        product: 'Product',
        kind: 'Kind',
        quantity: 'Quantity',
        unitCost: 'Unit cost',
        details: 'Details',
      },
      empty: 'No movements yet.',
      noMatch: 'No movements match these filters.',
    },
    ...inventoryDocuments.en,
  },
};
