/**
 * Interface text in Uzbek (default), Russian and English. Messages are one typed table, so a
 * key missing in one language is a type error. The choice is remembered on the device.
 */

import { displayMoney, displayQuantity } from '@jowi/receipt';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';

/** Supported interface languages. */
export const LANGUAGES = ['uz', 'ru', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const uz = {
  'app.name': 'Jowi POS',
  'sell.search': 'Mahsulot qidirish (nomi, SKU yoki shtrix-kod)',
  'sell.loading': 'Mahsulotlar yuklanmoqda…',
  'sell.empty': 'Katalogda hali mahsulot yo‘q.',
  'sell.noMatch': 'Hech narsa topilmadi.',
  'sell.error': 'Mahsulotlarni yuklab bo‘lmadi.',
  'sell.retry': 'Qayta urinish',
  'sell.offline': 'Oflayn: saqlangan katalog ko‘rsatilmoqda',
  'sell.hint': '↑/↓ tanlash · Enter savatga · Esc tozalash',
  'cart.title': 'Savat',
  'cart.empty': 'Savat bo‘sh. Mahsulotni tanlab Enter bosing.',
  'cart.total': 'Jami',
  'cart.clear': 'Tozalash',
  'cart.increase': 'Ko‘paytirish',
  'cart.decrease': 'Kamaytirish',
  'cart.remove': 'O‘chirish',
  'action.continue': 'Davom etish',
  'action.retry': 'Qayta urinish',
  'error.amount': 'Summani raqamlar bilan kiriting, masalan 125000 yoki 12500,50.',
  'error.waitSeconds': 'kuting, soniya',
  'cart.pay': 'To‘lov',
  'pairing.title': 'Kassani ulash',
  'pairing.hint': 'Boshqaruv panelida «Kassalar» bo‘limidan 8 xonali kod oling (15 daqiqa amal qiladi).',
  'pairing.code': '8 xonali kod',
  'pairing.deviceName': 'Qurilma nomi',
  'pairing.submit': 'Ulash',
  'pin.title': 'PIN-kod bilan kiring',
  'pin.lockedTitle': 'Kassa qulflangan',
  'pin.lockedBy': 'Kassir',
  'pin.switchHint': 'Boshqa kassir o‘z PIN-kodini kiritib almashishi mumkin.',
  'pin.label': 'PIN-kod',
  'pin.erase': 'Oxirgi raqamni o‘chirish',
  'pin.submit': 'Kirish',
  'pin.lock': 'Qulflash',
  'pin.offlineMode': 'oflayn kirish',
  'shift.loading': 'Smena yuklanmoqda…',
  'shift.openTitle': 'Smenani ochish',
  'shift.openHint': 'Kassadagi naqd pulni sanab, summasini kiriting.',
  'shift.float': 'Boshlang‘ich naqd pul',
  'shift.open': 'Smenani ochish',
  'pay.title': 'To‘lov',
  'pay.method': 'To‘lov usuli',
  'pay.cash': 'Naqd',
  'pay.card': 'Karta',
  'pay.payme': 'Payme',
  'pay.click': 'Click',
  'pay.uzum': 'Uzum',
  'pay.cardBrand': 'Karta turi',
  'pay.amount': 'Summa',
  'pay.tendered': 'Mijoz bergan naqd',
  'pay.due': 'To‘lanadi',
  'pay.remaining': 'Qoldi',
  'pay.change': 'Qaytim',
  'pay.taken': 'Qabul qilingan to‘lovlar',
  'pay.removePayment': 'To‘lovni olib tashlash',
  'pay.addSplit': 'Yana to‘lov qo‘shish',
  'pay.complete': 'Sotuvni yakunlash',
  'pay.overDue':
    'Summa qolgan to‘lovdan katta. Ortiqchasini faqat naqd pul bilan, «Mijoz bergan naqd» maydonida oling.',
  'pay.tenderedShort': 'Mijoz bergan naqd summadan kam.',
  'pay.notSettled': 'To‘lovlar chek summasiga teng emas. Qolgan summani qabul qiling.',
  'pay.invalidSale': 'Savatdagi mahsulotda fiskal kod (MXIK) yo‘q. Menejerga murojaat qiling.',
  'slip.title': 'Chek',
  'slip.receiptNo': 'Chek №',
  'slip.fiscalSign': 'Fiskal belgi',
  'slip.fiscalReceipt': 'Fiskal chek №',
  'slip.newSale': 'Yangi sotuv',
  'slip.printDialog': 'Chop etish oynasi',
  'slip.printing': 'Chek chop etilmoqda…',
  'slip.reprint': 'Nusxasini chop etish',
  'slip.retryFiscal': 'Tuzatdim — qayta urinish',
  'slip.savedNotSigned': 'Sotuv saqlandi, lekin fiskal chek hali chiqmadi.',
  'slip.sentTo': 'Printerga yuborildi:',
  'slip.escposReady': 'Chek printer uchun tayyor.',
  'sync.online': 'Onlayn',
  'sync.offline': 'Oflayn',
  'sync.pending': 'Yuborilmagan',
  'sync.parked': 'E’tibor talab',
  'sync.now': 'Hozir yuborish',
  'action.done': 'Tayyor',
  'pay.loyalty': 'Ballar',
  'shift.title': 'Smena',
  'shift.xReport': 'X-hisobot',
  'shift.zReport': 'Z-hisobot',
  'shift.cashMoves': 'Kirim / chiqim',
  'shift.xAndClose': 'X-hisobot va yopish',
  'shift.cashIn': 'Naqd kirim',
  'shift.cashOut': 'Naqd chiqim',
  'shift.reason': 'Sababi',
  'shift.sales': 'Sotuvlar',
  'shift.refunds': 'Qaytarishlar',
  'shift.expectedCash': 'Kassada bo‘lishi kerak',
  'shift.countedCash': 'Sanalgan naqd pul',
  'shift.close': 'Smenani yopish',
  'shift.noDifference': 'Farq yo‘q',
  'shift.surplus': 'Ortiqcha',
  'shift.shortage': 'Kamomad',
  logout: 'Chiqish',
  'theme.toDark': 'Tungi mavzu',
  'theme.toLight': 'Kunduzgi mavzu',
  language: 'Til',
};

type Messages = Record<keyof typeof uz, string>;
/** A message key. */
export type MessageKey = keyof Messages;

const ru: Messages = {
  'app.name': 'Jowi POS',
  'sell.search': 'Поиск товара (название, SKU или штрихкод)',
  'sell.loading': 'Загрузка товаров…',
  'sell.empty': 'В каталоге пока нет товаров.',
  'sell.noMatch': 'Ничего не найдено.',
  'sell.error': 'Не удалось загрузить товары.',
  'sell.retry': 'Повторить',
  'sell.offline': 'Офлайн: показан сохранённый каталог',
  'sell.hint': '↑/↓ выбор · Enter в чек · Esc очистить',
  'cart.title': 'Чек',
  'cart.empty': 'Чек пуст. Выберите товар и нажмите Enter.',
  'cart.total': 'Итого',
  'cart.clear': 'Очистить',
  'cart.increase': 'Увеличить',
  'cart.decrease': 'Уменьшить',
  'cart.remove': 'Удалить',
  'action.continue': 'Продолжить',
  'action.retry': 'Повторить',
  'error.amount': 'Введите сумму цифрами, например 125000 или 12500,50.',
  'error.waitSeconds': 'подождите, секунд',
  'cart.pay': 'Оплата',
  'pairing.title': 'Подключение кассы',
  'pairing.hint': 'Получите 8-значный код в бэк-офисе, раздел «Кассы» (действует 15 минут).',
  'pairing.code': '8-значный код',
  'pairing.deviceName': 'Имя устройства',
  'pairing.submit': 'Подключить',
  'pin.title': 'Войдите по PIN-коду',
  'pin.lockedTitle': 'Касса заблокирована',
  'pin.lockedBy': 'Кассир',
  'pin.switchHint': 'Другой кассир может сменить, введя свой PIN.',
  'pin.label': 'PIN-код',
  'pin.erase': 'Стереть последнюю цифру',
  'pin.submit': 'Войти',
  'pin.lock': 'Заблокировать',
  'pin.offlineMode': 'вход офлайн',
  'shift.loading': 'Загрузка смены…',
  'shift.openTitle': 'Открытие смены',
  'shift.openHint': 'Пересчитайте наличные в кассе и введите сумму.',
  'shift.float': 'Наличные на начало смены',
  'shift.open': 'Открыть смену',
  'pay.title': 'Оплата',
  'pay.method': 'Способ оплаты',
  'pay.cash': 'Наличные',
  'pay.card': 'Карта',
  'pay.payme': 'Payme',
  'pay.click': 'Click',
  'pay.uzum': 'Uzum',
  'pay.cardBrand': 'Тип карты',
  'pay.amount': 'Сумма',
  'pay.tendered': 'Получено наличными',
  'pay.due': 'К оплате',
  'pay.remaining': 'Осталось',
  'pay.change': 'Сдача',
  'pay.taken': 'Принятые оплаты',
  'pay.removePayment': 'Удалить оплату',
  'pay.addSplit': 'Добавить оплату',
  'pay.complete': 'Завершить продажу',
  'pay.overDue': 'Сумма больше остатка. Лишнее принимается только наличными в поле «Получено наличными».',
  'pay.tenderedShort': 'Получено наличными меньше суммы.',
  'pay.notSettled': 'Оплаты не покрывают сумму чека. Примите остаток.',
  'pay.invalidSale': 'У товара в чеке нет фискального кода (ИКПУ). Обратитесь к менеджеру.',
  'slip.title': 'Чек',
  'slip.receiptNo': 'Чек №',
  'slip.fiscalSign': 'Фискальный признак',
  'slip.fiscalReceipt': 'Фискальный чек №',
  'slip.newSale': 'Новая продажа',
  'slip.printDialog': 'Окно печати',
  'slip.printing': 'Печать чека…',
  'slip.reprint': 'Печать копии',
  'slip.retryFiscal': 'Исправлено — повторить',
  'slip.savedNotSigned': 'Продажа сохранена, но фискальный чек ещё не выдан.',
  'slip.sentTo': 'Отправлено на принтер:',
  'slip.escposReady': 'Чек готов для принтера.',
  'sync.online': 'Онлайн',
  'sync.offline': 'Офлайн',
  'sync.pending': 'Не отправлено',
  'sync.parked': 'Требуют внимания',
  'sync.now': 'Отправить сейчас',
  'action.done': 'Готово',
  'pay.loyalty': 'Баллы',
  'shift.title': 'Смена',
  'shift.xReport': 'X-отчёт',
  'shift.zReport': 'Z-отчёт',
  'shift.cashMoves': 'Внесение / изъятие',
  'shift.xAndClose': 'X-отчёт и закрытие',
  'shift.cashIn': 'Внесение',
  'shift.cashOut': 'Изъятие',
  'shift.reason': 'Причина',
  'shift.sales': 'Продажи',
  'shift.refunds': 'Возвраты',
  'shift.expectedCash': 'Должно быть в кассе',
  'shift.countedCash': 'Пересчитано наличных',
  'shift.close': 'Закрыть смену',
  'shift.noDifference': 'Расхождения нет',
  'shift.surplus': 'Излишек',
  'shift.shortage': 'Недостача',
  logout: 'Выйти',
  'theme.toDark': 'Тёмная тема',
  'theme.toLight': 'Светлая тема',
  language: 'Язык',
};

const en: Messages = {
  'app.name': 'Jowi POS',
  'sell.search': 'Search products (name, SKU or barcode)',
  'sell.loading': 'Loading products…',
  'sell.empty': 'The catalog has no products yet.',
  'sell.noMatch': 'Nothing found.',
  'sell.error': 'Could not load products.',
  'sell.retry': 'Retry',
  'sell.offline': 'Offline: showing the saved catalog',
  'sell.hint': '↑/↓ select · Enter add · Esc clear',
  'cart.title': 'Cart',
  'cart.empty': 'The cart is empty. Pick a product and press Enter.',
  'cart.total': 'Total',
  'cart.clear': 'Clear',
  'cart.increase': 'Increase',
  'cart.decrease': 'Decrease',
  'cart.remove': 'Remove',
  'action.continue': 'Continue',
  'action.retry': 'Try again',
  'error.amount': 'Enter the amount in digits, e.g. 125000 or 12500.50.',
  'error.waitSeconds': 'wait, seconds',
  'cart.pay': 'Pay',
  'pairing.title': 'Pair this till',
  'pairing.hint': 'Get the 8-digit code in the back office under Tills (valid for 15 minutes).',
  'pairing.code': '8-digit code',
  'pairing.deviceName': 'Device name',
  'pairing.submit': 'Pair',
  'pin.title': 'Sign in with your PIN',
  'pin.lockedTitle': 'The till is locked',
  'pin.lockedBy': 'Cashier',
  'pin.switchHint': 'Another cashier can take over with their own PIN.',
  'pin.label': 'PIN',
  'pin.erase': 'Erase the last digit',
  'pin.submit': 'Sign in',
  'pin.lock': 'Lock',
  'pin.offlineMode': 'signed in offline',
  'shift.loading': 'Loading the shift…',
  'shift.openTitle': 'Open the shift',
  'shift.openHint': 'Count the cash in the drawer and enter the amount.',
  'shift.float': 'Opening cash float',
  'shift.open': 'Open shift',
  'pay.title': 'Payment',
  'pay.method': 'Payment method',
  'pay.cash': 'Cash',
  'pay.card': 'Card',
  'pay.payme': 'Payme',
  'pay.click': 'Click',
  'pay.uzum': 'Uzum',
  'pay.cardBrand': 'Card type',
  'pay.amount': 'Amount',
  'pay.tendered': 'Cash handed over',
  'pay.due': 'Due',
  'pay.remaining': 'Remaining',
  'pay.change': 'Change',
  'pay.taken': 'Payments taken',
  'pay.removePayment': 'Remove this payment',
  'pay.addSplit': 'Add payment',
  'pay.complete': 'Complete sale',
  'pay.overDue':
    'The amount is more than what remains. Only cash may be more, in the “Cash handed over” field.',
  'pay.tenderedShort': 'The cash handed over is less than the amount.',
  'pay.notSettled': 'The payments do not cover the receipt. Take the remaining amount.',
  'pay.invalidSale': 'A product in the cart has no fiscal code (IKPU). Ask a manager.',
  'slip.title': 'Receipt',
  'slip.receiptNo': 'Receipt no.',
  'slip.fiscalSign': 'Fiscal sign',
  'slip.fiscalReceipt': 'Fiscal receipt no.',
  'slip.newSale': 'New sale',
  'slip.printDialog': 'Print dialog',
  'slip.printing': 'Printing the receipt…',
  'slip.reprint': 'Print a copy',
  'slip.retryFiscal': 'Fixed it — try again',
  'slip.savedNotSigned': 'The sale is saved, but the fiscal receipt is not issued yet.',
  'slip.sentTo': 'Sent to the printer:',
  'slip.escposReady': 'The receipt is ready for the printer.',
  'sync.online': 'Online',
  'sync.offline': 'Offline',
  'sync.pending': 'Unsent',
  'sync.parked': 'Need attention',
  'sync.now': 'Send now',
  'action.done': 'Done',
  'pay.loyalty': 'Points',
  'shift.title': 'Shift',
  'shift.xReport': 'X report',
  'shift.zReport': 'Z report',
  'shift.cashMoves': 'Cash in / out',
  'shift.xAndClose': 'X report and close',
  'shift.cashIn': 'Cash in',
  'shift.cashOut': 'Cash out',
  'shift.reason': 'Reason',
  'shift.sales': 'Sales',
  'shift.refunds': 'Refunds',
  'shift.expectedCash': 'Expected cash',
  'shift.countedCash': 'Counted cash',
  'shift.close': 'Close shift',
  'shift.noDifference': 'No difference',
  'shift.surplus': 'Surplus',
  'shift.shortage': 'Shortage',
  logout: 'Log out',
  'theme.toDark': 'Switch to dark theme',
  'theme.toLight': 'Switch to light theme',
  language: 'Language',
};

const MESSAGES: Record<Language, Messages> = { uz, ru, en };

/** The language choices as shown by the switcher. */
export const LANGUAGE_OPTIONS: readonly { value: Language; label: string; title: string }[] = [
  { value: 'uz', label: 'UZ', title: 'O‘zbekcha' },
  { value: 'ru', label: 'RU', title: 'Русский' },
  { value: 'en', label: 'EN', title: 'English' },
];

const STORAGE_KEY = 'jowi.language';

function storedLanguage(): Language {
  const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
  return LANGUAGES.find((l) => l === stored) ?? 'uz';
}

interface I18n {
  language: Language;
  setLanguage(language: Language): void;
  t(key: MessageKey): string;
  /** Tiyin as display text with the currency, e.g. "45 000 so‘m" (`displayMoney` of @jowi/receipt). */
  money(tiyin: bigint): string;
  /** Thousandths as display text without trailing zeros, e.g. "1,5" (`displayQuantity`). */
  quantity(milli: bigint): string;
  /** A host or fiscal failure as the cashier reads it: its message in the current language. */
  failure(error: { messages: Record<Language, string> }): string;
}

const I18nContext = createContext<I18n | null>(null);

/** Provides the current language to the tree and keeps `<html lang>` in step. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setState] = useState<Language>(storedLanguage);
  const setLanguage = useCallback((next: Language) => {
    localStorage.setItem(STORAGE_KEY, next);
    setState(next);
  }, []);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const value = useMemo<I18n>(() => {
    const messages = MESSAGES[language];
    return {
      language,
      setLanguage,
      t: (key) => messages[key],
      money: (tiyin) => displayMoney(tiyin, language),
      quantity: (milli) => displayQuantity(milli, language),
      failure: (error) => error.messages[language],
    };
  }, [language, setLanguage]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** The current language and its translate function. */
export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside <I18nProvider>');
  return value;
}
