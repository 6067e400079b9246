/** Texts of the staff and roles pages. Part of the settings dictionary (`settings.ts` combines the parts; keys stay under `settings.*`). */
import type { Locale } from '../locale.ts';

export interface SettingsStaffTexts {
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
}

export const settingsStaff: Record<Locale, SettingsStaffTexts> = {
  uz: {
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
  },
  ru: {
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
  },
  en: {
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
  },
};
