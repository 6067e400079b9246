/**
 * Preload script (sandboxed, CommonJS): exposes the typed `window.pos` API and nothing else.
 * The renderer never sees `ipcRenderer`; each method wraps exactly one IPC channel.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { POS_IPC, type PosApi, type PosConfig } from '../shared/pos-api.ts';

const api: PosApi = {
  getConfig: () => ipcRenderer.invoke(POS_IPC.getConfig) as Promise<PosConfig>,
  platform: process.platform,
};

contextBridge.exposeInMainWorld('pos', api);
