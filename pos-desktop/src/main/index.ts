/**
 * Electron main process: one locked-down window for the POS renderer.
 *
 * The renderer runs with context isolation, the sandbox and no Node integration; everything
 * it may ask of the machine goes through the typed `window.pos` API from the preload script,
 * served here over `ipcMain.handle`, one channel per contract method. Behind it is the POS host
 * (`host/pos-host.ts`): outbox, sync loop, session and secrets, fiscal module, printing — plain
 * Node modules, the same that `npm start` serves over loopback HTTP. This file only wires them
 * to Electron: IPC, `safeStorage` for the secrets file, sync status pushed to the window.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, type IpcMainInvokeEvent, ipcMain, safeStorage } from 'electron';
import { POS_IPC, posChannel } from '../shared/pos-api.ts';
import { loadMainConfig, type MainConfig, PosConfigError } from './config.ts';
import { callHost, HOST_METHODS } from './host/dispatch.ts';
import { type PosHost, startPosHost } from './host/pos-host.ts';
import { plainCipher, type SecretCipher } from './session/secret-store.ts';
import { resolveUpdateConfig } from './update-config.ts';
import { startAutoUpdates } from './updates.ts';

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

/** Secrets sealed by the OS keystore when Electron can use one; else the 0600 file alone. */
function secretCipher(): SecretCipher {
  if (!safeStorage.isEncryptionAvailable()) {
    console.warn('pos: no OS keystore available; secrets are protected by file permissions only');
    return plainCipher;
  }
  return {
    name: 'safeStorage',
    encrypts: true,
    seal: (plain) => safeStorage.encryptString(plain),
    open: (sealed) => safeStorage.decryptString(sealed),
  };
}

/** Whether an IPC call comes from the app's own page (not a frame that navigated elsewhere). */
function fromOwnPage(event: IpcMainInvokeEvent): boolean {
  const url = event.senderFrame?.url ?? '';
  const devUrl = process.env.ELECTRON_RENDERER_URL;
  return url.startsWith('file://') || (!app.isPackaged && !!devUrl && url.startsWith(devUrl));
}

/** Serves every contract method on its channel; pushes sync status to every window. */
function serveHost(host: PosHost): void {
  for (const name of HOST_METHODS) {
    ipcMain.handle(posChannel(name), (event, ...args: unknown[]) => {
      if (!fromOwnPage(event)) throw new Error(`pos: ${name} refused for ${event.senderFrame?.url}`);
      return callHost(host.api, name, args);
    });
  }
  host.onSyncStatus((status) => {
    for (const window of BrowserWindow.getAllWindows()) window.webContents.send(POS_IPC.syncStatus, status);
  });
}

/** Starts the host and closes it (sync loop, store, fiscal journal) before the app quits. */
async function startHost(config: MainConfig, userDataDir: string): Promise<PosHost> {
  const host = await startPosHost({
    dataDir: userDataDir,
    gatewayUrl: config.pos.gatewayUrl,
    clientVersion: `pos-desktop/${app.getVersion()}`,
    fiscal: config.fiscal,
    cipher: secretCipher(),
  });
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    closed = true;
    host
      .close()
      .catch((error: unknown) => console.error('pos: host close failed', error))
      .finally(() => app.quit());
  });
  return host;
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
  const userDataDir = app.getPath('userData');
  try {
    config = await loadMainConfig({ settingsFile: join(userDataDir, 'settings.json'), userDataDir });
  } catch (error) {
    const detail = error instanceof PosConfigError ? error.problems.join('\n') : String(error);
    dialog.showErrorBox('Jowi POS: configuration error', detail);
    app.exit(1);
    return;
  }
  serveHost(await startHost(config, userDataDir));
  try {
    startAutoUpdates(resolveUpdateConfig(process.env), console);
  } catch (error) {
    // A wrong update setting must not stop the till from selling.
    console.warn(`pos: updates off: ${String(error)}`);
  }

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
