/** Texts of the inventory operations pages: transfers and stock-takes (count sheets); recipes are in `recipes.ts`. */
import type { Locale } from '../locale.ts';

/** Every `InventoryErrorCode` the transfer, stock-take and recipe forms can be answered with. */
export type InventoryOpsErrorCode =
  | 'CONTENT_MISMATCH'
  | 'DUPLICATE_PRODUCT'
  | 'INVALID_ID'
  | 'INVALID_LINES'
  | 'INVALID_NOTE'
  | 'INVALID_QUANTITY'
  | 'NOT_FOUND'
  | 'PRODUCT_NOT_IN_TRANSFER'
  | 'RECEIVED_EXCEEDS_SENT'
  | 'RECIPE_SELF_REFERENCE'
  | 'SAME_STORE'
  | 'STOCK_TAKE_NOT_OPEN'
  | 'TRANSFER_NOT_IN_TRANSIT'
  | 'UNKNOWN_PRODUCT';

export interface InventoryOpsTexts {
  /** The product search of every form. */
  picker: { label: string; remove: string };
  lines: { product: string; quantity: string; empty: string; missingQuantity: string };
  errors: Record<InventoryOpsErrorCode, string>;
  /** `{code}` is filled in. */
  unknownError: string;
  readOnly: string;
  allStores: string;
  cancel: string;
  close: string;
  transfers: {
    title: string;
    subtitle: string;
    send: string;
    filter: string;
    status: { ALL: string; IN_TRANSIT: string; RECEIVED: string };
    columns: { sentAt: string; sentBy: string; from: string; to: string; lines: string; status: string };
    /** Who sent or received a transfer when identity no longer knows the staff member. */
    unknownStaff: string;
    /** Who sent or received a transfer through an API key (an integration). */
    apiKey: string;
    /** `{count}` is filled in. */
    lineCount: string;
    emptyTitle: string;
    emptyDescription: string;
    form: {
      title: string;
      description: string;
      from: string;
      to: string;
      note: string;
      pickStores: string;
      submit: string;
      sent: string;
    };
    detail: {
      title: string;
      sentAt: string;
      sentBy: string;
      receivedAt: string;
      receivedBy: string;
      note: string;
      columns: { product: string; sent: string; received: string; inTransit: string };
      shortage: string;
      receiveAll: string;
      receiveSome: string;
      receiveHint: string;
      /** `{store}` is filled in. */
      confirmAllTitle: string;
      confirmAllDescription: string;
      confirm: string;
      received: string;
      notFound: string;
    };
  };
  stockTakes: {
    title: string;
    subtitle: string;
    start: string;
    filter: string;
    status: { ALL: string; OPEN: string; POSTED: string };
    columns: { startedAt: string; store: string; status: string; scope: string; progress: string };
    partial: string;
    full: string;
    /** `{counted}`, `{total}` are filled in. */
    progress: string;
    emptyTitle: string;
    emptyDescription: string;
    form: {
      title: string;
      description: string;
      store: string;
      scope: string;
      allProducts: string;
      chosenProducts: string;
      note: string;
      submit: string;
      started: string;
      needProducts: string;
    };
    sheet: {
      back: string;
      /** `{store}` is filled in. */
      title: string;
      midCountTitle: string;
      midCount: string;
      keyboardHint: string;
      columns: {
        product: string;
        expected: string;
        now: string;
        counted: string;
        difference: string;
        levelAtPosting: string;
        adjustment: string;
      };
      addProduct: string;
      add: string;
      saving: string;
      saved: string;
      post: string;
      postTitle: string;
      postDescription: string;
      noAdjustments: string;
      /** `{count}` is filled in. */
      uncounted: string;
      confirmPost: string;
      posted: string;
      postedBanner: string;
      notFound: string;
    };
  };
}

