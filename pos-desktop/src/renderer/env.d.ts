/// <reference types="vite/client" />
import type { PosApi } from '../shared/pos-api.ts';

declare global {
  interface Window {
    /** Exposed by the Electron preload script; absent in a plain browser. */
    pos?: PosApi;
  }

  interface ImportMetaEnv {
    /** Gateway GraphQL URL for the plain-browser build (ignored when `window.pos` is present). */
    readonly VITE_GATEWAY_URL?: string;
  }
}
