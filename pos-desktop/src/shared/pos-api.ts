/**
 * The contract between the Electron preload script and the renderer.
 *
 * The renderer never touches IPC: it calls `window.pos`, a small typed API that the preload
 * script exposes through `contextBridge`. Tests and the plain-browser build supply their own
 * object of the same shape (see `e2e/renderer.spec.ts`), so the renderer cannot tell them apart.
 */

/** What the renderer needs to know to talk to the backend. */
export interface PosConfig {
  /** GraphQL endpoint of the gateway, e.g. `http://127.0.0.1:4000/graphql`. */
  gatewayUrl: string;
  /** The paired terminal's id, or null before the device is paired. */
  terminalId: string | null;
}

/** The API the preload script exposes as `window.pos`. */
export interface PosApi {
  /** Configuration resolved by the main process (environment, then the settings file, then defaults). */
  getConfig(): Promise<PosConfig>;
  /** The operating system (`win32`, `linux`, `darwin`), or `browser` outside Electron. */
  platform: string;
}

/** IPC channel names shared by the main process and the preload script (never by the renderer). */
export const POS_IPC = {
  getConfig: 'pos:get-config',
} as const;

/** The default gateway when nothing else is configured (the local development stack). */
export const DEFAULT_GATEWAY_URL = 'http://127.0.0.1:4000/graphql';
