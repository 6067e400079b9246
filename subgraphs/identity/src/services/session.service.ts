/**
 * Sign-in, refresh, sign-out and password change. Sign-in and refresh are called anonymously
 * (through the gateway, with no tenant), so they find the tenant first — from the login directory
 * or from the refresh token's prefix — and then do every tenant read and write inside `inTenant`,
 * under RLS.
 *
 * Every credential failure returns the same `INVALID_CREDENTIALS` after the same amount of
 * argon2 work, so neither the answer nor its timing tells whether an email exists; failures are
 * throttled per email+IP and per IP (`LOGIN_LOCKED`, same for known and unknown emails).
 *
 * Refresh tokens rotate: each is single-use. The same token presented again within the grace
 * window (two concurrent refreshes of one client) gets the same successor; later, it means the
 * token was copied, so the whole family (every token descended from that sign-in) is revoked.
 */
import {
  type AccessClaims,
  appendAudit,
  type EntityManager,
  inTenant,
  newId,
  type RequestContext,
  signAccessToken,
  type UserError,
  unauthenticated,
} from '@jowi/server-kit';
import { type DataSource, IsNull } from 'typeorm';
import { LoginDirectoryEntity } from '../entities/login-directory.entity.ts';
import { RefreshTokenEntity, type RefreshTokenRow } from '../entities/refresh-token.entity.ts';
import { StaffEntity, type StaffRow } from '../entities/staff.entity.ts';
import { userError } from '../errors/index.ts';
import type { LoginThrottle } from './login-throttle.ts';
import { hashSecret, verifyDummy, verifySecret } from './password.ts';
import { checkPasswordPolicy } from './password-policy.ts';
import { loadStaffPermissions } from './role.service.ts';
import {
  emailSubject,
  failed,
  invalidCredentials,
  invalidRefresh,
  loginLocked,
  MAX_SECRET_LENGTH,
  normaliseEmail,
  requireStaff,
  reusedRefresh,
  type SessionPayload,
} from './session-payloads.ts';
import type { TokenSecrets } from './token-secrets.ts';
import {
  type AccessTokenSigner,
  hashRefreshToken,
  newRefreshToken,
  REFRESH_TOKEN_TTL_MS,
  tenantOfRefreshToken,
} from './tokens.ts';

type RefreshOutcome =
  | {
      kind: 'ok';
      staff: StaffRow;
      /** Built-in + custom role permissions, read in the refresh transaction. */
      perms: string[];
      refreshToken: string;
      terminalId: string | null;
      issuedAt: Date;
    }
  | { kind: 'invalid' }
  | { kind: 'reused'; staffId: string; familyId: string };

export interface SessionOptions {
  /** How long a rotated refresh token still returns its successor. */
  graceSeconds: number;
}

/** Whether a terminal is still active (a PIN session bound to a deactivated one stops refreshing). */
async function terminalActive(m: EntityManager, terminalId: string): Promise<boolean> {
  const rows: { active: boolean }[] = await m.query('SELECT active FROM identity.terminal WHERE id = $1', [
    terminalId,
  ]);
  return rows[0]?.active === true;
}

/** Issues sessions with identity's signing key (one instance per running service). */
export class SessionService {
  constructor(
    private readonly signer: AccessTokenSigner,
    private readonly secrets: TokenSecrets,
    readonly throttle: LoginThrottle,
    private readonly options: SessionOptions,
  ) {}

