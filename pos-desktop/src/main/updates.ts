/**
 * Auto-update of the packaged till through electron-updater: checks at start and every few hours,
 * downloads in the background and installs when the app quits (never in the middle of a sale).
 * Development runs (not packaged) never check.
 */
import { app } from 'electron';
import electronUpdater from 'electron-updater';
import type { UpdateConfig } from './update-config.ts';

export function startAutoUpdates(config: UpdateConfig, logger: Pick<Console, 'warn'>): () => void {
  if (!app.isPackaged) return () => {};
  const { autoUpdater } = electronUpdater;
  if (config.feedUrl)
    autoUpdater.setFeedURL({ provider: 'generic', url: config.feedUrl, channel: config.channel });
  autoUpdater.channel = config.channel;
  autoUpdater.autoDownload = true;
  autoUpdater.autoInstallOnAppQuit = true;
  const check = () =>
    autoUpdater
      .checkForUpdates()
      .catch((error: unknown) => logger.warn(`pos: update check failed: ${String(error)}`));
  void check();
  const timer = setInterval(check, config.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
