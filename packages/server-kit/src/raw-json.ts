/**
 * JSON text a resolver already holds — built by PostgreSQL, megabytes long — written into the
 * GraphQL response as it is, instead of being parsed into objects and serialised again.
 *
 * A resolver returns `new RawJson(text)` for a custom scalar (whose serialisation passes values
 * through); the service's Apollo Server writes responses with {@link stringifyWithRawJson}, which
 * serialises the result as usual with each `RawJson` as a placeholder string, then puts the text in
 * the placeholder's place. The placeholder holds U+0000 and a per-process random nonce, so no value
 * of the response can be mistaken for it. Outside that writer (an in-process `executeOperation`),
 * a `RawJson` serialises as the value its text holds.
 */
import { randomBytes } from 'node:crypto';

const NONCE = randomBytes(8).toString('hex');
const PLACEHOLDER = new RegExp(`"\\\\u0000${NONCE}:(\\d+)"`, 'g');
/** The values met by the serialisation under way (JSON.stringify is synchronous). */
let pending: RawJson[] | null = null;

export class RawJson {
  /** `text` must be one JSON value (the caller's source guarantees it: PostgreSQL's json output). */
  constructor(readonly text: string) {}

  toJSON(): unknown {
    if (pending === null) return JSON.parse(this.text);
    pending.push(this);
    return `\u0000${NONCE}:${pending.length - 1}`;
  }
}

/** `JSON.stringify(value)` with every {@link RawJson} written as its text. */
export function stringifyWithRawJson(value: unknown): string {
  const outer = pending;
  const found: RawJson[] = [];
  pending = found;
  try {
    const text = JSON.stringify(value);
    if (found.length === 0) return text;
    return text.replace(PLACEHOLDER, (_, i: string) => found[Number(i)]!.text);
  } finally {
    pending = outer;
  }
}
