/** Renderer entry: read the configuration through `window.pos`, apply preferences, render. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import { posApi } from './lib/bridge.ts';
import { I18nProvider } from './lib/i18n.tsx';
import { applyTheme, initialTheme } from './lib/theme.ts';
import './styles.css';

async function start(root: HTMLElement): Promise<void> {
  applyTheme(initialTheme());
  try {
    const config = await posApi().getConfig();
    createRoot(root).render(
      <StrictMode>
        <I18nProvider>
          <App config={config} />
        </I18nProvider>
      </StrictMode>,
    );
  } catch (error) {
    // Without configuration there is nothing to show but the reason.
    root.textContent = `Jowi POS could not start: ${error instanceof Error ? error.message : String(error)}`;
  }
}

void start(document.getElementById('root')!);
