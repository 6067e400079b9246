/** Texts of the receipts list, a receipt, and its refund. */
import type { Locale } from '../locale.ts';

export type SaleStatusName = 'COMPLETED' | 'PARTIALLY_REFUNDED' | 'REFUNDED';
export type SaleFlagName =
  | 'AFTER_SHIFT_CLOSE'
  | 'FUTURE_DEVICE_TIME'
  | 'MISSING_IKPU'
  | 'NO_SHIFT'
  | 'DISCOUNT_NOT_PERMITTED'
  | 'CASH_FOR_CASHLESS'
  | 'MISSING_MARKING_CODES';
/** Why a refund was refused (sales' `UserError` codes a back-office refund can meet). */
export type RefundErrorCode =
  | 'NOTHING_TO_REFUND'
  | 'REFUND_EXCEEDS_SALE'
  | 'INVALID_QUANTITY'
  | 'INVALID_TEXT'
  | 'UNKNOWN_TERMINAL'
  | 'SALE_NOT_FOUND'
  | 'PAYMENT_MISMATCH';

export interface SalesTexts {
  title: string;
  subtitle: string;
  columns: {
    number: string;
    time: string;
    terminal: string;
    status: string;
    payments: string;
    total: string;
    refunded: string;
    fiscal: string;
  };
  statuses: Record<SaleStatusName, string>;
  flags: Record<SaleFlagName, string>;
  filters: {
    status: string;
    paymentMethod: string;
    terminal: string;
    minTotal: string;
    maxTotal: string;
    any: string;
    shift: string;
    customer: string;
    cashier: string;
    clear: string;
    invalidAmount: string;
    /** Device-time window inside the days (`SaleFilter.from` / `to`), in the store's zone. */
    fromTime: string;
    toTime: string;
  };
  emptyTitle: string;
  emptyDescription: string;
  noReceipt: string;
  back: string;
  receiptTitle: string;
  notFoundTitle: string;
  notFoundDescription: string;
  details: {
    date: string;
    store: string;
    terminal: string;
    shift: string;
    cashier: string;
    businessDate: string;
    received: string;
    subtotal: string;
    discount: string;
    total: string;
    vat: string;
    refunded: string;
  };
  lines: string;
  lineColumns: {
    product: string;
    quantity: string;
    price: string;
    discount: string;
    total: string;
    vat: string;
    refunded: string;
  };
  receiptDiscount: string;
  payments: string;
  paymentColumns: { method: string; amount: string; tendered: string; change: string; reference: string };
  customer: string;
  noCustomer: string;
  loyalty: string;
  loyaltyFields: { accrued: string; redeemed: string; accrualReversed: string; redemptionReturned: string };
  noLoyalty: string;
  fiscal: string;
  noFiscal: string;
  fiscalFields: {
    status: string;
    sign: string;
    number: string;
    terminal: string;
    registered: string;
    reason: string;
  };
  openQr: string;
  qrAlt: string;
  refunds: string;
  noRefunds: string;
  refundColumns: { time: string; reason: string; total: string };
  refund: {
    open: string;
    title: string;
    description: string;
    full: string;
    partial: string;
    quantity: string;
    remaining: string;
    reason: string;
    reasonPlaceholder: string;
    submit: string;
    cancel: string;
    done: string;
    nothingSelected: string;
    tooMuch: string;
    errors: Record<RefundErrorCode, string>;
    unknownError: string;
    noPermission: string;
    fullyRefunded: string;
  };
}

