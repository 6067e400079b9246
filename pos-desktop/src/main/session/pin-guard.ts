/**
 * Offline PIN sign-in and PIN brute-force protection on the till.
 *
 * **Verifiers.** When a cashier signs in online (`terminalPinLogin` succeeded), the host stores
 * an argon2id hash of the PIN they typed (the @node-rs/argon2 defaults: 19 MiB, 2 passes, a
 * random salt per hash) with who they are and their permissions at that moment. Offline, a PIN
 * is checked against these hashes; the PIN itself is never stored, and each check costs tens of
 * milliseconds, so guessing through a stolen store file is slow. A verifier is valid for
 * `offlineMaxAgeMs` after that cashier's last online sign-in on this till (default 7 days), and
 * is deleted:
 *  - when it is older than that (checked at every lookup);
 *  - when the server refuses that PIN online (PIN changed, staff member disabled or removed);
 *  - when the server refuses that cashier's refresh token (session revoked, staff disabled);
 *  - when the till is paired again (a new store file) or the verifiers are cleared by support.
 * So a dismissed cashier can sign in offline on a till that has not been online since, for at
 * most the configured age — the price of selling without internet; make it shorter per shop.
 *
 * **Throttle.** Every wrong PIN on this till, online or offline, counts: after 5 in a row the
 * PIN pad is locked for 30 s, doubling per further failure up to 15 minutes; a right PIN resets
 * it. The count is in the store, so restarting the app does not reset it. (The server throttles
 * online attempts on its own as well.)
 */
import { hash, verify } from '@node-rs/argon2';
import type { CashierInfo } from '../../shared/pos-types.ts';
import type { KeyValue, Store } from '../store/database.ts';

/** Policy for offline PINs and throttling. */
export interface PinPolicy {
  /** How long after a cashier's last online sign-in their PIN works offline (default 7 days). */
  offlineMaxAgeMs: number;
  /** Wrong PINs allowed in a row before the first lock (default 5). */
  freeAttempts: number;
  /** First lock (default 30 s); doubles per further failure. */
  lockMs: number;
  /** Longest lock (default 15 min). */
  maxLockMs: number;
}

export const DEFAULT_PIN_POLICY: PinPolicy = {
  offlineMaxAgeMs: 7 * 24 * 60 * 60 * 1000,
  freeAttempts: 5,
  lockMs: 30_000,
  maxLockMs: 15 * 60_000,
};

interface VerifierRow {
  staff_id: string;
  name: string;
  roles: string;
  permissions: string;
  pin_hash: string;
  verified_at: string;
}

/** A cashier found by an offline PIN. */
export interface OfflineMatch {
  cashier: CashierInfo;
  validUntil: Date;
}

/** Cached PIN verifiers for offline sign-in. */
export class PinVerifiers {
  constructor(
    private readonly db: Store,
    private readonly policy: PinPolicy,
    private readonly now: () => Date,
  ) {}

  /** Caches (or refreshes) the verifier of a cashier who just signed in online with `pin`. */
  async remember(cashier: CashierInfo, pin: string): Promise<Date> {
    const pinHash = await hash(pin);
    const at = this.now();
    this.db
      .prepare(
        `INSERT INTO pin_verifier (staff_id, name, roles, permissions, pin_hash, verified_at)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (staff_id) DO UPDATE SET name = excluded.name, roles = excluded.roles,
           permissions = excluded.permissions, pin_hash = excluded.pin_hash, verified_at = excluded.verified_at`,
      )
      .run(
        cashier.staffId,
        cashier.name,
        JSON.stringify(cashier.roles),
        JSON.stringify(cashier.permissions),
        pinHash,
        at.toISOString(),
      );
    return new Date(at.getTime() + this.policy.offlineMaxAgeMs);
  }

  /** The cashier whose cached verifier matches `pin`, if any is still valid. */
  async match(pin: string): Promise<OfflineMatch | null> {
    for (const row of this.valid()) {
      if (await verify(row.pin_hash, pin)) {
        return {
          cashier: {
            staffId: row.staff_id,
            name: row.name,
            roles: JSON.parse(row.roles) as string[],
            permissions: JSON.parse(row.permissions) as string[],
          },
          validUntil: new Date(Date.parse(row.verified_at) + this.policy.offlineMaxAgeMs),
        };
      }
    }
    return null;
  }

  /** Deletes the verifiers that match `pin` (the server refused it online). */
  async forgetPin(pin: string): Promise<number> {
    let removed = 0;
    for (const row of this.all()) {
      if (await verify(row.pin_hash, pin)) removed += this.forget(row.staff_id);
    }
    return removed;
  }

  /** Deletes one cashier's verifier. */
  forget(staffId: string): number {
    return this.db.prepare('DELETE FROM pin_verifier WHERE staff_id = ?').run(staffId).changes;
  }

  /** How many valid verifiers are cached. */
  count(): number {
    return this.valid().length;
  }

  /** Until when `staffId` may sign in offline, or null. */
  validUntil(staffId: string): Date | null {
    const row = this.valid().find((r) => r.staff_id === staffId);
    return row ? new Date(Date.parse(row.verified_at) + this.policy.offlineMaxAgeMs) : null;
  }

  private all(): VerifierRow[] {
    return this.db.prepare<[], VerifierRow>('SELECT * FROM pin_verifier').all();
  }

  /** The valid verifiers, after deleting the expired ones. */
  private valid(): VerifierRow[] {
    const oldest = new Date(this.now().getTime() - this.policy.offlineMaxAgeMs).toISOString();
    this.db.prepare('DELETE FROM pin_verifier WHERE verified_at < ?').run(oldest);
    return this.all();
  }
}

interface ThrottleState {
  failures: number;
  lockedUntil: string | null;
}

const THROTTLE_KEY = 'pin-throttle';

/** Counts wrong PINs on this till and locks the PIN pad. */
export class PinThrottle {
  constructor(
    private readonly kv: KeyValue,
    private readonly policy: PinPolicy,
    private readonly now: () => Date,
  ) {}

  private state(): ThrottleState {
    return this.kv.get<ThrottleState>(THROTTLE_KEY) ?? { failures: 0, lockedUntil: null };
  }

  /** Seconds until a PIN may be tried again, or 0. */
  retryAfterSeconds(): number {
    const { lockedUntil } = this.state();
    if (!lockedUntil) return 0;
    const ms = Date.parse(lockedUntil) - this.now().getTime();
    return ms > 0 ? Math.ceil(ms / 1000) : 0;
  }

  /** Counts a wrong PIN; returns the lock in seconds it started (0 if none). */
  failure(): number {
    const failures = this.state().failures + 1;
    const over = failures - this.policy.freeAttempts;
    if (over < 0) {
      this.kv.set(THROTTLE_KEY, { failures, lockedUntil: null });
      return 0;
    }
    const lockMs = Math.min(this.policy.maxLockMs, this.policy.lockMs * 2 ** over);
    this.kv.set(THROTTLE_KEY, {
      failures,
      lockedUntil: new Date(this.now().getTime() + lockMs).toISOString(),
    });
    return Math.ceil(lockMs / 1000);
  }

  /** A right PIN: the count starts again. */
  success(): void {
    this.kv.delete(THROTTLE_KEY);
  }
}
