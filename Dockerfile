# One image, five processes: the four services and the web app's server (web). SERVICE (build arg,
# overridable at run time through the environment) picks which dist/apps/$SERVICE/src/main.js runs. Build one
# image for a registry and set SERVICE per Deployment (k8s/), or bake a default in with --build-arg
# SERVICE=tasks (docker-compose.yml does).
#
# Plain Dockerfile syntax only (no RUN --mount, no COPY --parents) so the legacy builder that Debian's
# docker-compose 1.29 drives builds it as well as BuildKit does.

ARG NODE_IMAGE=node:20-bookworm-slim

# --- manifests: only the files `npm ci` reads (the root package.json and lockfile, plus any
# libs/<lib>/package.json should the libs become npm workspaces again), so the dependency layers below
# stay cached until one of them changes. COPY cannot glob nested paths without flattening them, hence
# the cp --parents.
FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY package.json package-lock.json ./
COPY libs ./libs
RUN mkdir -p /out \
 && cp package.json package-lock.json /out/ \
 && find libs -mindepth 2 -maxdepth 2 -name package.json -exec cp --parents {} /out/ \;

# --- build: every dependency, then compile apps and libs into dist/. The compiled code still says
# require('@dxhub/<lib>'); scripts/link-dist-libs.mjs writes dist/node_modules/@dxhub/<lib> shims that
# resolve those the way the tsconfig paths do, so dist/ runs with plain `node`. Then Vite bundles the web
# app's browser code (apps/web/client) into dist/apps/web/client, which the web server serves
# (WEB_STATIC_DIR); a bundle without its index.html fails the build here rather than the pod at start.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY --from=manifests /out/ ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx tsc -p tsconfig.build.json && node scripts/link-dist-libs.mjs
RUN npx vite build --config apps/web/vite.config.mts && test -f dist/apps/web/client/index.html

# --- prod-deps: production dependencies only.
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY --from=manifests /out/ ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# --- runtime
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production HOST=0.0.0.0
WORKDIR /app
# Everything stays owned by root and is only readable by the `node` user: the process cannot rewrite
# its own code, and the filesystem can be mounted read-only (k8s sets readOnlyRootFilesystem).
COPY --from=manifests /out/ ./
COPY --from=prod-deps /app/node_modules ./node_modules
# dist/ includes dist/node_modules/@dxhub/* (the lib shims) and dist/apps/web/client (the web app's bundle,
# served from there by SERVICE=web: WEB_STATIC_DIR's default is relative to this WORKDIR).
COPY --from=build /app/dist ./dist
COPY seeds ./seeds
# The reporting service reads its fonts (PDF exports) from here.
COPY apps/reporting/assets ./apps/reporting/assets

# Declared late so the five processes' builds share every layer above.
ARG SERVICE=
ENV SERVICE=${SERVICE}
RUN if [ -n "$SERVICE" ] && [ ! -f "dist/apps/$SERVICE/src/main.js" ]; then \
      echo "SERVICE=$SERVICE: dist/apps/$SERVICE/src/main.js was not built (expected web, tasks, indicators, notifications or reporting)" >&2; \
      exit 1; \
    fi

USER node
# web 3000; tasks 3001, indicators 3002, notifications 3003, reporting 3004.
EXPOSE 3000 3001 3002 3003 3004
STOPSIGNAL SIGTERM

# Liveness only (the process answers HTTP); readiness (database and Kafka) is checked by compose and k8s.
# PORT falls back to the process's default port, as each main.ts does.
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=3 \
  CMD ["node", "-e", "const d={web:3000,tasks:3001,indicators:3002,notifications:3003,reporting:3004};const p=process.env.PORT||d[process.env.SERVICE];fetch('http://127.0.0.1:'+p+'/health/live',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]

# A 32 MiB semi-space keeps a batch's short-lived objects in the young generation (about a quarter less GC time
# under load); scripts/lib/platform.mjs SERVICE_NODE_FLAGS says the same for local runs, k8s configmaps repeat it.
ENV NODE_OPTIONS=--max-semi-space-size=32

# `exec` replaces the shell, so node is PID 1 and receives SIGTERM itself (graceful shutdown).
CMD ["sh", "-c", "if [ ! -f \"dist/apps/${SERVICE}/src/main.js\" ]; then echo \"SERVICE must name a built service (web, tasks, indicators, notifications, reporting); got '${SERVICE}'\" >&2; exit 64; fi; exec node \"dist/apps/${SERVICE}/src/main.js\""]
