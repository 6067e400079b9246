/** Texts of the API keys and audit log pages. Part of the settings dictionary (`settings.ts` combines the parts). */
import type { Locale } from '../locale.ts';

export interface SettingsAccessTexts {
  apiKeys: {
    title: string;
    subtitle: string;
    add: string;
    name: string;
    scopes: string;
    prefix: string;
    created: string;
    lastUsed: string;
    revoke: string;
    revokeTitle: string;
    revokeDescription: string;
    revokedToast: string;
    revoked: string;
    secretTitle: string;
    secretDescription: string;
    createdToast: string;
    emptyTitle: string;
    emptyDescription: string;
  };
  audit: {
    title: string;
    subtitle: string;
    columns: {
      seq: string;
      at: string;
      action: string;
      entity: string;
      actor: string;
      source: string;
      data: string;
    };
    filters: { action: string; entityType: string; actor: string; from: string; to: string; apply: string };
    verify: string;
    chainOk: string;
    chainBroken: string;
    chainTail: string;
    chainDetail: string;
    emptyTitle: string;
    emptyDescription: string;
  };
}

export const settingsAccess: Record<Locale, SettingsAccessTexts> = {
  uz: {
    apiKeys: {
      title: 'API kalitlar',
      subtitle: 'Integratsiyalar (1C, yetkazib berish, BI) uchun kalitlar.',
      add: 'Kalit yaratish',
      name: 'Nomi',
      scopes: 'Huquqlar',
      prefix: 'Prefiks',
      created: 'Yaratilgan',
      lastUsed: 'Oxirgi foydalanish',
      revoke: 'Bekor qilish',
      revokeTitle: 'Kalitni bekor qilasizmi?',
      revokeDescription: 'U bilan ishlaydigan integratsiya 30 soniya ichida to‘xtaydi.',
      revokedToast: 'Kalit bekor qilindi',
      revoked: 'Bekor qilingan',
      secretTitle: 'Yangi kalit',
      secretDescription: 'Kalitni hozir nusxalab oling: u boshqa ko‘rsatilmaydi.',
      createdToast: 'Kalit yaratildi',
      emptyTitle: 'Hali kalit yo‘q',
      emptyDescription: 'Integratsiya uchun kalit yarating.',
    },
    audit: {
      title: 'Audit jurnali',
      subtitle: 'Har bir ma’muriy o‘zgarish, o‘zgartirib bo‘lmaydigan zanjirda.',
      columns: {
        seq: '№',
        at: 'Vaqt',
        action: 'Amal',
        entity: 'Obyekt',
        actor: 'Kim',
        source: 'Xizmat',
        data: 'Tafsilotlar',
      },
      filters: {
        action: 'Amal',
        entityType: 'Obyekt turi',
        actor: 'Kim (ID)',
        from: 'Dan',
        to: 'Gacha',
        apply: 'Qo‘llash',
      },
      verify: 'Zanjirni tekshirish',
      chainOk: 'Zanjir butun: {entries} ta yozuv tekshirildi, hech biri o‘zgartirilmagan.',
      chainBroken: 'Zanjir buzilgan: {seq}-yozuv o‘zgartirilgan yoki o‘chirilgan.',
      chainTail: 'Zanjir oxiri yo‘qolgan: {seq}-yozuvdan keyingilar o‘chirilgan.',
      chainDetail: 'Oxirgi yozuv №{seq}, xesh {hash}',
      emptyTitle: 'Yozuv yo‘q',
      emptyDescription: 'Filtrga mos yozuv topilmadi.',
    },
  },
  ru: {
    apiKeys: {
      title: 'API-ключи',
      subtitle: 'Ключи для интеграций (1С, доставка, BI).',
      add: 'Создать ключ',
      name: 'Название',
      scopes: 'Права',
      prefix: 'Префикс',
      created: 'Создан',
      lastUsed: 'Последнее использование',
      revoke: 'Отозвать',
      revokeTitle: 'Отозвать ключ?',
      revokeDescription: 'Интеграция с этим ключом перестанет работать в течение 30 секунд.',
      revokedToast: 'Ключ отозван',
      revoked: 'Отозван',
      secretTitle: 'Новый ключ',
      secretDescription: 'Скопируйте ключ сейчас: больше он показан не будет.',
      createdToast: 'Ключ создан',
      emptyTitle: 'Ключей пока нет',
      emptyDescription: 'Создайте ключ для интеграции.',
    },
    audit: {
      title: 'Журнал аудита',
      subtitle: 'Каждое административное изменение, в цепочке, которую нельзя незаметно изменить.',
      columns: {
        seq: '№',
        at: 'Время',
        action: 'Действие',
        entity: 'Объект',
        actor: 'Кто',
        source: 'Сервис',
        data: 'Подробности',
      },
      filters: {
        action: 'Действие',
        entityType: 'Тип объекта',
        actor: 'Кто (ID)',
        from: 'С',
        to: 'По',
        apply: 'Применить',
      },
      verify: 'Проверить цепочку',
      chainOk: 'Цепочка цела: проверено записей — {entries}, ни одна не изменена.',
      chainBroken: 'Цепочка нарушена: запись №{seq} изменена или удалена.',
      chainTail: 'Конец цепочки утерян: записи после №{seq} удалены.',
      chainDetail: 'Последняя запись №{seq}, хеш {hash}',
      emptyTitle: 'Записей нет',
      emptyDescription: 'По фильтрам ничего не найдено.',
    },
  },
  en: {
    apiKeys: {
      title: 'API keys',
      subtitle: 'Keys for integrations (1C, delivery, BI).',
      add: 'Create key',
      name: 'Name',
      scopes: 'Scopes',
      prefix: 'Prefix',
      created: 'Created',
      lastUsed: 'Last used',
      revoke: 'Revoke',
      revokeTitle: 'Revoke this key?',
      revokeDescription: 'Integrations using it stop working within 30 seconds.',
      revokedToast: 'Key revoked',
      revoked: 'Revoked',
      secretTitle: 'Your new key',
      secretDescription: 'Copy the key now: it will not be shown again.',
      createdToast: 'Key created',
      emptyTitle: 'No keys yet',
      emptyDescription: 'Create a key for an integration.',
    },
    audit: {
      title: 'Audit log',
      subtitle: 'Every administrative change, in a chain that cannot be altered unnoticed.',
      columns: {
        seq: '#',
        at: 'Time',
        action: 'Action',
        entity: 'Entity',
        actor: 'Who',
        source: 'Service',
        data: 'Details',
      },
      filters: {
        action: 'Action',
        entityType: 'Entity type',
        actor: 'Who (id)',
        from: 'From',
        to: 'To',
        apply: 'Apply',
      },
      verify: 'Verify chain',
      chainOk: 'The chain is intact: {entries} entries checked, none altered.',
      chainBroken: 'The chain is broken: entry #{seq} was altered or removed.',
      chainTail: 'The end of the chain is missing: entries after #{seq} were deleted.',
      chainDetail: 'Last entry #{seq}, hash {hash}',
      emptyTitle: 'No entries',
      emptyDescription: 'No entry matches the filters.',
    },
  },
};
