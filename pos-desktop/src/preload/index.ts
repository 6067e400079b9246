/**
 * Preload script (sandboxed, CommonJS): exposes the typed `window.pos` API and nothing else.
 * The renderer never sees `ipcRenderer`; each method wraps exactly one IPC channel.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { FISCAL_IPC, type PosFiscalApi } from '../renderer/lib/bridge.ts';
import { POS_IPC, type PosApi, type PosConfig } from '../shared/pos-api.ts';

/** `window.pos.fiscal`: the main process answers every call with a `FiscalResult`, never a throw. */
const fiscal: PosFiscalApi = {
  status: () => ipcRenderer.invoke(FISCAL_IPC.status),
  openShift: () => ipcRenderer.invoke(FISCAL_IPC.openShift),
  registerSale: (sale) => ipcRenderer.invoke(FISCAL_IPC.registerSale, sale),
  registerRefund: (refund) => ipcRenderer.invoke(FISCAL_IPC.registerRefund, refund),
  xReport: () => ipcRenderer.invoke(FISCAL_IPC.xReport),
  closeShift: () => ipcRenderer.invoke(FISCAL_IPC.closeShift),
  slipHtml: (saleId, kind) => ipcRenderer.invoke(FISCAL_IPC.slipHtml, saleId, kind),
};

const api: PosApi = {
  getConfig: () => ipcRenderer.invoke(POS_IPC.getConfig) as Promise<PosConfig>,
  platform: process.platform,
  fiscal,
};

contextBridge.exposeInMainWorld('pos', api);
