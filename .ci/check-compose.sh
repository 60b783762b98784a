#!/usr/bin/env bash
# Validates docker-compose.yml (schema, references, interpolation) without a Docker daemon:
# `docker compose config` where the compose plugin exists, else Debian's docker-compose 1.29
# (installed here if missing; without recommends, so no Docker engine comes with it).
set -euo pipefail
cd "$(dirname "$0")/.."

log() { echo "check-compose: $*" >&2; }

if docker compose version >/dev/null 2>&1; then
  docker compose -f docker-compose.yml config -q
  log "docker-compose.yml is valid (docker compose)"
  exit 0
fi

if ! command -v docker-compose >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    log "docker-compose is missing and installing it needs root"
    exit 1
  fi
  waited=0
  while pgrep -x apt-get >/dev/null || pgrep -x apt >/dev/null || pgrep -x dpkg >/dev/null; do
    if [ "$waited" -ge 900 ]; then log "apt still busy after ${waited}s"; exit 1; fi
    sleep 3
    waited=$((waited + 3))
  done
  log "installing docker-compose"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends docker-compose >&2
fi

docker-compose -f docker-compose.yml config -q
log "docker-compose.yml is valid ($(docker-compose version --short 2>/dev/null || echo docker-compose))"