  /** Email + password sign-in. */
  async login(ctx: RequestContext, input: { email: string; password: string }): Promise<SessionPayload> {
    const ip = ctx.identity.clientIp;
    const subject = emailSubject(input.email);
    const verdict = await this.throttle.check(ctx.redis, subject, ip);
    if (verdict.locked) return loginLocked(verdict.retryAfterSeconds);
    const fail = async (staff: StaffRow | null, reason: string) => {
      await this.throttle.failure(ctx.redis, subject, ip);
      if (staff) {
        await inTenant(ctx.db, staff.tenantId, (m) =>
          appendAudit(m, {
            tenantId: staff.tenantId,
            actor: null,
            action: 'session.login_failed',
            entityType: 'Staff',
            entityId: staff.id,
            data: { reason, clientIp: ip ?? null },
            source: 'identity',
          }),
        );
      }
      return invalidCredentials();
    };

    if (input.password.length > MAX_SECRET_LENGTH) return fail(null, 'too_long');
    const email = normaliseEmail(input.email);
    // The directory is not tenant data: a plain transaction, no tenant needed.
    const entry = email
      ? await ctx.db.transaction((m) => m.getRepository(LoginDirectoryEntity).findOneBy({ email }))
      : null;
    if (!entry) return verifyDummy(input.password).then(() => fail(null, 'unknown'));

    const staff = await inTenant(ctx.db, entry.tenantId, (m) =>
      m.getRepository(StaffEntity).findOneBy({ id: entry.staffId }),
    );
    // Hash checks run outside the transaction: argon2 takes tens of milliseconds and must not
    // hold a pooled connection meanwhile.
    if (!staff?.active || !staff.passwordHash) {
      await verifyDummy(input.password);
      return fail(staff, staff ? 'inactive' : 'unknown');
    }
    if (!(await verifySecret(staff.passwordHash, input.password))) return fail(staff, 'wrong_password');

    await this.throttle.success(ctx.redis, subject, ip);
    ctx.log.info({ tenantId: staff.tenantId, staffId: staff.id }, 'staff signed in');
    return this.openSession(ctx.db, staff, { method: 'password', clientIp: ip ?? null });
  }

  /**
   * Starts a new session family for `staff` (optionally bound to a terminal), writing the refresh
   * token and the `session.login_succeeded` audit entry in one transaction.
   */
  async openSession(
    db: DataSource,
    staff: StaffRow,
    audit: { method: string; clientIp: string | null },
    terminalId: string | null = null,
  ): Promise<SessionPayload> {
    const { perms, ...refreshToken } = await inTenant(db, staff.tenantId, async (m) => {
      const stored = await this.storeRefreshToken(m, staff, newId(), terminalId);
      await appendAudit(m, {
        tenantId: staff.tenantId,
        actor: staff.id,
        action: 'session.login_succeeded',
        entityType: 'Staff',
        entityId: staff.id,
        data: { ...audit, familyId: stored.familyId, ...(terminalId ? { terminalId } : {}) },
        source: 'identity',
      });
      return { ...stored, perms: await loadStaffPermissions(m, staff.roles) };
    });
    return this.session(staff, perms, refreshToken.token, terminalId);
  }

  /** Rotates a refresh token: the presented one becomes used, a new one joins its family. */
  async refreshSession(ctx: RequestContext, input: { refreshToken: string }): Promise<SessionPayload> {
    const tenantId = tenantOfRefreshToken(input.refreshToken);
    if (!tenantId) return invalidRefresh();
    const tokenHash = hashRefreshToken(input.refreshToken);
    const graceMs = this.options.graceSeconds * 1000;

    const outcome = await inTenant(ctx.db, tenantId, async (m): Promise<RefreshOutcome> => {
      const tokens = m.getRepository(RefreshTokenEntity);
      // Row lock: of two concurrent refreshes with the same token, exactly one rotates it and
      // the other waits, then sees it used (and, inside the grace window, gets the same successor).
      const row = await tokens
        .createQueryBuilder('t')
        .setLock('pessimistic_write')
        .where('t.token_hash = :tokenHash', { tokenHash })
        .getOne();
      const now = new Date();
      if (!row || row.expiresAt <= now) return { kind: 'invalid' };
      if (row.usedAt) {
        if (!row.revokedAt && now.getTime() - row.usedAt.getTime() <= graceMs) {
          const again = await this.successorInGrace(m, row, input.refreshToken);
          if (again) return again;
        }
        await this.revokeFamily(m, tenantId, row.familyId, now);
        await appendAudit(m, {
          tenantId,
          actor: null,
          action: 'session.refresh_token_reused',
          entityType: 'Staff',
          entityId: row.staffId,
          data: { familyId: row.familyId, tokenId: row.id },
          source: 'identity',
        });
        return { kind: 'reused', staffId: row.staffId, familyId: row.familyId };
      }
      if (row.revokedAt) return { kind: 'invalid' };

      const staff = await m.getRepository(StaffEntity).findOneBy({ id: row.staffId });
      if (!staff?.active || (row.terminalId && !(await terminalActive(m, row.terminalId)))) {
        await this.revokeFamily(m, tenantId, row.familyId, now);
        return { kind: 'invalid' };
      }
      const next = await this.storeRefreshToken(m, staff, row.familyId, row.terminalId, input.refreshToken);
      await tokens.update({ tenantId, id: row.id }, { usedAt: now, replacedBy: next.id });
      return {
        kind: 'ok',
        staff,
        perms: await loadStaffPermissions(m, staff.roles),
        refreshToken: next.token,
        terminalId: row.terminalId,
        issuedAt: now,
      };
    });

    if (outcome.kind === 'invalid') return invalidRefresh();
    if (outcome.kind === 'reused') {
      ctx.log.warn({ tenantId, ...outcome }, 'refresh token reused: session family revoked');
      return reusedRefresh();
    }
    return this.session(
      outcome.staff,
      outcome.perms,
      outcome.refreshToken,
      outcome.terminalId,
      outcome.issuedAt,
    );
  }

