# The Next.js web admin: built once, served by `next start` on 3000.
FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV ELECTRON_SKIP_BINARY_DOWNLOAD=1 NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
COPY packages/ui/ packages/ui/
COPY packages/receipt/ packages/receipt/
COPY web-admin/ web-admin/
RUN npm ci --no-audit --no-fund --workspace=@jowi/web-admin --workspace=@jowi/ui --workspace=@jowi/receipt --loglevel=error \
 && npx next build web-admin

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1
COPY --from=build /app /app
USER node
EXPOSE 3000
CMD ["npx", "next", "start", "web-admin", "-p", "3000"]
