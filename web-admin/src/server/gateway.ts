/**
 * Server-side GraphQL calls to the gateway (login, refresh, the viewer). The browser never
 * talks to the gateway directly: it goes through the `/api/graphql` route, which adds the
 * token from the httpOnly cookie.
 */
import type { TypedDocumentNode } from '@apollo/client';
import { print } from 'graphql';
import { adminEnv } from './env.ts';

/** A GraphQL error as the gateway reports it. */
export interface GatewayGraphQLError {
  message: string;
  extensions?: { code?: string; [key: string]: unknown };
}

/** The outcome of a gateway call; transport problems are values, not exceptions. */
export type GatewayResult<TData> =
  | { ok: true; data: TData }
  | { ok: false; reason: 'unreachable'; message: string }
  | {
      ok: false;
      reason: 'unauthenticated' | 'rate_limited' | 'failed';
      status: number;
      errors: GatewayGraphQLError[];
    };

const TIMEOUT_MS = 10_000;

/** Sends one operation to the gateway, optionally as the holder of `accessToken`. */
export async function gatewayRequest<TData, TVariables>(
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
  accessToken?: string,
): Promise<GatewayResult<TData>> {
  let response: Response;
  try {
    response = await fetch(adminEnv().gatewayUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}),
      },
      body: JSON.stringify({ query: print(document), variables }),
      cache: 'no-store',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    return {
      ok: false,
      reason: 'unreachable',
      message: error instanceof Error ? error.message : String(error),
    };
  }
  const body = (await response.json().catch(() => null)) as {
    data?: TData | null;
    errors?: GatewayGraphQLError[];
  } | null;
  const errors = body?.errors ?? [];
  if (response.status === 401 || errors.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) {
    return { ok: false, reason: 'unauthenticated', status: response.status, errors };
  }
  if (response.status === 429) return { ok: false, reason: 'rate_limited', status: 429, errors };
  if (!response.ok || errors.length || body?.data == null) {
    return { ok: false, reason: 'failed', status: response.status, errors };
  }
  return { ok: true, data: body.data };
}
