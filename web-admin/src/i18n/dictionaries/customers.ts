/** Texts of the customers list, a customer's profile (purchases, loyalty ledger, merge) and the loyalty program page. */
import type { Locale } from '../locale.ts';

/** Every `CustomersErrorCode` the customer and loyalty forms can be answered with. */
export type CustomersFormErrorCode =
  | 'CUSTOMER_MERGED'
  | 'DUPLICATE_PHONE'
  | 'INVALID_ACCRUAL_RATE'
  | 'INVALID_BIRTHDAY'
  | 'INVALID_ID'
  | 'INVALID_MAX_SHARE'
  | 'INVALID_NAME'
  | 'INVALID_NOTES'
  | 'INVALID_PHONE'
  | 'INVALID_TAGS'
  | 'INVALID_TIERS'
  | 'SAME_CUSTOMER'
  | 'UNKNOWN_CUSTOMER';

export type LedgerKind = 'ACCRUAL' | 'REDEMPTION' | 'REVERSAL' | 'ADJUSTMENT' | 'MERGE';

export interface CustomersTexts {
  title: string;
  subtitle: string;
  search: string;
  searchPlaceholder: string;
  columns: { name: string; phone: string; tags: string; tier: string; balance: string; created: string };
  noName: string;
  overdrawn: string;
  emptyTitle: string;
  emptyDescription: string;
  noMatchTitle: string;
  noMatchDescription: string;
  clearSearch: string;
  back: string;
  notFoundTitle: string;
  notFoundDescription: string;
  mergedBanner: string;
  openKept: string;
  profile: string;
  fields: { name: string; phone: string; birthday: string; tags: string; tagsHint: string; notes: string };
  save: string;
  saved: string;
  unchanged: string;
  readOnly: string;
  details: {
    created: string;
    updated: string;
    balance: string;
    lifetimeSpend: string;
    tier: string;
    noTier: string;
  };
  overdrafts: string;
  purchases: string;
  purchaseColumns: { number: string; time: string; status: string; refunded: string; total: string };
  noPurchases: string;
  morePurchases: string;
  ledger: string;
  ledgerColumns: { time: string; kind: string; points: string; source: string; note: string };
  kinds: Record<LedgerKind, string>;
  movedFrom: string;
  noLedger: string;
  loadMore: string;
  mergedFrom: string;
  merge: {
    open: string;
    title: string;
    description: string;
    search: string;
    searchPlaceholder: string;
    noMatch: string;
    pick: string;
    confirmTitle: string;
    confirmDescription: string;
    confirm: string;
    cancel: string;
    done: string;
    notAllowed: string;
  };
  errors: Record<CustomersFormErrorCode, string>;
  unknownError: string;
  loyalty: {
    title: string;
    subtitle: string;
    settings: string;
    noProgram: string;
    enabled: string;
    accrual: string;
    accrualHint: string;
    maxShare: string;
    maxShareHint: string;
    tiers: string;
    tiersHint: string;
    tierName: string;
    tierMinSpend: string;
    tierRate: string;
    addTier: string;
    removeTier: string;
    noTiers: string;
    save: string;
    saved: string;
    invalidPercent: string;
    readOnly: string;
    history: string;
    historyColumns: {
      version: string;
      from: string;
      enabled: string;
      accrual: string;
      maxShare: string;
      tiers: string;
    };
    yes: string;
    no: string;
    version: string;
  };
}

