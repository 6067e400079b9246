/**
 * Texts of the goods-receipt and write-off pages (`/inventory/receipts`, `/inventory/write-offs`),
 * in Uzbek (Latin), Russian and English. Part of the inventory dictionary (`inventory.ts`
 * combines the parts); a key missing in one language is a compile error.
 */
import type { Locale } from '../locale.ts';

export interface InventoryDocumentsTexts {
  receipts: {
    title: string;
    subtitle: string;
    newReceipt: string;
    formTitle: string;
    supplier: string;
    pickSupplier: string;
    newSupplier: string;
    supplierName: string;
    supplierPhone: string;
    supplierTaxId: string;
    createSupplier: string;
    supplierCreated: string;
    noSuppliers: string;
    lines: string;
    addProduct: string;
    quantity: string;
    unitCost: string;
    lineTotal: string;
    remove: string;
    noLines: string;
    note: string;
    notePlaceholder: string;
    total: string;
    submit: string;
    submitting: string;
    posted: string;
    duplicate: string;
    resultTitle: string;
    resultColumns: {
      product: string;
      received: string;
      unitCost: string;
      newAverage: string;
      onHand: string;
    };
    another: string;
    needStore: string;
    needSupplier: string;
    needLines: string;
    needAmounts: string;
    listTitle: string;
    columns: { time: string; supplier: string; store: string; lines: string; total: string; note: string };
    emptyTitle: string;
    emptyDescription: string;
  };
  writeOffs: {
    title: string;
    subtitle: string;
    formTitle: string;
    reason: string;
    pickReason: string;
    noteRequired: string;
    quantity: string;
    onHand: string;
    submit: string;
    submitting: string;
    done: string;
    needReason: string;
    listTitle: string;
    emptyTitle: string;
    emptyDescription: string;
  };
}

