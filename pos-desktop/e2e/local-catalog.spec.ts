/**
 * The sell screen on the till's local catalog, in Debian's Chromium against the real stack and
 * the real POS host process: the catalog is pulled from the compact feed into the host's SQLite
 * store and read through the generated `@client` hooks — never from the gateway.
 *
 * - the built page's CSP lets it connect to the configured gateway and POS host only;
 * - a price change through the feed reaches the next sale, not the cart on screen, and each sale
 *   records the catalog version it was priced with; an archived product leaves the grid and the
 *   favourites;
 * - favourites are kept by the host across a restart;
 * - the host started with the gateway down shows the stored catalog and sells; the sale syncs later;
 * - a large generated catalog (20 000 products; 100 000 with JOWI_E2E_SCREENSHOTS, for the docs'
 *   `pos-catalog-deep-{light,dark}.png`) scrolls deep with only the visible tiles in the DOM.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callHost,
  demoTill,
  GatewayProxy,
  gql,
  ownerHeaders,
  pairingCode,
  startHostMain,
  startSystem,
} from './host-harness.ts';
import { type StaticServer, serveStatic } from './static-server.ts';
import { buildTill, freePort, launchTillBrowser, snap } from './till.fixtures.ts';

const chromiumPath = process.env.JOWI_TEST_CHROMIUM;
const ci = process.env.CI === 'true' || process.env.CI === '1';
const _CONFIG_FILE = fileURLToPath(new URL('../vite.renderer.config.ts', import.meta.url));
/** Imported through a variable, like `@jowi/system/testing`: type-checking the POS skips the backend. */
const GENERATOR = '@jowi/catalog/generate';
const SECRET = 'e2e-local-catalog-secret-0123456789';
const PIN = '1111';
const OSH = 'Osh (plov), 1 porsiya';
const LAGMAN = "Lag'mon";
const SOM = (digits: string) => `${digits}\u00a0so‘m`;
/** Generated products on top of the demo menu. */
/** Each step waits on a loaded shared machine (pulls of 20 000+ products, restarts). */
const STEP_MS = 600_000;
const GENERATED = process.env.JOWI_E2E_SCREENSHOTS ? 100_000 : 20_000;

/** `expect.poll` with room for a loaded machine and the screen's catalog poll (every 2 s) after a pull. */
const poll: typeof expect.poll = (fn, options) => expect.poll(fn, { timeout: 15_000, ...options });

type System = Awaited<ReturnType<typeof startSystem>>;

