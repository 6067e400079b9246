/**
 * The webhook sender: POSTs due deliveries, records every attempt, retries with backoff.
 *
 * Order per endpoint: only an endpoint's *head* — its oldest PENDING delivery — is ever sent; the
 * next one waits until the head is DELIVERED or FAILED. Claiming checks this again in SQL, so two
 * sender processes can never overtake each other on one endpoint.
 *
 * At least once: a claim is a lease (`locked_until`), taken and released in short tenant
 * transactions around the POST, never across it. A sender that dies mid-POST leaves the lease to
 * expire and the delivery is sent again; receivers de-duplicate with the body's event `id`.
 *
 * Retries: a timeout, a refused connection or a non-2xx answer schedules the next attempt after
 * `backoff × 2^(attempts−1)` (capped); once the next attempt would fall outside the retry window
 * (24 h from the delivery's creation) the delivery is marked FAILED and the endpoint moves on.
 *
 * Finding work: a sweep transaction sets `app.webhook_sweep = 'on'`, which lets it read (never
 * write) every tenant's endpoints and deliveries (see the migration). When there was nothing to
 * do the sender sleeps for the poll interval.
 */
import { returningRows, setTenant } from '@jowi/server-kit';
import type { DataSource } from 'typeorm';
import type { WebhookSettings } from '../env.ts';
import { signWebhook } from '../services/signature.ts';
import { type PostResult, postWebhook } from './post.ts';

interface Due {
  tenantId: string;
  id: string;
}

interface Claimed {
  id: string;
  eventType: string;
  body: string;
  attempts: number;
  createdAt: Date;
  url: string;
  secret: string;
}

/** Heads of endpoints whose next attempt is due and that nobody holds, oldest due first. */
async function dueHeads(dataSource: DataSource, limit: number): Promise<Due[]> {
  return dataSource.transaction(async (m) => {
    await m.query("SELECT set_config('app.webhook_sweep', 'on', true)");
    return m.query(
      `SELECT h.tenant_id AS "tenantId", h.id
         FROM (SELECT DISTINCT ON (endpoint_id) tenant_id, id, endpoint_id, next_attempt_at, locked_until
                 FROM integrations.webhook_delivery WHERE status = 'PENDING'
                ORDER BY endpoint_id, seq) h
         JOIN integrations.webhook_endpoint e ON e.tenant_id = h.tenant_id AND e.id = h.endpoint_id AND e.active
        WHERE h.next_attempt_at <= now() AND (h.locked_until IS NULL OR h.locked_until < now())
        ORDER BY h.next_attempt_at
        LIMIT $1`,
      [limit],
    );
  });
}

/** Takes the lease on a due head (null when someone else has it or it is no longer the head). */
async function claim(dataSource: DataSource, due: Due, leaseMs: number): Promise<Claimed | null> {
  return dataSource.transaction(async (m) => {
    await setTenant(m, due.tenantId);
    const rows = await returningRows<Claimed>(
      m,
      `UPDATE integrations.webhook_delivery d
          SET locked_until = now() + $2 * interval '1 millisecond', attempts = d.attempts + 1
         FROM integrations.webhook_endpoint e
        WHERE d.id = $1 AND e.tenant_id = d.tenant_id AND e.id = d.endpoint_id AND e.active
          AND d.status = 'PENDING' AND d.next_attempt_at <= now()
          AND (d.locked_until IS NULL OR d.locked_until < now())
          AND NOT EXISTS (SELECT 1 FROM integrations.webhook_delivery p
                           WHERE p.endpoint_id = d.endpoint_id AND p.status = 'PENDING' AND p.seq < d.seq)
        RETURNING d.id, d.event_type AS "eventType", d.body, d.attempts, d.created_at AS "createdAt",
                  e.url, e.secret`,
      [due.id, leaseMs],
    );
    return rows[0] ?? null;
  });
}

/** The delay before attempt `attempts + 1`. */
export function backoffDelay(settings: WebhookSettings, attempts: number): number {
  return Math.min(settings.maxBackoffMs, settings.backoffMs * 2 ** Math.min(attempts - 1, 30));
}

