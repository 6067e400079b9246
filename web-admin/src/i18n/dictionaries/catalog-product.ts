/**
 * Texts of the product pages (list, product form, store prices, price history), in Uzbek (Latin),
 * Russian and English. Part of the catalog dictionary (`catalog.ts` combines the parts; the keys
 * stay under `catalog.*`).
 */
import type { Locale } from '../locale.ts';

export interface CatalogProductTexts {
  form: {
    titleNew: string;
    back: string;
    basics: string;
    fiscal: string;
    selling: string;
    name: string;
    nameRu: string;
    nameEn: string;
    sku: string;
    price: string;
    costPrice: string;
    vatRate: string;
    vat12: string;
    vat0: string;
    ikpu: string;
    ikpuHelp: string;
    packageCode: string;
    packageCodeHelp: string;
    unit: string;
    barcodes: string;
    barcodesHelp: string;
    ownerType: string;
    owner: { RESALE: string; OWN_PRODUCTION: string; SERVICE: string };
    markingRequired: string;
    markingHelp: string;
    cashlessOnly: string;
    cashlessHelp: string;
    category: string;
    noCategory: string;
    modifiers: string;
    noModifiers: string;
    create: string;
    save: string;
    created: string;
    saved: string;
    archive: string;
    restore: string;
    archived: string;
    archivedToast: string;
    restoredToast: string;
    archiveTitle: string;
    archiveDescription: string;
    cancel: string;
    unsaved: string;
    saveFailed: string;
    errorSummary: string;
    loadErrorTitle: string;
    loadErrorDescription: string;
    notFoundTitle: string;
    notFoundDescription: string;
    noWriteAccess: string;
    required: string;
    ikpuDigits: string;
    packageDigits: string;
    priceFormat: string;
    barcodeCheckDigit: string;
    barcodeFormat: string;
  };
  list: {
    filters: string;
    allCategories: string;
    status: string;
    statuses: { active: string; archived: string; all: string };
    clearFilters: string;
  };
  storePrices: {
    title: string;
    description: string;
    store: string;
    price: string;
    base: string;
    set: string;
    remove: string;
    savedToast: string;
    noStores: string;
  };
  history: {
    title: string;
    when: string;
    where: string;
    oldPrice: string;
    newPrice: string;
    who: string;
    basePrice: string;
    empty: string;
    sources: Record<string, string>;
  };
}

