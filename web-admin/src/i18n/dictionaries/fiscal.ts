/** Texts of the fiscal page, and fiscal statuses and failure reasons wherever they are shown. */
import type { Locale } from '../locale.ts';

export type FiscalStatus = 'PENDING' | 'REGISTERED' | 'FAILED' | 'NEEDS_ATTENTION';

/**
 * Failure codes a fiscal receipt or device can carry, explained in words with what to do. Codes
 * not listed here are shown with the generic sentence and the code itself.
 */
export type FiscalReasonCode =
  | 'FM_LOCKED'
  | 'MEMORY_FULL'
  | 'UNSENT_TOO_OLD'
  | 'Z_LIMIT'
  | 'LOCAL_RECEIPT_MISSING'
  | 'MISSING_IKPU'
  | 'PAPER_OUT'
  | 'COVER_OPEN'
  | 'SHIFT_CLOSED'
  | 'INVALID_RECEIPT'
  | 'TIMEOUT'
  | 'GATEWAY_UNREACHABLE'
  | 'ORIGINAL_NOT_REGISTERED'
  | 'NO_DEVICE'
  | 'FM_OFFLINE'
  | 'DEVICE_ERROR';

export interface FiscalTexts {
  title: string;
  subtitle: string;
  statuses: Record<FiscalStatus, string>;
  reasons: Record<FiscalReasonCode, string>;
  unknownReason: string;
  devices: string;
  devicesEmpty: string;
  deviceColumns: {
    terminal: string;
    mode: string;
    status: string;
    paper: string;
    unsent: string;
    lastContact: string;
  };
  deviceHealthy: string;
  deviceNeedsAttention: string;
  paperOk: string;
  paperOut: string;
  coverOpen: string;
  locked: string;
  receipts: string;
  tabs: { attention: string; failed: string; stuck: string };
  receiptColumns: {
    sale: string;
    kind: string;
    status: string;
    reason: string;
    attempts: string;
    updated: string;
  };
  kinds: { SALE: string; REFUND: string };
  receiptsEmpty: string;
  retry: string;
  retried: string;
  retryFailed: string;
  cannotRetry: string;
  noRetryPermission: string;
  openReceipt: string;
  loadMore: string;
}

