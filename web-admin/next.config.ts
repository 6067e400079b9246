import path from 'node:path';
import type { NextConfig } from 'next';

// The npm workspace root: hoisted node_modules and packages/ui live there.
const workspaceRoot = path.join(__dirname, '..');

const securityHeaders = [
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Content-Security-Policy', value: "frame-ancestors 'none'" },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'same-origin' },
];

const nextConfig: NextConfig = {
  // @jowi/ui, @jowi/receipt and @jowi/server-kit ship TypeScript sources, not a build. Of server-kit
  // the admin imports only the dependency-free `@jowi/server-kit/permissions` (no TypeORM, no pg).
  transpilePackages: ['@jowi/ui', '@jowi/receipt', '@jowi/server-kit'],
  turbopack: { root: workspaceRoot },
  outputFileTracingRoot: workspaceRoot,
  // The build checks only the app; tsconfig.json also covers the e2e test (which imports the server stack).
  typescript: { tsconfigPath: 'tsconfig.build.json' },
  poweredByHeader: false,
  reactStrictMode: true,
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders }];
  },
};

export default nextConfig;