/**
 * After a failed attempt number `attempts` of a delivery created at `createdAt`: the delay before
 * the next one, and whether there is none because it would fall outside the retry window.
 */
export function afterFailure(
  settings: WebhookSettings,
  attempts: number,
  createdAt: number,
  now: number,
): { delayMs: number; giveUp: boolean } {
  const delayMs = backoffDelay(settings, attempts);
  return { delayMs, giveUp: now + delayMs - createdAt > settings.retryWindowMs };
}

/** Records the attempt and moves the delivery on: DELIVERED, rescheduled, or FAILED. */
async function record(
  dataSource: DataSource,
  due: Due,
  claimed: Claimed,
  result: PostResult,
  settings: WebhookSettings,
): Promise<void> {
  const delivered = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
  const { delayMs: delay, giveUp } = afterFailure(
    settings,
    claimed.attempts,
    claimed.createdAt.getTime(),
    Date.now(),
  );
  const status = delivered ? 'DELIVERED' : giveUp ? 'FAILED' : 'PENDING';
  await dataSource.transaction(async (m) => {
    await setTenant(m, due.tenantId);
    await m.query(
      `INSERT INTO integrations.webhook_attempt
         (tenant_id, delivery_id, number, attempted_at, status_code, latency_ms, error)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
      [
        due.tenantId,
        claimed.id,
        claimed.attempts,
        result.startedAt,
        result.statusCode,
        result.latencyMs,
        result.error,
      ],
    );
    await m.query(
      `UPDATE integrations.webhook_delivery
          SET status = $2, locked_until = NULL, last_status_code = $3,
              delivered_at = CASE WHEN $2 = 'DELIVERED' THEN now() END,
              next_attempt_at = CASE WHEN $2 = 'PENDING' THEN now() + $4 * interval '1 millisecond'
                                     ELSE next_attempt_at END
        WHERE id = $1`,
      [claimed.id, status, result.statusCode, delay],
    );
  });
}

/** Sends one due delivery if it can still be claimed; true when an attempt was made. */
export async function attemptDelivery(
  dataSource: DataSource,
  due: Due,
  settings: WebhookSettings,
): Promise<boolean> {
  const claimed = await claim(dataSource, due, settings.timeoutMs + 30_000);
  if (!claimed) return false;
  const signature = signWebhook(claimed.secret, claimed.body, Math.floor(Date.now() / 1000));
  const result = await postWebhook(claimed.url, claimed.body, {
    headers: {
      'Jowi-Event': claimed.eventType,
      'Jowi-Delivery': claimed.id,
      'Jowi-Signature': signature,
    },
    timeoutMs: settings.timeoutMs,
    allowPrivate: settings.allowPrivateUrls,
  });
  await record(dataSource, due, claimed, result, settings);
  return true;
}

/** One pass: sends every due head (up to the concurrency), returns how many attempts were made. */
export async function sendDue(dataSource: DataSource, settings: WebhookSettings): Promise<number> {
  const due = await dueHeads(dataSource, settings.concurrency);
  const made = await Promise.all(due.map((d) => attemptDelivery(dataSource, d, settings)));
  return made.filter(Boolean).length;
}

export interface DeliveryWorker {
  stop(): Promise<void>;
}

/** Runs {@link sendDue} until stopped, sleeping for the poll interval when idle. */
export function startDeliveryWorker(deps: {
  dataSource: DataSource;
  settings: WebhookSettings;
  log: { warn(obj: object, msg: string): void };
}): DeliveryWorker {
  let stopped = false;
  let wake: (() => void) | null = null;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  const loop = (async () => {
    while (!stopped) {
      try {
        if ((await sendDue(deps.dataSource, deps.settings)) > 0) continue;
      } catch (error) {
        deps.log.warn(
          { err: error instanceof Error ? error.message : String(error) },
          'webhook sender pass failed',
        );
      }
      if (!stopped) await sleep(deps.settings.pollMs);
    }
  })();
  return {
    async stop() {
      stopped = true;
      (wake as (() => void) | null)?.();
      await loop;
    },
  };
}
