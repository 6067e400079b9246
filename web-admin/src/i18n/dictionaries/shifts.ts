/** Texts of the shifts list and a shift's X/Z report. */
import type { Locale } from '../locale.ts';

export interface ShiftsTexts {
  title: string;
  subtitle: string;
  columns: {
    number: string;
    terminal: string;
    opened: string;
    closed: string;
    status: string;
    expected: string;
    counted: string;
    difference: string;
  };
  statuses: { OPEN: string; CLOSED: string };
  overdue: string;
  overdueHint: string;
  filters: { status: string; any: string; onlyOverdue: string };
  emptyTitle: string;
  emptyDescription: string;
  back: string;
  shiftTitle: string;
  notFoundTitle: string;
  notFoundDescription: string;
  xReport: string;
  zReport: string;
  report: {
    salesCount: string;
    salesTotal: string;
    refundsCount: string;
    refundsTotal: string;
    netTotal: string;
    discountTotal: string;
    vatTotal: string;
    openingFloat: string;
    cashIn: string;
    cashOut: string;
    expectedCash: string;
    generatedAt: string;
  };
  vatByRate: string;
  vatColumns: { rate: string; amount: string; vat: string };
  cash: string;
  countedCash: string;
  difference: string;
  shortage: string;
  surplus: string;
  notCounted: string;
  closingNote: string;
  movements: string;
  movementColumns: { at: string; kind: string; amount: string; reason: string };
  movementKinds: Record<string, string>;
  noMovements: string;
  receipts: string;
}