describe.skipIf(!chromiumPath && !ci)(
  'the sell screen on the local catalog (Chromium, real POS host)',
  () => {
    let system: System | undefined;
    let proxy: GatewayProxy | undefined;
    let host: { child: ChildProcess; url: string } | undefined;
    let hostEnv: Record<string, string> = {};
    let server: StaticServer | undefined;
    let browser: Browser | undefined;
    let owner: Record<string, string> = {};
    let terminalId = '';
    const dirs: string[] = [];

    beforeAll(async () => {
      if (!chromiumPath) throw new Error('CI=true but JOWI_TEST_CHROMIUM is not set: install chromium.');
      const outDir = await mkdtemp(join(tmpdir(), 'jowi-pos-catalog-web-'));
      const hostDir = await mkdtemp(join(tmpdir(), 'jowi-pos-catalog-host-'));
      dirs.push(outDir, hostDir);
      server = await serveStatic(outDir);
      system = await startSystem({ gatewayEnv: { CORS_ORIGINS: [new URL(server.url).origin] } });
      proxy = await new GatewayProxy(system.gatewayUrl).start();
      owner = await ownerHeaders(system.gatewayUrl);
      ({ terminalId } = await demoTill(system.gatewayUrl, owner));
      const [tenant] = await system.db.admin<{ id: string }>(
        "SELECT id FROM identity.tenant WHERE slug = 'demo'",
      );
      const { generateCatalog } = (await import(GENERATOR)) as {
        generateCatalog(o: { adminUrl: string; tenantId: string; products: number }): Promise<unknown>;
      };
      await generateCatalog({ adminUrl: system.db.adminUrl, tenantId: tenant!.id, products: GENERATED });
      hostEnv = {
        JOWI_POS_HOST_PORT: String(await freePort()),
        JOWI_POS_DATA_DIR: hostDir,
        JOWI_GATEWAY_URL: proxy.url,
        JOWI_POS_HOST_SECRET: SECRET,
        JOWI_FISCAL_MODE: 'off',
      };
      host = await startHostMain(hostEnv);
      await buildTill(outDir, proxy.url, host.url);
      browser = await launchTillBrowser(chromiumPath);
    }, 600_000);

    afterAll(async () => {
      await browser?.close();
      if (host && host.child.exitCode === null && host.child.signalCode === null) {
        host.child.kill('SIGTERM');
        await new Promise((resolve) => host!.child.once('exit', resolve));
      }
      await proxy?.close();
      await server?.close();
      await system?.close();
      for (const dir of dirs) await rm(dir, { recursive: true, force: true });
    });

    async function openTill(): Promise<{ page: Page; errors: string[] }> {
      const context = await browser!.newContext({ viewport: { width: 1366, height: 768 } });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`${server!.url}#pos-host=${encodeURIComponent(host!.url)}&pos-secret=${SECRET}`);
      return { page, errors };
    }

    const hostCall = <T>(name: string, ...args: unknown[]) => callHost<T>(host!.url, SECRET, name, ...args);

    async function restartHost(): Promise<void> {
      const child = host!.child;
      child.kill('SIGKILL');
      if (child.exitCode === null && child.signalCode === null)
        await new Promise((r) => child.once('exit', r));
      host = await startHostMain(hostEnv);
    }

    const productId = async (name: string) =>
      (await system!.db.admin<{ id: string }>('SELECT id FROM catalog.product WHERE name = $1', [name]))[0]!
        .id;
    const storedSale = (id: string) =>
      system!.db.admin<{ total: string; catalog_version: string | null }>(
        'SELECT total::text, catalog_version FROM sales.sale WHERE id = $1',
        [id],
      );
    const catalogVersion = (page: Page) => page.getByTestId('catalog-status').getAttribute('data-version');

    /** The sell screen after the PIN (the host asks for it after a restart). */
    async function selling(page: Page): Promise<void> {
      const pin = page.getByTestId('pin');
      await pin.or(page.getByTestId('search')).first().waitFor();
      if (await pin.isVisible()) {
        await pin.fill(PIN);
        await page.keyboard.press('Enter');
      }
      await page.getByTestId('product-tile').first().waitFor({ timeout: 30_000 });
    }

    /** Searches, waits until the first tile is `name`, adds it with Enter. */
    async function add(page: Page, query: string, name: string): Promise<void> {
      await page.getByTestId('search').fill(query);
      await poll(() => page.getByTestId('product-tile').first().textContent()).toContain(name);
      await page.getByTestId('search').press('Enter');
    }

    /** Pays the cart by card; returns the sale id from the slip and starts a new sale. */
    async function payByCard(page: Page): Promise<string> {
      await page.keyboard.press('F12');
      await page.getByTestId('pay-card').click();
      await page.getByTestId('complete-sale').click();
      const receipt = page.getByTestId('receipt');
      await receipt.waitFor();
      const id = (await receipt.getAttribute('data-sale-id')) ?? '';
      await page.getByTestId('new-sale').click();
      await page.getByTestId('search').waitFor();
      return id;
    }

    const updateProduct = (input: Record<string, unknown>) =>
      gql<{ updateProduct: { errors: { code: string }[] } }>(
        system!.gatewayUrl,
        'mutation($input: UpdateProductInput!) { updateProduct(input: $input) { errors { code } } }',
        { input },
        owner,
      );

    it(
      'pairs, pulls the catalog, and the built page may connect to the gateway and the host only',
      async () => {
        const { page, errors } = await openTill();
        await page.getByTestId('pairing-code').fill(await pairingCode(system!.gatewayUrl, owner, terminalId));
        await page.keyboard.press('Enter');
        await page.getByTestId('pin').fill(PIN);
        await page.keyboard.press('Enter');
        await page.getByTestId('float').fill('100000');
        await page.getByTestId('open-shift').click();
        // The whole catalog is in the host's store (the pull after the online sign-in).
        await poll(async () => (await hostCall<{ products: number }>('catalog.status')).products, {
          timeout: 500_000,
        }).toBeGreaterThan(GENERATED);
        await selling(page);

        const policy =
          (await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')) ?? '';
        const connect = policy
          .split(';')
          .map((d) => d.trim())
          .find((d) => d.startsWith('connect-src'));
        const gateway = new URL(proxy!.url);
        expect(connect?.split(' ').slice(1).sort()).toEqual(
          [gateway.origin, `ws://${gateway.host}`, new URL(host!.url).origin].sort(),
        );
        // Anywhere else is refused by the browser before a request leaves it.
        const violated = await page.evaluate(
          () =>
            new Promise<string>((resolve) => {
              document.addEventListener('securitypolicyviolation', (e) => resolve(e.effectiveDirective), {
                once: true,
              });
              fetch('http://127.0.0.1:9/elsewhere').catch(() => undefined);
            }),
        );
        expect(violated).toBe('connect-src');

        // Search in Cyrillic finds the Latin name (the host's rules); SKU and barcode search too.
        await page.getByTestId('search').fill('ош (плов');
        await poll(() => page.getByTestId('product-tile').first().textContent()).toContain(OSH);
        expect(errors).toEqual([]);
        await page.context().close();
      },
      STEP_MS,
    );

    it(
      'a price change through the feed reaches the next sale, not the cart on screen; an archived product leaves',
      async () => {
        const { page, errors } = await openTill();
        await selling(page);
        const oshId = await productId(OSH);
        const before = await catalogVersion(page);
        expect(before).toMatch(/^\d+$/);

        // Osh goes into the cart at 45 000; then the back office raises it to 52 000 and the till pulls.
        await add(page, 'osh (plov', OSH);
        await poll(() => page.getByTestId('cart-total').textContent()).toBe(SOM('45\u00a0000'));
        expect((await updateProduct({ id: oshId, price: '52000.00' })).updateProduct.errors).toEqual([]);
        await hostCall('catalog.pullNow');
        await poll(() => catalogVersion(page)).not.toBe(before);
        const after = (await catalogVersion(page)) ?? '';
        await page.getByTestId('search').fill('osh (plov');
        await poll(() =>
          page.getByTestId('product-tile').first().getByTestId('product-price').textContent(),
        ).toBe(SOM('52\u00a0000'));
        // The cart on screen keeps its price, and the sale says which catalog priced it.
        expect(await page.getByTestId('cart-total').textContent()).toBe(SOM('45\u00a0000'));
        await page.getByTestId('search').fill('');
        const first = await payByCard(page);
        await poll(() => storedSale(first), { timeout: 30_000 }).toEqual([
          { total: '4500000', catalog_version: before },
        ]);

        // The next sale is priced with the new catalog.
        await add(page, 'osh (plov', OSH);
        await poll(() => page.getByTestId('cart-total').textContent()).toBe(SOM('52\u00a0000'));
        const second = await payByCard(page);
        await poll(() => storedSale(second), { timeout: 30_000 }).toEqual([
          { total: '5200000', catalog_version: after },
        ]);

        // Lag'mon pinned to the favourites, then archived: it leaves the search and the favourites.
        const lagman = () =>
          page.getByTestId('product-tile').filter({ has: page.getByText(LAGMAN, { exact: true }) });
        await page.getByTestId('search').fill("lag'mon");
        await lagman().getByTestId('favourite-toggle').click();
        await page.getByTestId('search').fill('');
        await page.getByTestId('favourites-tab').click();
        await poll(() => page.getByTestId('product-tile').allTextContents()).toEqual([
          expect.stringContaining(LAGMAN),
        ]);
        const archived = await gql<{ archiveProduct: { errors: unknown[] } }>(
          system!.gatewayUrl,
          'mutation($input: ArchiveProductInput!) { archiveProduct(input: $input) { errors { code } } }',
          { input: { id: await productId(LAGMAN) } },
          owner,
        );
        expect(archived.archiveProduct.errors).toEqual([]);
        await hostCall('catalog.pullNow');
        await poll(() => page.getByTestId('product-tile').count()).toBe(0);
        await page.getByTestId('category-all').click();
        await page.getByTestId('search').fill("lag'mon");
        const found = await hostCall<{ items: { name: string }[] }>('catalog.search', { query: "lag'mon" });
        expect(found.items.map((item) => item.name)).not.toContain(LAGMAN);
        await poll(() => lagman().count()).toBe(0);
        expect(errors).toEqual([]);
        await page.context().close();
      },
      STEP_MS,
    );

    it(
      'favourites are kept by the host across a restart',
      async () => {
        const { page } = await openTill();
        await selling(page);
        await page.getByTestId('search').fill('osh (plov');
        await poll(() => page.getByTestId('product-tile').first().textContent()).toContain(OSH);
        await page.getByTestId('product-tile').first().getByTestId('favourite-toggle').click();
        await poll(async () =>
          (await hostCall<{ items: { name: string }[] }>('catalog.favourites')).items.map((i) => i.name),
        ).toEqual([OSH]);
        await page.context().close();

        await restartHost();
        const reopened = await openTill();
        await selling(reopened.page);
        await reopened.page.getByTestId('favourites-tab').click();
        await poll(() => reopened.page.getByTestId('product-tile').allTextContents()).toEqual([
          expect.stringContaining(OSH),
        ]);
        await reopened.page.context().close();
      },
      STEP_MS,
    );

    it(
      `scrolls deep into ${GENERATED.toLocaleString('en')} generated products with only the visible tiles in the DOM`,
      async () => {
        const { page, errors } = await openTill();
        await selling(page);
        const grid = page.getByTestId('product-grid');
        const count = Number(await grid.getAttribute('data-count'));
        expect(count).toBeGreaterThan(GENERATED);
        await grid.evaluate((el) => {
          el.scrollTop = el.scrollHeight * 0.93;
        });
        // The rows on screen are read from the host: real tiles, deep in the list, and only a few.
        await poll(async () =>
          Math.min(
            ...(await page
              .getByTestId('product-tile')
              .evaluateAll((tiles) => tiles.map((t) => Number(t.getAttribute('data-index'))))),
          ),
        ).toBeGreaterThan(count * 0.9);
        expect(await page.getByTestId('product-tile').count()).toBeLessThan(150);
        await snap(page, 'catalog-deep');

        // A category narrows the grid to its products.
        const chip = page.getByTestId('category-chip').first();
        const expected = Number(await chip.locator('span').textContent());
        await chip.click();
        await poll(async () => Number(await grid.getAttribute('data-count'))).toBe(expected);
        expect(errors).toEqual([]);
        await page.context().close();
      },
      STEP_MS,
    );

    it(
      'with the gateway down, the host starts from the stored catalog and the till sells; the sale syncs later',
      async () => {
        proxy!.set('refuse');
        await restartHost();
        const { page, errors } = await openTill();
        await selling(page);
        expect(Number(await page.getByTestId('product-grid').getAttribute('data-count'))).toBeGreaterThan(
          GENERATED,
        );
        await add(page, 'osh (plov', OSH);
        await poll(() => page.getByTestId('cart-total').textContent()).toBe(SOM('52\u00a0000'));
        const offline = await payByCard(page);
        expect(await storedSale(offline)).toEqual([]);
        expect(proxy!.refused).toBeGreaterThan(0);

        proxy!.set('pass');
        await hostCall('sync.syncNow');
        await poll(() => storedSale(offline), { timeout: 60_000 }).toHaveLength(1);
        expect(errors).toEqual([]);
        await page.context().close();
      },
      STEP_MS,
    );
  },
);
