# Crosslabel team server (src/server): one stateless instance per container.
#   docker build -t crosslabel-server .
#   docker run -p 8787:8787 -v crosslabel-data:/data -e CROSSLABEL_ADMIN=admin:change-me crosslabel-server
# State: PGlite in /data/db and media in /data/media by default (one instance only, keep the volume);
# for a team, DATABASE_URL=postgres://… and MEDIA_URL=s3://bucket/prefix (+ S3_ENDPOINT, AWS_REGION and
# the AWS SDK's usual credentials) make the container stateless, so any number can run behind a load
# balancer (set TRUST_PROXY=1 there). Configuration: src/server/config.ts, src/server/storage/README.md.
#
# The server runs from TypeScript under tsx (as `npm run server` does), so the image keeps the
# project's dev dependencies; nothing is compiled at build time.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# argon2 ships prebuilt binaries for glibc x64/arm64; no compiler needed. No browser downloads.
ENV PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
RUN npm ci --no-audit --no-fund && npm cache clean --force

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8787 \
    CROSSLABEL_DATA=/data
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json tsconfig.json ./
COPY src/core ./src/core
COPY src/server ./src/server
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8787
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8787)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# node directly (not npm) so SIGTERM reaches the server, which drains and closes the database cleanly.
CMD ["node", "--import", "tsx", "src/server/main.ts"]
