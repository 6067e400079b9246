/**
 * Where the host keeps its secrets: the device credential from pairing and the cashiers' server
 * tokens. Never `localStorage`, never the outbox database.
 *
 * One JSON file (mode 0600) maps a name to a sealed value. Sealing is a {@link SecretCipher}:
 * in the packaged app it is Electron's `safeStorage` (DPAPI on Windows, the keychain on macOS,
 * libsecret on Linux), wired in `src/main/index.ts`; in plain-Node host mode (`npm start`, tests)
 * there is no OS keystore to ask, so the file is protected by its permissions alone
 * ({@link plainCipher}) — say so when running a real till that way.
 *
 * Writes go to a temporary file that is fsynced and renamed over the old one, so a crash leaves
 * either the old secrets or the new ones, never half a file.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** Seals and opens secret bytes. */
export interface SecretCipher {
  /** `safeStorage`, `plain`, … — for the status page. */
  readonly name: string;
  /** Whether sealed values are encrypted (false: protected by file permissions only). */
  readonly encrypts: boolean;
  seal(plain: string): Buffer;
  open(sealed: Buffer): string;
}

/** No encryption: the 0600 file is the protection (plain-Node host mode). */
export const plainCipher: SecretCipher = {
  name: 'plain',
  encrypts: false,
  seal: (plain) => Buffer.from(plain, 'utf8'),
  open: (sealed) => sealed.toString('utf8'),
};

/** Named secrets in one file. */
export class SecretStore {
  private cache: Record<string, string> | null = null;

  constructor(
    private readonly file: string,
    private readonly cipher: SecretCipher = plainCipher,
  ) {}

  /** The secret `name`, parsed from JSON, or null. */
  get<T>(name: string): T | null {
    const sealed = this.load()[name];
    if (sealed === undefined) return null;
    return JSON.parse(this.cipher.open(Buffer.from(sealed, 'base64'))) as T;
  }

  set(name: string, value: unknown): void {
    const next = { ...this.load(), [name]: this.cipher.seal(JSON.stringify(value)).toString('base64') };
    this.write(next);
  }

  delete(name: string): void {
    const current = this.load();
    if (!(name in current)) return;
    const { [name]: _removed, ...rest } = current;
    this.write(rest);
  }

  /** Names of the stored secrets that start with `prefix`. */
  names(prefix = ''): string[] {
    return Object.keys(this.load()).filter((name) => name.startsWith(prefix));
  }

  private load(): Record<string, string> {
    if (this.cache) return this.cache;
    try {
      this.cache = JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, string>;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      this.cache = {};
    }
    return this.cache;
  }

  private write(next: Record<string, string>): void {
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
    const temp = `${this.file}.tmp`;
    const fd = openSync(temp, 'w', 0o600);
    try {
      writeSync(fd, JSON.stringify(next));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, this.file);
    this.cache = next;
  }
}
