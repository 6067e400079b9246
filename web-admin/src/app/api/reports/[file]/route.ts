/**
 * Report downloads for the browser: `GET /api/reports/<name>.csv|.xlsx?from=&to=&stores=&lang=`
 * forwards to the gateway's `/reports/…` with the access token from the httpOnly cookie (the
 * token never reaches browser JavaScript) and streams the file back as it comes.
 */
import { type NextRequest, NextResponse } from 'next/server';
import { adminEnv } from '../../../../server/env.ts';
import { ACCESS_COOKIE } from '../../../../server/session.ts';

const FILE = /^[a-z-]+\.(csv|xlsx)$/;
const PASSED = ['from', 'to', 'stores', 'lang', 'sep'];

function refuse(status: number, code: string, message: string) {
  return NextResponse.json({ errors: [{ message, extensions: { code } }] }, { status });
}

export async function GET(request: NextRequest, { params }: { params: Promise<{ file: string }> }) {
  const { file } = await params;
  if (!FILE.test(file)) return refuse(404, 'NOT_FOUND', 'No such report');
  const token = request.cookies.get(ACCESS_COOKIE)?.value;
  if (!token) return refuse(401, 'UNAUTHENTICATED', 'Not signed in');
  const target = new URL(`/reports/${file}`, adminEnv().gatewayUrl);
  for (const key of PASSED) {
    const value = request.nextUrl.searchParams.get(key);
    if (value) target.searchParams.set(key, value);
  }
  let upstream: Response;
  try {
    upstream = await fetch(target, {
      headers: { authorization: `Bearer ${token}` },
      cache: 'no-store',
      signal: request.signal,
    });
  } catch {
    return refuse(502, 'GATEWAY_UNAVAILABLE', 'The API is not reachable');
  }
  const headers = new Headers({ 'cache-control': 'no-store' });
  for (const key of ['content-type', 'content-disposition']) {
    const value = upstream.headers.get(key);
    if (value) headers.set(key, value);
  }
  return new NextResponse(upstream.body, { status: upstream.status, headers });
}
