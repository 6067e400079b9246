/**
 * Preload script (sandboxed, CommonJS): exposes the typed `window.pos` API and nothing else.
 * The renderer never sees `ipcRenderer`; each method wraps exactly one IPC channel
 * (`pos:<namespace>.<method>`, from `POS_METHODS`), and the sync status arrives as an event.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { POS_IPC, posChannel } from '../shared/pos-api.ts';
import { createPosApi } from '../shared/pos-client.ts';
import type { SyncStatus } from '../shared/pos-types.ts';

const api = createPosApi({
  platform: process.platform,
  invoke: (name, args) => ipcRenderer.invoke(posChannel(name), ...args),
  subscribe(listener) {
    const handler = (_event: unknown, status: SyncStatus) => listener(status);
    ipcRenderer.on(POS_IPC.syncStatus, handler);
    return () => {
      ipcRenderer.removeListener(POS_IPC.syncStatus, handler);
    };
  },
});

contextBridge.exposeInMainWorld('pos', api);
