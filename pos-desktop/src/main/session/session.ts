/**
 * Who is at the till: pairing, cashier PIN sign-in (online, else offline against cached
 * verifiers), lock, cashier switch, logout — and the server tokens the uploader uses.
 *
 * Secrets live in the {@link SecretStore}: `device` (terminal id and device credential from
 * pairing) and `tokens:<staffId>` (each cashier's access and refresh token from their last online
 * sign-in). The renderer never sees a refresh token or the device credential. Who is signed in
 * is memory only: after a restart the till asks for a PIN again.
 *
 * Uploading needs a server session, but a cashier who signed in offline has none. The uploader
 * therefore uses the current cashier's tokens when they have some, else the most recently saved
 * tokens of any cashier of this till (the server records the cashier of each sale from the sale
 * itself, `cashierId`). Tokens are refreshed single-flight and saved before use, because a
 * refresh token is single-use: presenting an old one again would revoke its whole family.
 */
import { posFailure } from '../../shared/pos-errors.ts';
import type { CashierInfo, PinLoginResult, SessionState } from '../../shared/pos-types.ts';
import { PosError } from '../host/result.ts';
import { type AuthProvider, TransportError } from '../sync/transport.ts';
import { type IdentityClient, type LoginAnswer, readClaims } from './identity-client.ts';
import type { PinThrottle, PinVerifiers } from './pin-guard.ts';
import type { SecretStore } from './secret-store.ts';

/** The pairing secret of this device. */
export interface DeviceCredential {
  terminalId: string;
  deviceId: string;
  deviceSecret: string;
  deviceName: string;
  pairedAt: string;
}

interface SavedTokens {
  staffId: string;
  accessToken: string;
  refreshToken: string;
  /** Access token expiry (ISO). */
  expiresAt: string | null;
  savedAt: string;
}

/** What the session needs of the paired till (its store lives per terminal). */
export interface TillGuards {
  verifiers: PinVerifiers;
  throttle: PinThrottle;
  /** Entries not yet accepted by the server (held, pending, parked): pairing again is refused. */
  openEntries(): number;
}

export interface SessionOptions {
  secrets: SecretStore;
  identity: IdentityClient;
  /** Opens the store of a terminal (after pairing, and at start when paired). */
  openTill(terminalId: string): TillGuards;
  now?: () => Date;
  logger?: Pick<Console, 'warn' | 'error'>;
}

const DEVICE = 'device';
const TOKENS = 'tokens:';
/** Refresh an access token this long before it expires. */
const EXPIRY_MARGIN_MS = 30_000;

export class SessionService implements AuthProvider {
  private cashier: CashierInfo | null = null;
  private mode: 'online' | 'offline' | null = null;
  private locked = false;
  private signedOut: SessionState['signedOut'] = null;
  private till: TillGuards | null = null;
  private refreshing: Promise<boolean> | null = null;
  private readonly now: () => Date;

  constructor(private readonly options: SessionOptions) {
    this.now = options.now ?? (() => new Date());
    const device = this.device();
    if (device) this.till = options.openTill(device.terminalId);
  }

  device(): DeviceCredential | null {
    return this.options.secrets.get<DeviceCredential>(DEVICE);
  }

  state(): SessionState {
    const device = this.device();
    return {
      paired: device !== null,
      terminalId: device?.terminalId ?? null,
      deviceName: device?.deviceName ?? null,
      cashier: this.cashier,
      mode: this.mode,
      locked: this.locked,
      canSync: this.canSync(),
      signedOut: this.signedOut,
    };
  }

  /** Whether any server tokens are held for uploads. */
  canSync(): boolean {
    return this.options.secrets.names(TOKENS).length > 0;
  }

  /** The signed-in, unlocked cashier; throws NOT_SIGNED_IN / TILL_LOCKED otherwise. */
  requireCashier(): CashierInfo {
    if (!this.cashier) throw PosError.of('NOT_SIGNED_IN');
    if (this.locked) throw PosError.of('TILL_LOCKED');
    return this.cashier;
  }

