/**
 * Terminal pairing and cashier PIN sign-in.
 *
 * The back office issues a one-time 8-digit pairing code for a terminal (valid 15 minutes, stored
 * only as a keyed hash). The POS redeems it anonymously for a device credential — a random secret
 * shown once, stored as SHA-256 — bound to that terminal. Afterwards a cashier signs in on the
 * device with a PIN; the session carries the terminal (`term` claim) and refreshes like any other.
 *
 * Redeeming a code deletes its directory row in the same statement that reads it, so two devices
 * racing with one code cannot both pair. Wrong codes, device secrets and PINs are throttled like
 * email sign-ins (per subject+IP and per IP).
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import {
  appendAudit,
  inTenant,
  isUuid,
  newId,
  type RequestContext,
  requirePermission,
  setTenant,
  type UserError,
} from '@jowi/server-kit';
import { StaffEntity, type StaffRow } from '../entities/staff.entity.ts';
import { TerminalEntity, type TerminalRow } from '../entities/terminal.entity.ts';
import { type IdentityUserError, invalidId, userError } from '../errors/index.ts';
import { verifyDummy, verifySecret } from './password.ts';
import type { SessionService } from './session.service.ts';
import { failed, loginLocked, type SessionPayload } from './session-payloads.ts';
import type { TokenSecrets } from './token-secrets.ts';
import { tenantOfRefreshToken } from './tokens.ts';

/** How long a pairing code can be redeemed. */
export const PAIRING_CODE_TTL_MS = 15 * 60 * 1000;
const PAIRING_SUBJECT = 'pairing';
const MAX_PIN_LENGTH = 32;

export interface PairingCodePayload {
  code: string | null;
  expiresAt: Date | null;
  terminal: TerminalRow | null;
  errors: UserError[];
}

export interface PairTerminalPayload {
  terminalId: string | null;
  deviceId: string | null;
  deviceSecret: string | null;
  retryAfterSeconds: number | null;
  errors: UserError[];
}

const pairFailed = (error: UserError, retryAfterSeconds: number | null = null): PairTerminalPayload => ({
  terminalId: null,
  deviceId: null,
  deviceSecret: null,
  retryAfterSeconds,
  errors: [error],
});
const invalidCode = () =>
  pairFailed(
    userError('PAIRING_CODE_INVALID', 'The pairing code is wrong, used or expired', ['input', 'code']),
  );
const invalidPin = () => failed(userError('INVALID_CREDENTIALS', 'Wrong PIN or device credential'));

/** SHA-256 of a device secret (256 random bits: no salt or slow hash needed). */
export const hashDeviceSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

export class TerminalService {
  constructor(
    private readonly sessions: SessionService,
    private readonly secrets: TokenSecrets,
  ) {}

