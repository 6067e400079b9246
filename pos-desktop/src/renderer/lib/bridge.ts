/**
 * The renderer's only door to the machine: `window.pos` from the preload script. In a plain
 * browser (renderer dev server, browser tests without an injected bridge) a stand-in answers
 * with the build-time gateway URL, so the same code runs everywhere.
 */
import { DEFAULT_GATEWAY_URL, type PosApi } from '../../shared/pos-api.ts';

const browserFallback: PosApi = {
  platform: 'browser',
  getConfig: async () => ({
    gatewayUrl: import.meta.env.VITE_GATEWAY_URL || DEFAULT_GATEWAY_URL,
    terminalId: null,
  }),
};

/** The `window.pos` API, or the browser stand-in when the preload script is absent. */
export function posApi(): PosApi {
  return window.pos ?? browserFallback;
}
