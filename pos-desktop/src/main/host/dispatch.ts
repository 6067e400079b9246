/**
 * Calls a contract method by its name (`sale.complete`) — the one way IPC and the loopback
 * server reach the host, so both accept exactly the methods of `POS_METHODS` and nothing else.
 */
import { POS_METHODS } from '../../shared/pos-api.ts';
import type { PosHost } from './pos-host.ts';

/** Every callable `namespace.method`. */
export const HOST_METHODS: ReadonlySet<string> = new Set(
  Object.entries(POS_METHODS).flatMap(([ns, names]) =>
    (names as readonly string[]).map((name) => `${ns}.${name}`),
  ),
);

type Callable = (...args: unknown[]) => Promise<unknown>;

/** Calls `name` with `args`; throws for a name outside the contract. */
export function callHost(api: PosHost['api'], name: string, args: unknown[]): Promise<unknown> {
  if (!HOST_METHODS.has(name)) throw new Error(`no such method: ${name}`);
  const [ns, method] = name.split('.') as [string, string];
  const target = (api as unknown as Record<string, Record<string, Callable>>)[ns]!;
  return target[method]!.call(target, ...args);
}
