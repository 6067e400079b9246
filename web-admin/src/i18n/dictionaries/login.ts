/** Texts of the sign-in page. */
import type { Locale } from '../locale.ts';

/** Why sign-in did not work; the first five are our own, the rest are gateway `UserError` codes. */
export type LoginErrorCode =
  | 'EMAIL_REQUIRED'
  | 'PASSWORD_REQUIRED'
  | 'GATEWAY_UNAVAILABLE'
  | 'TOO_MANY_ATTEMPTS'
  | 'NO_BACK_OFFICE'
  | 'INVALID_CREDENTIALS'
  | 'UNKNOWN';

export interface LoginTexts {
  title: string;
  subtitle: string;
  email: string;
  password: string;
  submit: string;
  errors: Record<LoginErrorCode, string>;
}

export const login: Record<Locale, LoginTexts> = {
  uz: {
    title: 'Jowi boshqaruv paneliga kirish',
    subtitle: 'Elektron pochta va parolingizni kiriting.',
    email: 'Elektron pochta',
    password: 'Parol',
    submit: 'Kirish',
    errors: {
      EMAIL_REQUIRED: 'Elektron pochtani kiriting.',
      PASSWORD_REQUIRED: 'Parolni kiriting.',
      GATEWAY_UNAVAILABLE: 'Server bilan bog‘lanib bo‘lmadi. Birozdan so‘ng qayta urinib ko‘ring.',
      TOO_MANY_ATTEMPTS: 'Urinishlar juda ko‘p. Bir necha daqiqadan so‘ng qayta urinib ko‘ring.',
      NO_BACK_OFFICE: 'Sizning rolingiz (kassir) boshqaruv paneliga kira olmaydi. Kassada ishlang.',
      INVALID_CREDENTIALS: 'Elektron pochta yoki parol noto‘g‘ri.',
      UNKNOWN: 'Kirib bo‘lmadi ({code}).',
    },
  },
  ru: {
    title: 'Вход в панель управления Jowi',
    subtitle: 'Введите электронную почту и пароль.',
    email: 'Электронная почта',
    password: 'Пароль',
    submit: 'Войти',
    errors: {
      EMAIL_REQUIRED: 'Введите электронную почту.',
      PASSWORD_REQUIRED: 'Введите пароль.',
      GATEWAY_UNAVAILABLE: 'Нет связи с сервером. Попробуйте чуть позже.',
      TOO_MANY_ATTEMPTS: 'Слишком много попыток. Попробуйте через несколько минут.',
      NO_BACK_OFFICE: 'Ваша роль (кассир) не даёт доступа к панели управления. Работайте на кассе.',
      INVALID_CREDENTIALS: 'Неверная электронная почта или пароль.',
      UNKNOWN: 'Не удалось войти ({code}).',
    },
  },
  en: {
    title: 'Sign in to Jowi back office',
    subtitle: 'Enter your email and password.',
    email: 'Email',
    password: 'Password',
    submit: 'Sign in',
    errors: {
      EMAIL_REQUIRED: 'Enter your email.',
      PASSWORD_REQUIRED: 'Enter your password.',
      GATEWAY_UNAVAILABLE: 'Cannot reach the server. Please try again in a moment.',
      TOO_MANY_ATTEMPTS: 'Too many attempts. Please try again in a few minutes.',
      NO_BACK_OFFICE: 'Your role (cashier) cannot open the back office. Please use the till.',
      INVALID_CREDENTIALS: 'Wrong email or password.',
      UNKNOWN: 'Could not sign in ({code}).',
    },
  },
};