export const inventoryOps: Record<Locale, InventoryOpsTexts> = {
  uz: {
    picker: { label: 'Mahsulot', remove: 'Olib tashlash' },
    lines: {
      product: 'Mahsulot',
      quantity: 'Miqdor',
      empty: 'Hali mahsulot qo‘shilmagan: yuqorida qidiring.',
      missingQuantity: 'Har bir qatorga noldan katta miqdor kiriting.',
    },
    errors: {
      CONTENT_MISMATCH: 'Bu hujjat boshqa mazmun bilan saqlangan. Sahifani yangilang.',
      DUPLICATE_PRODUCT: 'Bir mahsulot ikki marta kiritilgan.',
      INVALID_ID: 'Noto‘g‘ri identifikator.',
      INVALID_LINES: 'Qatorlar yo‘q yoki juda ko‘p.',
      INVALID_NOTE: 'Izoh juda uzun.',
      INVALID_QUANTITY: 'Miqdor noto‘g‘ri.',
      NOT_FOUND: 'Topilmadi.',
      PRODUCT_NOT_IN_TRANSFER: 'Bu mahsulot ko‘chirishda yuborilmagan.',
      RECEIVED_EXCEEDS_SENT: 'Qabul qilingan miqdor yuborilganidan ko‘p.',
      RECIPE_SELF_REFERENCE: 'Taom o‘ziga tarkibiy qism bo‘la olmaydi.',
      SAME_STORE: 'Jo‘natuvchi va qabul qiluvchi do‘kon bir xil.',
      STOCK_TAKE_NOT_OPEN: 'Bu inventarizatsiya allaqachon o‘tkazilgan.',
      TRANSFER_NOT_IN_TRANSIT: 'Bu ko‘chirish allaqachon qabul qilingan.',
      UNKNOWN_PRODUCT: 'Ombor bu mahsulotni bilmaydi.',
    },
    unknownError: 'Saqlanmadi ({code}).',
    readOnly: 'Ko‘rish uchun: o‘zgartirishga ruxsatingiz yo‘q.',
    allStores: 'Barcha do‘konlar',
    cancel: 'Bekor qilish',
    close: 'Yopish',
    transfers: {
      title: 'Ko‘chirishlar',
      subtitle: 'Do‘konlar orasida tovar: jo‘natilganda yo‘lda, qabul qilinganda qoldiqqa qo‘shiladi.',
      send: 'Ko‘chirish jo‘natish',
      filter: 'Holat',
      status: { ALL: 'Hammasi', IN_TRANSIT: 'Yo‘lda', RECEIVED: 'Qabul qilingan' },
      columns: {
        sentAt: 'Jo‘natilgan',
        sentBy: 'Jo‘natgan',
        from: 'Qayerdan',
        to: 'Qayerga',
        lines: 'Qatorlar',
        status: 'Holat',
      },
      lineCount: '{count} mahsulot',
      unknownStaff: 'Noma’lum xodim',
      apiKey: 'API kalit',
      emptyTitle: 'Ko‘chirishlar yo‘q',
      emptyDescription: 'Bir do‘kondan boshqasiga tovar jo‘nating — u shu yerda ko‘rinadi.',
      form: {
        title: 'Ko‘chirish jo‘natish',
        description: 'Tovar jo‘natuvchi do‘kondan hozir chiqariladi va qabul qilinguncha yo‘lda bo‘ladi.',
        from: 'Qayerdan',
        to: 'Qayerga',
        note: 'Izoh',
        pickStores: 'Ikki xil do‘konni tanlang.',
        submit: 'Jo‘natish',
        sent: 'Ko‘chirish jo‘natildi',
      },
      detail: {
        title: 'Ko‘chirish',
        sentAt: 'Jo‘natilgan',
        sentBy: 'Jo‘natgan',
        receivedAt: 'Qabul qilingan',
        receivedBy: 'Qabul qilgan',
        note: 'Izoh',
        columns: {
          product: 'Mahsulot',
          sent: 'Jo‘natilgan',
          received: 'Qabul qilingan',
          inTransit: 'Yo‘lda',
        },
        shortage: 'kam keldi',
        receiveAll: 'Hammasi keldi',
        receiveSome: 'Kelganini qabul qilish',
        receiveHint: 'Kam kelgan bo‘lsa, haqiqatda kelgan miqdorni kiriting; bo‘sh qator — to‘liq keldi.',
        confirmAllTitle: 'Hammasini qabul qilasizmi?',
        confirmAllDescription: 'Jo‘natilgan barcha miqdor «{store}» qoldig‘iga qo‘shiladi.',
        confirm: 'Qabul qilish',
        received: 'Ko‘chirish qabul qilindi',
        notFound: 'Ko‘chirish topilmadi.',
      },
    },
    stockTakes: {
      title: 'Inventarizatsiya',
      subtitle: 'Sanash varaqlari: sanang, farqlarni ko‘ring va o‘tkazing.',
      start: 'Sanashni boshlash',
      filter: 'Holat',
      status: { ALL: 'Hammasi', OPEN: 'Sanalmoqda', POSTED: 'O‘tkazilgan' },
      columns: {
        startedAt: 'Boshlangan',
        store: 'Do‘kon',
        status: 'Holat',
        scope: 'Qamrov',
        progress: 'Sanalgan',
      },
      partial: 'Tanlangan mahsulotlar',
      full: 'Barcha mahsulotlar',
      progress: '{counted} / {total}',
      emptyTitle: 'Inventarizatsiyalar yo‘q',
      emptyDescription: 'Do‘kon uchun sanash varag‘ini boshlang.',
      form: {
        title: 'Sanashni boshlash',
        description: 'Varaq do‘kondagi qoldiqlar bilan ochiladi; sanash davomida savdo to‘xtamaydi.',
        store: 'Do‘kon',
        scope: 'Nima sanaladi',
        allProducts: 'Do‘kondagi barcha mahsulotlar',
        chosenProducts: 'Faqat tanlanganlar',
        note: 'Izoh',
        submit: 'Boshlash',
        started: 'Sanash varag‘i ochildi',
        needProducts: 'Kamida bitta mahsulot tanlang.',
      },
      sheet: {
        back: 'Inventarizatsiyaga qaytish',
        title: 'Sanash varag‘i — {store}',
        midCountTitle: 'Sanash paytidagi savdolar hisobga olinadi',
        midCount:
          'O‘tkazishda sanalgan miqdor varaq ochilgandagi qoldiq bilan emas, o‘tkazish paytidagi qoldiq bilan solishtiriladi. Mahsulot sanalgunga qadar sotilgani tuzatishga kirmaydi. Sanagandan keyin sotilgan bo‘lsa, uni qayta sanang.',
        keyboardHint: 'Miqdorni yozing va Enter bosing: saqlanadi va keyingi qatorga o‘tadi.',
        columns: {
          product: 'Mahsulot',
          expected: 'Ochilganda',
          now: 'Hozir',
          counted: 'Sanalgan',
          difference: 'Farq',
          levelAtPosting: 'O‘tkazishda',
          adjustment: 'Tuzatish',
        },
        addProduct: 'Varaqqa mahsulot qo‘shish',
        add: 'Qo‘shish',
        saving: 'Saqlanmoqda…',
        saved: 'Saqlandi',
        post: 'O‘tkazish',
        postTitle: 'Inventarizatsiyani o‘tkazasizmi?',
        postDescription:
          'Quyidagi tuzatishlar hozirgi qoldiqqa nisbatan yoziladi. Keyin varaqni o‘zgartirib bo‘lmaydi.',
        noAdjustments: 'Farq yo‘q: tuzatish yozilmaydi.',
        uncounted: '{count} ta sanalmagan qator o‘zgarmaydi.',
        confirmPost: 'O‘tkazish',
        posted: 'Inventarizatsiya o‘tkazildi',
        postedBanner: 'O‘tkazilgan: tuzatishlar o‘tkazish paytidagi qoldiqqa nisbatan yozilgan.',
        notFound: 'Sanash varag‘i topilmadi.',
      },
    },
  },
  ru: {
    picker: { label: 'Товар', remove: 'Убрать' },
    lines: {
      product: 'Товар',
      quantity: 'Количество',
      empty: 'Товаров пока нет: найдите их выше.',
      missingQuantity: 'Укажите количество больше нуля в каждой строке.',
    },
    errors: {
      CONTENT_MISMATCH: 'Документ с этим номером уже сохранён с другим содержимым. Обновите страницу.',
      DUPLICATE_PRODUCT: 'Товар указан дважды.',
      INVALID_ID: 'Неверный идентификатор.',
      INVALID_LINES: 'Строк нет или слишком много.',
      INVALID_NOTE: 'Комментарий слишком длинный.',
      INVALID_QUANTITY: 'Неверное количество.',
      NOT_FOUND: 'Не найдено.',
      PRODUCT_NOT_IN_TRANSFER: 'Этот товар не отправлялся в перемещении.',
      RECEIVED_EXCEEDS_SENT: 'Принято больше, чем отправлено.',
      RECIPE_SELF_REFERENCE: 'Блюдо не может быть своим ингредиентом.',
      SAME_STORE: 'Магазин-отправитель и получатель совпадают.',
      STOCK_TAKE_NOT_OPEN: 'Эта инвентаризация уже проведена.',
      TRANSFER_NOT_IN_TRANSIT: 'Это перемещение уже принято.',
      UNKNOWN_PRODUCT: 'Склад не знает этот товар.',
    },
    unknownError: 'Не сохранено ({code}).',
    readOnly: 'Только просмотр: у вас нет права изменять.',
    allStores: 'Все магазины',
    cancel: 'Отмена',
    close: 'Закрыть',
    transfers: {
      title: 'Перемещения',
      subtitle: 'Товар между магазинами: после отправки он в пути, после приёмки — в остатке получателя.',
      send: 'Отправить перемещение',
      filter: 'Статус',
      status: { ALL: 'Все', IN_TRANSIT: 'В пути', RECEIVED: 'Принято' },
      columns: {
        sentAt: 'Отправлено',
        sentBy: 'Отправил',
        from: 'Откуда',
        to: 'Куда',
        lines: 'Строки',
        status: 'Статус',
      },
      lineCount: 'товаров: {count}',
      unknownStaff: 'Неизвестный сотрудник',
      apiKey: 'API-ключ',
      emptyTitle: 'Перемещений нет',
      emptyDescription: 'Отправьте товар из одного магазина в другой — он появится здесь.',
      form: {
        title: 'Отправить перемещение',
        description: 'Товар сразу списывается у отправителя и находится в пути до приёмки.',
        from: 'Откуда',
        to: 'Куда',
        note: 'Комментарий',
        pickStores: 'Выберите два разных магазина.',
        submit: 'Отправить',
        sent: 'Перемещение отправлено',
      },
      detail: {
        title: 'Перемещение',
        sentAt: 'Отправлено',
        sentBy: 'Отправил',
        receivedAt: 'Принято',
        receivedBy: 'Принял',
        note: 'Комментарий',
        columns: { product: 'Товар', sent: 'Отправлено', received: 'Принято', inTransit: 'В пути' },
        shortage: 'недостача',
        receiveAll: 'Всё пришло',
        receiveSome: 'Принять пришедшее',
        receiveHint: 'При недостаче укажите, сколько пришло; пустая строка — пришло полностью.',
        confirmAllTitle: 'Принять всё?',
        confirmAllDescription: 'Всё отправленное количество добавится к остатку «{store}».',
        confirm: 'Принять',
        received: 'Перемещение принято',
        notFound: 'Перемещение не найдено.',
      },
    },
    stockTakes: {
      title: 'Инвентаризация',
      subtitle: 'Листы пересчёта: посчитайте, сверьте расхождения и проведите.',
      start: 'Начать пересчёт',
      filter: 'Статус',
      status: { ALL: 'Все', OPEN: 'Идёт пересчёт', POSTED: 'Проведена' },
      columns: {
        startedAt: 'Начата',
        store: 'Магазин',
        status: 'Статус',
        scope: 'Охват',
        progress: 'Посчитано',
      },
      partial: 'Выбранные товары',
      full: 'Все товары',
      progress: '{counted} из {total}',
      emptyTitle: 'Инвентаризаций нет',
      emptyDescription: 'Начните лист пересчёта для магазина.',
      form: {
        title: 'Начать пересчёт',
        description:
          'Лист открывается с текущими остатками магазина; продажи во время пересчёта не останавливаются.',
        store: 'Магазин',
        scope: 'Что считаем',
        allProducts: 'Все товары с остатком в магазине',
        chosenProducts: 'Только выбранные',
        note: 'Комментарий',
        submit: 'Начать',
        started: 'Лист пересчёта открыт',
        needProducts: 'Выберите хотя бы один товар.',
      },
      sheet: {
        back: 'К инвентаризациям',
        title: 'Лист пересчёта — {store}',
        midCountTitle: 'Продажи во время пересчёта учитываются',
        midCount:
          'При проведении посчитанное сравнивается не с остатком на момент открытия листа, а с остатком в момент проведения. Продажи до того, как товар посчитали, в корректировку не попадают. Если товар продали уже после подсчёта — пересчитайте его.',
        keyboardHint: 'Введите количество и нажмите Enter: строка сохранится, курсор перейдёт на следующую.',
        columns: {
          product: 'Товар',
          expected: 'При открытии',
          now: 'Сейчас',
          counted: 'Посчитано',
          difference: 'Разница',
          levelAtPosting: 'При проведении',
          adjustment: 'Корректировка',
        },
        addProduct: 'Добавить товар в лист',
        add: 'Добавить',
        saving: 'Сохранение…',
        saved: 'Сохранено',
        post: 'Провести',
        postTitle: 'Провести инвентаризацию?',
        postDescription:
          'Корректировки ниже запишутся относительно остатка на момент проведения. Лист после этого не меняется.',
        noAdjustments: 'Расхождений нет: корректировки не будет.',
        uncounted: 'Непосчитанные строки ({count}) не изменятся.',
        confirmPost: 'Провести',
        posted: 'Инвентаризация проведена',
        postedBanner: 'Проведена: корректировки записаны относительно остатка в момент проведения.',
        notFound: 'Лист пересчёта не найден.',
      },
    },
  },
  en: {
    picker: { label: 'Product', remove: 'Remove' },
    lines: {
      product: 'Product',
      quantity: 'Quantity',
      empty: 'No products yet: search above to add them.',
      missingQuantity: 'Enter a quantity above zero on every line.',
    },
    errors: {
      CONTENT_MISMATCH: 'This document is stored already with other content. Reload the page.',
      DUPLICATE_PRODUCT: 'A product is listed twice.',
      INVALID_ID: 'An id is not valid.',
      INVALID_LINES: 'No lines, or too many.',
      INVALID_NOTE: 'The note is too long.',
      INVALID_QUANTITY: 'A quantity is out of range.',
      NOT_FOUND: 'Not found.',
      PRODUCT_NOT_IN_TRANSFER: 'This product was not sent with the transfer.',
      RECEIVED_EXCEEDS_SENT: 'More received than was sent.',
      RECIPE_SELF_REFERENCE: 'A dish cannot be its own ingredient.',
      SAME_STORE: 'The sending and receiving store are the same.',
      STOCK_TAKE_NOT_OPEN: 'This stock-take has been posted already.',
      TRANSFER_NOT_IN_TRANSIT: 'This transfer has been received already.',
      UNKNOWN_PRODUCT: 'Inventory does not know this product.',
    },
    unknownError: 'Not saved ({code}).',
    readOnly: 'Read-only: you may not make changes here.',
    allStores: 'All stores',
    cancel: 'Cancel',
    close: 'Close',
    transfers: {
      title: 'Transfers',
      subtitle: 'Goods between stores: in transit once sent, in the receiving store’s stock once received.',
      send: 'Send transfer',
      filter: 'Status',
      status: { ALL: 'All', IN_TRANSIT: 'In transit', RECEIVED: 'Received' },
      columns: {
        sentAt: 'Sent',
        sentBy: 'Sent by',
        from: 'From',
        to: 'To',
        lines: 'Lines',
        status: 'Status',
      },
      lineCount: '{count} products',
      unknownStaff: 'Unknown staff member',
      apiKey: 'API key',
      emptyTitle: 'No transfers yet',
      emptyDescription: 'Send goods from one store to another and they appear here.',
      form: {
        title: 'Send a transfer',
        description: 'The goods leave the sending store now and are in transit until received.',
        from: 'From',
        to: 'To',
        note: 'Note',
        pickStores: 'Choose two different stores.',
        submit: 'Send',
        sent: 'Transfer sent',
      },
      detail: {
        title: 'Transfer',
        sentAt: 'Sent',
        sentBy: 'Sent by',
        receivedAt: 'Received',
        receivedBy: 'Received by',
        note: 'Note',
        columns: { product: 'Product', sent: 'Sent', received: 'Received', inTransit: 'In transit' },
        shortage: 'short',
        receiveAll: 'All arrived',
        receiveSome: 'Receive what arrived',
        receiveHint: 'If something is short, enter what arrived; a blank line arrived in full.',
        confirmAllTitle: 'Receive everything?',
        confirmAllDescription: 'Everything sent is added to the stock of “{store}”.',
        confirm: 'Receive',
        received: 'Transfer received',
        notFound: 'Transfer not found.',
      },
    },
    stockTakes: {
      title: 'Stock-takes',
      subtitle: 'Count sheets: count, review the differences, post.',
      start: 'Start a count',
      filter: 'Status',
      status: { ALL: 'All', OPEN: 'Counting', POSTED: 'Posted' },
      columns: {
        startedAt: 'Started',
        store: 'Store',
        status: 'Status',
        scope: 'Scope',
        progress: 'Counted',
      },
      partial: 'Chosen products',
      full: 'All products',
      progress: '{counted} of {total}',
      emptyTitle: 'No stock-takes yet',
      emptyDescription: 'Start a count sheet for a store.',
      form: {
        title: 'Start a count',
        description: 'The sheet opens with the store’s current levels; selling goes on while you count.',
        store: 'Store',
        scope: 'What to count',
        allProducts: 'Every product stocked in the store',
        chosenProducts: 'Only chosen products',
        note: 'Note',
        submit: 'Start',
        started: 'Count sheet opened',
        needProducts: 'Choose at least one product.',
      },
      sheet: {
        back: 'Back to stock-takes',
        title: 'Count sheet — {store}',
        midCountTitle: 'Sales made while counting are accounted for',
        midCount:
          'Posting compares each count with the stock level at the moment of posting, not with the level when the sheet was opened. Sales made before a product is counted do not end up in its adjustment. If a product sells after you counted it, count it again.',
        keyboardHint: 'Type a quantity and press Enter: it is saved and the next line is focused.',
        columns: {
          product: 'Product',
          expected: 'At start',
          now: 'Now',
          counted: 'Counted',
          difference: 'Difference',
          levelAtPosting: 'At posting',
          adjustment: 'Adjustment',
        },
        addProduct: 'Add a product to the sheet',
        add: 'Add',
        saving: 'Saving…',
        saved: 'Saved',
        post: 'Post',
        postTitle: 'Post this stock-take?',
        postDescription:
          'These adjustments are written against the level at posting. The sheet cannot change afterwards.',
        noAdjustments: 'No differences: nothing will be adjusted.',
        uncounted: '{count} uncounted lines stay as they are.',
        confirmPost: 'Post',
        posted: 'Stock-take posted',
        postedBanner: 'Posted: adjustments were written against the level at the moment of posting.',
        notFound: 'Count sheet not found.',
      },
    },
  },
};
