/**
 * The POS host's own failure codes, with the cashier's message in Uzbek, Russian and English.
 * Codes are stable: never renamed or reused. Fiscal failures keep the fiscal gateway's codes and
 * messages (`FiscalFailure`), so a `PosFailure` may also carry one of those.
 */
import type { Messages, PosFailure } from './pos-types.ts';

const m = (uz: string, ru: string, en: string): Messages => ({ uz, ru, en });

/** Code → whether a retry can help, and the message. */
export const POS_ERRORS = {
  INVALID_INPUT: {
    retryable: false,
    messages: m(
      'Maʼlumotlar notoʻgʻri. Tekshirib, qayta urinib koʻring.',
      'Неверные данные. Проверьте и попробуйте ещё раз.',
      'The data is not valid. Check it and try again.',
    ),
  },
  NOT_PAIRED: {
    retryable: false,
    messages: m(
      'Kassa hali ulanmagan. Boshqaruv panelidagi 8 xonali kodni kiriting.',
      'Касса ещё не подключена. Введите 8-значный код из бэк-офиса.',
      'This till is not paired yet. Enter the 8-digit code from the back office.',
    ),
  },
  ALREADY_PAIRED: {
    retryable: false,
    messages: m('Kassa allaqachon ulangan.', 'Касса уже подключена.', 'This till is already paired.'),
  },
  OUTBOX_NOT_EMPTY: {
    retryable: true,
    messages: m(
      'Yuborilmagan cheklar bor. Avval ularni serverga yuboring.',
      'Есть неотправленные чеки. Сначала отправьте их на сервер.',
      'There are receipts not sent yet. Upload them to the server first.',
    ),
  },
  PAIRING_CODE_INVALID: {
    retryable: false,
    messages: m(
      'Kod notoʻgʻri, ishlatilgan yoki muddati oʻtgan. Yangi kod oling.',
      'Код неверный, уже использован или истёк. Получите новый код.',
      'The code is wrong, used or expired. Get a new code.',
    ),
  },
  DEVICE_NAME_INVALID: {
    retryable: false,
    messages: m(
      'Qurilma nomi 1–100 belgidan iborat boʻlsin.',
      'Имя устройства — от 1 до 100 символов.',
      'The device name must be 1–100 characters.',
    ),
  },
  SERVER_UNREACHABLE: {
    retryable: true,
    messages: m(
      'Server bilan aloqa yoʻq. Internetni tekshiring va qayta urinib koʻring.',
      'Нет связи с сервером. Проверьте интернет и попробуйте ещё раз.',
      'The server cannot be reached. Check the internet connection and try again.',
    ),
  },
  STAFF_DISABLED: {
    retryable: false,
    messages: m(
      'Bu kassir boshqaruv panelida oʻchirilgan va kassadan chiqarildi. Boshqa kassir oʻz PIN-kodi bilan kirishi mumkin.',
      'Этот кассир отключён в панели управления и выведен из кассы. Другой кассир может войти по своему PIN-коду.',
      'This cashier was disabled in the back office and has been signed out of the till. Another cashier can sign in with their PIN.',
    ),
  },
  INVALID_PIN: {
    retryable: false,
    messages: m('PIN-kod notoʻgʻri.', 'Неверный PIN-код.', 'Wrong PIN.'),
  },
  PIN_LOCKED: {
    retryable: true,
    messages: m(
      'Juda koʻp notoʻgʻri urinish. Biroz kuting va qayta urinib koʻring.',
      'Слишком много неверных попыток. Подождите и попробуйте снова.',
      'Too many wrong attempts. Wait a moment and try again.',
    ),
  },
  OFFLINE_LOGIN_UNAVAILABLE: {
    retryable: true,
    messages: m(
      'Internet yoʻq va bu kassir yaqinda onlayn kirmagan. Internet paydo boʻlganda kiring.',
      'Нет интернета, а этот кассир давно не входил онлайн. Войдите, когда появится связь.',
      'No internet, and this cashier has not signed in online recently. Sign in when the connection is back.',
    ),
  },
  NOT_SIGNED_IN: {
    retryable: false,
    messages: m(
      'Avval PIN-kod bilan kiring.',
      'Сначала войдите по PIN-коду.',
      'Sign in with your PIN first.',
    ),
  },
  TILL_LOCKED: {
    retryable: false,
    messages: m(
      'Kassa qulflangan. PIN-kodni kiriting.',
      'Касса заблокирована. Введите PIN-код.',
      'The till is locked. Enter your PIN.',
    ),
  },
  PERMISSION_DENIED: {
    retryable: false,
    messages: m(
      'Bu amal uchun ruxsatingiz yoʻq. Menejerni chaqiring.',
      'У вас нет права на это действие. Позовите менеджера.',
      'You are not allowed to do this. Call a manager.',
    ),
  },
  DISCOUNT_NOT_PERMITTED: {
    retryable: false,
    messages: m(
      'Sizda chegirma berish huquqi yoʻq. Menejerni chaqiring.',
      'У вас нет права давать скидку. Позовите менеджера.',
      'You are not allowed to give discounts. Call a manager.',
    ),
  },
  CASH_FOR_CASHLESS: {
    retryable: false,
    messages: m(
      'Savatda faqat naqdsiz toʻlanadigan tovar bor (alkogol, tamaki). Karta yoki boshqa naqdsiz usulni tanlang.',
      'В корзине есть товар, который продаётся только за безналичный расчёт (алкоголь, табак). Выберите карту или другой безналичный способ.',
      'The cart holds goods that cannot be paid in cash (alcohol, tobacco). Choose card or another cashless method.',
    ),
  },
  MARKING_CODES_MISMATCH: {
    retryable: false,
    messages: m(
      'Markirovka kodlari soni tovar soniga teng emas. Har bir dona uchun bittadan kodni skanerlang.',
      'Количество кодов маркировки не равно количеству товара. Отсканируйте по одному коду на каждую единицу.',
      'The number of marking codes does not match the quantity. Scan one code for each unit.',
    ),
  },
  LOYALTY_NOT_ALLOWED: {
    retryable: false,
    messages: m(
      'Ballar bilan toʻlab boʻlmaydi: mijoz tanlanmagan yoki summa ball qoldigʻidan yoki ruxsat etilgan ulushdan oshadi.',
      'Нельзя оплатить баллами: не выбран покупатель или сумма больше остатка баллов либо допустимой доли чека.',
      'Points cannot pay this: no customer is chosen, or the amount is above their balance or the allowed share of the receipt.',
    ),
  },
  INVALID_PHONE: {
    retryable: false,
    messages: m(
      'Telefon raqami notoʻgʻri. Masalan: +998 90 123 45 67.',
      'Неверный номер телефона. Например: +998 90 123 45 67.',
      'The phone number is not valid. For example: +998 90 123 45 67.',
    ),
  },
  SHIFT_NOT_OPEN: {
    retryable: false,
    messages: m(
      'Smena ochilmagan. Avval smenani oching.',
      'Смена не открыта. Сначала откройте смену.',
      'No shift is open. Open a shift first.',
    ),
  },
  SHIFT_ALREADY_OPEN: {
    retryable: false,
    messages: m('Smena allaqachon ochiq.', 'Смена уже открыта.', 'A shift is already open.'),
  },
  UNFINISHED_SALES: {
    retryable: true,
    messages: m(
      'Fiskallashtirilmagan cheklar bor. Avval ularni yakunlang, keyin smenani yoping.',
      'Есть нефискализированные чеки. Сначала завершите их, затем закройте смену.',
      'Some receipts are not fiscalised yet. Finish them first, then close the shift.',
    ),
  },
  TOTAL_MISMATCH: {
    retryable: false,
    messages: m(
      'Chek summasi qatorlar yigʻindisiga teng emas. Savatni qayta tekshiring.',
      'Сумма чека не равна сумме строк. Проверьте корзину.',
      'The receipt total does not match its lines. Check the cart.',
    ),
  },
  PAYMENT_MISMATCH: {
    retryable: false,
    messages: m(
      'Toʻlovlar yigʻindisi chek summasiga teng emas.',
      'Сумма оплат не равна сумме чека.',
      'The payments do not add up to the receipt total.',
    ),
  },
  DOCUMENT_NOT_FOUND: {
    retryable: false,
    messages: m(
      'Chek bu kassada topilmadi.',
      'Чек не найден на этой кассе.',
      'No such receipt on this till.',
    ),
  },
  REFUND_EXCEEDS_SALE: {
    retryable: false,
    messages: m(
      'Bu chekdan buncha qaytarib boʻlmaydi: avvalgi qaytarishlardan keyin qolganidan koʻp.',
      'Столько вернуть по этому чеку нельзя: это больше, чем осталось после прошлых возвратов.',
      'That is more than is left of this receipt after its earlier refunds.',
    ),
  },
  NOT_PARKED: {
    retryable: false,
    messages: m(
      'Bu yozuv eʼtibor talab qiladiganlar roʻyxatida emas.',
      'Этой записи нет в списке требующих внимания.',
      'This entry is not in the needs-attention list.',
    ),
  },
  ALREADY_FISCALISED: {
    retryable: false,
    messages: m(
      'Chek allaqachon fiskallashtirilgan.',
      'Чек уже фискализирован.',
      'The receipt is already fiscalised.',
    ),
  },
  NOT_FISCALISED: {
    retryable: false,
    messages: m(
      'Chek hali fiskallashtirilmagan: avval fiskal modulda roʻyxatdan oʻtkazing.',
      'Чек ещё не фискализирован: сначала зарегистрируйте его в фискальном модуле.',
      'The receipt is not fiscalised yet: register it with the fiscal module first.',
    ),
  },
  PRINTER_ERROR: {
    retryable: true,
    messages: m(
      'Printer chop etmadi. Qogʻoz va kabelni tekshiring.',
      'Принтер не напечатал. Проверьте бумагу и кабель.',
      'The printer did not print. Check the paper and the cable.',
    ),
  },
  SERVER_ERROR: {
    retryable: true,
    messages: m(
      'Serverda nosozlik. Cheklar saqlangan va keyinroq avtomatik yuboriladi.',
      'Сбой на сервере. Чеки сохранены и будут отправлены автоматически позже.',
      'The server had a problem. Receipts are kept and will be sent automatically later.',
    ),
  },
  SYNC_SIGN_IN_NEEDED: {
    retryable: true,
    messages: m(
      'Cheklarni yuborish uchun kassir internet bor paytda PIN-kod bilan kirishi kerak.',
      'Чтобы отправить чеки, кассир должен войти по PIN-коду, когда есть интернет.',
      'To upload receipts, a cashier must sign in with their PIN while online.',
    ),
  },
  UNKNOWN_TERMINAL: {
    retryable: true,
    messages: m(
      'Server bu kassani hali tanimayapti. Bir necha soniyadan soʻng qayta urinadi.',
      'Сервер ещё не знает эту кассу. Повторная попытка через несколько секунд.',
      'The server does not know this till yet. It will try again in a few seconds.',
    ),
  },
  INVALID_TERMINAL: {
    retryable: false,
    messages: m(
      'Kassa sozlamalari serverga mos emas. Kassani qayta ulang.',
      'Настройки кассы не совпадают с сервером. Подключите кассу заново.',
      "This till's settings do not match the server. Pair the till again.",
    ),
  },
  PRODUCT_NOT_FOUND: {
    retryable: false,
    messages: m(
      'Bu mahsulot kassa katalogida yoʻq (arxivlangan yoki oʻchirilgan).',
      'Этого товара нет в каталоге кассы (он в архиве или удалён).',
      "This product is not in the till's catalog (archived or deleted).",
    ),
  },
  FAVOURITES_FULL: {
    retryable: false,
    messages: m(
      'Tanlanganlar toʻla (48 ta). Avval bittasini olib tashlang.',
      'Избранное заполнено (48). Сначала уберите один товар.',
      'Favourites are full (48). Unpin one first.',
    ),
  },
  HOST_UNAVAILABLE: {
    retryable: true,
    messages: m(
      'Kassa xizmati ishlamayapti. Dasturni qayta ishga tushiring.',
      'Служба кассы не отвечает. Перезапустите программу.',
      'The till service is not answering. Restart the app.',
    ),
  },
  INTERNAL_ERROR: {
    retryable: true,
    messages: m(
      'Kutilmagan xato. Qayta urinib koʻring; takrorlansa, texnik xizmatga murojaat qiling.',
      'Непредвиденная ошибка. Попробуйте ещё раз; если повторится, обратитесь в техподдержку.',
      'Something went wrong. Try again; if it happens again, contact support.',
    ),
  },
} as const satisfies Record<string, { retryable: boolean; messages: Messages }>;

/** The host's own failure codes. */
export type PosErrorCode = keyof typeof POS_ERRORS;

/** A failure with one of the host's codes. */
export function posFailure(
  code: PosErrorCode,
  extra: { detail?: string; retryAfterSeconds?: number } = {},
): PosFailure {
  const { retryable, messages } = POS_ERRORS[code];
  return { code, retryable, messages, ...extra };
}