export const inventoryDocuments: Record<Locale, InventoryDocumentsTexts> = {
  uz: {
    receipts: {
      title: 'Tovar kirimi',
      subtitle: 'Yetkazib beruvchilardan kelgan tovarlar; tannarx o‘rtacha usulda qayta hisoblanadi.',
      newReceipt: 'Yangi kirim',
      formTitle: 'Tovarni qabul qilish',
      supplier: 'Yetkazib beruvchi',
      pickSupplier: 'Yetkazib beruvchini tanlang',
      newSupplier: 'Yangi yetkazib beruvchi',
      supplierName: 'Nomi',
      supplierPhone: 'Telefon',
      supplierTaxId: 'STIR / JShShIR',
      createSupplier: 'Qo‘shish',
      supplierCreated: 'Yetkazib beruvchi qo‘shildi',
      noSuppliers: 'Hali yetkazib beruvchi yo‘q: yangisini qo‘shing.',
      lines: 'Qatorlar',
      addProduct: 'Mahsulot qo‘shish',
      quantity: 'Miqdor',
      unitCost: 'Birlik narxi',
      lineTotal: 'Summa',
      remove: 'O‘chirish',
      noLines: 'Mahsulotni qidirib qo‘shing.',
      note: 'Izoh',
      notePlaceholder: 'Faktura raqami…',
      total: 'Jami',
      submit: 'Kirim qilish',
      submitting: 'Saqlanmoqda…',
      posted: 'Kirim saqlandi',
      duplicate: 'Bu kirim avval saqlangan edi: hech narsa ikki marta yozilmadi.',
      resultTitle: 'Kirim saqlandi: yangi o‘rtacha tannarx',
      resultColumns: {
        product: 'Mahsulot',
        received: 'Qabul qilindi',
        unitCost: 'Kirim narxi',
        newAverage: 'Yangi o‘rtacha tannarx',
        onHand: 'Qoldiq',
      },
      another: 'Yana kirim qilish',
      needStore: 'Do‘konni tanlang.',
      needSupplier: 'Yetkazib beruvchini tanlang.',
      needLines: 'Kamida bitta mahsulot qo‘shing.',
      needAmounts: 'Har bir qatorga miqdor (0 dan katta) va narx kiriting.',
      listTitle: 'Kirimlar',
      columns: {
        time: 'Vaqt',
        supplier: 'Yetkazib beruvchi',
        store: 'Do‘kon',
        lines: 'Qatorlar',
        total: 'Summa',
        note: 'Izoh',
      },
      emptyTitle: 'Hali kirim yo‘q',
      emptyDescription: 'Yuqoridagi shakl orqali birinchi kirimni qiling.',
    },
    writeOffs: {
      title: 'Hisobdan chiqarish',
      subtitle: 'Buzilgan, muddati o‘tgan yoki yo‘qolgan tovarni sababi bilan hisobdan chiqaring.',
      formTitle: 'Tovarni hisobdan chiqarish',
      reason: 'Sabab',
      pickReason: 'Sababni tanlang',
      noteRequired: '“Boshqa” sabab uchun izoh majburiy.',
      quantity: 'Miqdor',
      onHand: 'Qoldiq: {quantity}',
      submit: 'Hisobdan chiqarish',
      submitting: 'Saqlanmoqda…',
      done: 'Hisobdan chiqarildi',
      needReason: 'Sababni tanlang.',
      listTitle: 'Avvalgi hisobdan chiqarishlar',
      emptyTitle: 'Hali hisobdan chiqarish yo‘q',
      emptyDescription: 'Chiqarilgan tovarlar shu yerda ko‘rinadi.',
    },
  },
  ru: {
    receipts: {
      title: 'Приход товара',
      subtitle: 'Товар от поставщиков; себестоимость пересчитывается по средней.',
      newReceipt: 'Новый приход',
      formTitle: 'Принять товар',
      supplier: 'Поставщик',
      pickSupplier: 'Выберите поставщика',
      newSupplier: 'Новый поставщик',
      supplierName: 'Название',
      supplierPhone: 'Телефон',
      supplierTaxId: 'ИНН / ПИНФЛ',
      createSupplier: 'Добавить',
      supplierCreated: 'Поставщик добавлен',
      noSuppliers: 'Поставщиков пока нет: добавьте нового.',
      lines: 'Строки',
      addProduct: 'Добавить товар',
      quantity: 'Количество',
      unitCost: 'Цена за единицу',
      lineTotal: 'Сумма',
      remove: 'Удалить',
      noLines: 'Найдите и добавьте товар.',
      note: 'Комментарий',
      notePlaceholder: 'Номер накладной…',
      total: 'Итого',
      submit: 'Оприходовать',
      submitting: 'Сохранение…',
      posted: 'Приход сохранён',
      duplicate: 'Этот приход уже был сохранён: ничего не записано дважды.',
      resultTitle: 'Приход сохранён: новая средняя себестоимость',
      resultColumns: {
        product: 'Товар',
        received: 'Принято',
        unitCost: 'Цена прихода',
        newAverage: 'Новая средняя себестоимость',
        onHand: 'Остаток',
      },
      another: 'Новый приход',
      needStore: 'Выберите магазин.',
      needSupplier: 'Выберите поставщика.',
      needLines: 'Добавьте хотя бы один товар.',
      needAmounts: 'Укажите в каждой строке количество (больше 0) и цену.',
      listTitle: 'Приходы',
      columns: {
        time: 'Время',
        supplier: 'Поставщик',
        store: 'Магазин',
        lines: 'Строк',
        total: 'Сумма',
        note: 'Комментарий',
      },
      emptyTitle: 'Приходов пока нет',
      emptyDescription: 'Оформите первый приход в форме выше.',
    },
    writeOffs: {
      title: 'Списания',
      subtitle: 'Списывайте испорченный, просроченный или пропавший товар с указанием причины.',
      formTitle: 'Списать товар',
      reason: 'Причина',
      pickReason: 'Выберите причину',
      noteRequired: 'Для причины «Другое» нужен комментарий.',
      quantity: 'Количество',
      onHand: 'Остаток: {quantity}',
      submit: 'Списать',
      submitting: 'Сохранение…',
      done: 'Списано',
      needReason: 'Выберите причину.',
      listTitle: 'Прошлые списания',
      emptyTitle: 'Списаний пока нет',
      emptyDescription: 'Здесь появятся списанные товары.',
    },
  },
  en: {
    receipts: {
      title: 'Goods receipts',
      subtitle: 'Goods received from suppliers; the moving average cost is recalculated.',
      newReceipt: 'New receipt',
      formTitle: 'Receive goods',
      supplier: 'Supplier',
      pickSupplier: 'Choose a supplier',
      newSupplier: 'New supplier',
      supplierName: 'Name',
      supplierPhone: 'Phone',
      supplierTaxId: 'TIN / PINFL',
      createSupplier: 'Add',
      supplierCreated: 'Supplier added',
      noSuppliers: 'No suppliers yet: add one.',
      lines: 'Lines',
      addProduct: 'Add a product',
      quantity: 'Quantity',
      unitCost: 'Unit cost',
      lineTotal: 'Amount',
      remove: 'Remove',
      noLines: 'Find a product to add it.',
      note: 'Note',
      notePlaceholder: 'Invoice number…',
      total: 'Total',
      submit: 'Receive',
      submitting: 'Saving…',
      posted: 'Receipt saved',
      duplicate: 'This receipt had been saved already: nothing was recorded twice.',
      resultTitle: 'Receipt saved: the new average cost',
      resultColumns: {
        product: 'Product',
        received: 'Received',
        unitCost: 'Receipt price',
        newAverage: 'New average cost',
        onHand: 'On hand',
      },
      another: 'Receive more',
      needStore: 'Choose a store.',
      needSupplier: 'Choose a supplier.',
      needLines: 'Add at least one product.',
      needAmounts: 'Give every line a quantity above 0 and a price.',
      listTitle: 'Receipts',
      columns: {
        time: 'Time',
        supplier: 'Supplier',
        store: 'Store',
        lines: 'Lines',
        total: 'Total',
        note: 'Note',
      },
      emptyTitle: 'No receipts yet',
      emptyDescription: 'Receive the first goods with the form above.',
    },
    writeOffs: {
      title: 'Write-offs',
      subtitle: 'Write off spoiled, expired or missing goods, with the reason.',
      formTitle: 'Write off stock',
      reason: 'Reason',
      pickReason: 'Choose a reason',
      noteRequired: 'A note is required for “Other”.',
      quantity: 'Quantity',
      onHand: 'On hand: {quantity}',
      submit: 'Write off',
      submitting: 'Saving…',
      done: 'Written off',
      needReason: 'Choose a reason.',
      listTitle: 'Past write-offs',
      emptyTitle: 'No write-offs yet',
      emptyDescription: 'Goods written off will show here.',
    },
  },
};
