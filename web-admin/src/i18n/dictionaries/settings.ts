/**
 * Texts of the people-and-devices pages: staff, roles, stores, terminals, API keys, audit log.
 * Combined from one file per page group (`settings-staff.ts`, `settings-stores.ts`,
 * `settings-access.ts`); the texts every page shares and identity's error codes live here.
 */
import type { Locale } from '../locale.ts';
import { type SettingsAccessTexts, settingsAccess } from './settings-access.ts';
import { type SettingsStaffTexts, settingsStaff } from './settings-staff.ts';
import { type SettingsStoresTexts, settingsStores } from './settings-stores.ts';

/** The texts every settings page shares. */
interface SettingsSharedTexts {
  common: {
    save: string;
    cancel: string;
    close: string;
    active: string;
    inactive: string;
    any: string;
    everyStore: string;
    saveFailed: string;
    loadError: string;
    loadErrorDescription: string;
    never: string;
    clearFilters: string;
    noResults: string;
    ownerOnly: string;
  };
  /** Identity's error codes as a person reads them; unknown codes show the server's message. */
  errors: Record<string, string>;
}

export interface SettingsTexts
  extends SettingsSharedTexts,
    SettingsStaffTexts,
    SettingsStoresTexts,
    SettingsAccessTexts {}

const shared: Record<Locale, SettingsSharedTexts> = {
  uz: {
    common: {
      save: 'Saqlash',
      cancel: 'Bekor qilish',
      close: 'Yopish',
      active: 'Faol',
      inactive: 'Faol emas',
      any: 'Hammasi',
      everyStore: 'Barcha do‘konlar',
      saveFailed: 'Saqlab bo‘lmadi. Aloqani tekshirib, qayta urinib ko‘ring.',
      loadError: 'Yuklab bo‘lmadi',
      loadErrorDescription: 'Aloqani tekshirib, qayta urinib ko‘ring.',
      never: 'Hech qachon',
      clearFilters: 'Filtrlarni tozalash',
      noResults: 'Filtrga mos hech narsa yo‘q',
      ownerOnly: 'Faqat egasi uchun',
    },
    errors: {
      INVALID_NAME: 'Nom 1–100 ta belgidan iborat bo‘lsin',
      INVALID_EMAIL: 'Email manzili noto‘g‘ri',
      DUPLICATE_EMAIL: 'Bu email bilan kimdir allaqachon kiradi',
      PASSWORD_TOO_SHORT: 'Parol kamida 10 ta belgi bo‘lsin',
      PASSWORD_TOO_LONG: 'Parol juda uzun',
      PASSWORD_TOO_COMMON: 'Bu parol juda keng tarqalgan',
      PASSWORD_CONTAINS_EMAIL: 'Parolda email nomi bo‘lmasin',
      PIN_INVALID_FORMAT: 'PIN 4–6 ta raqam bo‘lsin',
      PIN_TOO_SIMPLE: 'PIN juda oddiy (1111, 1234 kabi)',
      PIN_TAKEN: 'Bu PIN boshqa xodimda bor',
      UNKNOWN_ROLE: 'Bunday rol yo‘q',
      FORBIDDEN_ROLE_GRANT: 'Siz bu rolni bera olmaysiz',
      LAST_OWNER: 'Kamida bitta faol ega qolishi kerak',
      CANNOT_DISABLE_SELF: 'O‘zingizni o‘chira olmaysiz',
      UNKNOWN_STORE: 'Bunday do‘kon yo‘q',
      STORE_INACTIVE: 'Do‘kon faol emas',
      INVALID_TAX_ID: 'STIR 9 ta raqam bo‘lsin',
      INVALID_TIME_ZONE: 'Vaqt zonasi noto‘g‘ri',
      INVALID_ADDRESS: 'Manzil juda uzun',
      TERMINAL_INACTIVE: 'Kassa o‘chirilgan',
      DEVICE_ALREADY_REVOKED: 'Qurilma allaqachon bekor qilingan',
      DUPLICATE_ROLE_NAME: 'Bunday nomli rol bor',
      PERMISSION_NOT_HELD: 'O‘zingizda yo‘q huquqni bera olmaysiz',
      SCOPE_NOT_HELD: 'O‘zingizda yo‘q huquqni bera olmaysiz',
      NO_SCOPES: 'Kamida bitta huquq tanlang',
      ALREADY_REVOKED: 'Kalit allaqachon bekor qilingan',
    },
  },
  ru: {
    common: {
      save: 'Сохранить',
      cancel: 'Отмена',
      close: 'Закрыть',
      active: 'Активен',
      inactive: 'Неактивен',
      any: 'Все',
      everyStore: 'Все магазины',
      saveFailed: 'Не удалось сохранить. Проверьте связь и попробуйте снова.',
      loadError: 'Не удалось загрузить',
      loadErrorDescription: 'Проверьте связь и попробуйте снова.',
      never: 'Никогда',
      clearFilters: 'Сбросить фильтры',
      noResults: 'Ничего не найдено по фильтрам',
      ownerOnly: 'Только для владельца',
    },
    errors: {
      INVALID_NAME: 'Название — от 1 до 100 символов',
      INVALID_EMAIL: 'Неверный email',
      DUPLICATE_EMAIL: 'С этим email уже кто-то входит',
      PASSWORD_TOO_SHORT: 'Пароль — не короче 10 символов',
      PASSWORD_TOO_LONG: 'Пароль слишком длинный',
      PASSWORD_TOO_COMMON: 'Этот пароль слишком распространён',
      PASSWORD_CONTAINS_EMAIL: 'Пароль не должен содержать имя из email',
      PIN_INVALID_FORMAT: 'PIN — от 4 до 6 цифр',
      PIN_TOO_SIMPLE: 'PIN слишком простой (как 1111 или 1234)',
      PIN_TAKEN: 'Этот PIN уже у другого сотрудника',
      UNKNOWN_ROLE: 'Такой роли нет',
      FORBIDDEN_ROLE_GRANT: 'Вы не можете выдать эту роль',
      LAST_OWNER: 'Должен остаться хотя бы один активный владелец',
      CANNOT_DISABLE_SELF: 'Нельзя отключить самого себя',
      UNKNOWN_STORE: 'Такого магазина нет',
      STORE_INACTIVE: 'Магазин неактивен',
      INVALID_TAX_ID: 'ИНН — 9 цифр',
      INVALID_TIME_ZONE: 'Неверный часовой пояс',
      INVALID_ADDRESS: 'Адрес слишком длинный',
      TERMINAL_INACTIVE: 'Касса отключена',
      DEVICE_ALREADY_REVOKED: 'Устройство уже отозвано',
      DUPLICATE_ROLE_NAME: 'Роль с таким названием уже есть',
      PERMISSION_NOT_HELD: 'Нельзя выдать право, которого нет у вас',
      SCOPE_NOT_HELD: 'Нельзя выдать право, которого нет у вас',
      NO_SCOPES: 'Выберите хотя бы одно право',
      ALREADY_REVOKED: 'Ключ уже отозван',
    },
  },
  en: {
    common: {
      save: 'Save',
      cancel: 'Cancel',
      close: 'Close',
      active: 'Active',
      inactive: 'Inactive',
      any: 'Any',
      everyStore: 'Every store',
      saveFailed: 'Could not save. Check the connection and try again.',
      loadError: 'Could not load',
      loadErrorDescription: 'Check the connection and try again.',
      never: 'Never',
      clearFilters: 'Clear filters',
      noResults: 'Nothing matches the filters',
      ownerOnly: 'Owners only',
    },
    errors: {
      INVALID_NAME: 'A name is 1–100 characters',
      INVALID_EMAIL: 'Not an email address',
      DUPLICATE_EMAIL: 'Someone already signs in with this email',
      PASSWORD_TOO_SHORT: 'Use at least 10 characters',
      PASSWORD_TOO_LONG: 'The password is too long',
      PASSWORD_TOO_COMMON: 'This password is too common',
      PASSWORD_CONTAINS_EMAIL: 'The password must not contain the email name',
      PIN_INVALID_FORMAT: 'A PIN is 4–6 digits',
      PIN_TOO_SIMPLE: 'The PIN is too simple (like 1111 or 1234)',
      PIN_TAKEN: 'Another staff member has this PIN',
      UNKNOWN_ROLE: 'No such role',
      FORBIDDEN_ROLE_GRANT: 'You cannot grant this role',
      LAST_OWNER: 'At least one active owner must remain',
      CANNOT_DISABLE_SELF: 'You cannot disable yourself',
      UNKNOWN_STORE: 'No such store',
      STORE_INACTIVE: 'The store is deactivated',
      INVALID_TAX_ID: 'A tax id (STIR) is 9 digits',
      INVALID_TIME_ZONE: 'Not a time zone',
      INVALID_ADDRESS: 'The address is too long',
      TERMINAL_INACTIVE: 'The terminal is deactivated',
      DEVICE_ALREADY_REVOKED: 'The device is revoked already',
      DUPLICATE_ROLE_NAME: 'A role with this name exists',
      PERMISSION_NOT_HELD: 'You cannot grant a permission you do not hold',
      SCOPE_NOT_HELD: 'You cannot grant a permission you do not hold',
      NO_SCOPES: 'Choose at least one scope',
      ALREADY_REVOKED: 'The key is revoked already',
    },
  },
};

function combine(locale: Locale): SettingsTexts {
  return {
    ...shared[locale],
    ...settingsStaff[locale],
    ...settingsStores[locale],
    ...settingsAccess[locale],
  };
}

export const settings: Record<Locale, SettingsTexts> = {
  uz: combine('uz'),
  ru: combine('ru'),
  en: combine('en'),
};

/** A user error as a person reads it: the localized text of its code, else the server's message. */
export function settingsMessage(t: SettingsTexts, error: { code: string; message: string }): string {
  return t.errors[error.code] ?? error.message;
}