export const customers: Record<Locale, CustomersTexts> = {
  uz: {
    title: 'Mijozlar',
    subtitle: 'Telefon yoki ism bo‘yicha qidiring; ballar va xaridlar mijoz sahifasida.',
    search: 'Qidiruv',
    searchPlaceholder: 'Telefon yoki ism',
    columns: {
      name: 'Ism',
      phone: 'Telefon',
      tags: 'Teglar',
      tier: 'Daraja',
      balance: 'Ballar',
      created: 'Ro‘yxatdan o‘tgan',
    },
    noName: 'Ismsiz',
    overdrawn: 'Minusda',
    emptyTitle: 'Hali mijozlar yo‘q',
    emptyDescription: 'Kassada telefon raqami kiritilgan mijozlar shu yerda chiqadi.',
    noMatchTitle: 'Hech narsa topilmadi',
    noMatchDescription: '“{search}” bo‘yicha mijoz yo‘q.',
    clearSearch: 'Qidiruvni tozalash',
    back: 'Mijozlarga qaytish',
    notFoundTitle: 'Mijoz topilmadi',
    notFoundDescription: 'Bunday mijoz yo‘q yoki u boshqa biznesga tegishli.',
    mergedBanner: 'Bu yozuv boshqa mijozga birlashtirilgan va faqat o‘qish uchun.',
    openKept: 'Asosiy mijozni ochish',
    profile: 'Profil',
    fields: {
      name: 'Ism',
      phone: 'Telefon',
      birthday: 'Tug‘ilgan kun',
      tags: 'Teglar',
      tagsHint: 'Vergul bilan ajrating, masalan: vip, ulgurji',
      notes: 'Izoh',
    },
    save: 'Saqlash',
    saved: 'Mijoz saqlandi',
    unchanged: 'Hech narsa o‘zgarmadi',
    readOnly: 'Mijozni o‘zgartirishga ruxsatingiz yo‘q',
    details: {
      created: 'Ro‘yxatdan o‘tgan',
      updated: 'O‘zgartirilgan',
      balance: 'Ballar qoldig‘i',
      lifetimeSpend: 'Umumiy xarid',
      tier: 'Daraja',
      noTier: 'Asosiy',
    },
    overdrafts: 'Minusga tushishlar: {count}',
    purchases: 'Xaridlar',
    purchaseColumns: {
      number: 'Chek',
      time: 'Vaqt',
      status: 'Holat',
      refunded: 'Qaytarilgan',
      total: 'Jami',
    },
    noPurchases: 'Bu mijozning xaridlari yo‘q.',
    morePurchases: 'Barcha cheklar',
    ledger: 'Ballar tarixi',
    ledgerColumns: { time: 'Vaqt', kind: 'Turi', points: 'Ballar', source: 'Manba', note: 'Izoh' },
    kinds: {
      ACCRUAL: 'Hisoblandi',
      REDEMPTION: 'Sarflandi',
      REVERSAL: 'Qaytarishda bekor',
      ADJUSTMENT: 'Qo‘lda tuzatish',
      MERGE: 'Birlashtirish',
    },
    movedFrom: 'ko‘chirildi: {name}',
    noLedger: 'Hali ballar harakati yo‘q.',
    loadMore: 'Yana ko‘rsatish',
    mergedFrom: 'Birlashtirilgan dublikatlar',
    merge: {
      open: 'Dublikatni birlashtirish',
      title: 'Dublikatni birlashtirish',
      description:
        'Shu mijozning ikkinchi yozuvini toping. Uning ballari va tarixi shu mijozga o‘tadi, o‘zi esa faqat o‘qish uchun qoladi.',
      search: 'Dublikatni qidirish',
      searchPlaceholder: 'Telefon yoki ism',
      noMatch: 'Boshqa mijoz topilmadi.',
      pick: 'Tanlash',
      confirmTitle: 'Birlashtirishni tasdiqlang',
      confirmDescription:
        '{merge} ({mergeBalance} ball) {keep} ga birlashtiriladi. Buni bekor qilib bo‘lmaydi.',
      confirm: 'Birlashtirish',
      cancel: 'Bekor qilish',
      done: 'Mijozlar birlashtirildi',
      notAllowed: 'Birlashtirish uchun mijozlarni o‘zgartirish va hisobotlarni ko‘rish ruxsati kerak',
    },
    errors: {
      CUSTOMER_MERGED: 'Bu mijoz allaqachon birlashtirilgan; asosiy yozuvni o‘zgartiring.',
      DUPLICATE_PHONE: 'Bu telefon boshqa mijozda bor.',
      INVALID_ACCRUAL_RATE: 'Hisoblash foizi 0 dan 100 gacha bo‘lsin.',
      INVALID_BIRTHDAY: 'Tug‘ilgan kun 1900-01-01 va bugun oralig‘ida bo‘lsin.',
      INVALID_ID: 'Noto‘g‘ri identifikator.',
      INVALID_MAX_SHARE: 'Ballar bilan to‘lov ulushi 0–100 % bo‘lsin.',
      INVALID_NAME: 'Ism 200 belgidan oshmasin.',
      INVALID_NOTES: 'Izoh 2000 belgidan oshmasin.',
      INVALID_PHONE: 'Telefon raqami noto‘g‘ri.',
      INVALID_TAGS: 'Ko‘pi bilan 20 ta teg, har biri 1–50 belgi.',
      INVALID_TIERS:
        'Har bir darajaga nom, noldan katta chegara va 0–100 % foiz kerak; nom va chegara takrorlanmasin.',
      SAME_CUSTOMER: 'Mijozni o‘ziga birlashtirib bo‘lmaydi.',
      UNKNOWN_CUSTOMER: 'Mijoz topilmadi.',
    },
    unknownError: 'Saqlab bo‘lmadi (kod {code}).',
    loyalty: {
      title: 'Sodiqlik dasturi',
      subtitle: 'Ballar qanday hisoblanadi va sarflanadi. Har bir o‘zgarish yangi versiya bo‘ladi.',
      settings: 'Sozlamalar',
      noProgram: 'Dastur hali sozlanmagan: saqlang va u yoqiladi.',
      enabled: 'Dastur yoqilgan',
      accrual: 'Hisoblash, %',
      accrualHint: 'Pul bilan to‘langan summadan, masalan 2,5',
      maxShare: 'Ballar bilan to‘lov, ko‘pi bilan %',
      maxShareHint: 'Chek summasining butun foizi, 0–100',
      tiers: 'Darajalar',
      tiersHint: 'Umumiy xarid chegarasidan boshlab boshqa foiz',
      tierName: 'Daraja nomi',
      tierMinSpend: 'Umumiy xariddan',
      tierRate: 'Hisoblash, %',
      addTier: 'Daraja qo‘shish',
      removeTier: 'Darajani o‘chirish',
      noTiers: 'Darajalar yo‘q: hamma asosiy foizda.',
      save: 'Saqlash',
      saved: 'Dasturning yangi versiyasi saqlandi',
      invalidPercent: 'Foizni 0 dan 100 gacha, ko‘pi bilan ikki kasr bilan yozing.',
      readOnly: 'Dasturni o‘zgartirishga ruxsatingiz yo‘q',
      history: 'Versiyalar tarixi',
      historyColumns: {
        version: 'Versiya',
        from: 'Kuchga kirgan',
        enabled: 'Yoqilgan',
        accrual: 'Hisoblash',
        maxShare: 'Ballar ulushi',
        tiers: 'Darajalar',
      },
      yes: 'Ha',
      no: 'Yo‘q',
      version: 'Versiya {version}',
    },
  },
  ru: {
    title: 'Клиенты',
    subtitle: 'Поиск по телефону или имени; баллы и покупки — в карточке клиента.',
    search: 'Поиск',
    searchPlaceholder: 'Телефон или имя',
    columns: {
      name: 'Имя',
      phone: 'Телефон',
      tags: 'Теги',
      tier: 'Уровень',
      balance: 'Баллы',
      created: 'Зарегистрирован',
    },
    noName: 'Без имени',
    overdrawn: 'В минусе',
    emptyTitle: 'Клиентов пока нет',
    emptyDescription: 'Здесь появятся клиенты, чей телефон ввели на кассе.',
    noMatchTitle: 'Ничего не найдено',
    noMatchDescription: 'Нет клиентов по запросу «{search}».',
    clearSearch: 'Очистить поиск',
    back: 'К списку клиентов',
    notFoundTitle: 'Клиент не найден',
    notFoundDescription: 'Такого клиента нет или он принадлежит другому бизнесу.',
    mergedBanner: 'Эта запись объединена с другим клиентом и доступна только для чтения.',
    openKept: 'Открыть основного клиента',
    profile: 'Профиль',
    fields: {
      name: 'Имя',
      phone: 'Телефон',
      birthday: 'День рождения',
      tags: 'Теги',
      tagsHint: 'Через запятую, например: vip, опт',
      notes: 'Заметки',
    },
    save: 'Сохранить',
    saved: 'Клиент сохранён',
    unchanged: 'Ничего не изменилось',
    readOnly: 'У вас нет права изменять клиентов',
    details: {
      created: 'Зарегистрирован',
      updated: 'Изменён',
      balance: 'Баланс баллов',
      lifetimeSpend: 'Сумма покупок',
      tier: 'Уровень',
      noTier: 'Базовый',
    },
    overdrafts: 'Уходов в минус: {count}',
    purchases: 'Покупки',
    purchaseColumns: {
      number: 'Чек',
      time: 'Время',
      status: 'Статус',
      refunded: 'Возвращено',
      total: 'Итого',
    },
    noPurchases: 'У этого клиента нет покупок.',
    morePurchases: 'Все чеки',
    ledger: 'История баллов',
    ledgerColumns: { time: 'Время', kind: 'Тип', points: 'Баллы', source: 'Источник', note: 'Примечание' },
    kinds: {
      ACCRUAL: 'Начисление',
      REDEMPTION: 'Списание',
      REVERSAL: 'Сторно при возврате',
      ADJUSTMENT: 'Ручная корректировка',
      MERGE: 'Объединение',
    },
    movedFrom: 'перенесено: {name}',
    noLedger: 'Движений баллов пока нет.',
    loadMore: 'Показать ещё',
    mergedFrom: 'Объединённые дубликаты',
    merge: {
      open: 'Объединить дубликат',
      title: 'Объединить дубликат',
      description:
        'Найдите вторую запись этого клиента. Её баллы и история перейдут сюда, а сама запись станет только для чтения.',
      search: 'Поиск дубликата',
      searchPlaceholder: 'Телефон или имя',
      noMatch: 'Других клиентов не найдено.',
      pick: 'Выбрать',
      confirmTitle: 'Подтвердите объединение',
      confirmDescription: '{merge} ({mergeBalance} баллов) будет объединён с {keep}. Отменить это нельзя.',
      confirm: 'Объединить',
      cancel: 'Отмена',
      done: 'Клиенты объединены',
      notAllowed: 'Для объединения нужны права на изменение клиентов и просмотр отчётов',
    },
    errors: {
      CUSTOMER_MERGED: 'Этот клиент уже объединён; изменяйте основную запись.',
      DUPLICATE_PHONE: 'Этот телефон уже есть у другого клиента.',
      INVALID_ACCRUAL_RATE: 'Процент начисления должен быть от 0 до 100.',
      INVALID_BIRTHDAY: 'День рождения — между 1900-01-01 и сегодня.',
      INVALID_ID: 'Неверный идентификатор.',
      INVALID_MAX_SHARE: 'Доля оплаты баллами — от 0 до 100 %.',
      INVALID_NAME: 'Имя — не длиннее 200 символов.',
      INVALID_NOTES: 'Заметки — не длиннее 2000 символов.',
      INVALID_PHONE: 'Неверный номер телефона.',
      INVALID_TAGS: 'Не больше 20 тегов, каждый 1–50 символов.',
      INVALID_TIERS:
        'У каждого уровня нужны название, порог больше нуля и процент 0–100; названия и пороги не должны повторяться.',
      SAME_CUSTOMER: 'Нельзя объединить клиента с самим собой.',
      UNKNOWN_CUSTOMER: 'Клиент не найден.',
    },
    unknownError: 'Не удалось сохранить (код {code}).',
    loyalty: {
      title: 'Программа лояльности',
      subtitle: 'Как начисляются и списываются баллы. Каждое изменение — новая версия.',
      settings: 'Настройки',
      noProgram: 'Программа ещё не настроена: сохраните, и она включится.',
      enabled: 'Программа включена',
      accrual: 'Начисление, %',
      accrualHint: 'От суммы, оплаченной деньгами, например 2,5',
      maxShare: 'Оплата баллами, не больше %',
      maxShareHint: 'Целый процент суммы чека, 0–100',
      tiers: 'Уровни',
      tiersHint: 'С порога суммы покупок — другой процент',
      tierName: 'Название уровня',
      tierMinSpend: 'От суммы покупок',
      tierRate: 'Начисление, %',
      addTier: 'Добавить уровень',
      removeTier: 'Удалить уровень',
      noTiers: 'Уровней нет: всем начисляется базовый процент.',
      save: 'Сохранить',
      saved: 'Новая версия программы сохранена',
      invalidPercent: 'Введите процент от 0 до 100, не больше двух знаков после запятой.',
      readOnly: 'У вас нет права изменять программу',
      history: 'История версий',
      historyColumns: {
        version: 'Версия',
        from: 'Действует с',
        enabled: 'Включена',
        accrual: 'Начисление',
        maxShare: 'Доля баллов',
        tiers: 'Уровни',
      },
      yes: 'Да',
      no: 'Нет',
      version: 'Версия {version}',
    },
  },
  en: {
    title: 'Customers',
    subtitle: 'Search by phone or name; points and purchases are on the customer’s page.',
    search: 'Search',
    searchPlaceholder: 'Phone or name',
    columns: {
      name: 'Name',
      phone: 'Phone',
      tags: 'Tags',
      tier: 'Tier',
      balance: 'Points',
      created: 'Registered',
    },
    noName: 'No name',
    overdrawn: 'Overdrawn',
    emptyTitle: 'No customers yet',
    emptyDescription: 'Customers whose phone is entered at the till appear here.',
    noMatchTitle: 'Nothing found',
    noMatchDescription: 'No customer matches “{search}”.',
    clearSearch: 'Clear search',
    back: 'Back to customers',
    notFoundTitle: 'Customer not found',
    notFoundDescription: 'There is no such customer, or it belongs to another business.',
    mergedBanner: 'This record was merged into another customer and is read-only.',
    openKept: 'Open the kept customer',
    profile: 'Profile',
    fields: {
      name: 'Name',
      phone: 'Phone',
      birthday: 'Birthday',
      tags: 'Tags',
      tagsHint: 'Separated by commas, e.g. vip, wholesale',
      notes: 'Notes',
    },
    save: 'Save',
    saved: 'Customer saved',
    unchanged: 'Nothing changed',
    readOnly: 'You may not change customers',
    details: {
      created: 'Registered',
      updated: 'Changed',
      balance: 'Points balance',
      lifetimeSpend: 'Lifetime spend',
      tier: 'Tier',
      noTier: 'Base',
    },
    overdrafts: 'Times overdrawn: {count}',
    purchases: 'Purchases',
    purchaseColumns: {
      number: 'Receipt',
      time: 'Time',
      status: 'Status',
      refunded: 'Refunded',
      total: 'Total',
    },
    noPurchases: 'This customer has no purchases.',
    morePurchases: 'All receipts',
    ledger: 'Points ledger',
    ledgerColumns: { time: 'Time', kind: 'Kind', points: 'Points', source: 'Source', note: 'Note' },
    kinds: {
      ACCRUAL: 'Earned',
      REDEMPTION: 'Redeemed',
      REVERSAL: 'Reversed by refund',
      ADJUSTMENT: 'Manual adjustment',
      MERGE: 'Merge',
    },
    movedFrom: 'moved from {name}',
    noLedger: 'No points movements yet.',
    loadMore: 'Show more',
    mergedFrom: 'Merged duplicates',
    merge: {
      open: 'Merge a duplicate',
      title: 'Merge a duplicate',
      description:
        'Find this customer’s second record. Its points and history move here, and it becomes read-only.',
      search: 'Find the duplicate',
      searchPlaceholder: 'Phone or name',
      noMatch: 'No other customer found.',
      pick: 'Choose',
      confirmTitle: 'Confirm the merge',
      confirmDescription:
        '{merge} ({mergeBalance} points) will be merged into {keep}. This cannot be undone.',
      confirm: 'Merge',
      cancel: 'Cancel',
      done: 'Customers merged',
      notAllowed: 'Merging needs the rights to change customers and to read reports',
    },
    errors: {
      CUSTOMER_MERGED: 'This customer is already merged; change the kept record.',
      DUPLICATE_PHONE: 'Another customer has this phone.',
      INVALID_ACCRUAL_RATE: 'The accrual rate must be 0–100 %.',
      INVALID_BIRTHDAY: 'The birthday must be between 1900-01-01 and today.',
      INVALID_ID: 'Invalid id.',
      INVALID_MAX_SHARE: 'The share payable with points must be 0–100 %.',
      INVALID_NAME: 'The name may have at most 200 characters.',
      INVALID_NOTES: 'Notes may have at most 2000 characters.',
      INVALID_PHONE: 'Not a valid phone number.',
      INVALID_TAGS: 'At most 20 tags of 1–50 characters each.',
      INVALID_TIERS:
        'Each tier needs a name, a threshold above zero and a rate of 0–100 %; names and thresholds must not repeat.',
      SAME_CUSTOMER: 'A customer cannot be merged into itself.',
      UNKNOWN_CUSTOMER: 'Customer not found.',
    },
    unknownError: 'Could not save (code {code}).',
    loyalty: {
      title: 'Loyalty program',
      subtitle: 'How points are earned and spent. Every change is a new version.',
      settings: 'Settings',
      noProgram: 'No program yet: save one and it takes effect.',
      enabled: 'Program enabled',
      accrual: 'Accrual, %',
      accrualHint: 'Of the amount paid with money, e.g. 2.5',
      maxShare: 'Payable with points, at most %',
      maxShareHint: 'A whole percent of the receipt, 0–100',
      tiers: 'Tiers',
      tiersHint: 'From a lifetime spend on, a different rate',
      tierName: 'Tier name',
      tierMinSpend: 'From lifetime spend',
      tierRate: 'Accrual, %',
      addTier: 'Add a tier',
      removeTier: 'Remove tier',
      noTiers: 'No tiers: everyone earns the base rate.',
      save: 'Save',
      saved: 'New program version saved',
      invalidPercent: 'Type a percent from 0 to 100 with at most two decimals.',
      readOnly: 'You may not change the program',
      history: 'Version history',
      historyColumns: {
        version: 'Version',
        from: 'In force from',
        enabled: 'Enabled',
        accrual: 'Accrual',
        maxShare: 'Points share',
        tiers: 'Tiers',
      },
      yes: 'Yes',
      no: 'No',
      version: 'Version {version}',
    },
  },
};