  /** Redeems a pairing code. */
  async pair(code: string, deviceName: string): Promise<SessionState> {
    if (!/^\d{8}$/.test(code)) throw PosError.of('PAIRING_CODE_INVALID');
    const name = deviceName.trim();
    if (name.length < 1 || name.length > 100) throw PosError.of('DEVICE_NAME_INVALID');
    if (this.till && this.till.openEntries() > 0) throw PosError.of('OUTBOX_NOT_EMPTY');
    const answer = await this.reach(() => this.options.identity.pair(code, name));
    const error = answer.errors[0];
    if (error?.code === 'LOGIN_LOCKED') {
      throw PosError.of('PIN_LOCKED', { retryAfterSeconds: answer.retryAfterSeconds ?? 60 });
    }
    // Identity answers a device name out of bounds with INVALID_NAME (DEVICE_NAME_INVALID before
    // issue 13, still understood from an older server during an upgrade).
    if (error?.code === 'INVALID_NAME' || error?.code === 'DEVICE_NAME_INVALID') {
      throw PosError.of('DEVICE_NAME_INVALID');
    }
    if (error || !answer.terminalId || !answer.deviceId || !answer.deviceSecret) {
      throw PosError.of('PAIRING_CODE_INVALID', { detail: error?.message });
    }
    // Tokens of the previous pairing are bound to its terminal: drop them.
    for (const key of this.options.secrets.names(TOKENS)) this.options.secrets.delete(key);
    this.options.secrets.set(DEVICE, {
      terminalId: answer.terminalId,
      deviceId: answer.deviceId,
      deviceSecret: answer.deviceSecret,
      deviceName: name,
      pairedAt: this.now().toISOString(),
    } satisfies DeviceCredential);
    this.till = this.options.openTill(answer.terminalId);
    this.signOutLocally();
    return this.state();
  }

  /** PIN sign-in, unlock and switch in one: see `PosSessionApi.pinLogin`. */
  async pinLogin(pin: string): Promise<PinLoginResult> {
    const device = this.device();
    if (!device || !this.till) throw PosError.of('NOT_PAIRED');
    const { throttle, verifiers } = this.till;
    const wait = throttle.retryAfterSeconds();
    if (wait > 0) throw PosError.of('PIN_LOCKED', { retryAfterSeconds: wait });
    if (!/^\d{4,12}$/.test(pin)) return this.wrongPin();

    let answer: LoginAnswer;
    try {
      answer = await this.options.identity.pinLogin(device.terminalId, device.deviceSecret, pin);
    } catch (error) {
      if (!(error instanceof TransportError)) throw error;
      return this.offlineLogin(pin, error);
    }
    const failure = answer.errors[0];
    if (failure?.code === 'LOGIN_LOCKED') {
      throw PosError.of('PIN_LOCKED', { retryAfterSeconds: answer.retryAfterSeconds ?? 60 });
    }
    if (failure || !answer.accessToken || !answer.refreshToken || !answer.staff) {
      // The server says this PIN is not (or no longer) valid here: no offline sign-in with it either.
      await verifiers.forgetPin(pin);
      return this.wrongPin();
    }
    const cashier: CashierInfo = {
      staffId: answer.staff.id,
      name: answer.staff.name,
      roles: answer.staff.roles,
      permissions: readClaims(answer.accessToken).perms ?? [],
    };
    this.saveTokens(cashier.staffId, answer);
    const validUntil = await verifiers.remember(cashier, pin);
    throttle.success();
    this.signIn(cashier, 'online');
    return { session: this.state(), offlineValidUntil: validUntil.toISOString() };
  }

  /** Quick switch: the same as a PIN sign-in, which replaces whoever was at the till. */
  switchCashier(pin: string): Promise<PinLoginResult> {
    return this.pinLogin(pin);
  }

  lock(): SessionState {
    if (!this.cashier) throw PosError.of('NOT_SIGNED_IN');
    this.locked = true;
    return this.state();
  }

  /** Signs the cashier out; their server session ends now if the server answers (else it lapses). */
  async logout(): Promise<SessionState> {
    const cashier = this.cashier;
    this.signOutLocally();
    if (!cashier) return this.state();
    const tokens = this.options.secrets.get<SavedTokens>(TOKENS + cashier.staffId);
    if (tokens) {
      this.options.secrets.delete(TOKENS + cashier.staffId);
      await this.options.identity.logout(tokens.refreshToken).catch((error: unknown) => {
        this.options.logger?.warn('session: server logout failed; the session lapses on its own', error);
      });
    }
    return this.state();
  }

  /** For the uploader and the renderer: a valid access token, refreshed when close to expiry. */
  async accessToken(): Promise<string | null> {
    const tokens = this.syncTokens();
    if (!tokens) return null;
    const expires = tokens.expiresAt ? Date.parse(tokens.expiresAt) : Number.POSITIVE_INFINITY;
    if (expires - EXPIRY_MARGIN_MS > this.now().getTime()) return tokens.accessToken;
    await this.refresh();
    return this.syncTokens()?.accessToken ?? null;
  }

