/**
 * Electron main process: one locked-down window for the POS renderer.
 *
 * The renderer runs with context isolation, the sandbox and no Node integration; everything
 * it may ask of the machine goes through the typed `window.pos` API from the preload script,
 * served here over `ipcMain.handle`. Durable writes and devices (outbox, fiscal module,
 * printers) will live in this process too.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain } from 'electron';
import { POS_IPC, type PosConfig } from '../shared/pos-api.ts';
import { loadConfig, PosConfigError } from './config.ts';

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
  let config: PosConfig;
  try {
    config = await loadConfig({ settingsFile: join(app.getPath('userData'), 'settings.json') });
  } catch (error) {
    const detail = error instanceof PosConfigError ? error.problems.join('\n') : String(error);
    dialog.showErrorBox('Jowi POS: configuration error', detail);
    app.exit(1);
    return;
  }
  ipcMain.handle(POS_IPC.getConfig, (): PosConfig => config);

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