  /** Back office: a fresh one-time pairing code for `terminalId`. */
  async createPairingCode(ctx: RequestContext, input: { terminalId: string }): Promise<PairingCodePayload> {
    const tenantId = requirePermission(ctx, 'terminals:manage');
    const field = ['input', 'terminalId'];
    const refused = (error: IdentityUserError): PairingCodePayload => ({
      code: null,
      expiresAt: null,
      terminal: null,
      errors: [error],
    });
    if (!isUuid(input.terminalId)) return refused(invalidId(field));
    return ctx.tx(async (m) => {
      const terminal = await m.getRepository(TerminalEntity).findOneBy({ id: input.terminalId });
      if (!terminal) return refused(userError('UNKNOWN_TERMINAL', 'No such terminal', field));
      if (!terminal.active) {
        return refused(
          userError('TERMINAL_INACTIVE', 'The terminal is deactivated; activate it first', field),
        );
      }
      // Expired codes of every tenant go here: the directory is global and holds only hashes.
      await m.query('DELETE FROM identity.pairing_directory WHERE expires_at <= now()');
      const id = newId();
      const expiresAt = new Date(Date.now() + PAIRING_CODE_TTL_MS);
      await m.query(
        `INSERT INTO identity.terminal_pairing_code (tenant_id, id, terminal_id, created_by, expires_at)
         VALUES ($1, $2, $3, $4, $5)`,
        [tenantId, id, terminal.id, ctx.identity.subject, expiresAt],
      );
      let code = '';
      // Two live codes may collide (10^8 values); draw again rather than overwrite.
      for (let attempt = 0; attempt < 5 && !code; attempt++) {
        const candidate = String(randomInt(0, 100_000_000)).padStart(8, '0');
        const inserted: unknown[] = await m.query(
          `INSERT INTO identity.pairing_directory (code_hash, tenant_id, pairing_id, expires_at)
           VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING code_hash`,
          [this.secrets.pairingCodeHash(candidate), tenantId, id, expiresAt],
        );
        if (inserted.length === 1) code = candidate;
      }
      if (!code) throw new Error('could not draw a free pairing code');
      await appendAudit(m, {
        tenantId,
        actor: ctx.identity.subject,
        action: 'terminal.pairing_code_created',
        entityType: 'Terminal',
        entityId: terminal.id,
        data: { pairingId: id, expiresAt: expiresAt.toISOString() },
        source: 'identity',
      });
      return { code, expiresAt, terminal, errors: [] };
    });
  }

  /** POS, anonymous: redeems a pairing code for a device credential. */
  async pair(ctx: RequestContext, input: { code: string; deviceName: string }): Promise<PairTerminalPayload> {
    const ip = ctx.identity.clientIp;
    const verdict = await this.sessions.throttle.check(ctx.redis, PAIRING_SUBJECT, ip);
    if (verdict.locked) {
      const locked = loginLocked(verdict.retryAfterSeconds);
      return pairFailed(locked.errors[0]!, verdict.retryAfterSeconds);
    }
    const deviceName = input.deviceName.trim();
    if (deviceName.length < 1 || deviceName.length > 100) {
      return pairFailed(
        userError('INVALID_NAME', 'Give the device a name of 1–100 characters', ['input', 'deviceName']),
      );
    }
    const code = input.code.replace(/[\s-]/g, '');
    const result = /^[0-9]{8}$/.test(code)
      ? await ctx.db.transaction(async (m) => {
          // Deleting is the redemption: of two racing devices only one gets the row back.
          const rows: { tenant_id: string; pairing_id: string }[] = await m.query(
            `WITH redeemed AS (
               DELETE FROM identity.pairing_directory WHERE code_hash = $1 AND expires_at > now()
               RETURNING tenant_id, pairing_id)
             SELECT tenant_id, pairing_id FROM redeemed`,
            [this.secrets.pairingCodeHash(code)],
          );
          const entry = rows[0];
          if (!entry) return null;
          await setTenant(m, entry.tenant_id);
          const used: { terminal_id: string }[] = await m.query(
            `WITH used AS (
               UPDATE identity.terminal_pairing_code SET used_at = now()
                WHERE id = $1 AND used_at IS NULL AND expires_at > now() RETURNING terminal_id)
             SELECT terminal_id FROM used`,
            [entry.pairing_id],
          );
          const terminalId = used[0]?.terminal_id;
          if (!terminalId) return null;
          const deviceId = newId();
          const deviceSecret = `${entry.tenant_id}.${randomBytes(32).toString('base64url')}`;
          await m.query(
            `INSERT INTO identity.terminal_device (tenant_id, id, terminal_id, name, secret_hash)
             VALUES ($1, $2, $3, $4, $5)`,
            [entry.tenant_id, deviceId, terminalId, deviceName, hashDeviceSecret(deviceSecret)],
          );
          await appendAudit(m, {
            tenantId: entry.tenant_id,
            actor: null,
            action: 'terminal.paired',
            entityType: 'Terminal',
            entityId: terminalId,
            data: { deviceId, deviceName, pairingId: entry.pairing_id, clientIp: ip ?? null },
            source: 'identity',
          });
          return { terminalId, deviceId, deviceSecret };
        })
      : null;
    if (!result) {
      await this.sessions.throttle.failure(ctx.redis, PAIRING_SUBJECT, ip);
      return invalidCode();
    }
    ctx.log.info({ terminalId: result.terminalId, deviceId: result.deviceId }, 'terminal paired');
    return { ...result, retryAfterSeconds: null, errors: [] };
  }

