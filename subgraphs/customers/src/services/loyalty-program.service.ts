/**
 * The loyalty program: versioned per tenant, so a sale accrues by the version in force at its
 * event time and a replay of the event log reproduces the same points. Also the online checks
 * a POS makes before taking points as a payment (`loyaltyQuote`, `validateRedemption`).
 */
import {
  actorOf,
  appendAudit,
  isUuid,
  type RequestContext,
  requirePermission,
  type UserError,
} from '@jowi/server-kit';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import type { LoyaltyProgramRow, LoyaltyTier } from '../entities/loyalty.entity.ts';
import { type CustomersErrorCode, invalidId, unknownCustomer, userError } from '../errors/index.ts';
import { CUSTOMERS_READ, liveCustomer, requireLoyaltyAdmin } from './customer.service.ts';

/** 100 % in basis points. */
export const BPS = 10_000n;
const MAX_TIERS = 10;

const tierJson = z.object({ name: z.string(), minSpend: z.string(), accrualBps: z.number().int() });

const PROGRAM_COLUMNS = `tenant_id AS "tenantId", version, enabled, accrual_bps AS "accrualBps",
  max_redeem_percent AS "maxRedeemPercent", tiers, effective_from AS "effectiveFrom", created_by AS "createdBy"`;

function parseProgram(raw: Omit<LoyaltyProgramRow, 'tiers'> & { tiers: unknown }): LoyaltyProgramRow {
  const tiers = z
    .array(tierJson)
    .parse(raw.tiers)
    .map((t) => ({ name: t.name, minSpend: BigInt(t.minSpend), accrualBps: t.accrualBps }));
  return { ...raw, tiers };
}

/** The program version in force at `at` (the latest version when `at` is omitted), or null. */
export async function programAt(m: EntityManager, at?: Date): Promise<LoyaltyProgramRow | null> {
  const rows = at
    ? await m.query(
        `SELECT ${PROGRAM_COLUMNS} FROM customers.loyalty_program WHERE effective_from <= $1
          ORDER BY effective_from DESC, version DESC LIMIT 1`,
        [at.toISOString()],
      )
    : await m.query(`SELECT ${PROGRAM_COLUMNS} FROM customers.loyalty_program ORDER BY version DESC LIMIT 1`);
  return rows[0] ? parseProgram(rows[0]) : null;
}

/** The highest tier whose threshold `lifetimeSpend` reaches, or null. */
export function tierFor(program: LoyaltyProgramRow | null, lifetimeSpend: bigint): LoyaltyTier | null {
  let best: LoyaltyTier | null = null;
  for (const tier of program?.tiers ?? []) if (lifetimeSpend >= tier.minSpend) best = tier;
  return best;
}

/** Accrual rate (basis points) for a customer with `lifetimeSpend`; 0 without an enabled program. */
export function accrualBpsFor(program: LoyaltyProgramRow | null, lifetimeSpend: bigint): number {
  if (!program?.enabled) return 0;
  return tierFor(program, lifetimeSpend)?.accrualBps ?? program.accrualBps;
}

/** Largest LOYALTY payment on a receipt of `total` for a balance: min(balance, total × share), ≥ 0. */
export function maxRedeemable(program: LoyaltyProgramRow | null, balance: bigint, total: bigint): bigint {
  if (!program?.enabled || total <= 0n) return 0n;
  const share = (total * BigInt(program.maxRedeemPercent)) / 100n;
  const cap = balance < share ? balance : share;
  return cap > 0n ? cap : 0n;
}

export async function currentProgram(ctx: RequestContext): Promise<LoyaltyProgramRow | null> {
  requirePermission(ctx, CUSTOMERS_READ);
  return ctx.loaders
    .get<'current', LoyaltyProgramRow | null>('loyaltyProgram', async (keys) => {
      const program = await ctx.tx((m) => programAt(m));
      return keys.map(() => program);
    })
    .load('current');
}

/** Most program versions one `loyaltyProgramVersions` call returns. */
export const MAX_PROGRAM_VERSIONS = 100;

/** The newest `last` program versions (default 20, 1–100), newest first. */
export async function programVersions(
  ctx: RequestContext,
  last?: number | null,
): Promise<LoyaltyProgramRow[]> {
  requirePermission(ctx, CUSTOMERS_READ);
  const limit = Math.min(Math.max(Math.trunc(last ?? 20), 1), MAX_PROGRAM_VERSIONS);
  const rows = await ctx.tx((m) =>
    m.query(`SELECT ${PROGRAM_COLUMNS} FROM customers.loyalty_program ORDER BY version DESC LIMIT $1`, [
      limit,
    ]),
  );
  return rows.map(parseProgram);
}