export const shifts: Record<Locale, ShiftsTexts> = {
  uz: {
    title: 'Smenalar',
    subtitle: 'Do‘kon va kassalar bo‘yicha ochiq va yopiq smenalar.',
    columns: {
      number: '№',
      terminal: 'Kassa',
      opened: 'Ochilgan',
      closed: 'Yopilgan',
      status: 'Holat',
      expected: 'Kutilgan naqd',
      counted: 'Sanalgan naqd',
      difference: 'Farq',
    },
    statuses: { OPEN: 'Ochiq', CLOSED: 'Yopiq' },
    overdue: 'Muddati o‘tgan',
    overdueHint: '24 soatdan ortiq ochiq: fiskal smena chegarasi oshdi, smenani yoping.',
    filters: { status: 'Holat', any: 'Hammasi', onlyOverdue: 'Faqat muddati o‘tganlar' },
    emptyTitle: 'Smenalar topilmadi',
    emptyDescription: 'Boshqa filtr yoki do‘konni tanlang.',
    back: 'Smenalarga qaytish',
    shiftTitle: 'Smena {number}',
    notFoundTitle: 'Smena topilmadi',
    notFoundDescription: 'Bunday smena yo‘q yoki u boshqa korxonaga tegishli.',
    xReport: 'X-hisobot (smena ochiq)',
    zReport: 'Z-hisobot (smena yopilgan)',
    report: {
      salesCount: 'Savdo cheklari',
      salesTotal: 'Savdo',
      refundsCount: 'Qaytarish cheklari',
      refundsTotal: 'Qaytarishlar',
      netTotal: 'Sof',
      discountTotal: 'Chegirmalar',
      vatTotal: 'QQS',
      openingFloat: 'Boshlang‘ich naqd',
      cashIn: 'Kiritilgan naqd',
      cashOut: 'Olingan naqd',
      expectedCash: 'Kassada bo‘lishi kerak',
      generatedAt: 'Tuzilgan',
    },
    vatByRate: 'QQS stavkalar bo‘yicha',
    vatColumns: { rate: 'Stavka', amount: 'Summa', vat: 'QQS' },
    cash: 'Naqd pul',
    countedCash: 'Sanalgan',
    difference: 'Farq',
    shortage: 'kamomad',
    surplus: 'ortiqcha',
    notCounted: 'Smena hali yopilmagan.',
    closingNote: 'Izoh',
    movements: 'Naqd pul harakatlari',
    movementColumns: { at: 'Vaqt', kind: 'Turi', amount: 'Summa', reason: 'Sabab' },
    movementKinds: { CASH_IN: 'Kiritish', CASH_OUT: 'Olish', OPEN: 'Ochish', CLOSE: 'Yopish' },
    noMovements: 'Naqd pul harakatlari yo‘q.',
    receipts: 'Smena cheklari',
  },
  ru: {
    title: 'Смены',
    subtitle: 'Открытые и закрытые смены по магазинам и кассам.',
    columns: {
      number: '№',
      terminal: 'Касса',
      opened: 'Открыта',
      closed: 'Закрыта',
      status: 'Статус',
      expected: 'Ожидается наличных',
      counted: 'Подсчитано',
      difference: 'Разница',
    },
    statuses: { OPEN: 'Открыта', CLOSED: 'Закрыта' },
    overdue: 'Просрочена',
    overdueHint: 'Открыта больше 24 часов: превышен предел фискальной смены, закройте её.',
    filters: { status: 'Статус', any: 'Все', onlyOverdue: 'Только просроченные' },
    emptyTitle: 'Смен не найдено',
    emptyDescription: 'Выберите другой фильтр или магазин.',
    back: 'К списку смен',
    shiftTitle: 'Смена {number}',
    notFoundTitle: 'Смена не найдена',
    notFoundDescription: 'Такой смены нет, или она принадлежит другой компании.',
    xReport: 'X-отчёт (смена открыта)',
    zReport: 'Z-отчёт (смена закрыта)',
    report: {
      salesCount: 'Чеков продажи',
      salesTotal: 'Продажи',
      refundsCount: 'Чеков возврата',
      refundsTotal: 'Возвраты',
      netTotal: 'Итого',
      discountTotal: 'Скидки',
      vatTotal: 'НДС',
      openingFloat: 'Размен на начало',
      cashIn: 'Внесено',
      cashOut: 'Изъято',
      expectedCash: 'Должно быть в кассе',
      generatedAt: 'Сформирован',
    },
    vatByRate: 'НДС по ставкам',
    vatColumns: { rate: 'Ставка', amount: 'Сумма', vat: 'НДС' },
    cash: 'Наличные',
    countedCash: 'Подсчитано',
    difference: 'Разница',
    shortage: 'недостача',
    surplus: 'излишек',
    notCounted: 'Смена ещё не закрыта.',
    closingNote: 'Комментарий',
    movements: 'Движения наличных',
    movementColumns: { at: 'Время', kind: 'Тип', amount: 'Сумма', reason: 'Причина' },
    movementKinds: { CASH_IN: 'Внесение', CASH_OUT: 'Изъятие', OPEN: 'Открытие', CLOSE: 'Закрытие' },
    noMovements: 'Движений наличных нет.',
    receipts: 'Чеки смены',
  },
  en: {
    title: 'Shifts',
    subtitle: 'Open and closed shifts by store and till.',
    columns: {
      number: 'No.',
      terminal: 'Till',
      opened: 'Opened',
      closed: 'Closed',
      status: 'Status',
      expected: 'Expected cash',
      counted: 'Counted cash',
      difference: 'Difference',
    },
    statuses: { OPEN: 'Open', CLOSED: 'Closed' },
    overdue: 'Overdue',
    overdueHint: 'Open for more than 24 hours: the fiscal shift limit is exceeded; close it.',
    filters: { status: 'Status', any: 'All', onlyOverdue: 'Overdue only' },
    emptyTitle: 'No shifts found',
    emptyDescription: 'Choose another filter or store.',
    back: 'Back to shifts',
    shiftTitle: 'Shift {number}',
    notFoundTitle: 'Shift not found',
    notFoundDescription: 'There is no such shift, or it belongs to another business.',
    xReport: 'X report (shift open)',
    zReport: 'Z report (shift closed)',
    report: {
      salesCount: 'Sale receipts',
      salesTotal: 'Sales',
      refundsCount: 'Refund receipts',
      refundsTotal: 'Refunds',
      netTotal: 'Net',
      discountTotal: 'Discounts',
      vatTotal: 'VAT',
      openingFloat: 'Opening float',
      cashIn: 'Cash in',
      cashOut: 'Cash out',
      expectedCash: 'Expected in the drawer',
      generatedAt: 'Generated',
    },
    vatByRate: 'VAT by rate',
    vatColumns: { rate: 'Rate', amount: 'Amount', vat: 'VAT' },
    cash: 'Cash',
    countedCash: 'Counted',
    difference: 'Difference',
    shortage: 'shortage',
    surplus: 'surplus',
    notCounted: 'The shift is not closed yet.',
    closingNote: 'Note',
    movements: 'Cash movements',
    movementColumns: { at: 'Time', kind: 'Kind', amount: 'Amount', reason: 'Reason' },
    movementKinds: { CASH_IN: 'Cash in', CASH_OUT: 'Cash out', OPEN: 'Open', CLOSE: 'Close' },
    noMovements: 'No cash movements.',
    receipts: 'Receipts of this shift',
  },
};