export const fiscal: Record<Locale, FiscalTexts> = {
  uz: {
    title: 'Fiskal',
    subtitle: 'Fiskal modullar holati va muammoli cheklar.',
    statuses: {
      PENDING: 'Navbatda',
      REGISTERED: 'Ro‘yxatdan o‘tgan',
      FAILED: 'Xato',
      NEEDS_ATTENTION: 'E’tibor talab',
    },
    reasons: {
      FM_LOCKED: 'Fiskal modul bloklangan. Soliq xizmatiga yoki xizmat ko‘rsatuvchiga murojaat qiling.',
      MEMORY_FULL:
        'Fiskal modul xotirasi to‘lgan. Ma’lumotlarni yuborib, xizmat ko‘rsatuvchiga murojaat qiling.',
      UNSENT_TOO_OLD: 'Yuborilmagan cheklar juda eski. Modulni internetga ulang.',
      Z_LIMIT: 'Smena cheklar chegarasiga yetdi. Z-hisobot bilan smenani yoping.',
      LOCAL_RECEIPT_MISSING: 'Kassa bu chekni fiskal moduldan yubormadi. Kassani tekshiring.',
      MISSING_IKPU: 'Qatorlardan birida IKPU yo‘q. Katalogda IKPU kiriting va qayta urining.',
      PAPER_OUT: 'Qog‘oz tugagan. Rulon qo‘yib, qayta urining.',
      COVER_OPEN: 'Printer qopqog‘i ochiq. Yopib, qayta urining.',
      SHIFT_CLOSED: 'Fiskal smena yopiq. Smenani oching va qayta urining.',
      INVALID_RECEIPT: 'Fiskal modul chekni qabul qilmadi. Chek ma’lumotlarini tekshiring.',
      TIMEOUT: 'Fiskal modul javob bermadi. Ulanishni tekshiring.',
      GATEWAY_UNREACHABLE: 'Fiskal shlyuz bilan aloqa yo‘q. Uni ishga tushiring.',
      ORIGINAL_NOT_REGISTERED: 'Qaytarish asl chek ro‘yxatdan o‘tishini kutmoqda.',
      NO_DEVICE: 'Bu kassaga fiskal modul biriktirilmagan.',
      FM_OFFLINE: 'Fiskal modul o‘chiq yoki ulanmagan.',
      DEVICE_ERROR: 'Fiskal qurilma xatosi. Qurilmani qayta ishga tushiring.',
    },
    unknownReason: 'Noma’lum sabab',
    devices: 'Fiskal modullar',
    devicesEmpty: 'Fiskal modullar ulanmagan.',
    deviceColumns: {
      terminal: 'Modul',
      mode: 'Rejim',
      status: 'Holat',
      paper: 'Printer',
      unsent: 'Yuborilmagan',
      lastContact: 'Oxirgi aloqa',
    },
    deviceHealthy: 'Ishlayapti',
    deviceNeedsAttention: 'E’tibor talab',
    paperOk: 'Tayyor',
    paperOut: 'Qog‘oz yo‘q',
    coverOpen: 'Qopqoq ochiq',
    locked: 'Bloklangan',
    receipts: 'Muammoli cheklar',
    tabs: { attention: 'E’tibor talab', failed: 'Xato', stuck: 'Osilib qolgan' },
    receiptColumns: {
      sale: 'Chek',
      kind: 'Turi',
      status: 'Holat',
      reason: 'Sabab',
      attempts: 'Urinishlar',
      updated: 'Yangilangan',
    },
    kinds: { SALE: 'Savdo', REFUND: 'Qaytarish' },
    receiptsEmpty: 'Bu ro‘yxatda chek yo‘q.',
    retry: 'Qayta urinish',
    retried: 'Chek yana navbatga qo‘yildi.',
    retryFailed: 'Qayta urinib bo‘lmadi: {message}',
    cannotRetry: 'Bu chekni qayta yuborib bo‘lmaydi.',
    noRetryPermission: 'Sizning rolingiz qayta yuborishga ruxsat bermaydi.',
    openReceipt: 'Chekni ochish',
    loadMore: 'Yana yuklash',
  },
  ru: {
    title: 'Фискализация',
    subtitle: 'Состояние фискальных модулей и проблемные чеки.',
    statuses: {
      PENDING: 'В очереди',
      REGISTERED: 'Зарегистрирован',
      FAILED: 'Ошибка',
      NEEDS_ATTENTION: 'Требует внимания',
    },
    reasons: {
      FM_LOCKED: 'Фискальный модуль заблокирован. Обратитесь в налоговую или сервисный центр.',
      MEMORY_FULL: 'Память фискального модуля заполнена. Отправьте данные и обратитесь в сервисный центр.',
      UNSENT_TOO_OLD: 'Неотправленные чеки слишком старые. Подключите модуль к интернету.',
      Z_LIMIT: 'Смена достигла предела чеков. Закройте её Z-отчётом.',
      LOCAL_RECEIPT_MISSING: 'Касса не прислала этот чек из своего фискального модуля. Проверьте кассу.',
      MISSING_IKPU: 'В одной из строк нет ИКПУ. Укажите ИКПУ в каталоге и повторите.',
      PAPER_OUT: 'Закончилась бумага. Вставьте рулон и повторите.',
      COVER_OPEN: 'Открыта крышка принтера. Закройте её и повторите.',
      SHIFT_CLOSED: 'Фискальная смена закрыта. Откройте смену и повторите.',
      INVALID_RECEIPT: 'Фискальный модуль не принял чек. Проверьте данные чека.',
      TIMEOUT: 'Фискальный модуль не ответил. Проверьте подключение.',
      GATEWAY_UNREACHABLE: 'Нет связи с фискальным шлюзом. Запустите его.',
      ORIGINAL_NOT_REGISTERED: 'Возврат ждёт регистрации исходного чека.',
      NO_DEVICE: 'К этой кассе не привязан фискальный модуль.',
      FM_OFFLINE: 'Фискальный модуль выключен или не подключён.',
      DEVICE_ERROR: 'Ошибка фискального устройства. Перезапустите его.',
    },
    unknownReason: 'Неизвестная причина',
    devices: 'Фискальные модули',
    devicesEmpty: 'Фискальные модули не подключены.',
    deviceColumns: {
      terminal: 'Модуль',
      mode: 'Режим',
      status: 'Состояние',
      paper: 'Принтер',
      unsent: 'Не отправлено',
      lastContact: 'Последняя связь',
    },
    deviceHealthy: 'Работает',
    deviceNeedsAttention: 'Требует внимания',
    paperOk: 'Готов',
    paperOut: 'Нет бумаги',
    coverOpen: 'Крышка открыта',
    locked: 'Заблокирован',
    receipts: 'Проблемные чеки',
    tabs: { attention: 'Требуют внимания', failed: 'Ошибки', stuck: 'Зависшие' },
    receiptColumns: {
      sale: 'Чек',
      kind: 'Тип',
      status: 'Состояние',
      reason: 'Причина',
      attempts: 'Попытки',
      updated: 'Обновлён',
    },
    kinds: { SALE: 'Продажа', REFUND: 'Возврат' },
    receiptsEmpty: 'В этом списке чеков нет.',
    retry: 'Повторить',
    retried: 'Чек снова поставлен в очередь.',
    retryFailed: 'Не удалось повторить: {message}',
    cannotRetry: 'Этот чек нельзя отправить повторно.',
    noRetryPermission: 'Ваша роль не позволяет повторять отправку.',
    openReceipt: 'Открыть чек',
    loadMore: 'Показать ещё',
  },
  en: {
    title: 'Fiscal',
    subtitle: 'Fiscal modules and the receipts with problems.',
    statuses: {
      PENDING: 'Queued',
      REGISTERED: 'Registered',
      FAILED: 'Failed',
      NEEDS_ATTENTION: 'Needs attention',
    },
    reasons: {
      FM_LOCKED: 'The fiscal module is locked. Contact the tax office or your service partner.',
      MEMORY_FULL: 'The fiscal module’s memory is full. Send its data and contact your service partner.',
      UNSENT_TOO_OLD: 'Unsent receipts are too old. Connect the module to the internet.',
      Z_LIMIT: 'The shift reached its receipt limit. Close it with a Z report.',
      LOCAL_RECEIPT_MISSING: 'The till never sent this receipt from its fiscal module. Check the till.',
      MISSING_IKPU: 'A line has no IKPU. Give the product an IKPU in the catalog, then retry.',
      PAPER_OUT: 'The printer is out of paper. Load a roll, then retry.',
      COVER_OPEN: 'The printer cover is open. Close it, then retry.',
      SHIFT_CLOSED: 'The fiscal shift is closed. Open a shift, then retry.',
      INVALID_RECEIPT: 'The fiscal module refused the receipt. Check the receipt’s details.',
      TIMEOUT: 'The fiscal module did not answer. Check its connection.',
      GATEWAY_UNREACHABLE: 'The fiscal gateway cannot be reached. Start it.',
      ORIGINAL_NOT_REGISTERED: 'The refund waits for its sale’s receipt to be registered.',
      NO_DEVICE: 'No fiscal module is assigned to this till.',
      FM_OFFLINE: 'The fiscal module is off or not connected.',
      DEVICE_ERROR: 'The fiscal device reported an error. Restart it.',
    },
    unknownReason: 'Unknown reason',
    devices: 'Fiscal modules',
    devicesEmpty: 'No fiscal module is connected.',
    deviceColumns: {
      terminal: 'Module',
      mode: 'Mode',
      status: 'Status',
      paper: 'Printer',
      unsent: 'Unsent',
      lastContact: 'Last contact',
    },
    deviceHealthy: 'Working',
    deviceNeedsAttention: 'Needs attention',
    paperOk: 'Ready',
    paperOut: 'Out of paper',
    coverOpen: 'Cover open',
    locked: 'Locked',
    receipts: 'Receipts with problems',
    tabs: { attention: 'Needs attention', failed: 'Failed', stuck: 'Stuck' },
    receiptColumns: {
      sale: 'Receipt',
      kind: 'Kind',
      status: 'Status',
      reason: 'Reason',
      attempts: 'Attempts',
      updated: 'Updated',
    },
    kinds: { SALE: 'Sale', REFUND: 'Refund' },
    receiptsEmpty: 'No receipt in this list.',
    retry: 'Retry',
    retried: 'The receipt is queued again.',
    retryFailed: 'Could not retry: {message}',
    cannotRetry: 'This receipt cannot be sent again.',
    noRetryPermission: 'Your role does not allow retrying.',
    openReceipt: 'Open receipt',
    loadMore: 'Load more',
  },
};