  /** Ends the session family of `refreshToken` (idempotent for an already-ended one). */
  async logout(ctx: RequestContext, input: { refreshToken: string }): Promise<{ errors: UserError[] }> {
    const tenantId = tenantOfRefreshToken(input.refreshToken);
    const notFound = { errors: invalidRefresh().errors };
    if (!tenantId) return notFound;
    const tokenHash = hashRefreshToken(input.refreshToken);
    const found = await inTenant(ctx.db, tenantId, async (m) => {
      const row = await m.getRepository(RefreshTokenEntity).findOneBy({ tokenHash });
      if (!row) return false;
      const revoked = await this.revokeFamily(m, tenantId, row.familyId, new Date());
      if (revoked > 0) {
        await appendAudit(m, {
          tenantId,
          actor: row.staffId,
          action: 'session.logout',
          entityType: 'Staff',
          entityId: row.staffId,
          data: { familyId: row.familyId },
          source: 'identity',
        });
      }
      return true;
    });
    return found ? { errors: [] } : notFound;
  }

  /** Revokes every session family of the signed-in staff member. */
  async signOutEverywhere(ctx: RequestContext): Promise<{ revokedSessions: number; errors: UserError[] }> {
    const staffId = requireStaff(ctx);
    const revokedSessions = await ctx.tx(async (m) => {
      const families = await this.revokeAllOf(m, ctx.tenantId!, staffId);
      await appendAudit(m, {
        tenantId: ctx.tenantId!,
        actor: staffId,
        action: 'session.signed_out_everywhere',
        entityType: 'Staff',
        entityId: staffId,
        data: { revokedSessions: families },
        source: 'identity',
      });
      return families;
    });
    return { revokedSessions, errors: [] };
  }

  /**
   * Changes the signed-in staff member's password and ends every session they have; the caller
   * gets a fresh session in the payload (the others must sign in again).
   */
  async changePassword(
    ctx: RequestContext,
    input: { currentPassword: string; newPassword: string },
  ): Promise<SessionPayload> {
    const staffId = requireStaff(ctx);
    const staff = await ctx.tx((m) => m.getRepository(StaffEntity).findOneBy({ id: staffId }));
    if (!staff?.active) throw unauthenticated();
    const ip = ctx.identity.clientIp;
    const subject = staff.email ? emailSubject(staff.email) : `staff:${staff.id}`;
    const verdict = await this.throttle.check(ctx.redis, subject, ip);
    if (verdict.locked) return loginLocked(verdict.retryAfterSeconds);

    const policy = checkPasswordPolicy(input.newPassword, staff.email);
    if (policy.length > 0) return { ...failed(policy[0]!), errors: policy };
    const current = input.currentPassword.slice(0, MAX_SECRET_LENGTH + 1);
    const ok =
      staff.passwordHash && current.length <= MAX_SECRET_LENGTH
        ? await verifySecret(staff.passwordHash, current)
        : await verifyDummy(current);
    if (!ok) {
      await this.throttle.failure(ctx.redis, subject, ip);
      return failed(
        userError('INVALID_CREDENTIALS', 'The current password is wrong', ['input', 'currentPassword']),
      );
    }
    await this.throttle.success(ctx.redis, subject, ip);

    const passwordHash = await hashSecret(input.newPassword);
    const refresh = await ctx.tx(async (m) => {
      await m.getRepository(StaffEntity).update({ tenantId: staff.tenantId, id: staff.id }, { passwordHash });
      const families = await this.revokeAllOf(m, staff.tenantId, staff.id);
      await appendAudit(m, {
        tenantId: staff.tenantId,
        actor: staff.id,
        action: 'staff.password_changed',
        entityType: 'Staff',
        entityId: staff.id,
        data: { revokedSessions: families },
        source: 'identity',
      });
      const stored = await this.storeRefreshToken(m, staff, newId(), null);
      return { ...stored, perms: await loadStaffPermissions(m, staff.roles) };
    });
    return this.session({ ...staff, passwordHash }, refresh.perms, refresh.token, null);
  }