export const catalogProduct: Record<Locale, CatalogProductTexts> = {
  uz: {
    form: {
      titleNew: 'Yangi mahsulot',
      back: 'Mahsulotlarga qaytish',
      basics: 'Asosiy',
      fiscal: 'Fiskal ma’lumotlar',
      selling: 'Sotuv',
      name: 'Nomi (o‘zbekcha)',
      nameRu: 'Nomi (ruscha)',
      nameEn: 'Nomi (inglizcha)',
      sku: 'SKU (artikul)',
      price: 'Narxi, QQS bilan',
      costPrice: 'Tannarxi',
      vatRate: 'QQS stavkasi',
      vat12: 'Standart, 12%',
      vat0: 'QQSsiz, 0%',
      ikpu: 'MXIK (IKPU) kodi',
      ikpuHelp: '17 ta raqam, tasnif.soliq.uz dan.',
      packageCode: 'Qadoq kodi',
      packageCodeHelp: '1–20 ta raqam, MXIK uchun tasnif katalogidan.',
      unit: 'O‘lchov birligi',
      barcodes: 'Shtrix-kodlar',
      barcodesHelp: 'Har birini yangi qatorda yoki vergul bilan yozing.',
      ownerType: 'Kelib chiqishi',
      owner: { RESALE: 'Qayta sotish', OWN_PRODUCTION: 'O‘z ishlab chiqarishi', SERVICE: 'Xizmat' },
      markingRequired: 'Markirovka kodi majburiy',
      markingHelp: 'Kassir har bir dona uchun Asl Belgisi kodini skanerlaydi.',
      cashlessOnly: 'Faqat naqd pulsiz',
      cashlessHelp: 'Kassa bu mahsulotni naqd pulga sotmaydi: karta yoki QR orqali to‘lov.',
      category: 'Kategoriya',
      noCategory: 'Kategoriyasiz',
      modifiers: 'Modifikatorlar',
      noModifiers: 'Modifikator guruhlari hali yo‘q.',
      create: 'Mahsulot yaratish',
      save: 'Saqlash',
      created: 'Mahsulot yaratildi',
      saved: 'Mahsulot saqlandi',
      archive: 'Arxivlash',
      restore: 'Arxivdan qaytarish',
      archived: 'Arxivda',
      archivedToast: 'Mahsulot arxivlandi',
      restoredToast: 'Mahsulot arxivdan qaytarildi',
      archiveTitle: 'Mahsulot arxivlansinmi?',
      archiveDescription: 'U sotuvdan yashiriladi, eski cheklarda qoladi. Keyin qaytarish mumkin.',
      cancel: 'Bekor qilish',
      unsaved: 'Saqlanmagan o‘zgarishlar bor.',
      saveFailed: 'Saqlab bo‘lmadi: server javob bermadi. Qayta urinib ko‘ring.',
      errorSummary: 'Quyidagilarni tuzating:',
      loadErrorTitle: 'Mahsulotni yuklab bo‘lmadi',
      loadErrorDescription: 'Aloqani tekshirib, qayta urinib ko‘ring.',
      notFoundTitle: 'Mahsulot topilmadi',
      notFoundDescription: 'U o‘chirilgan yoki boshqa korxonaga tegishli.',
      noWriteAccess: 'Sizning rolingiz katalogni o‘zgartirishga ruxsat bermaydi.',
      required: 'To‘ldirish shart.',
      ikpuDigits: 'MXIK kodi aynan 17 ta raqamdan iborat.',
      packageDigits: 'Qadoq kodi 1–20 ta raqamdan iborat.',
      priceFormat: 'Summani 12500 yoki 12500,50 ko‘rinishida yozing.',
      barcodeCheckDigit: '{code}: nazorat raqami noto‘g‘ri — kodni qayta tekshiring.',
      barcodeFormat: '{code}: shtrix-kod 1–64 ta belgidan, bo‘shliqsiz bo‘ladi.',
    },
    list: {
      filters: 'Filtrlar',
      allCategories: 'Barcha kategoriyalar',
      status: 'Holati',
      statuses: { active: 'Faol', archived: 'Arxivdagi', all: 'Hammasi' },
      clearFilters: 'Filtrlarni tozalash',
    },
    storePrices: {
      title: 'Do‘kon narxlari',
      description: 'Bo‘sh qoldirilsa, asosiy narx amal qiladi.',
      store: 'Do‘kon',
      price: 'Narx',
      base: 'Asosiy narx',
      set: 'O‘rnatish',
      remove: 'Olib tashlash',
      savedToast: 'Do‘kon narxi saqlandi',
      noStores: 'Do‘konlar yo‘q.',
    },
    history: {
      title: 'Narxlar tarixi',
      when: 'Sana',
      where: 'Qayerda',
      oldPrice: 'Avvalgi',
      newPrice: 'Yangi',
      who: 'Kim',
      basePrice: 'Asosiy narx',
      empty: 'Narx hali o‘zgarmagan.',
      sources: { product: 'Tahrirlash', 'store-price': 'Do‘kon narxi', import: 'Import' },
    },
  },
  ru: {
    form: {
      titleNew: 'Новый товар',
      back: 'К списку товаров',
      basics: 'Основное',
      fiscal: 'Фискальные данные',
      selling: 'Продажа',
      name: 'Название (узбекское)',
      nameRu: 'Название (русское)',
      nameEn: 'Название (английское)',
      sku: 'Артикул (SKU)',
      price: 'Цена с НДС',
      costPrice: 'Себестоимость',
      vatRate: 'Ставка НДС',
      vat12: 'Стандартная, 12%',
      vat0: 'Без НДС, 0%',
      ikpu: 'Код ИКПУ (MXIK)',
      ikpuHelp: '17 цифр, с tasnif.soliq.uz.',
      packageCode: 'Код упаковки',
      packageCodeHelp: '1–20 цифр, из справочника tasnif для ИКПУ.',
      unit: 'Единица измерения',
      barcodes: 'Штрихкоды',
      barcodesHelp: 'Каждый с новой строки или через запятую.',
      ownerType: 'Происхождение',
      owner: { RESALE: 'Перепродажа', OWN_PRODUCTION: 'Собственное производство', SERVICE: 'Услуга' },
      markingRequired: 'Обязательна маркировка',
      markingHelp: 'Кассир сканирует код Asl Belgisi на каждой единице.',
      cashlessOnly: 'Только безналичный расчёт',
      cashlessHelp: 'Касса не продаёт этот товар за наличные: только карта или QR.',
      category: 'Категория',
      noCategory: 'Без категории',
      modifiers: 'Модификаторы',
      noModifiers: 'Групп модификаторов пока нет.',
      create: 'Создать товар',
      save: 'Сохранить',
      created: 'Товар создан',
      saved: 'Товар сохранён',
      archive: 'В архив',
      restore: 'Вернуть из архива',
      archived: 'В архиве',
      archivedToast: 'Товар перенесён в архив',
      restoredToast: 'Товар возвращён из архива',
      archiveTitle: 'Перенести товар в архив?',
      archiveDescription: 'Он скроется из продажи и останется в старых чеках. Его можно вернуть.',
      cancel: 'Отмена',
      unsaved: 'Есть несохранённые изменения.',
      saveFailed: 'Не удалось сохранить: сервер не ответил. Попробуйте ещё раз.',
      errorSummary: 'Исправьте следующее:',
      loadErrorTitle: 'Не удалось загрузить товар',
      loadErrorDescription: 'Проверьте соединение и попробуйте ещё раз.',
      notFoundTitle: 'Товар не найден',
      notFoundDescription: 'Он удалён или принадлежит другой компании.',
      noWriteAccess: 'Ваша роль не позволяет изменять каталог.',
      required: 'Обязательное поле.',
      ikpuDigits: 'Код ИКПУ — ровно 17 цифр.',
      packageDigits: 'Код упаковки — от 1 до 20 цифр.',
      priceFormat: 'Введите сумму как 12500 или 12500,50.',
      barcodeCheckDigit: '{code}: неверная контрольная цифра — проверьте код.',
      barcodeFormat: '{code}: штрихкод — 1–64 символа без пробелов.',
    },
    list: {
      filters: 'Фильтры',
      allCategories: 'Все категории',
      status: 'Состояние',
      statuses: { active: 'Активные', archived: 'В архиве', all: 'Все' },
      clearFilters: 'Сбросить фильтры',
    },
    storePrices: {
      title: 'Цены в магазинах',
      description: 'Если не задана, действует основная цена.',
      store: 'Магазин',
      price: 'Цена',
      base: 'Основная цена',
      set: 'Установить',
      remove: 'Убрать',
      savedToast: 'Цена магазина сохранена',
      noStores: 'Магазинов нет.',
    },
    history: {
      title: 'История цен',
      when: 'Дата',
      where: 'Где',
      oldPrice: 'Было',
      newPrice: 'Стало',
      who: 'Кто',
      basePrice: 'Основная цена',
      empty: 'Цена ещё не менялась.',
      sources: { product: 'Редактирование', 'store-price': 'Цена магазина', import: 'Импорт' },
    },
  },
  en: {
    form: {
      titleNew: 'New product',
      back: 'Back to products',
      basics: 'Basics',
      fiscal: 'Fiscal data',
      selling: 'Selling',
      name: 'Name (Uzbek)',
      nameRu: 'Name (Russian)',
      nameEn: 'Name (English)',
      sku: 'SKU',
      price: 'Price incl. VAT',
      costPrice: 'Cost price',
      vatRate: 'VAT rate',
      vat12: 'Standard, 12%',
      vat0: 'Exempt, 0%',
      ikpu: 'IKPU (MXIK) code',
      ikpuHelp: '17 digits, from tasnif.soliq.uz.',
      packageCode: 'Package code',
      packageCodeHelp: '1–20 digits, from the tasnif catalogue for the IKPU.',
      unit: 'Unit',
      barcodes: 'Barcodes',
      barcodesHelp: 'One per line, or separated by commas.',
      ownerType: 'Origin',
      owner: { RESALE: 'Resale', OWN_PRODUCTION: 'Own production', SERVICE: 'Service' },
      markingRequired: 'Marking code required',
      markingHelp: 'The cashier scans the Asl Belgisi code of every item.',
      cashlessOnly: 'Cash-less only',
      cashlessHelp: 'The till never sells it for cash: card or QR payment only.',
      category: 'Category',
      noCategory: 'No category',
      modifiers: 'Modifiers',
      noModifiers: 'No modifier groups yet.',
      create: 'Create product',
      save: 'Save',
      created: 'Product created',
      saved: 'Product updated',
      archive: 'Archive',
      restore: 'Restore',
      archived: 'Archived',
      archivedToast: 'Product archived',
      restoredToast: 'Product restored',
      archiveTitle: 'Archive this product?',
      archiveDescription: 'It is hidden from sale and stays on old receipts. You can restore it later.',
      cancel: 'Cancel',
      unsaved: 'You have unsaved changes.',
      saveFailed: 'Could not save: the server did not answer. Try again.',
      errorSummary: 'Please fix the following:',
      loadErrorTitle: 'The product could not be loaded',
      loadErrorDescription: 'Check the connection and try again.',
      notFoundTitle: 'Product not found',
      notFoundDescription: 'It was deleted or belongs to another business.',
      noWriteAccess: 'Your role cannot change the catalog.',
      required: 'Required.',
      ikpuDigits: 'The IKPU code is exactly 17 digits.',
      packageDigits: 'The package code is 1–20 digits.',
      priceFormat: 'Write the amount as 12500 or 12500.50.',
      barcodeCheckDigit: '{code}: the check digit is wrong — check the code again.',
      barcodeFormat: '{code}: a barcode is 1–64 characters without spaces.',
    },
    list: {
      filters: 'Filters',
      allCategories: 'All categories',
      status: 'Status',
      statuses: { active: 'Active', archived: 'Archived', all: 'All' },
      clearFilters: 'Clear filters',
    },
    storePrices: {
      title: 'Store prices',
      description: 'Without one, the base price applies.',
      store: 'Store',
      price: 'Price',
      base: 'Base price',
      set: 'Set',
      remove: 'Remove',
      savedToast: 'Store price saved',
      noStores: 'No stores.',
    },
    history: {
      title: 'Price history',
      when: 'Date',
      where: 'Where',
      oldPrice: 'Before',
      newPrice: 'After',
      who: 'Who',
      basePrice: 'Base price',
      empty: 'The price has not changed yet.',
      sources: { product: 'Edit', 'store-price': 'Store price', import: 'Import' },
    },
  },
};
