/**
 * Sign-in and session refresh. Both are called anonymously (through the gateway, with no
 * tenant), so they find the tenant first — from the login directory or from the refresh
 * token's prefix — and then do every tenant read and write inside `inTenant`, under RLS.
 *
 * Every credential failure returns the same `INVALID_CREDENTIALS` after the same amount of
 * argon2 work, so neither the answer nor its timing tells whether an email exists.
 *
 * Refresh tokens rotate: each is single-use. Presenting a used one means it was copied, so the
 * whole family (every token descended from that sign-in) is revoked and the caller must sign in.
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
  userError,
} from '@jowi/server-kit';
import { IsNull } from 'typeorm';
import { LoginDirectoryEntity } from '../entities/login-directory.entity.ts';
import { RefreshTokenEntity } from '../entities/refresh-token.entity.ts';
import { StaffEntity, type StaffRow } from '../entities/staff.entity.ts';
import { verifyDummy, verifySecret } from './password.ts';
import { permissionsFor } from './permissions.ts';
import {
  type AccessTokenSigner,
  hashRefreshToken,
  newRefreshToken,
  REFRESH_TOKEN_TTL_MS,
  tenantOfRefreshToken,
} from './tokens.ts';

/** The `LoginPayload` of the SDL. */
export interface SessionPayload {
  accessToken: string | null;
  refreshToken: string | null;
  expiresAt: Date | null;
  staff: StaffRow | null;
  errors: UserError[];
}

/** Longer inputs are refused outright: nobody's password is this long, and hashing it costs. */
const MAX_SECRET_LENGTH = 1024;

const failed = (error: UserError): SessionPayload => ({
  accessToken: null,
  refreshToken: null,
  expiresAt: null,
  staff: null,
  errors: [error],
});
const invalidCredentials = () => failed(userError('INVALID_CREDENTIALS', 'Wrong email or password'));
const invalidRefresh = () =>
  failed(
    userError('INVALID_REFRESH_TOKEN', 'The session has expired; sign in again', ['input', 'refreshToken']),
  );
const reusedRefresh = () =>
  failed(
    userError(
      'REFRESH_TOKEN_REUSED',
      'This refresh token was already used; the session has been ended for safety. Sign in again.',
      ['input', 'refreshToken'],
    ),
  );

/** Lower-cased, trimmed email; null for anything that cannot be one. */
export function normaliseEmail(email: string): string | null {
  const value = email.trim().toLowerCase();
  return value.length <= 254 && /^[^\s@]+@[^\s@]+$/.test(value) ? value : null;
}

type RefreshOutcome =
  | { kind: 'ok'; staff: StaffRow; refreshToken: string }
  | { kind: 'invalid' }
  | { kind: 'reused'; staffId: string; familyId: string };

/** Issues sessions with identity's signing key (one instance per running service). */
export class SessionService {
  constructor(private readonly signer: AccessTokenSigner) {}

  /** Email + password sign-in. */
  async login(ctx: RequestContext, input: { email: string; password: string }): Promise<SessionPayload> {
    if (input.password.length > MAX_SECRET_LENGTH) return invalidCredentials();
    const email = normaliseEmail(input.email);
    // The directory is not tenant data: a plain transaction, no tenant needed.
    const entry = email
      ? await ctx.db.transaction((m) => m.getRepository(LoginDirectoryEntity).findOneBy({ email }))
      : null;
    if (!entry) return verifyDummy(input.password).then(invalidCredentials);

    const staff = await inTenant(ctx.db, entry.tenantId, (m) =>
      m.getRepository(StaffEntity).findOneBy({ id: entry.staffId }),
    );
    // Hash checks run outside the transaction: argon2 takes tens of milliseconds and must not
    // hold a pooled connection meanwhile.
    if (!staff?.active || !staff.passwordHash) return verifyDummy(input.password).then(invalidCredentials);
    if (!(await verifySecret(staff.passwordHash, input.password))) return invalidCredentials();

    const refreshToken = await inTenant(ctx.db, staff.tenantId, (m) =>
      this.storeRefreshToken(m, staff, newId()),
    );
    ctx.log.info({ tenantId: staff.tenantId, staffId: staff.id }, 'staff signed in');
    return this.session(staff, refreshToken);
  }

  /** Rotates a refresh token: the presented one becomes used, a new one joins its family. */
  async refreshSession(ctx: RequestContext, input: { refreshToken: string }): Promise<SessionPayload> {
    const tenantId = tenantOfRefreshToken(input.refreshToken);
    if (!tenantId) return invalidRefresh();
    const tokenHash = hashRefreshToken(input.refreshToken);

    const outcome = await inTenant(ctx.db, tenantId, async (m): Promise<RefreshOutcome> => {
      const tokens = m.getRepository(RefreshTokenEntity);
      // Row lock: of two concurrent refreshes with the same token, exactly one rotates it and
      // the other sees it used.
      const row = await tokens
        .createQueryBuilder('t')
        .setLock('pessimistic_write')
        .where('t.token_hash = :tokenHash', { tokenHash })
        .getOne();
      const now = new Date();
      if (!row || row.expiresAt <= now) return { kind: 'invalid' };
      if (row.usedAt) {
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
      if (!staff?.active) {
        await this.revokeFamily(m, tenantId, row.familyId, now);
        return { kind: 'invalid' };
      }
      const next = await this.storeRefreshToken(m, staff, row.familyId);
      await tokens.update({ tenantId, id: row.id }, { usedAt: now, replacedBy: next.id });
      return { kind: 'ok', staff, refreshToken: next.token };
    });

    if (outcome.kind === 'invalid') return invalidRefresh();
    if (outcome.kind === 'reused') {
      ctx.log.warn({ tenantId, ...outcome }, 'refresh token reused: session family revoked');
      return reusedRefresh();
    }
    return this.session(outcome.staff, { token: outcome.refreshToken });
  }

  private async storeRefreshToken(
    m: EntityManager,
    staff: StaffRow,
    familyId: string,
  ): Promise<{ id: string; token: string }> {
    const id = newId();
    const token = newRefreshToken(staff.tenantId);
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
    });
    return { id, token };
  }

  private async revokeFamily(m: EntityManager, tenantId: string, familyId: string, now: Date): Promise<void> {
    await m
      .getRepository(RefreshTokenEntity)
      .update({ tenantId, familyId, revokedAt: IsNull() }, { revokedAt: now });
  }

  private async session(staff: StaffRow, refresh: { token: string }): Promise<SessionPayload> {
    const claims: AccessClaims = {
      sub: staff.id,
      tid: staff.tenantId,
      kind: 'staff',
      roles: staff.roles,
      perms: permissionsFor(staff.roles),
    };
    const { token, expiresAt } = await signAccessToken(this.signer.key, this.signer.kid, claims);
    return { accessToken: token, refreshToken: refresh.token, expiresAt, staff, errors: [] };
  }
}
