#!/usr/bin/env bash
# Make sure Redis and Elasticsearch answer on localhost, installing and starting them if they do not.
#   scripts/servers.sh ensure | stop | stop-es | stop-redis | status | install-es | lucene | java-home
# Redis comes from Debian's packages; Elasticsearch from Maven Central's integ-test-zip (no Docker needed).
# Everything this script starts keeps its data and logs under $NEWSFLOW_DATA (default ./.data).
set -euo pipefail

ES_VERSION="${NEWSFLOW_ES_VERSION:-9.2.4}"
DATA="$(realpath -m "${NEWSFLOW_DATA:-.data}")"
REDIS_PORT="${NEWSFLOW_REDIS_PORT:-6379}"
ES_PORT="${NEWSFLOW_ES_PORT:-9200}"
ES_HOME="$DATA/elasticsearch-$ES_VERSION"
# The Lucene that Elasticsearch $ES_VERSION is built on (its lib/lucene-core-*.jar): the tests rebuild the
# full distribution's analyzer from Lucene's own analysis classes (tests/unit/test_full_analysis.py).
LUCENE_VERSION="${NEWSFLOW_LUCENE_VERSION:-10.3.2}"
LUCENE_HOME="$DATA/lucene-$LUCENE_VERSION"
ES_USER="${NEWSFLOW_ES_USER:-newsflow}"

log() { printf '[servers] %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

redis_up() { redis-cli -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; }
# The integ-test distribution answers GET / with 405, so ask the health endpoint instead.
es_up() { curl -fsS "http://127.0.0.1:$ES_PORT/_cluster/health" >/dev/null 2>&1; }

ensure_redis() {
  if redis_up; then log "Redis answers on port $REDIS_PORT"; return; fi
  if ! command -v redis-server >/dev/null 2>&1; then
    log "installing redis-server from Debian's packages"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
  fi
  mkdir -p "$DATA/redis"
  # AOF persistence and noeviction: a stream must never be evicted or lost on restart.
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes \
    --dir "$DATA/redis" --appendonly yes --maxmemory-policy noeviction \
    --pidfile "$DATA/redis/redis.pid" --logfile "$DATA/redis/redis.log"
  for _ in $(seq 50); do redis_up && break; sleep 0.1; done
  redis_up || { log "Redis did not start; see $DATA/redis/redis.log"; exit 1; }
  log "Redis started on 127.0.0.1:$REDIS_PORT (data in $DATA/redis)"
}

find_java() {
  # Elasticsearch 9 needs Java 21 or newer; Debian bookworm only ships 17.
  local candidates=("${ES_JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*)
  for home in "${candidates[@]}"; do
    [ -n "$home" ] && [ -x "$home/bin/java" ] || continue
    local major
    major=$("$home/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
    if [ "${major%%.*}" -ge 21 ] 2>/dev/null; then echo "$home"; return; fi
  done
  log "no Java 21+ found: set ES_JAVA_HOME to a JDK 21 or newer"; exit 1
}

install_es() {
  [ -x "$ES_HOME/bin/elasticsearch" ] && return
  for tool in mvn:maven unzip:unzip; do
    command -v "${tool%%:*}" >/dev/null 2>&1 && continue
    log "installing ${tool#*:} from Debian's packages"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${tool#*:}" >/dev/null
  done
  log "downloading Elasticsearch $ES_VERSION (integ-test-zip) with Maven"
  mkdir -p "$DATA/download"
  [ -f "$DATA/download/elasticsearch-$ES_VERSION.zip" ] || mvn -q dependency:copy -Dmdep.useBaseVersion=true \
    -Dartifact="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip" \
    -DoutputDirectory="$DATA/download"
  unzip -q -o "$DATA/download/elasticsearch-$ES_VERSION.zip" -d "$DATA"
  rm -f "$DATA/download/elasticsearch-$ES_VERSION.zip"
}

ensure_lucene() {
  local jar
  for jar in lucene-core lucene-analysis-common; do
    [ -f "$LUCENE_HOME/$jar-$LUCENE_VERSION.jar" ] && continue
    command -v mvn >/dev/null 2>&1 || { as_root apt-get update -qq; as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq maven >/dev/null; }
    log "downloading $jar $LUCENE_VERSION with Maven (for the analysis test)"
    mvn -q dependency:copy -Dartifact="org.apache.lucene:$jar:$LUCENE_VERSION" -DoutputDirectory="$LUCENE_HOME"
  done
}

ensure_es_user() {
  # Elasticsearch refuses to run as root.
  [ "$(id -u)" = 0 ] || { id -un; return; }
  id "$ES_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$ES_USER"
  chown -R "$ES_USER" "$ES_HOME"
  echo "$ES_USER"
}

ensure_es() {
  if es_up; then log "Elasticsearch answers on port $ES_PORT"; return; fi
  install_es
  local java user started
  java="$(find_java)"
  user="$(ensure_es_user)"
  rm -f "$ES_HOME/es.pid"
  started=$(date +%s)
  local cmd=(env ES_JAVA_HOME="$java" ES_JAVA_OPTS="-Xms512m -Xmx512m" "$ES_HOME/bin/elasticsearch" -d -p "$ES_HOME/es.pid"
    -E discovery.type=single-node -E xpack.security.enabled=false -E network.host=127.0.0.1
    -E http.port="$ES_PORT" -E cluster.routing.allocation.disk.threshold_enabled=false
    -E path.data="$ES_HOME/data" -E path.logs="$ES_HOME/logs")
  if [ "$(id -un)" = "$user" ]; then "${cmd[@]}" >/dev/null; else runuser -u "$user" -- "${cmd[@]}" >/dev/null; fi
  for _ in $(seq 180); do
    curl -fsS "http://127.0.0.1:$ES_PORT/_cluster/health?wait_for_status=yellow&timeout=1s" >/dev/null 2>&1 && break
    sleep 1
  done
  es_up || { log "Elasticsearch did not start; see $ES_HOME/logs"; exit 1; }
  log "Elasticsearch $ES_VERSION started on 127.0.0.1:$ES_PORT in $(( $(date +%s) - started ))s (data in $ES_HOME/data)"
}

stop_es() {
  [ -f "$ES_HOME/es.pid" ] || return 0
  local pid; pid="$(cat "$ES_HOME/es.pid")"
  kill "$pid" 2>/dev/null && log "stopping Elasticsearch"
  for _ in $(seq 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  rm -f "$ES_HOME/es.pid"
}

stop_redis() {
  # SHUTDOWN writes the AOF to disk first: nothing acknowledged by Redis is lost.
  [ -f "$DATA/redis/redis.pid" ] && redis-cli -p "$REDIS_PORT" shutdown >/dev/null 2>&1 && log "stopped Redis"
  return 0
}

status() {
  redis_up && log "Redis: up on $REDIS_PORT" || log "Redis: down"
  es_up && log "Elasticsearch: up on $ES_PORT" || log "Elasticsearch: down"
}

case "${1:-ensure}" in
  ensure) ensure_redis; ensure_es ;;
  install-es) install_es ;;
  stop) stop_es; stop_redis ;;
  stop-es) stop_es ;;
  stop-redis) stop_redis ;;
  status) status ;;
  lucene) ensure_lucene ;;
  java-home) find_java ;;
  *) echo "usage: $0 ensure|stop|stop-es|stop-redis|status|install-es|lucene|java-home" >&2; exit 2 ;;
esac
