/**
 * Texts of the catalog pages (product form, import), in Uzbek (Latin), Russian and English.
 * Typed like the main dictionary: a key missing in one language is a compile error. Error codes
 * are the catalog subgraph's `CatalogErrorCode`s; a code without a text here falls back to the
 * server's (English) message.
 */
import type { Locale } from '../locale.ts';

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

export interface CatalogTexts {
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
  import: {
    title: string;
    subtitle: string;
    link: string;
    file: string;
    fileHelp: string;
    template: string;
    check: string;
    apply: string;
    another: string;
    uploading: string;
    status: {
      UPLOADING: string;
      VALIDATING: string;
      VALIDATED: string;
      APPLYING: string;
      APPLIED: string;
      FAILED: string;
    };
    progress: string;
    total: string;
    created: string;
    updated: string;
    unchanged: string;
    failed: string;
    willCreate: string;
    willUpdate: string;
    rowErrors: string;
    row: string;
    column: string;
    problem: string;
    moreErrors: string;
    report: string;
    noErrors: string;
    appliedNote: string;
    uploadFailed: string;
    emptyTitle: string;
    emptyDescription: string;
  };
  categories: {
    title: string;
    subtitle: string;
    name: string;
    parent: string;
    root: string;
    add: string;
    moveTo: string;
    /** The drag handle of a category row (the select next to it does the same from the keyboard). */
    dragHandle: string;
    /** The drop zone that moves a dragged category to the top level. */
    dropToRoot: string;
    created: string;
    renamed: string;
    moved: string;
    archive: string;
    restore: string;
    archived: string;
    archivedToast: string;
    restoredToast: string;
    loadError: string;
    emptyTitle: string;
    emptyDescription: string;
  };
  modifiers: {
    title: string;
    subtitle: string;
    add: string;
    edit: string;
    editor: string;
    name: string;
    min: string;
    max: string;
    required: string;
    requiredLabel: string;
    range: string;
    options: string;
    optionName: string;
    priceDelta: string;
    addOption: string;
    saved: string;
    archivedToast: string;
    restoredToast: string;
    loadError: string;
    emptyTitle: string;
    emptyDescription: string;
  };
  codes: Record<CatalogCode, string>;
}

const uz: CatalogTexts = {
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
  import: {
    title: 'Mahsulotlarni import qilish',
    subtitle:
      'CSV yoki XLSX fayl: avval tekshiring, so‘ng yozing. Bo‘sh ustunlar mavjud ma’lumotni o‘chirmaydi.',
    link: 'Import',
    file: 'Fayl (CSV yoki XLSX)',
    fileHelp:
      'Ustunlar: sku, name, price, vat_rate, ikpu, package_code va ixtiyoriy name_ru, name_en, barcodes, category, unit.',
    template: 'Namuna faylni yuklab olish',
    check: 'Tekshirish',
    apply: 'Import qilish',
    another: 'Boshqa fayl',
    uploading: 'Yuklanmoqda: {done} / {total} qism',
    status: {
      UPLOADING: 'Yuklanmoqda',
      VALIDATING: 'Tekshirilmoqda',
      VALIDATED: 'Tekshirildi — hech narsa yozilmadi',
      APPLYING: 'Yozilmoqda',
      APPLIED: 'Import qilindi',
      FAILED: 'Faylni o‘qib bo‘lmadi',
    },
    progress: '{processed} / {total} qator',
    total: 'Qatorlar',
    created: 'Yangi',
    updated: 'O‘zgargan',
    unchanged: 'O‘zgarmagan',
    failed: 'Xato',
    willCreate: 'Yaratiladi',
    willUpdate: 'O‘zgartiriladi',
    rowErrors: 'Xato qatorlar',
    row: 'Qator',
    column: 'Ustun',
    problem: 'Muammo',
    moreErrors: 'Yana {count} ta xato hisobotda.',
    report: 'Xatolar hisobotini yuklab olish (CSV)',
    noErrors: 'Barcha qatorlar to‘g‘ri.',
    appliedNote: 'Xato qatorlar yozilmadi: hisobotni tuzatib, qayta import qiling.',
    uploadFailed: 'Faylni yuborib bo‘lmadi. Aloqani tekshirib, qayta urinib ko‘ring.',
    emptyTitle: 'Fayl tanlang',
    emptyDescription: 'Tekshiruv har bir qatordagi xatoni ko‘rsatadi va hech narsa yozmaydi.',
  },
  categories: {
    title: 'Kategoriyalar',
    subtitle:
      'Katalog daraxti: kategoriyani boshqa ota-kategoriyaga ko‘chiring, nomini o‘zgartiring yoki arxivlang.',
    name: 'Nomi',
    parent: 'Ota-kategoriya',
    root: 'Yuqori daraja',
    add: 'Kategoriya qo‘shish',
    moveTo: 'Joyi:',
    dragHandle: 'Sudrab boshqa kategoriya ichiga ko‘chiring',
    dropToRoot: 'Yuqori darajaga ko‘chirish uchun shu yerga tashlang',
    created: 'Kategoriya qo‘shildi',
    renamed: 'Kategoriya nomi o‘zgartirildi',
    moved: 'Kategoriya ko‘chirildi',
    archive: 'Arxivlash',
    restore: 'Qaytarish',
    archived: 'Arxivda',
    archivedToast: 'Arxivlandi',
    restoredToast: 'Arxivdan qaytarildi',
    loadError: 'Kategoriyalarni yuklab bo‘lmadi',
    emptyTitle: 'Hali kategoriyalar yo‘q',
    emptyDescription: 'Birinchi kategoriyani yuqoridagi shakl orqali qo‘shing.',
  },
  modifiers: {
    title: 'Modifikatorlar',
    subtitle: 'Tanlovlar guruhlari: o‘lcham, qo‘shimchalar — eng kam va eng ko‘p tanlov bilan.',
    add: 'Guruh qo‘shish',
    edit: 'Tahrirlash',
    editor: 'Modifikator guruhi',
    name: 'Guruh nomi',
    min: 'Eng kam tanlov',
    max: 'Eng ko‘p tanlov',
    required: 'Majburiy',
    requiredLabel: 'Kassir tanlashi shart',
    range: '{min} dan {max} tagacha tanlanadi',
    options: 'Variantlar',
    optionName: 'Variant nomi',
    priceDelta: 'Qo‘shimcha narx',
    addOption: 'Variant qo‘shish',
    saved: 'Guruh saqlandi',
    archivedToast: 'Guruh arxivlandi',
    restoredToast: 'Guruh qaytarildi',
    loadError: 'Modifikatorlarni yuklab bo‘lmadi',
    emptyTitle: 'Hali modifikatorlar yo‘q',
    emptyDescription: 'Masalan, “O‘lcham”: kichik, o‘rta, katta.',
  },
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
};

