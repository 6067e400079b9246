/**
 * Where webhooks may go. Only absolute http(s) URLs; and unless private addresses are allowed
 * (never in production), no host that is or resolves to a private, loopback, link-local, CGNAT,
 * multicast or unspecified address — a tenant's URL must not reach our internal network (SSRF).
 *
 * The check runs twice: when an endpoint is saved (a clear error for the user) and at every
 * connection, inside the socket's DNS lookup ({@link guardedLookup}), so a name that resolves
 * elsewhere later (DNS rebinding) is refused too, on exactly the address the socket would use.
 */
import { type LookupAddress, type LookupAllOptions, lookup } from 'node:dns';
import { BlockList, isIP } from 'node:net';

const PRIVATE = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  PRIVATE.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  PRIVATE.addSubnet(network, prefix, 'ipv6');
}

/** Whether `address` (an IP literal) is one webhooks must not reach. */
export function isPrivateAddress(address: string): boolean {
  // An IPv4-mapped IPv6 address (::ffff:127.0.0.1) is its IPv4 address.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return PRIVATE.check(mapped, 'ipv4');
  const family = isIP(address);
  if (family === 0) return true;
  return PRIVATE.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** The URL's host without IPv6 brackets. */
export const hostOf = (url: URL): string => url.hostname.replace(/^\[(.*)\]$/, '$1');

/** Names that mean "this machine or its network" whatever DNS says. */
const LOCAL_NAME = /(^|\.)(localhost|local|internal|localdomain)$/i;

export type UrlVerdict = { ok: true; url: URL } | { ok: false; reason: 'INVALID_URL' | 'URL_NOT_ALLOWED' };

/** Parses `raw` as a webhook URL: absolute http(s), no credentials, at most 2 000 characters. */
export function parseWebhookUrl(raw: string): URL | null {
  if (raw.length > 2000) return null;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    if (url.username || url.password || !url.hostname) return null;
    return url;
  } catch {
    return null;
  }
}

/** Every address `host` resolves to (empty when it does not resolve). */
function resolveAll(host: string): Promise<string[]> {
  return new Promise((resolve) => {
    lookup(host, { all: true }, (error, addresses) => resolve(error ? [] : addresses.map((a) => a.address)));
  });
}

/**
 * Whether a webhook may be saved with `raw` as its URL. A name that does not resolve yet is
 * accepted (the receiver may not be live); the connection-time check still applies.
 */
export async function checkWebhookUrl(raw: string, allowPrivate: boolean): Promise<UrlVerdict> {
  const url = parseWebhookUrl(raw);
  if (!url) return { ok: false, reason: 'INVALID_URL' };
  if (allowPrivate) return { ok: true, url };
  const host = hostOf(url);
  if (isIP(host))
    return isPrivateAddress(host) ? { ok: false, reason: 'URL_NOT_ALLOWED' } : { ok: true, url };
  if (LOCAL_NAME.test(host)) return { ok: false, reason: 'URL_NOT_ALLOWED' };
  const addresses = await resolveAll(host);
  return addresses.some(isPrivateAddress) ? { ok: false, reason: 'URL_NOT_ALLOWED' } : { ok: true, url };
}

/** Thrown by the guarded lookup: the receiver's name resolved to a refused address. */
export class RefusedAddressError extends Error {
  readonly code = 'EREFUSEDADDRESS';
  constructor(host: string, address: string) {
    super(`${host} resolves to ${address}, a private address webhooks may not reach`);
    this.name = 'RefusedAddressError';
  }
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A `lookup` for http(s).request that refuses private addresses: the socket connects only to an
 * address that was checked. Handles both the single-address and the `all` form Node asks for.
 */
export function guardedLookup(
  hostname: string,
  options: LookupAllOptions | object,
  callback: LookupCallback,
) {
  lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const refused = addresses.find((a) => isPrivateAddress(a.address));
    if (refused) return callback(new RefusedAddressError(hostname, refused.address), []);
    if ((options as { all?: boolean }).all) return callback(null, addresses);
    const first = addresses[0]!;
    callback(null, first.address, first.family);
  });
}
