/**
 * Builds the `window.pos` object from one `invoke(name, args)` function — IPC in the preload
 * script, HTTP in the browser bridge — so both expose exactly the methods of `POS_METHODS`.
 */
import type { PosFiscalApi } from '../renderer/lib/bridge.ts';
import { POS_METHODS, type PosApi, type PosConfig } from './pos-api.ts';
import type { SyncStatus } from './pos-types.ts';

/** Sends one call to the host; resolves to the host's `PosResult` (or the config for `config.get`). */
export type PosInvoke = (name: string, args: unknown[]) => Promise<unknown>;

/** The `window.pos` object over `invoke`, with `subscribe` for the sync status pushes. */
export function createPosApi(options: {
  invoke: PosInvoke;
  subscribe: (listener: (status: SyncStatus) => void) => () => void;
  platform: string;
}): PosApi {
  const api: Record<string, unknown> = {
    platform: options.platform,
    getConfig: () => options.invoke('config.get', []) as Promise<PosConfig>,
  };
  for (const [ns, methods] of Object.entries(POS_METHODS)) {
    if (ns === 'config') continue;
    const target: Record<string, unknown> = {};
    for (const method of methods as readonly string[]) {
      target[method] = (...args: unknown[]) => options.invoke(`${ns}.${method}`, args);
    }
    api[ns] = target;
  }
  (api.sync as Record<string, unknown>).subscribe = options.subscribe;
  return api as unknown as PosApi & { fiscal: PosFiscalApi };
}