const ru: CatalogTexts = {
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
  import: {
    title: 'Импорт товаров',
    subtitle: 'Файл CSV или XLSX: сначала проверка, затем запись. Пустые столбцы не стирают данные.',
    link: 'Импорт',
    file: 'Файл (CSV или XLSX)',
    fileHelp:
      'Столбцы: sku, name, price, vat_rate, ikpu, package_code и необязательные name_ru, name_en, barcodes, category, unit.',
    template: 'Скачать образец файла',
    check: 'Проверить',
    apply: 'Импортировать',
    another: 'Другой файл',
    uploading: 'Загрузка: {done} / {total} частей',
    status: {
      UPLOADING: 'Загрузка',
      VALIDATING: 'Проверка',
      VALIDATED: 'Проверено — ничего не записано',
      APPLYING: 'Запись',
      APPLIED: 'Импортировано',
      FAILED: 'Файл не удалось прочитать',
    },
    progress: '{processed} / {total} строк',
    total: 'Строк',
    created: 'Новых',
    updated: 'Изменённых',
    unchanged: 'Без изменений',
    failed: 'С ошибками',
    willCreate: 'Будет создано',
    willUpdate: 'Будет изменено',
    rowErrors: 'Строки с ошибками',
    row: 'Строка',
    column: 'Столбец',
    problem: 'Проблема',
    moreErrors: 'Ещё {count} ошибок — в отчёте.',
    report: 'Скачать отчёт об ошибках (CSV)',
    noErrors: 'Все строки в порядке.',
    appliedNote: 'Строки с ошибками не записаны: исправьте отчёт и импортируйте его снова.',
    uploadFailed: 'Не удалось отправить файл. Проверьте соединение и попробуйте ещё раз.',
    emptyTitle: 'Выберите файл',
    emptyDescription: 'Проверка покажет ошибку в каждой строке и ничего не запишет.',
  },
  categories: {
    title: 'Категории',
    subtitle: 'Дерево каталога: переносите категорию под другого родителя, переименовывайте, архивируйте.',
    name: 'Название',
    parent: 'Родительская категория',
    root: 'Верхний уровень',
    add: 'Добавить категорию',
    moveTo: 'Где:',
    dragHandle: 'Перетащите в другую категорию',
    dropToRoot: 'Перетащите сюда, чтобы сделать категорию верхнего уровня',
    created: 'Категория добавлена',
    renamed: 'Категория переименована',
    moved: 'Категория перенесена',
    archive: 'В архив',
    restore: 'Вернуть',
    archived: 'В архиве',
    archivedToast: 'Перенесено в архив',
    restoredToast: 'Возвращено из архива',
    loadError: 'Не удалось загрузить категории',
    emptyTitle: 'Категорий пока нет',
    emptyDescription: 'Добавьте первую категорию формой выше.',
  },
  modifiers: {
    title: 'Модификаторы',
    subtitle: 'Группы выбора: размер, добавки — с наименьшим и наибольшим числом вариантов.',
    add: 'Добавить группу',
    edit: 'Изменить',
    editor: 'Группа модификаторов',
    name: 'Название группы',
    min: 'Минимум выбора',
    max: 'Максимум выбора',
    required: 'Обязательная',
    requiredLabel: 'Кассир обязан выбрать',
    range: 'Выбирается от {min} до {max}',
    options: 'Варианты',
    optionName: 'Название варианта',
    priceDelta: 'Надбавка к цене',
    addOption: 'Добавить вариант',
    saved: 'Группа сохранена',
    archivedToast: 'Группа перенесена в архив',
    restoredToast: 'Группа возвращена',
    loadError: 'Не удалось загрузить модификаторы',
    emptyTitle: 'Модификаторов пока нет',
    emptyDescription: 'Например, «Размер»: маленький, средний, большой.',
  },
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
};

