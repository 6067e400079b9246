/** Texts of the stores and terminals pages. Part of the settings dictionary (`settings.ts` combines the parts). */
import type { Locale } from '../locale.ts';

export interface SettingsStoresTexts {
  stores: {
    title: string;
    subtitle: string;
    add: string;
    edit: string;
    name: string;
    address: string;
    taxId: string;
    taxIdHint: string;
    timeZone: string;
    terminals: string;
    deactivate: string;
    deactivateTitle: string;
    deactivateDescription: string;
    created: string;
    updated: string;
    deactivated: string;
    emptyTitle: string;
    emptyDescription: string;
  };
  terminals: {
    title: string;
    subtitle: string;
    add: string;
    name: string;
    store: string;
    devices: string;
    noDevices: string;
    pair: string;
    pairingTitle: string;
    pairingDescription: string;
    expiresAt: string;
    revoke: string;
    revokeTitle: string;
    revokeDescription: string;
    revoked: string;
    revokedToast: string;
    deactivate: string;
    activate: string;
    deactivateTitle: string;
    deactivateDescription: string;
    deactivatedToast: string;
    activatedToast: string;
    created: string;
    paired: string;
    lastUsed: string;
    emptyTitle: string;
    emptyDescription: string;
  };
}

export const settingsStores: Record<Locale, SettingsStoresTexts> = {
  uz: {
    stores: {
      title: 'Do‘konlar',
      subtitle: 'Manzil, STIR va vaqt zonasi cheklar va hisobotlarga chiqadi.',
      add: 'Do‘kon qo‘shish',
      edit: 'Tahrirlash',
      name: 'Nomi',
      address: 'Manzil',
      taxId: 'STIR',
      taxIdHint: '9 ta raqam',
      timeZone: 'Vaqt zonasi',
      terminals: 'Kassalar',
      deactivate: 'Faolsizlantirish',
      deactivateTitle: 'Do‘konni faolsizlantirasizmi?',
      deactivateDescription:
        'Uning barcha kassalari ham o‘chiriladi: PIN bilan kirish va savdoni yuklash to‘xtaydi.',
      created: 'Do‘kon qo‘shildi',
      updated: 'Do‘kon saqlandi',
      deactivated: 'Do‘kon faolsizlantirildi',
      emptyTitle: 'Hali do‘kon yo‘q',
      emptyDescription: 'Birinchi do‘koningizni qo‘shing.',
    },
    terminals: {
      title: 'Kassalar',
      subtitle: 'Kassalar, ularga ulangan qurilmalar va ulash kodlari.',
      add: 'Kassa qo‘shish',
      name: 'Nomi',
      store: 'Do‘kon',
      devices: 'Qurilmalar',
      noDevices: 'Ulangan qurilma yo‘q',
      pair: 'Ulash kodi',
      pairingTitle: 'Ulash kodi',
      pairingDescription:
        'Bu kodni kassa dasturiga kiriting. U faqat bir marta ko‘rsatiladi va bir marta ishlaydi.',
      expiresAt: 'Amal qilish muddati',
      revoke: 'Bekor qilish',
      revokeTitle: 'Qurilmani bekor qilasizmi?',
      revokeDescription: 'Uning maxfiy kaliti darhol ishlamay qoladi, kassadagi sessiyalar tugaydi.',
      revoked: 'Bekor qilingan',
      revokedToast: 'Qurilma bekor qilindi',
      deactivate: 'O‘chirish',
      activate: 'Yoqish',
      deactivateTitle: 'Kassani o‘chirasizmi?',
      deactivateDescription:
        'PIN bilan kirish va savdoni yuklash rad etiladi. Yuklanmagan cheklar kassada qoladi va qayta yoqilganda yuklanadi.',
      deactivatedToast: 'Kassa o‘chirildi',
      activatedToast: 'Kassa yoqildi',
      created: 'Kassa qo‘shildi',
      paired: 'Ulangan',
      lastUsed: 'Oxirgi kirish',
      emptyTitle: 'Hali kassa yo‘q',
      emptyDescription: 'Do‘konga kassa qo‘shing, so‘ng qurilmani kod bilan ulang.',
    },
  },
  ru: {
    stores: {
      title: 'Магазины',
      subtitle: 'Адрес, ИНН и часовой пояс попадают в чеки и отчёты.',
      add: 'Добавить магазин',
      edit: 'Изменить',
      name: 'Название',
      address: 'Адрес',
      taxId: 'ИНН',
      taxIdHint: '9 цифр',
      timeZone: 'Часовой пояс',
      terminals: 'Кассы',
      deactivate: 'Деактивировать',
      deactivateTitle: 'Деактивировать магазин?',
      deactivateDescription: 'Все его кассы тоже отключатся: вход по PIN и выгрузка продаж прекратятся.',
      created: 'Магазин добавлен',
      updated: 'Магазин сохранён',
      deactivated: 'Магазин деактивирован',
      emptyTitle: 'Магазинов пока нет',
      emptyDescription: 'Добавьте первый магазин.',
    },
    terminals: {
      title: 'Кассы',
      subtitle: 'Кассы, привязанные к ним устройства и коды привязки.',
      add: 'Добавить кассу',
      name: 'Название',
      store: 'Магазин',
      devices: 'Устройства',
      noDevices: 'Нет привязанных устройств',
      pair: 'Код привязки',
      pairingTitle: 'Код привязки',
      pairingDescription: 'Введите код в программе кассы. Он показывается один раз и срабатывает один раз.',
      expiresAt: 'Действует до',
      revoke: 'Отозвать',
      revokeTitle: 'Отозвать устройство?',
      revokeDescription: 'Его секрет сразу перестанет работать, сессии на кассе завершатся.',
      revoked: 'Отозвано',
      revokedToast: 'Устройство отозвано',
      deactivate: 'Отключить',
      activate: 'Включить',
      deactivateTitle: 'Отключить кассу?',
      deactivateDescription:
        'Вход по PIN и выгрузка продаж будут отклоняться. Невыгруженные чеки останутся на кассе и выгрузятся после включения.',
      deactivatedToast: 'Касса отключена',
      activatedToast: 'Касса включена',
      created: 'Касса добавлена',
      paired: 'Привязано',
      lastUsed: 'Последний вход',
      emptyTitle: 'Касс пока нет',
      emptyDescription: 'Добавьте кассу в магазин, затем привяжите устройство кодом.',
    },
  },
  en: {
    stores: {
      title: 'Stores',
      subtitle: 'Address, tax id and time zone appear on receipts and reports.',
      add: 'Add store',
      edit: 'Edit',
      name: 'Name',
      address: 'Address',
      taxId: 'Tax id (STIR)',
      taxIdHint: '9 digits',
      timeZone: 'Time zone',
      terminals: 'Terminals',
      deactivate: 'Deactivate',
      deactivateTitle: 'Deactivate this store?',
      deactivateDescription: 'Its terminals are deactivated too: PIN sign-ins and sales uploads stop.',
      created: 'Store added',
      updated: 'Store saved',
      deactivated: 'Store deactivated',
      emptyTitle: 'No stores yet',
      emptyDescription: 'Add your first store.',
    },
    terminals: {
      title: 'Terminals',
      subtitle: 'Terminals, the devices paired with them and pairing codes.',
      add: 'Add terminal',
      name: 'Name',
      store: 'Store',
      devices: 'Devices',
      noDevices: 'No device paired',
      pair: 'Pairing code',
      pairingTitle: 'Pairing code',
      pairingDescription: 'Type this code into the till app. It is shown once and works once.',
      expiresAt: 'Expires at',
      revoke: 'Revoke',
      revokeTitle: 'Revoke this device?',
      revokeDescription: 'Its secret stops working at once and the sessions on the terminal end.',
      revoked: 'Revoked',
      revokedToast: 'Device revoked',
      deactivate: 'Deactivate',
      activate: 'Activate',
      deactivateTitle: 'Deactivate this terminal?',
      deactivateDescription:
        'PIN sign-ins and sales uploads are refused. Receipts not yet uploaded stay on the till and upload once it is active again.',
      deactivatedToast: 'Terminal deactivated',
      activatedToast: 'Terminal activated',
      created: 'Terminal added',
      paired: 'Paired',
      lastUsed: 'Last sign-in',
      emptyTitle: 'No terminals yet',
      emptyDescription: 'Add a terminal to a store, then pair a device with a code.',
    },
  },
};