export interface SetProgramInput {
  enabled: boolean;
  accrualBps: number;
  maxRedeemPercent: number;
  tiers?: readonly { name: string; minSpend: bigint; accrualBps: number }[] | null;
}

function validateProgram(input: SetProgramInput): { tiers: LoyaltyTier[]; errors: UserError[] } {
  const errors: UserError[] = [];
  const validBps = (bps: number) => Number.isInteger(bps) && bps >= 0 && bps <= 10_000;
  if (!validBps(input.accrualBps)) {
    errors.push(
      userError('INVALID_ACCRUAL_RATE', 'Accrual rate must be 0–10 000 basis points', [
        'input',
        'accrualBps',
      ]),
    );
  }
  if (
    !Number.isInteger(input.maxRedeemPercent) ||
    input.maxRedeemPercent < 0 ||
    input.maxRedeemPercent > 100
  ) {
    errors.push(
      userError('INVALID_MAX_SHARE', 'Maximum redemption share must be 0–100 %', [
        'input',
        'maxRedeemPercent',
      ]),
    );
  }
  const tiers = [...(input.tiers ?? [])]
    .map((t) => ({ name: t.name.trim(), minSpend: t.minSpend, accrualBps: t.accrualBps }))
    .sort((a, b) => (a.minSpend < b.minSpend ? -1 : a.minSpend > b.minSpend ? 1 : 0));
  if (tiers.length > MAX_TIERS) {
    errors.push(userError('INVALID_TIERS', `At most ${MAX_TIERS} tiers`, ['input', 'tiers']));
  }
  (input.tiers ?? []).forEach((raw, i) => {
    const name = raw.name.trim();
    const problem =
      name.length === 0 || name.length > 50
        ? 'a name of 1–50 characters'
        : raw.minSpend <= 0n
          ? 'a threshold above zero'
          : !validBps(raw.accrualBps)
            ? 'a rate of 0–10 000 basis points'
            : (input.tiers ?? []).some(
                  (o, j) => j < i && (o.name.trim() === name || o.minSpend === raw.minSpend),
                )
              ? 'a unique name and threshold'
              : null;
    if (problem)
      errors.push(userError('INVALID_TIERS', `Each tier needs ${problem}`, ['input', 'tiers', String(i)]));
  });
  return { tiers, errors };
}

export async function setLoyaltyProgram(
  ctx: RequestContext,
  input: SetProgramInput,
): Promise<{ program: LoyaltyProgramRow | null; errors: UserError[] }> {
  const tenantId = requireLoyaltyAdmin(ctx);
  const { tiers, errors } = validateProgram(input);
  if (errors.length > 0) return { program: null, errors };
  return ctx.tx(async (m) => {
    // Versions of one tenant are numbered one writer after another.
    await m.query("SELECT pg_advisory_xact_lock(hashtextextended('loyalty_program:' || $1, 0))", [tenantId]);
    const tiersJson = tiers.map((t) => ({
      name: t.name,
      minSpend: t.minSpend.toString(),
      accrualBps: t.accrualBps,
    }));
    const rows = await m.query(
      `INSERT INTO customers.loyalty_program (tenant_id, version, enabled, accrual_bps, max_redeem_percent, tiers, created_by)
       SELECT $1, coalesce(max(version), 0) + 1, $2, $3, $4, $5::jsonb, $6 FROM customers.loyalty_program
       RETURNING ${PROGRAM_COLUMNS}`,
      [
        tenantId,
        input.enabled,
        input.accrualBps,
        input.maxRedeemPercent,
        JSON.stringify(tiersJson),
        actorOf(ctx),
      ],
    );
    const program = parseProgram(rows[0]);
    await appendAudit(m, {
      tenantId,
      actor: actorOf(ctx),
      action: 'loyalty.program.set',
      entityType: 'loyalty_program',
      entityId: String(program.version),
      data: {
        enabled: program.enabled,
        accrualBps: program.accrualBps,
        maxRedeemPercent: program.maxRedeemPercent,
        tiers: tiersJson,
      },
      source: 'customers',
    });
    return { program, errors: [] };
  });
}

