# syntax=docker/dockerfile:1
# ecs-gmsa-operator container image.
#
#   docker build -t ecs-gmsa-operator:0.1.0 --build-arg VERSION=0.1.0 --build-arg SOURCE=https://... .
#
# test/integration/image/imageContents.spec.ts performs the runtime stage's steps without Docker
# (production-only node_modules, dist/src, crds/) and runs the result; keep the two in step.

ARG NODE_IMAGE=node:20.20-bookworm-slim

# --- build: compile TypeScript, then install production dependencies into a folder of their own ---
FROM ${NODE_IMAGE} AS build
WORKDIR /src
# Dependencies first: this layer is reused while package*.json do not change. No dependency needs
# an install script (only dev tools such as esbuild have one, and tsc does not need it).
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build
# A fresh install without dev dependencies, so nothing of the toolchain reaches the runtime stage.
RUN mkdir /prod \
 && cp package.json package-lock.json /prod/ \
 && cd /prod \
 && npm ci --omit=dev --ignore-scripts --no-audit --no-fund

# --- runtime ---
FROM ${NODE_IMAGE} AS runtime
# VERSION: the release (package.json "version"); SOURCE: where the source lives (no public URL is set yet).
ARG VERSION=0.1.0
ARG SOURCE=unknown
LABEL org.opencontainers.image.title="ecs-gmsa-operator" \
      org.opencontainers.image.description="Kubernetes operator that turns GmsaCredentialSpec and EcsGmsaTask resources into gMSA CredSpecs in AWS and ECS task definitions" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.version="${VERSION}"

# The root filesystem may be read-only (deploy/base mounts an emptyDir at /tmp): the operator writes
# nothing to disk, and anything that asks for a temporary directory gets /tmp.
ENV NODE_ENV=production \
    TMPDIR=/tmp

WORKDIR /app
# Owned by root and not writable by the runtime user.
COPY --from=build /prod/node_modules ./node_modules
COPY --from=build /src/dist/src ./dist/src
COPY crds ./crds
COPY package.json package-lock.json ./

# Numeric, so Kubernetes can check runAsNonRoot without an /etc/passwd entry (matches deploy/base).
USER 65532:65532

# /metrics, /healthz, /readyz (--metrics-bind-address, default :8080).
EXPOSE 8080

# node runs as PID 1 without an init: `run` installs its own SIGTERM/SIGINT handlers (stop taking work,
# finish in-flight reconciles within --shutdown-timeout, release the Lease, exit 0), and it starts no
# child processes, so there are no zombies to reap. No HEALTHCHECK: Kubernetes ignores it and probes
# /healthz and /readyz instead.
ENTRYPOINT ["node", "/app/dist/src/cli/bin.js"]
CMD ["run"]
