/** Texts of the people-and-devices pages: staff, roles, stores, terminals, API keys, audit log. */
import type { Locale } from '../locale.ts';

export interface SettingsTexts {
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
  staff: {
    title: string;
    subtitle: string;
    add: string;
    search: string;
    role: string;
    store: string;
    status: string;
    disabled: string;
    columns: { name: string; email: string; roles: string; stores: string; pin: string; status: string };
    pinSet: string;
    pinMissing: string;
    setPin: string;
    pinTitle: string;
    pinHint: string;
    disable: string;
    enable: string;
    disableTitle: string;
    disableDescription: string;
    created: string;
    pinSaved: string;
    disabledToast: string;
    enabledToast: string;
    form: {
      name: string;
      email: string;
      emailHint: string;
      password: string;
      passwordHint: string;
      roles: string;
      stores: string;
      storesHint: string;
      pin: string;
    };
    emptyTitle: string;
    emptyDescription: string;
  };
  roles: {
    title: string;
    subtitle: string;
    builtIn: string;
    add: string;
    name: string;
    permissions: string;
    created: string;
    updated: string;
    notHeld: string;
    builtInLocked: string;
    edit: string;
  };
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

export const settings: Record<Locale, SettingsTexts> = {
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
    staff: {
      title: 'Xodimlar',
      subtitle: 'Kim tizimga kiradi, qaysi rol bilan va qaysi do‘konlarda.',
      add: 'Xodim qo‘shish',
      search: 'Ism yoki email',
      role: 'Rol',
      store: 'Do‘kon',
      status: 'Holat',
      disabled: 'O‘chirilgan',
      columns: {
        name: 'Ism',
        email: 'Email',
        roles: 'Rollar',
        stores: 'Do‘konlar',
        pin: 'PIN',
        status: 'Holat',
      },
      pinSet: 'Bor',
      pinMissing: 'Yo‘q',
      setPin: 'PIN o‘rnatish',
      pinTitle: 'Kassa PIN kodi',
      pinHint: '4–6 ta raqam; 1111 yoki 1234 kabi oddiy kodlar qabul qilinmaydi.',
      disable: 'O‘chirish',
      enable: 'Yoqish',
      disableTitle: 'Xodimni o‘chirasizmi?',
      disableDescription:
        'Kirish, sessiyani yangilash va PIN darhol to‘xtaydi; ochiq sahifalar bir daqiqada yopiladi.',
      created: 'Xodim qo‘shildi',
      pinSaved: 'PIN saqlandi',
      disabledToast: 'Xodim o‘chirildi',
      enabledToast: 'Xodim yoqildi',
      form: {
        name: 'To‘liq ism',
        email: 'Email',
        emailHint: 'Faqat boshqaruv paneliga kiradiganlar uchun; kassirlarga shart emas.',
        password: 'Boshlang‘ich parol',
        passwordHint: 'Kamida 10 ta belgi.',
        roles: 'Rollar',
        stores: 'Do‘konlar',
        storesHint: 'Hech biri tanlanmasa — barcha do‘konlar.',
        pin: 'Kassa PIN kodi',
      },
      emptyTitle: 'Hali xodim yo‘q',
      emptyDescription: 'Kassir yoki menejer qo‘shing.',
    },
    roles: {
      title: 'Rollar',
      subtitle: 'Rollar va ularning huquqlari. Faqat o‘zingizda bor huquqlarni bera olasiz.',
      builtIn: 'Tizim roli',
      add: 'Rol yaratish',
      name: 'Rol nomi',
      permissions: 'Huquqlar',
      created: 'Rol yaratildi',
      updated: 'Rol saqlandi',
      notHeld: 'Sizda bu huquq yo‘q',
      builtInLocked: 'Tizim rollarini o‘zgartirib bo‘lmaydi',
      edit: 'Tahrirlash',
    },
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
    staff: {
      title: 'Сотрудники',
      subtitle: 'Кто входит в систему, с какой ролью и в каких магазинах.',
      add: 'Добавить сотрудника',
      search: 'Имя или email',
      role: 'Роль',
      store: 'Магазин',
      status: 'Статус',
      disabled: 'Отключён',
      columns: {
        name: 'Имя',
        email: 'Email',
        roles: 'Роли',
        stores: 'Магазины',
        pin: 'PIN',
        status: 'Статус',
      },
      pinSet: 'Есть',
      pinMissing: 'Нет',
      setPin: 'Задать PIN',
      pinTitle: 'PIN для кассы',
      pinHint: '4–6 цифр; простые коды вроде 1111 или 1234 не принимаются.',
      disable: 'Отключить',
      enable: 'Включить',
      disableTitle: 'Отключить сотрудника?',
      disableDescription:
        'Вход, обновление сессии и PIN перестают работать сразу; открытые страницы — в течение минуты.',
      created: 'Сотрудник добавлен',
      pinSaved: 'PIN сохранён',
      disabledToast: 'Сотрудник отключён',
      enabledToast: 'Сотрудник включён',
      form: {
        name: 'Полное имя',
        email: 'Email',
        emailHint: 'Только для входа в бэк-офис; кассирам не нужен.',
        password: 'Начальный пароль',
        passwordHint: 'Не короче 10 символов.',
        roles: 'Роли',
        stores: 'Магазины',
        storesHint: 'Если ничего не выбрано — все магазины.',
        pin: 'PIN для кассы',
      },
      emptyTitle: 'Сотрудников пока нет',
      emptyDescription: 'Добавьте кассира или менеджера.',
    },
    roles: {
      title: 'Роли',
      subtitle: 'Роли и их права. Выдать можно только те права, что есть у вас.',
      builtIn: 'Системная роль',
      add: 'Создать роль',
      name: 'Название роли',
      permissions: 'Права',
      created: 'Роль создана',
      updated: 'Роль сохранена',
      notHeld: 'У вас нет этого права',
      builtInLocked: 'Системные роли не меняются',
      edit: 'Изменить',
    },
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
    staff: {
      title: 'Staff',
      subtitle: 'Who signs in, with which role, in which stores.',
      add: 'Add staff member',
      search: 'Name or email',
      role: 'Role',
      store: 'Store',
      status: 'Status',
      disabled: 'Disabled',
      columns: {
        name: 'Name',
        email: 'Email',
        roles: 'Roles',
        stores: 'Stores',
        pin: 'PIN',
        status: 'Status',
      },
      pinSet: 'Set',
      pinMissing: 'None',
      setPin: 'Set PIN',
      pinTitle: 'Till PIN',
      pinHint: '4–6 digits; simple codes like 1111 or 1234 are refused.',
      disable: 'Disable',
      enable: 'Enable',
      disableTitle: 'Disable this staff member?',
      disableDescription: 'Sign-in, session refresh and PIN stop at once; open pages within a minute.',
      created: 'Staff member added',
      pinSaved: 'PIN saved',
      disabledToast: 'Staff member disabled',
      enabledToast: 'Staff member enabled',
      form: {
        name: 'Full name',
        email: 'Email',
        emailHint: 'Only for back-office sign-in; cashiers need none.',
        password: 'Initial password',
        passwordHint: 'At least 10 characters.',
        roles: 'Roles',
        stores: 'Stores',
        storesHint: 'None chosen means every store.',
        pin: 'Till PIN',
      },
      emptyTitle: 'No staff yet',
      emptyDescription: 'Add a cashier or a manager.',
    },
    roles: {
      title: 'Roles',
      subtitle: 'Roles and their permissions. You can only grant permissions you hold.',
      builtIn: 'Built-in',
      add: 'Create role',
      name: 'Role name',
      permissions: 'Permissions',
      created: 'Role created',
      updated: 'Role saved',
      notHeld: 'You do not hold this permission',
      builtInLocked: 'Built-in roles cannot change',
      edit: 'Edit',
    },
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

/** A user error as a person reads it: the localized text of its code, else the server's message. */
export function settingsMessage(t: SettingsTexts, error: { code: string; message: string }): string {
  return t.errors[error.code] ?? error.message;
}
