# One image recipe for every Node backend deployable (identity, catalog, sales, inventory,
# customers, fiscal, gateway, and the one-shot migrate job). SERVICE picks the entry point:
#   docker build -f docker/service.Dockerfile --build-arg SERVICE=subgraphs/catalog .
# Services run TypeScript through tsx (no build step), as in development, as a non-root user.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
ENV ELECTRON_SKIP_BINARY_DOWNLOAD=1 NODE_ENV=production
COPY package.json package-lock.json ./
COPY packages/ packages/
COPY subgraphs/ subgraphs/
COPY gateway/ gateway/
COPY system/ system/
COPY pos-desktop/package.json pos-desktop/package.json
COPY web-admin/package.json web-admin/package.json
RUN npm ci --no-audit --no-fund --include=dev --workspaces --include-workspace-root \
      --workspace=@jowi/server-kit --workspace=@jowi/system --loglevel=error

FROM node:20-bookworm-slim
ARG SERVICE
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 SERVICE_ENTRY=${SERVICE}
COPY --from=deps /app /app
COPY schema/ schema/
COPY scripts/ scripts/
USER node
HEALTHCHECK --interval=10s --timeout=3s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["sh", "-c", "exec npx tsx ${SERVICE_ENTRY}/src/main.ts"]
