import type { LoginErrorCode } from '../../../i18n/dictionaries.ts';

/** What the login form shows after a submit: nothing yet, or an error in the visitor's language. */
export type LoginFormState =
  | { status: 'idle'; email: string }
  | {
      status: 'error';
      /** Echoed back so the form keeps what was typed. */
      email: string;
      code: LoginErrorCode;
      message: string;
      /** The field at fault, for `aria-invalid` and focus; null for a general failure. */
      field: 'email' | 'password' | null;
    };

/** Before the first submit. */
export const initialLoginState: LoginFormState = { status: 'idle', email: '' };
