/**
 * A runnable integrator of the Jowi public API — what an accounting or BI system does:
 *
 *   npx tsx examples/integrator.ts pull-sales 2026-12-07   # a day's sales, page by page
 *   npx tsx examples/integrator.ts subscribe                # saleSynced, resuming after a restart
 *   npx tsx examples/integrator.ts receive-webhooks 8088    # verify Jowi-Signature on POSTs
 *
 * Settings: JOWI_URL (default http://localhost:4000/graphql), JOWI_API_KEY (an API key with
 * `read:sales`) or JOWI_TOKEN (a staff access token), JOWI_WEBHOOK_SECRET (the `whsec_…` shown
 * when the endpoint was created). It depends on nothing of Jowi's: only Node, graphql-ws and ws.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const URL_ = process.env.JOWI_URL ?? 'http://localhost:4000/graphql';
const credentials: Record<string, string> = process.env.JOWI_API_KEY
  ? { 'x-api-key': process.env.JOWI_API_KEY }
  : { authorization: `Bearer ${process.env.JOWI_TOKEN ?? ''}` };

interface GraphQLAnswer<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string; retryAfterSeconds?: number } }[];
  extensions?: {
    cost?: { requested: number; actual: number; limit: number };
    rateLimit?: { capacity: number; remaining: number; refillPerSecond: number };
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One request, cost-aware: on `RATE_LIMITED` it waits `retryAfterSeconds` and tries again; when the
 * bucket's remaining budget would not cover the next request of the same cost, it waits for the
 * bucket to drain enough first instead of being refused.
 */
async function request<T>(query: string, variables: Record<string, unknown>): Promise<GraphQLAnswer<T>> {
  for (;;) {
    const response = await fetch(URL_, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...credentials },
      body: JSON.stringify({ query, variables }),
    });
    const answer = (await response.json()) as GraphQLAnswer<T>;
    const limited = answer.errors?.find((e) => e.extensions?.code === 'RATE_LIMITED');
    if (limited) {
      await sleep((limited.extensions?.retryAfterSeconds ?? 1) * 1000);
      continue;
    }
    if (answer.errors?.length) throw new Error(answer.errors.map((e) => e.message).join('; '));
    const { cost, rateLimit } = answer.extensions ?? {};
    if (cost && rateLimit && rateLimit.remaining < cost.requested) {
      await sleep(((cost.requested - rateLimit.remaining) / rateLimit.refillPerSecond) * 1000);
    }
    return answer;
  }
}

const SALES_PAGE = `query DaySales($day: Date!, $after: String) {
  sales(first: 100, after: $after, filter: { dateFrom: $day, dateTo: $day }) {
    edges { node { id createdAt total status payments { method amount } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface SalesPage {
  sales: {
    edges: { node: { id: string; createdAt: string; total: string; status: string } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

/** Every sale of `day` (the stores' business day), 100 per page, as JSON lines on stdout. */
async function pullSales(day: string): Promise<void> {
  let after: string | null = null;
  let count = 0;
  do {
    const answer: GraphQLAnswer<SalesPage> = await request<SalesPage>(SALES_PAGE, { day, after });
    const page: SalesPage['sales'] = answer.data!.sales;
    for (const edge of page.edges) console.log(JSON.stringify(edge.node));
    count += page.edges.length;
    const cost = answer.extensions?.cost;
    console.error(`page of ${page.edges.length} (cost ${cost?.actual}/${cost?.requested})`);
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  console.error(`${count} sales on ${day}`);
}

/** Where the last event cursor is kept, so a restart resumes without gaps or duplicates. */
const CURSOR_FILE = process.env.JOWI_CURSOR_FILE ?? '.jowi-sale-cursor';

/** Follows `saleSynced`, saving each event's cursor and resuming from it after a restart. */
async function subscribeSales(): Promise<void> {
  let after: string | null = null;
  try {
    after = readFileSync(CURSOR_FILE, 'utf8').trim() || null;
  } catch {
    // First run: start with the next sale.
  }
  const client = createClient({
    url: URL_.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: process.env.JOWI_API_KEY
      ? { apiKey: process.env.JOWI_API_KEY }
      : { authorization: credentials.authorization },
  });
  const events = client.iterate<{ saleSynced: { cursor: string; sale: { id: string; total: string } } }>({
    query: `subscription($after: String) { saleSynced(after: $after) { cursor sale { id total createdAt } } }`,
    variables: { after },
  });
  for await (const event of events) {
    if (event.errors) throw new Error(event.errors.map((e) => e.message).join('; '));
    const { cursor, sale } = event.data!.saleSynced;
    console.log(JSON.stringify(sale));
    writeFileSync(CURSOR_FILE, cursor);
  }
}

/** Whether `header` (`t=…,v1=…`) signs `body` with `secret`, made within the last 5 minutes. */
export function verifySignature(
  header: string,
  body: string,
  secret: string,
  now = Date.now() / 1000,
): boolean {
  const fields = Object.fromEntries(header.split(',').map((part) => part.split('=', 2)));
  const timestamp = Number(fields.t);
  if (!Number.isInteger(timestamp) || Math.abs(now - timestamp) > 300 || !fields.v1) return false;
  const expected = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest();
  const given = Buffer.from(fields.v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A webhook receiver: 2xx only for a valid signature; de-duplicates by the body's event `id`. */
function receiveWebhooks(port: number): void {
  const secret = process.env.JOWI_WEBHOOK_SECRET ?? '';
  const seen = new Set<string>();
  createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (!verifySignature(String(req.headers['jowi-signature'] ?? ''), body, secret)) {
        res.writeHead(401).end();
        return;
      }
      const event = JSON.parse(body) as { id: string; type: string; data: unknown };
      if (!seen.has(event.id)) console.log(req.headers['jowi-event'], JSON.stringify(event.data));
      seen.add(event.id);
      res.writeHead(204).end();
    });
  }).listen(port, () => console.error(`receiving webhooks on :${port}`));
}

/** The command line, when this file is run (not when a test imports it). */
async function main(command: string | undefined, argument: string | undefined): Promise<void> {
  if (command === 'pull-sales') await pullSales(argument ?? new Date().toISOString().slice(0, 10));
  else if (command === 'subscribe') await subscribeSales();
  else if (command === 'receive-webhooks') receiveWebhooks(Number(argument ?? 8088));
  else {
    console.error('commands: pull-sales <YYYY-MM-DD> | subscribe | receive-webhooks <port>');
    process.exitCode = 2;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main(process.argv[2], process.argv[3]);
}
