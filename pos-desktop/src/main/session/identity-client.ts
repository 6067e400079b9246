/**
 * The identity operations the host calls through the gateway: `pairTerminal`, `terminalPinLogin`,
 * `refreshSession` and `logout`. Each answer is parsed with zod; "no answer" is a
 * {@link TransportError} (`network` / `server`), an expected refusal is `{ errors }` data.
 */
import { z } from 'zod';
import { type GraphQLClientOptions, postGraphQL, TransportError } from '../sync/transport.ts';

const userErrors = z.array(z.object({ code: z.string(), message: z.string() }));

const loginPayload = z.object({
  accessToken: z.string().nullable(),
  refreshToken: z.string().nullable(),
  expiresAt: z.string().nullable().optional(),
  retryAfterSeconds: z.number().nullable().optional(),
  staff: z
    .object({ id: z.string(), name: z.string(), roles: z.array(z.string()) })
    .nullable()
    .optional(),
  errors: userErrors,
});

/** A sign-in or refresh answer. */
export type LoginAnswer = z.infer<typeof loginPayload>;

const pairPayload = z.object({
  terminalId: z.string().nullable(),
  deviceId: z.string().nullable(),
  deviceSecret: z.string().nullable(),
  retryAfterSeconds: z.number().nullable().optional(),
  errors: userErrors,
});

/** A pairing answer. */
export type PairAnswer = z.infer<typeof pairPayload>;

const LOGIN_FIELDS = 'accessToken refreshToken expiresAt retryAfterSeconds errors { code message }';

export class IdentityClient {
  constructor(private readonly options: GraphQLClientOptions) {}

  private async mutate<T>(
    field: string,
    query: string,
    input: unknown,
    schema: z.ZodType<T>,
    token?: string,
  ) {
    const answer = await postGraphQL(this.options, query, { input }, token ?? null);
    if (answer.status >= 500)
      throw new TransportError('server', `${field}: HTTP ${answer.status}`, answer.status);
    const parsed = z
      .object({
        data: z
          .object({ [field]: schema })
          .nullable()
          .optional(),
      })
      .safeParse(answer.body);
    const value = parsed.success ? (parsed.data.data?.[field] as T | undefined) : undefined;
    if (value === undefined) {
      throw new TransportError(
        'server',
        `${field}: unexpected answer (HTTP ${answer.status})`,
        answer.status,
      );
    }
    return value;
  }

  pair(code: string, deviceName: string): Promise<PairAnswer> {
    return this.mutate(
      'pairTerminal',
      `mutation($input: PairTerminalInput!) { pairTerminal(input: $input) {
         terminalId deviceId deviceSecret retryAfterSeconds errors { code message } } }`,
      { code, deviceName },
      pairPayload,
    );
  }

  pinLogin(terminalId: string, deviceSecret: string, pin: string): Promise<LoginAnswer> {
    return this.mutate(
      'terminalPinLogin',
      `mutation($input: TerminalPinLoginInput!) { terminalPinLogin(input: $input) {
         ${LOGIN_FIELDS} staff { id name roles } } }`,
      { terminalId, deviceSecret, pin },
      loginPayload,
    );
  }

  refresh(refreshToken: string): Promise<LoginAnswer> {
    return this.mutate(
      'refreshSession',
      `mutation($input: RefreshSessionInput!) { refreshSession(input: $input) { ${LOGIN_FIELDS} } }`,
      { refreshToken },
      loginPayload,
    );
  }

  async logout(refreshToken: string): Promise<void> {
    await this.mutate(
      'logout',
      'mutation($input: LogoutInput!) { logout(input: $input) { errors { code message } } }',
      { refreshToken },
      z.object({ errors: userErrors }),
    );
  }
}

/** The claims of a JWT, unverified (the host only reads its own session's permissions and expiry). */
export function readClaims(token: string): { perms?: string[]; exp?: number; sub?: string } {
  const part = token.split('.')[1];
  if (!part) return {};
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as { perms?: string[]; exp?: number };
  } catch {
    return {};
  }
}