export const sales: Record<Locale, SalesTexts> = {
  uz: {
    title: 'Cheklar',
    subtitle: 'Barcha savdo cheklari, filtrlar bilan.',
    columns: {
      number: '№',
      time: 'Vaqt',
      terminal: 'Kassa',
      status: 'Holat',
      payments: 'To‘lov',
      total: 'Summa',
      refunded: 'Qaytarilgan',
      fiscal: 'Fiskal',
    },
    statuses: { COMPLETED: 'Yakunlangan', PARTIALLY_REFUNDED: 'Qisman qaytarilgan', REFUNDED: 'Qaytarilgan' },
    flags: {
      AFTER_SHIFT_CLOSE: 'Smena yopilgandan keyin',
      FUTURE_DEVICE_TIME: 'Qurilma soati oldinda',
      MISSING_IKPU: 'IKPU yo‘q',
      NO_SHIFT: 'Smenasiz',
      DISCOUNT_NOT_PERMITTED: 'Ruxsatsiz chegirma',
      CASH_FOR_CASHLESS: 'Naqdsiz mahsulotga naqd',
      MISSING_MARKING_CODES: 'Markirovka kodi yo‘q',
    },
    filters: {
      status: 'Holat',
      paymentMethod: 'To‘lov usuli',
      terminal: 'Kassa',
      minTotal: 'Summa, dan',
      maxTotal: 'Summa, gacha',
      any: 'Hammasi',
      shift: 'Smena',
      customer: 'Mijoz',
      cashier: 'Kassir',
      clear: 'Filtrlarni tozalash',
      invalidAmount: 'Summani raqamlar bilan kiriting, masalan 125000.',
      fromTime: 'Vaqtdan',
      toTime: 'Vaqtgacha',
    },
    emptyTitle: 'Cheklar topilmadi',
    emptyDescription: 'Boshqa davr yoki filtrlarni tanlang.',
    noReceipt: 'raqamsiz',
    back: 'Cheklarga qaytish',
    receiptTitle: 'Chek {number}',
    notFoundTitle: 'Chek topilmadi',
    notFoundDescription: 'Bunday chek yo‘q yoki u boshqa korxonaga tegishli.',
    details: {
      date: 'Vaqt',
      store: 'Do‘kon',
      terminal: 'Kassa',
      shift: 'Smena',
      cashier: 'Kassir',
      businessDate: 'Ish kuni',
      received: 'Serverga kelgan',
      subtotal: 'Chegirmasiz',
      discount: 'Chegirma',
      total: 'Jami',
      vat: 'Shu jumladan QQS',
      refunded: 'Qaytarilgan',
    },
    lines: 'Mahsulotlar',
    lineColumns: {
      product: 'Mahsulot',
      quantity: 'Miqdor',
      price: 'Narx',
      discount: 'Chegirma',
      total: 'Summa',
      vat: 'QQS',
      refunded: 'Qaytarilgan',
    },
    receiptDiscount: 'chekdagi chegirma ulushi',
    payments: 'To‘lovlar',
    paymentColumns: {
      method: 'Usul',
      amount: 'Summa',
      tendered: 'Berilgan',
      change: 'Qaytim',
      reference: 'Havola',
    },
    customer: 'Mijoz',
    noCustomer: 'Mijoz biriktirilmagan.',
    loyalty: 'Bonus ballar',
    loyaltyFields: {
      accrued: 'Yig‘ilgan',
      redeemed: 'Sarflangan',
      accrualReversed: 'Bekor qilingan',
      redemptionReturned: 'Qaytarilgan',
    },
    noLoyalty: 'Ball harakati yo‘q.',
    fiscal: 'Fiskal chek',
    noFiscal: 'Fiskal chek hali yo‘q.',
    fiscalFields: {
      status: 'Holat',
      sign: 'Fiskal belgi',
      number: 'Chek raqami',
      terminal: 'Fiskal modul',
      registered: 'Ro‘yxatdan o‘tgan',
      reason: 'Sabab',
    },
    openQr: 'Chekni soliq saytida tekshirish',
    qrAlt: 'Fiskal chek QR kodi',
    refunds: 'Qaytarishlar',
    noRefunds: 'Qaytarishlar yo‘q.',
    refundColumns: { time: 'Vaqt', reason: 'Sabab', total: 'Summa' },
    refund: {
      open: 'Qaytarish',
      title: 'Chekni qaytarish',
      description: 'To‘liq yoki qisman qaytaring. Pul chekdagi usullar bilan qaytariladi.',
      full: 'Hammasini qaytarish',
      partial: 'Qatorlarni tanlash',
      quantity: 'Qaytariladigan miqdor: {name}',
      remaining: 'qolgan {quantity}',
      reason: 'Sabab',
      reasonPlaceholder: 'Masalan: mijoz fikridan qaytdi',
      submit: 'Qaytarish',
      cancel: 'Bekor qilish',
      done: 'Qaytarish saqlandi.',
      nothingSelected: 'Kamida bitta qatorda miqdorni kiriting.',
      tooMuch: 'Qolgan miqdordan ko‘p qaytarib bo‘lmaydi.',
      errors: {
        NOTHING_TO_REFUND: 'Bu chek to‘liq qaytarilgan.',
        REFUND_EXCEEDS_SALE: 'Qatorda qolganidan ko‘p qaytarib bo‘lmaydi.',
        INVALID_QUANTITY: 'Miqdor noldan katta bo‘lishi kerak.',
        INVALID_TEXT: 'Sabab 200 belgidan oshmasin.',
        UNKNOWN_TERMINAL: 'Chekning kassasi serverga hali ma’lum emas. Birozdan so‘ng urinib ko‘ring.',
        SALE_NOT_FOUND: 'Chek topilmadi.',
        PAYMENT_MISMATCH: 'To‘lovlar qaytarish summasiga teng emas.',
      },
      unknownError: 'Qaytarib bo‘lmadi ({code}).',
      noPermission: 'Sizning rolingiz qaytarishga ruxsat bermaydi.',
      fullyRefunded: 'Chek to‘liq qaytarilgan.',
    },
  },
  ru: {
    title: 'Чеки',
    subtitle: 'Все чеки продаж с фильтрами.',
    columns: {
      number: '№',
      time: 'Время',
      terminal: 'Касса',
      status: 'Статус',
      payments: 'Оплата',
      total: 'Сумма',
      refunded: 'Возвращено',
      fiscal: 'Фискализация',
    },
    statuses: { COMPLETED: 'Завершён', PARTIALLY_REFUNDED: 'Частичный возврат', REFUNDED: 'Возвращён' },
    flags: {
      AFTER_SHIFT_CLOSE: 'После закрытия смены',
      FUTURE_DEVICE_TIME: 'Часы кассы спешат',
      MISSING_IKPU: 'Нет ИКПУ',
      NO_SHIFT: 'Без смены',
      DISCOUNT_NOT_PERMITTED: 'Скидка без права',
      CASH_FOR_CASHLESS: 'Наличные за безнал. товар',
      MISSING_MARKING_CODES: 'Нет кодов маркировки',
    },
    filters: {
      status: 'Статус',
      paymentMethod: 'Способ оплаты',
      terminal: 'Касса',
      minTotal: 'Сумма от',
      maxTotal: 'Сумма до',
      any: 'Все',
      shift: 'Смена',
      customer: 'Клиент',
      cashier: 'Кассир',
      clear: 'Сбросить фильтры',
      invalidAmount: 'Введите сумму цифрами, например 125000.',
      fromTime: 'С момента',
      toTime: 'До момента',
    },
    emptyTitle: 'Чеков не найдено',
    emptyDescription: 'Выберите другой период или фильтры.',
    noReceipt: 'без номера',
    back: 'К списку чеков',
    receiptTitle: 'Чек {number}',
    notFoundTitle: 'Чек не найден',
    notFoundDescription: 'Такого чека нет, или он принадлежит другой компании.',
    details: {
      date: 'Время',
      store: 'Магазин',
      terminal: 'Касса',
      shift: 'Смена',
      cashier: 'Кассир',
      businessDate: 'Рабочий день',
      received: 'Получен сервером',
      subtotal: 'Без скидки',
      discount: 'Скидка',
      total: 'Итого',
      vat: 'В т. ч. НДС',
      refunded: 'Возвращено',
    },
    lines: 'Товары',
    lineColumns: {
      product: 'Товар',
      quantity: 'Кол-во',
      price: 'Цена',
      discount: 'Скидка',
      total: 'Сумма',
      vat: 'НДС',
      refunded: 'Возвращено',
    },
    receiptDiscount: 'доля скидки на чек',
    payments: 'Оплаты',
    paymentColumns: {
      method: 'Способ',
      amount: 'Сумма',
      tendered: 'Внесено',
      change: 'Сдача',
      reference: 'Ссылка',
    },
    customer: 'Клиент',
    noCustomer: 'Клиент не указан.',
    loyalty: 'Бонусные баллы',
    loyaltyFields: {
      accrued: 'Начислено',
      redeemed: 'Списано',
      accrualReversed: 'Начисление отменено',
      redemptionReturned: 'Списание возвращено',
    },
    noLoyalty: 'Движений баллов нет.',
    fiscal: 'Фискальный чек',
    noFiscal: 'Фискального чека пока нет.',
    fiscalFields: {
      status: 'Статус',
      sign: 'Фискальный признак',
      number: 'Номер чека',
      terminal: 'Фискальный модуль',
      registered: 'Зарегистрирован',
      reason: 'Причина',
    },
    openQr: 'Проверить чек на сайте налоговой',
    qrAlt: 'QR-код фискального чека',
    refunds: 'Возвраты',
    noRefunds: 'Возвратов нет.',
    refundColumns: { time: 'Время', reason: 'Причина', total: 'Сумма' },
    refund: {
      open: 'Возврат',
      title: 'Возврат по чеку',
      description: 'Полный или частичный возврат. Деньги возвращаются способами оплаты чека.',
      full: 'Вернуть всё',
      partial: 'Выбрать строки',
      quantity: 'Количество к возврату: {name}',
      remaining: 'осталось {quantity}',
      reason: 'Причина',
      reasonPlaceholder: 'Например: клиент передумал',
      submit: 'Оформить возврат',
      cancel: 'Отмена',
      done: 'Возврат сохранён.',
      nothingSelected: 'Укажите количество хотя бы в одной строке.',
      tooMuch: 'Нельзя вернуть больше, чем осталось.',
      errors: {
        NOTHING_TO_REFUND: 'Этот чек уже возвращён полностью.',
        REFUND_EXCEEDS_SALE: 'Нельзя вернуть больше, чем осталось по строке.',
        INVALID_QUANTITY: 'Количество должно быть больше нуля.',
        INVALID_TEXT: 'Причина — не длиннее 200 символов.',
        UNKNOWN_TERMINAL: 'Касса чека ещё не известна серверу. Повторите чуть позже.',
        SALE_NOT_FOUND: 'Чек не найден.',
        PAYMENT_MISMATCH: 'Оплаты не совпадают с суммой возврата.',
      },
      unknownError: 'Не удалось оформить возврат ({code}).',
      noPermission: 'Ваша роль не позволяет оформлять возвраты.',
      fullyRefunded: 'Чек возвращён полностью.',
    },
  },
  en: {
    title: 'Receipts',
    subtitle: 'Every sale receipt, with filters.',
    columns: {
      number: 'No.',
      time: 'Time',
      terminal: 'Till',
      status: 'Status',
      payments: 'Paid by',
      total: 'Total',
      refunded: 'Refunded',
      fiscal: 'Fiscal',
    },
    statuses: { COMPLETED: 'Completed', PARTIALLY_REFUNDED: 'Partly refunded', REFUNDED: 'Refunded' },
    flags: {
      AFTER_SHIFT_CLOSE: 'After shift close',
      FUTURE_DEVICE_TIME: 'Till clock ahead',
      MISSING_IKPU: 'IKPU missing',
      NO_SHIFT: 'No shift',
      DISCOUNT_NOT_PERMITTED: 'Discount without the right',
      CASH_FOR_CASHLESS: 'Cash for a card-only product',
      MISSING_MARKING_CODES: 'Marking codes missing',
    },
    filters: {
      status: 'Status',
      paymentMethod: 'Payment method',
      terminal: 'Till',
      minTotal: 'Total from',
      maxTotal: 'Total up to',
      any: 'All',
      shift: 'Shift',
      customer: 'Customer',
      cashier: 'Cashier',
      clear: 'Clear filters',
      invalidAmount: 'Enter the amount in digits, e.g. 125000.',
      fromTime: 'From (time)',
      toTime: 'Until (time)',
    },
    emptyTitle: 'No receipts found',
    emptyDescription: 'Choose another period or other filters.',
    noReceipt: 'no number',
    back: 'Back to receipts',
    receiptTitle: 'Receipt {number}',
    notFoundTitle: 'Receipt not found',
    notFoundDescription: 'There is no such receipt, or it belongs to another business.',
    details: {
      date: 'Time',
      store: 'Store',
      terminal: 'Till',
      shift: 'Shift',
      cashier: 'Cashier',
      businessDate: 'Business day',
      received: 'Received',
      subtotal: 'Before discount',
      discount: 'Discount',
      total: 'Total',
      vat: 'Including VAT',
      refunded: 'Refunded',
    },
    lines: 'Items',
    lineColumns: {
      product: 'Product',
      quantity: 'Qty',
      price: 'Price',
      discount: 'Discount',
      total: 'Amount',
      vat: 'VAT',
      refunded: 'Refunded',
    },
    receiptDiscount: 'share of the receipt discount',
    payments: 'Payments',
    paymentColumns: {
      method: 'Method',
      amount: 'Amount',
      tendered: 'Tendered',
      change: 'Change',
      reference: 'Reference',
    },
    customer: 'Customer',
    noCustomer: 'No customer on this receipt.',
    loyalty: 'Loyalty points',
    loyaltyFields: {
      accrued: 'Earned',
      redeemed: 'Redeemed',
      accrualReversed: 'Earning reversed',
      redemptionReturned: 'Redemption returned',
    },
    noLoyalty: 'No points moved.',
    fiscal: 'Fiscal receipt',
    noFiscal: 'No fiscal receipt yet.',
    fiscalFields: {
      status: 'Status',
      sign: 'Fiscal sign',
      number: 'Receipt number',
      terminal: 'Fiscal module',
      registered: 'Registered',
      reason: 'Reason',
    },
    openQr: 'Check the receipt on the tax site',
    qrAlt: 'QR code of the fiscal receipt',
    refunds: 'Refunds',
    noRefunds: 'No refunds.',
    refundColumns: { time: 'Time', reason: 'Reason', total: 'Amount' },
    refund: {
      open: 'Refund',
      title: 'Refund this receipt',
      description: 'Refund all or part of it. The money goes back by the receipt’s own payment methods.',
      full: 'Refund everything',
      partial: 'Choose lines',
      quantity: 'Quantity to refund: {name}',
      remaining: '{quantity} left',
      reason: 'Reason',
      reasonPlaceholder: 'E.g. the customer changed their mind',
      submit: 'Refund',
      cancel: 'Cancel',
      done: 'The refund is saved.',
      nothingSelected: 'Enter a quantity on at least one line.',
      tooMuch: 'You cannot refund more than is left.',
      errors: {
        NOTHING_TO_REFUND: 'This receipt is refunded in full already.',
        REFUND_EXCEEDS_SALE: 'You cannot refund more than is left on a line.',
        INVALID_QUANTITY: 'The quantity must be above zero.',
        INVALID_TEXT: 'Keep the reason within 200 characters.',
        UNKNOWN_TERMINAL: 'The server does not know the receipt’s till yet. Try again in a moment.',
        SALE_NOT_FOUND: 'The receipt was not found.',
        PAYMENT_MISMATCH: 'The payments do not add up to the refund.',
      },
      unknownError: 'Could not refund ({code}).',
      noPermission: 'Your role does not allow refunds.',
      fullyRefunded: 'This receipt is refunded in full.',
    },
  },
};
