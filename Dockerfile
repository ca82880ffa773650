# One image for every Cordon service, run from compiled JavaScript by plain node. The Deployment's args name the
# service's entry, services/<name>/dist/main.js (checked against the manifests by scripts/check-k8s.ts; the same
# build steps and entries are started by test/image.test.ts, since CI has no Docker engine).

# --- build: every dependency (TypeScript, Vite), then `npm run build` (tsc -b and the console), then the runtime
# files staged into /image, and node_modules pruned to the production dependencies.
FROM node:20.20.2-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.base.json tsconfig.build.json ./
COPY packages ./packages
COPY services ./services
COPY scripts ./scripts
COPY data ./data
RUN npm ci --no-audit --no-fund
RUN npm run build
RUN node scripts/stage-image.mjs /image
RUN npm prune --omit=dev --no-audit --no-fund && cp -a node_modules /image/node_modules

# --- runtime: production dependencies and compiled code only, read-only, as a non-root user.
FROM node:20.20.2-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
# Each Kafka consumer waits on a thread of libuv's pool, which DNS, file reads, zlib and crypto share; libuv reads the
# size only from the environment (packages/platform/src/kafka/threadpool.ts, RECOMMENDED_THREADPOOL_SIZE).
ENV UV_THREADPOOL_SIZE=16
# The console is built in the build stage: never build at start (the image has no Vite), fail if it is missing.
ENV CASES_CONSOLE=prebuilt
COPY --from=build /image /app
USER 10001
ENTRYPOINT ["node", "--enable-source-maps", "--conditions=@cordon/compiled"]
