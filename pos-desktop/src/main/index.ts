/**
 * Electron main process: one locked-down window for the POS renderer.
 *
 * The renderer runs with context isolation, the sandbox and no Node integration; everything
 * it may ask of the machine goes through the typed `window.pos` API from the preload script,
 * served here over `ipcMain.handle`. Durable writes and devices live in this process: the
 * fiscal module (`fiscal.ts`) today, the outbox and printers next.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain } from 'electron';
import { FISCAL_IPC, type PosFiscalApi } from '../renderer/lib/bridge.ts';
import { POS_IPC, type PosConfig } from '../shared/pos-api.ts';
import { type FiscalConfig, loadMainConfig, type MainConfig, PosConfigError } from './config.ts';
import { type FiscalModule, startFiscal } from './fiscal.ts';

const here = fileURLToPath(new URL('.', import.meta.url));

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    autoHideMenuBar: true,
    title: 'Jowi POS',
    webPreferences: {
      preload: join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  window.once('ready-to-show', () => window.show());
  // The till never opens other windows or navigates away from the app.
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  window.webContents.on('will-navigate', (event, url) => {
    if (url !== window.webContents.getURL()) event.preventDefault();
  });

  const devUrl = process.env.ELECTRON_RENDERER_URL;
  if (!app.isPackaged && devUrl) void window.loadURL(devUrl);
  else void window.loadFile(join(here, '../renderer/index.html'));
  return window;
}

/**
 * Serves `window.pos.fiscal` over IPC. The handlers never reject; arguments from the renderer
 * are passed through untyped and validated by the gateway.
 */
function serveFiscal(fiscal: PosFiscalApi): void {
  ipcMain.handle(FISCAL_IPC.status, () => fiscal.status());
  ipcMain.handle(FISCAL_IPC.openShift, () => fiscal.openShift());
  ipcMain.handle(FISCAL_IPC.registerSale, (_event, sale) => fiscal.registerSale(sale));
  ipcMain.handle(FISCAL_IPC.registerRefund, (_event, refund) => fiscal.registerRefund(refund));
  ipcMain.handle(FISCAL_IPC.xReport, () => fiscal.xReport());
  ipcMain.handle(FISCAL_IPC.closeShift, () => fiscal.closeShift());
  ipcMain.handle(FISCAL_IPC.slipHtml, (_event, saleId, kind) => fiscal.slipHtml(saleId, kind));
}

/** Starts the fiscal module and closes it (journal, HTTP API) before the app quits. */
async function startFiscalModule(config: FiscalConfig): Promise<FiscalModule> {
  const fiscal = await startFiscal(config);
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    closed = true;
    fiscal
      .close()
      .catch((error: unknown) => console.error('fiscal: close failed', error))
      .finally(() => app.quit());
  });
  return fiscal;
}

async function main(): Promise<void> {
  // One till process per machine: a second instance would race the first over local state.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows();
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });
  await app.whenReady();
  let config: MainConfig;
  try {
    const userDataDir = app.getPath('userData');
    config = await loadMainConfig({ settingsFile: join(userDataDir, 'settings.json'), userDataDir });
  } catch (error) {
    const detail = error instanceof PosConfigError ? error.problems.join('\n') : String(error);
    dialog.showErrorBox('Jowi POS: configuration error', detail);
    app.exit(1);
    return;
  }
  const posConfig = config.pos;
  ipcMain.handle(POS_IPC.getConfig, (): PosConfig => posConfig);
  serveFiscal((await startFiscalModule(config.fiscal)).api);

  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

main().catch((error: unknown) => {
  console.error(error);
  app.exit(1);
});