const en: CatalogTexts = {
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
  import: {
    title: 'Import products',
    subtitle: 'A CSV or XLSX file: check it first, then write it. Blank columns never erase data.',
    link: 'Import',
    file: 'File (CSV or XLSX)',
    fileHelp:
      'Columns: sku, name, price, vat_rate, ikpu, package_code, and optionally name_ru, name_en, barcodes, category, unit.',
    template: 'Download a sample file',
    check: 'Check file',
    apply: 'Import',
    another: 'Another file',
    uploading: 'Uploading: part {done} of {total}',
    status: {
      UPLOADING: 'Uploading',
      VALIDATING: 'Checking',
      VALIDATED: 'Checked — nothing written yet',
      APPLYING: 'Writing',
      APPLIED: 'Imported',
      FAILED: 'The file could not be read',
    },
    progress: '{processed} of {total} rows',
    total: 'Rows',
    created: 'New',
    updated: 'Changed',
    unchanged: 'Unchanged',
    failed: 'Errors',
    willCreate: 'Will be created',
    willUpdate: 'Will be changed',
    rowErrors: 'Rows with errors',
    row: 'Row',
    column: 'Column',
    problem: 'Problem',
    moreErrors: '{count} more errors are in the report.',
    report: 'Download the error report (CSV)',
    noErrors: 'Every row is fine.',
    appliedNote: 'Rows with errors were not written: fix them in the report and import it again.',
    uploadFailed: 'The file could not be sent. Check the connection and try again.',
    emptyTitle: 'Choose a file',
    emptyDescription: 'The check shows the problem of every row and writes nothing.',
  },
  categories: {
    title: 'Categories',
    subtitle: 'The catalog tree: move a category under another parent, rename or archive it.',
    name: 'Name',
    parent: 'Parent category',
    root: 'Top level',
    add: 'Add category',
    moveTo: 'Under:',
    dragHandle: 'Drag into another category',
    dropToRoot: 'Drop here to move to the top level',
    created: 'Category added',
    renamed: 'Category renamed',
    moved: 'Category moved',
    archive: 'Archive',
    restore: 'Restore',
    archived: 'Archived',
    archivedToast: 'Archived',
    restoredToast: 'Restored',
    loadError: 'The categories could not be loaded',
    emptyTitle: 'No categories yet',
    emptyDescription: 'Add the first one with the form above.',
  },
  modifiers: {
    title: 'Modifiers',
    subtitle: 'Choice groups — size, extras — with the fewest and most options a cashier picks.',
    add: 'Add group',
    edit: 'Edit',
    editor: 'Modifier group',
    name: 'Group name',
    min: 'Fewest choices',
    max: 'Most choices',
    required: 'Required',
    requiredLabel: 'The cashier must choose',
    range: 'Choose {min} to {max}',
    options: 'Options',
    optionName: 'Option name',
    priceDelta: 'Price added',
    addOption: 'Add option',
    saved: 'Group saved',
    archivedToast: 'Group archived',
    restoredToast: 'Group restored',
    loadError: 'The modifier groups could not be loaded',
    emptyTitle: 'No modifier groups yet',
    emptyDescription: 'For example “Size”: small, medium, large.',
  },
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
    INVALID_MODIFIER_RANGE: 'The fewest choices cannot exceed the most, nor the most the number of options.',
    INVALID_OPTIONS: 'At least one option is needed (at most 100).',
  },
};

export const catalog: Record<Locale, CatalogTexts> = { uz, ru, en };

/** The user's text for a catalog error code, or the server's message when there is none. */
export function catalogMessage(texts: CatalogTexts, code: string, fallback: string): string {
  return code in texts.codes ? texts.codes[code as CatalogCode] : fallback;
}