/** Balance and lifetime spend of a customer (zero without an account). */
export async function accountOf(
  m: EntityManager,
  customerId: string,
): Promise<{ balance: bigint; lifetimeSpend: bigint }> {
  const rows: { balance: string; spend: string }[] = await m.query(
    `SELECT balance::text AS balance, lifetime_spend::text AS spend FROM customers.loyalty_account WHERE customer_id = $1`,
    [customerId],
  );
  return { balance: BigInt(rows[0]?.balance ?? '0'), lifetimeSpend: BigInt(rows[0]?.spend ?? '0') };
}

export interface LoyaltyQuote {
  balance: bigint;
  maxRedeemable: bigint;
  accrualBps: number;
}

export async function loyaltyQuote(
  ctx: RequestContext,
  customerId: string,
  total: bigint,
): Promise<LoyaltyQuote | null> {
  requirePermission(ctx, CUSTOMERS_READ);
  if (!isUuid(customerId)) return null;
  const customer = await liveCustomer(ctx, customerId);
  if (!customer) return null;
  return ctx.tx(async (m) => {
    const program = await programAt(m);
    const account = await accountOf(m, customer.id);
    return {
      balance: account.balance,
      maxRedeemable: maxRedeemable(program, account.balance, total),
      accrualBps: accrualBpsFor(program, account.lifetimeSpend),
    };
  });
}

/** `INSUFFICIENT_POINTS` with the balance that could be redeemed instead. */
export interface InsufficientPointsError {
  __typename: 'InsufficientPointsError';
  code: Extract<CustomersErrorCode, 'INSUFFICIENT_POINTS'>;
  message: string;
  field: string[];
  balance: bigint;
}

/** `OVER_MAX_SHARE` with the most points the receipt allows. */
export interface OverMaxShareError {
  __typename: 'OverMaxShareError';
  code: Extract<CustomersErrorCode, 'OVER_MAX_SHARE'>;
  message: string;
  field: string[];
  maxPoints: bigint;
}

export interface RedemptionValidation {
  ok: boolean;
  balance: bigint;
  maxRedeemable: bigint;
  errors: (UserError | InsufficientPointsError | OverMaxShareError)[];
}

/**
 * Checks a redemption the POS is about to take online. Offline the POS redeems up to the balance
 * it last saw, and the consumer records whatever arrives; this is where an online till gets a
 * typed refusal instead of an overdraft.
 */
export async function validateRedemption(
  ctx: RequestContext,
  input: { customerId: string; points: bigint; saleTotal: bigint },
): Promise<RedemptionValidation> {
  requirePermission(ctx, CUSTOMERS_READ);
  const field = ['input', 'customerId'];
  if (!isUuid(input.customerId))
    return { ok: false, balance: 0n, maxRedeemable: 0n, errors: [invalidId(field)] };
  const customer = await liveCustomer(ctx, input.customerId);
  if (!customer) return { ok: false, balance: 0n, maxRedeemable: 0n, errors: [unknownCustomer(field)] };
  const { program, account } = await ctx.tx(async (m) => ({
    program: await programAt(m),
    account: await accountOf(m, customer.id),
  }));
  const max = maxRedeemable(program, account.balance, input.saleTotal);
  const errors: RedemptionValidation['errors'] = [];
  if (input.points <= 0n || input.saleTotal <= 0n || input.points > input.saleTotal) {
    errors.push(
      userError('INVALID_POINTS', 'Points must be above zero and at most the sale total', [
        'input',
        'points',
      ]),
    );
  } else if (!program?.enabled) {
    errors.push(userError('LOYALTY_DISABLED', 'The loyalty program is not enabled', ['input', 'points']));
  } else {
    if (input.points > account.balance) {
      errors.push({
        __typename: 'InsufficientPointsError',
        code: 'INSUFFICIENT_POINTS',
        message: 'The customer does not have that many points',
        field: ['input', 'points'],
        balance: account.balance > 0n ? account.balance : 0n,
      });
    }
    const share = (input.saleTotal * BigInt(program.maxRedeemPercent)) / 100n;
    if (input.points > share) {
      errors.push({
        __typename: 'OverMaxShareError',
        code: 'OVER_MAX_SHARE',
        message: `At most ${program.maxRedeemPercent} % of the receipt may be paid with points`,
        field: ['input', 'points'],
        maxPoints: share,
      });
    }
  }
  return { ok: errors.length === 0, balance: account.balance, maxRedeemable: max, errors };
}