  /** POS: a cashier's PIN sign-in on a paired device. */
  async pinLogin(
    ctx: RequestContext,
    input: { terminalId: string; deviceSecret: string; pin: string },
  ): Promise<SessionPayload> {
    const ip = ctx.identity.clientIp;
    const subject = `terminal:${input.terminalId.slice(0, 64).toLowerCase()}`;
    const verdict = await this.sessions.throttle.check(ctx.redis, subject, ip);
    if (verdict.locked) return loginLocked(verdict.retryAfterSeconds);
    const fail = async () => {
      await this.sessions.throttle.failure(ctx.redis, subject, ip);
      return invalidPin();
    };

    const tenantId = tenantOfRefreshToken(input.deviceSecret);
    const pin = input.pin.slice(0, MAX_PIN_LENGTH + 1);
    if (!tenantId || !isUuid(input.terminalId) || pin.length > MAX_PIN_LENGTH) {
      return verifyDummy(pin).then(fail);
    }
    const found = await inTenant(ctx.db, tenantId, async (m) => {
      const devices: { id: string; active: boolean; storeId: string }[] = await m.query(
        `SELECT d.id, t.active, t.store_id AS "storeId" FROM identity.terminal_device d
           JOIN identity.terminal t ON t.tenant_id = d.tenant_id AND t.id = d.terminal_id
          WHERE d.secret_hash = $1 AND d.terminal_id = $2 AND d.revoked_at IS NULL`,
        [hashDeviceSecret(input.deviceSecret), input.terminalId],
      );
      const device = devices[0];
      if (!device) return null;
      if (!device.active) return { deviceId: device.id, inactive: true as const, staff: [] };
      // Active people with a PIN who may work in this terminal's store (no store list: every store).
      const staff = await m
        .getRepository(StaffEntity)
        .createQueryBuilder('s')
        .where('s.active AND s.pin_hash IS NOT NULL')
        .andWhere('(cardinality(s.store_ids) = 0 OR :storeId::uuid = ANY(s.store_ids))', {
          storeId: device.storeId,
        })
        .getMany();
      return { deviceId: device.id, inactive: false as const, staff };
    });
    if (!found) return verifyDummy(pin).then(fail);
    // The device proved itself: saying that its terminal is switched off tells nothing secret.
    if (found.inactive) {
      return failed(
        userError('TERMINAL_INACTIVE', 'This terminal was deactivated in the back office', [
          'input',
          'terminalId',
        ]),
      );
    }

    // Outside the transaction: one argon2 check per PIN holder (in parallel on libuv's pool).
    const matches = await Promise.all(found.staff.map((s) => verifySecret(s.pinHash!, pin)));
    const staff: StaffRow | undefined = found.staff.find((_, i) => matches[i]);
    if (!staff) {
      await inTenant(ctx.db, tenantId, (m) =>
        appendAudit(m, {
          tenantId,
          actor: null,
          action: 'session.pin_login_failed',
          entityType: 'Terminal',
          entityId: input.terminalId,
          data: { deviceId: found.deviceId, clientIp: ip ?? null },
          source: 'identity',
        }),
      );
      return fail();
    }
    await this.sessions.throttle.success(ctx.redis, subject, ip);
    await inTenant(ctx.db, tenantId, (m) =>
      m.query('UPDATE identity.terminal_device SET last_used_at = now() WHERE id = $1', [found.deviceId]),
    );
    return this.sessions.openSession(
      ctx.db,
      staff,
      { method: 'pin', clientIp: ip ?? null },
      input.terminalId,
    );
  }
}