  /** Rotates the upload session's refresh token (single-flight); false when refused or offline. */
  refresh(): Promise<boolean> {
    this.refreshing ??= this.rotate().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  /**
   * Forgets people the server reports disabled (`syncSales.disabledStaffIds`): their cached PIN
   * verifiers and saved tokens, so they can sign in on this till neither offline nor online. A
   * disabled cashier still signed in (or locked) here is signed out at once, with the reason kept
   * for the PIN screen (`SessionState.signedOut`): they do not keep selling until the next lock.
   * Returns how many verifiers were deleted.
   */
  forgetDisabledStaff(staffIds: readonly string[]): number {
    const current = this.cashier;
    if (current && staffIds.some((id) => id.toLowerCase() === current.staffId.toLowerCase())) {
      this.signOutLocally();
      this.signedOut = { cashierName: current.name, reason: posFailure('STAFF_DISABLED') };
      this.options.logger?.warn('session: the signed-in cashier was disabled; signed out');
    }
    let forgotten = 0;
    for (const staffId of staffIds) {
      forgotten += this.till?.verifiers.forget(staffId) ?? 0;
      this.options.secrets.delete(TOKENS + staffId);
    }
    if (forgotten > 0) this.options.logger?.warn(`session: forgot ${forgotten} disabled cashier(s)`);
    return forgotten;
  }

  private async rotate(): Promise<boolean> {
    const tokens = this.syncTokens();
    if (!tokens) return false;
    let answer: LoginAnswer;
    try {
      answer = await this.options.identity.refresh(tokens.refreshToken);
    } catch {
      return false;
    }
    if (answer.accessToken && answer.refreshToken) {
      this.saveTokens(tokens.staffId, answer);
      return true;
    }
    // Refused: the session was revoked or the staff member disabled — forget them on this till.
    this.options.secrets.delete(TOKENS + tokens.staffId);
    this.till?.verifiers.forget(tokens.staffId);
    this.options.logger?.warn(`session: refresh refused (${answer.errors[0]?.code}); tokens dropped`);
    return false;
  }

  private syncTokens(): SavedTokens | null {
    const secrets = this.options.secrets;
    const own = this.cashier ? secrets.get<SavedTokens>(TOKENS + this.cashier.staffId) : null;
    if (own) return own;
    const all = secrets.names(TOKENS).map((name) => secrets.get<SavedTokens>(name)!);
    return all.sort((a, b) => b.savedAt.localeCompare(a.savedAt))[0] ?? null;
  }

  private saveTokens(staffId: string, answer: LoginAnswer): void {
    this.options.secrets.set(TOKENS + staffId, {
      staffId,
      accessToken: answer.accessToken!,
      refreshToken: answer.refreshToken!,
      expiresAt: answer.expiresAt ?? null,
      savedAt: this.now().toISOString(),
    } satisfies SavedTokens);
  }

  private async offlineLogin(pin: string, cause: TransportError): Promise<PinLoginResult> {
    const { verifiers, throttle } = this.till!;
    if (verifiers.count() === 0) {
      throw PosError.of('OFFLINE_LOGIN_UNAVAILABLE', { detail: cause.message });
    }
    const match = await verifiers.match(pin);
    if (!match) return this.wrongPin();
    throttle.success();
    this.signIn(match.cashier, 'offline');
    return { session: this.state(), offlineValidUntil: match.validUntil.toISOString() };
  }

  private wrongPin(): never {
    const lockSeconds = this.till!.throttle.failure();
    if (lockSeconds > 0) throw PosError.of('PIN_LOCKED', { retryAfterSeconds: lockSeconds });
    throw PosError.of('INVALID_PIN');
  }

  private signIn(cashier: CashierInfo, mode: 'online' | 'offline'): void {
    this.cashier = cashier;
    this.mode = mode;
    this.locked = false;
    this.signedOut = null;
  }

  private signOutLocally(): void {
    this.cashier = null;
    this.mode = null;
    this.locked = false;
    this.signedOut = null;
  }

  /** Calls the server; no answer becomes SERVER_UNREACHABLE. */
  private async reach<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof TransportError) throw PosError.of('SERVER_UNREACHABLE', { detail: error.message });
      throw error;
    }
  }
}