  /**
   * Inside the grace window: the successor of `row`, recomputed from the presented token, if that
   * successor is still the live head of the family; null means "treat as reuse".
   */
  private async successorInGrace(
    m: EntityManager,
    row: RefreshTokenRow,
    presented: string,
  ): Promise<RefreshOutcome | null> {
    if (!row.replacedBy || !row.usedAt) return null;
    const successor = await m.getRepository(RefreshTokenEntity).findOneBy({ id: row.replacedBy });
    const token = this.secrets.successorRefreshToken(presented, row.tenantId);
    if (!successor || successor.usedAt || successor.revokedAt) return null;
    if (successor.tokenHash !== hashRefreshToken(token)) return null;
    const staff = await m.getRepository(StaffEntity).findOneBy({ id: row.staffId });
    if (!staff?.active) return null;
    return {
      kind: 'ok',
      staff,
      perms: await loadStaffPermissions(m, staff.roles),
      refreshToken: token,
      terminalId: row.terminalId,
      issuedAt: row.usedAt,
    };
  }

  /**
   * Stores a new refresh token of `familyId`. A rotation passes the `previous` token: its
   * successor is derived from it (see token-secrets.ts) so a retry in the grace window can be
   * answered identically; a new family gets random bytes.
   */
  private async storeRefreshToken(
    m: EntityManager,
    staff: StaffRow,
    familyId: string,
    terminalId: string | null,
    previous?: string,
  ): Promise<{ id: string; token: string; familyId: string }> {
    const id = newId();
    const token = previous
      ? this.secrets.successorRefreshToken(previous, staff.tenantId)
      : newRefreshToken(staff.tenantId);
    await m.getRepository(RefreshTokenEntity).insert({
      tenantId: staff.tenantId,
      id,
      familyId,
      staffId: staff.id,
      tokenHash: hashRefreshToken(token),
      expiresAt: new Date(Date.now() + REFRESH_TOKEN_TTL_MS),
      usedAt: null,
      revokedAt: null,
      replacedBy: null,
      terminalId,
    });
    return { id, token, familyId };
  }

  /** Revokes a family's live tokens; returns how many there were. */
  private async revokeFamily(
    m: EntityManager,
    tenantId: string,
    familyId: string,
    now: Date,
  ): Promise<number> {
    const result = await m
      .getRepository(RefreshTokenEntity)
      .update({ tenantId, familyId, revokedAt: IsNull() }, { revokedAt: now });
    return result.affected ?? 0;
  }

  /** Revokes every live token of a staff member; returns the number of families ended. */
  private async revokeAllOf(m: EntityManager, tenantId: string, staffId: string): Promise<number> {
    // (TypeORM hands back UPDATE … RETURNING as [rows, count]; a CTE makes it a plain SELECT.)
    const rows: { n: number }[] = await m.query(
      `WITH revoked AS (
         UPDATE identity.refresh_token SET revoked_at = now()
          WHERE tenant_id = $1 AND staff_id = $2 AND revoked_at IS NULL RETURNING family_id)
       SELECT count(DISTINCT family_id)::int AS n FROM revoked`,
      [tenantId, staffId],
    );
    return rows[0]?.n ?? 0;
  }

  /** `perms`: the staff member's permissions (built-in and custom roles), read in the tenant transaction. */
  private async session(
    staff: StaffRow,
    perms: string[],
    refreshToken: string,
    terminalId: string | null,
    issuedAt?: Date,
  ): Promise<SessionPayload> {
    const claims: AccessClaims = {
      sub: staff.id,
      tid: staff.tenantId,
      kind: 'staff',
      roles: staff.roles,
      perms,
      ...(terminalId ? { term: terminalId } : {}),
    };
    const { token, expiresAt } = await signAccessToken(
      this.signer.key,
      this.signer.kid,
      claims,
      undefined,
      issuedAt ? Math.floor(issuedAt.getTime() / 1000) : undefined,
    );
    return { accessToken: token, refreshToken, expiresAt, staff, retryAfterSeconds: null, errors: [] };
  }
}
