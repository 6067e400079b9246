/**
 * Walks the fiscal gateway through a shift against the simulator, printing a transcript:
 * open shift → 3 sales → paper out (the cashier's message in uz/ru/en) → paper back → refund →
 * Z report; writes one sale's slip as HTML (and a PNG screenshot when Chromium is available).
 *
 *   npx tsx packages/fiscal-gateway/scripts/demo.ts
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFiscalGateway, EposDriver, SimulatedPrinter, startSimulator } from '../src/index.ts';

const dir = await mkdtemp(join(tmpdir(), 'fiscal-demo-'));
const sim = await startSimulator({ port: 0, stateFile: join(dir, 'fm.json'), terminalId: 'UZ191211501033' });
const printer = new SimulatedPrinter({ faults: () => sim.fm.faults });
const app = await createFiscalGateway({
  driver: new EposDriver({ url: sim.rpcUrl }),
  journalFile: join(dir, 'journal.jsonl'),
  printer,
  seller: { name: 'Jowi Choyxona', tin: '305123456', address: 'Toshkent, Amir Temur koʻchasi 1' },
});
await app.listen({ port: 0, host: '127.0.0.1' });
const gateway = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

console.log(`Simulator (E-POS Communicator + FM ${sim.fm.terminalId}): ${sim.rpcUrl}`);
console.log(`Fiscal gateway: ${gateway}    state and journal in ${dir}\n`);

type Json = Record<string, unknown>;
async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${gateway}${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Json };
}
async function control(path: string, body: unknown): Promise<void> {
  await fetch(`${sim.baseUrl}/control/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

const item = (name: string, spic: string, quantity: string, unitPrice: string) => ({
  name,
  spic,
  packageCode: '1512345',
  quantity,
  unitPrice,
  vatPercent: 12,
  ownerType: 1,
});
const sales = [
  {
    items: [
      item('Osh (toʻy oshi)', '10999001001000000', '2.000', '45000.00'),
      item('Choy (koʻk)', '10999001002000000', '1.000', '8000.00'),
    ],
    cash: '98000.00',
    card: '0.00',
  },
  {
    items: [item('Somsa (goʻshtli)', '10999001003000000', '4.000', '12000.00')],
    cash: '0.00',
    card: '48000.00',
  },
  {
    items: [
      item('Lagʻmon', '10999001004000000', '1.000', '38000.00'),
      item('Non', '10999001005000000', '0.500', '6000.00'),
    ],
    cash: '41000.00',
    card: '0.00',
  },
];

function showReceipt(label: string, r: { status: number; body: Json }): void {
  const receipt = r.body.receipt as Json | undefined;
  if (!receipt) {
    showError(label, r);
    return;
  }
  console.log(
    `${label}: HTTP ${r.status}  receipt №${receipt.receiptSeq}  total ${receipt.total} sum  fiscal sign ${receipt.fiscalSign}  printed=${r.body.printed}`,
  );
  console.log(`    QR ${receipt.qrUrl}`);
}
function showError(label: string, r: { status: number; body: Json }): void {
  const error = r.body.error as { code: string; retryable: boolean; messages: Record<string, string> };
  console.log(`${label}: HTTP ${r.status}  ${error.code}  (retryable: ${error.retryable})`);
  for (const language of ['uz', 'ru', 'en']) console.log(`    [${language}] ${error.messages[language]}`);
}

try {
  const opened = await call('POST', '/shift/open');
  console.log(
    `1. Open shift: HTTP ${opened.status}  Z report №${(opened.body.shift as Json).zNumber} opened at ${(opened.body.shift as Json).openedAt}`,
  );

  console.log('2. Three sales:');
  const saleIds: string[] = [];
  for (const [i, s] of sales.entries()) {
    const saleId = randomUUID();
    saleIds.push(saleId);
    const r = await call('POST', '/receipts', {
      kind: 'sale',
      saleId,
      items: s.items,
      payments: { cash: s.cash, card: s.card },
    });
    showReceipt(`   sale ${i + 1}`, r);
  }
  const replay = await call('POST', '/receipts', {
    kind: 'sale',
    saleId: saleIds[0],
    items: sales[0]?.items,
    payments: { cash: sales[0]?.cash, card: sales[0]?.card },
  });
  console.log(
    `   retry of sale 1 (same id): HTTP ${replay.status}, replayed=${replay.body.replayed}, receipt №${(replay.body.receipt as Json).receiptSeq} — not registered twice`,
  );

  console.log('3. The printer runs out of paper; the cashier tries the next sale:');
  await control('faults', { paperOut: true });
  const fourthId = randomUUID();
  const fourth = {
    kind: 'sale',
    saleId: fourthId,
    items: [item('Choy (qora)', '10999001002000000', '1.000', '7000.00')],
    payments: { cash: '7000.00', card: '0.00' },
  };
  showError('   sale 4', await call('POST', '/receipts', fourth));
  console.log(`   FM receipt counter still ${sim.fm.snapshot().lastReceiptSeq}: nothing was signed.`);

  console.log('4. Paper loaded; the same sale goes through:');
  await control('faults', { paperOut: false });
  showReceipt('   sale 4', await call('POST', '/receipts', fourth));

  console.log('5. Refund of sale 2 (the customer returns 1 somsa, card):');
  const refund = await call('POST', '/receipts', {
    kind: 'refund',
    saleId: randomUUID(),
    originalSaleId: saleIds[1],
    items: [item('Somsa (goʻshtli)', '10999001003000000', '1.000', '12000.00')],
    payments: { cash: '0.00', card: '12000.00' },
  });
  showReceipt('   refund', refund);

  const x = await call('GET', '/shift/x-report');
  console.log(`6. X report: ${JSON.stringify(x.body.xReport)}`);
  const z = await call('POST', '/shift/close');
  const zr = z.body.zReport as Json;
  console.log(
    `7. Z report №${zr.zNumber}: HTTP ${z.status}  sales ${zr.saleCount} (cash ${zr.saleCash}, card ${zr.saleCard}, VAT ${zr.saleVat})  refunds ${zr.refundCount} (card ${zr.refundCard})  receipts №${zr.firstReceiptSeq}–№${zr.lastReceiptSeq}, closed ${zr.closedAt}`,
  );
  const status = await call('GET', '/status');
  const device = status.body.device as Json;
  console.log(
    `8. Device: unsent ${device.unsentCount}/${device.unsentCapacity}, Z reports used ${device.zReportsUsed}/${device.zReportsCapacity}, slips printed ${printer.jobs.length}`,
  );

  const slipResponse = await fetch(`${gateway}/receipts/${saleIds[0]}/slip.html`);
  const html = await slipResponse.text();
  const htmlPath = join(dir, 'slip-sale-1.html');
  await writeFile(htmlPath, html);
  console.log(`\nSlip of sale 1 (HTML): ${htmlPath}`);

  const require = createRequire(import.meta.url);
  let playwright: typeof import('playwright-core') | null = null;
  try {
    require.resolve('playwright-core');
    playwright = await import('playwright-core');
  } catch {
    playwright = null;
  }
  if (existsSync('/usr/bin/chromium') && playwright) {
    const browser = await playwright.chromium.launch({ executablePath: '/usr/bin/chromium' });
    const page = await browser.newPage({ viewport: { width: 420, height: 900 } });
    await page.setContent(html);
    const pngPath = join(dir, 'slip-sale-1.png');
    await page.locator('main').screenshot({ path: pngPath });
    await browser.close();
    console.log(`Slip screenshot (PNG): ${pngPath}`);
  } else {
    console.log(
      `Screenshot skipped: ${existsSync('/usr/bin/chromium') ? 'playwright-core is not installed' : '/usr/bin/chromium not found'}.`,
    );
  }
} finally {
  await app.close();
  await sim.close();
}
