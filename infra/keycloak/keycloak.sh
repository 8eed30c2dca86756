#!/usr/bin/env bash
# Local Keycloak (the OpenID Connect provider of the development profile) from Maven Central's distribution,
# run with the JDK on this machine. Its data lives in PostgreSQL (a schema of its own); the realm is
# provisioned by scripts/lib/keycloak-realm.mjs once the server answers.
#
# Usage: infra/keycloak/keycloak.sh start|stop|status|logs|fetch
#
# Env overrides:
#   KEYCLOAK_PORT            HTTP port on 127.0.0.1                       (default 8080)
#   KEYCLOAK_DATA_DIR        pid, log, state and transaction logs         (default infra/keycloak/.data)
#   KEYCLOAK_DB_URL          JDBC URL of its PostgreSQL database          (default jdbc:postgresql://127.0.0.1:5432/dxhub)
#   KEYCLOAK_DB_USERNAME     (default postgres)   KEYCLOAK_DB_PASSWORD (default empty)
#   KEYCLOAK_DB_SCHEMA       the schema it keeps its tables in            (default keycloak; created if missing)
#   KEYCLOAK_ADMIN_USERNAME  the master realm's first admin, DEVELOPMENT ONLY (default admin)
#   KEYCLOAK_ADMIN_PASSWORD  its password, DEVELOPMENT ONLY               (default admin)
#   KEYCLOAK_HEAP            JVM heap (-Xmx)                              (default 512m)
#   KEYCLOAK_START_TIMEOUT   seconds to wait for readiness                (default 300)
#   KEYCLOAK_STOP_TIMEOUT    seconds before SIGKILL on stop               (default 30)
#   JAVA_HOME                JDK to use (17+); else `java` on PATH
# The version is the keycloak.version property in pom.xml next to this script.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
POM="$SCRIPT_DIR/pom.xml"

KEYCLOAK_PORT="${KEYCLOAK_PORT:-8080}"
KEYCLOAK_DB_URL="${KEYCLOAK_DB_URL:-jdbc:postgresql://127.0.0.1:5432/dxhub}"
KEYCLOAK_DB_USERNAME="${KEYCLOAK_DB_USERNAME:-postgres}"
KEYCLOAK_DB_PASSWORD="${KEYCLOAK_DB_PASSWORD:-}"
KEYCLOAK_DB_SCHEMA="${KEYCLOAK_DB_SCHEMA:-keycloak}"
KEYCLOAK_HEAP="${KEYCLOAK_HEAP:-512m}"
KEYCLOAK_START_TIMEOUT="${KEYCLOAK_START_TIMEOUT:-300}"
KEYCLOAK_STOP_TIMEOUT="${KEYCLOAK_STOP_TIMEOUT:-30}"
DATA_DIR="${KEYCLOAK_DATA_DIR:-$SCRIPT_DIR/.data}"
mkdir -p -- "$DATA_DIR"
DATA_DIR="$(cd "$DATA_DIR" && pwd)"

PID_FILE="$DATA_DIR/keycloak.pid"
LOG_FILE="$DATA_DIR/keycloak.log"
STATE_FILE="$DATA_DIR/keycloak.state"

log() { printf 'keycloak.sh: %s\n' "$*"; }
err() { printf 'keycloak.sh: ERROR: %s\n' "$*" >&2; }
die() { err "$*"; exit 1; }

KEYCLOAK_VERSION="$(sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' "$POM" | head -n1)"
[[ -n "$KEYCLOAK_VERSION" ]] || die "cannot read <keycloak.version> from $POM"
DIST_DIR="$SCRIPT_DIR/.dist/keycloak-$KEYCLOAK_VERSION"
DIST_MARKER="$DIST_DIR/.complete"

# ---------------------------------------------------------------- distribution

fetch_dist() {
  [[ -f "$DIST_MARKER" && -x "$DIST_DIR/bin/kc.sh" ]] && return 0
  command -v mvn >/dev/null 2>&1 \
    || die "Keycloak $KEYCLOAK_VERSION is not cached in $DIST_DIR and Maven (mvn) is not installed: install Maven 3.8+ (Debian/Ubuntu: apt-get install maven; macOS: brew install maven) and start again."
  log "fetching Keycloak $KEYCLOAK_VERSION (org.keycloak:keycloak-quarkus-dist, ~177 MB) with Maven into $DIST_DIR (first run only)..."
  # The plugin's markers in target/ would skip an unpack it remembers doing: start clean.
  rm -rf -- "$DIST_DIR" "$SCRIPT_DIR/target"
  local out
  if ! out="$(mvn -q -B -Dstyle.color=never -f "$POM" dependency:unpack 2>&1)"; then
    printf '%s\n' "$out" | sed $'s/\e\\[[0-9;]*m//g' >&2
    rm -rf -- "$DIST_DIR"
    die "Maven could not fetch org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip (see the output above)."
  fi
  [[ -x "$DIST_DIR/bin/kc.sh" ]] || die "Maven finished but $DIST_DIR/bin/kc.sh is missing."
  date -u +%Y-%m-%dT%H:%M:%SZ >"$DIST_MARKER"
}

# ---------------------------------------------------------------- java

find_java() {
  local java_bin=""
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then java_bin="$JAVA_HOME/bin/java"; fi
  [[ -n "$java_bin" ]] || java_bin="$(command -v java 2>/dev/null || true)"
  [[ -n "$java_bin" ]] \
    || die "no Java found: Keycloak $KEYCLOAK_VERSION needs Java 17+. Install a JDK (Debian/Ubuntu: apt-get install openjdk-17-jdk-headless; macOS: brew install openjdk@17) or set JAVA_HOME."
  local major
  major="$("$java_bin" -version 2>&1 | head -n1 | sed -n 's/.*version "\([0-9][0-9]*\).*/\1/p')"
  [[ "$major" =~ ^[0-9]+$ ]] && ((major >= 17)) \
    || die "$java_bin is not Java 17 or newer; Keycloak $KEYCLOAK_VERSION needs Java 17+ (set JAVA_HOME to one)."
  export JAVA="$java_bin"
}

# ---------------------------------------------------------------- processes

# Prints the pid of this data dir's running server; returns 1 if none. The pid file names kc.sh's process
# (which becomes the JVM itself when kc.sh execs java after its first build), and its command line the port
# this data dir's server was started on, so two servers (a developer's and a test's) are told apart.
running_pid() {
  local pid port
  [[ -f "$PID_FILE" ]] || return 1
  pid="$(tr -dc '0-9' <"$PID_FILE" || true)"
  port="$(sed -n 's/^port=//p' "$STATE_FILE" 2>/dev/null || true)"
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null \
    && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null \
      | grep -qE -- "(kc\.sh|QuarkusEntryPoint) start-dev --http-host=127\.0\.0\.1 --http-port=$port( |\$)"; then
    printf '%s' "$pid"
    return 0
  fi
  rm -f -- "$PID_FILE"
  return 1
}

port_open() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

# The realm-independent discovery document answers once the server serves requests.
server_answers() {
  timeout 3 bash -c "exec 3<>/dev/tcp/127.0.0.1/$KEYCLOAK_PORT
    printf 'GET /realms/master/.well-known/openid-configuration HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
    head -n1 <&3" 2>/dev/null | grep -q ' 200 '
}

# ---------------------------------------------------------------- commands

cmd_start() {
  local pid
  if pid="$(running_pid)"; then
    log "Keycloak already running (pid $pid) on http://127.0.0.1:$(sed -n 's/^port=//p' "$STATE_FILE" 2>/dev/null || echo "$KEYCLOAK_PORT")"
    return 0
  fi
  find_java
  if port_open "$KEYCLOAK_PORT"; then
    die "port $KEYCLOAK_PORT is already in use; Keycloak needs it. Stop that process or choose another port with KEYCLOAK_PORT."
  fi
  fetch_dist
  if [[ -f "$LOG_FILE" ]]; then mv -f -- "$LOG_FILE" "$LOG_FILE.prev"; fi
  printf 'version=%s\nport=%s\ndb=%s\nschema=%s\n' "$KEYCLOAK_VERSION" "$KEYCLOAK_PORT" "$KEYCLOAK_DB_URL" \
    "$KEYCLOAK_DB_SCHEMA" >"$STATE_FILE"
  rm -f -- "$PID_FILE"

  # start-dev: HTTP on loopback and development defaults; the hostname is fixed so every token carries the
  # same issuer whichever address a client used. The transaction log goes to this instance's data dir, so
  # servers that share the distribution keep apart.
  local -a args=(
    start-dev
    --http-host=127.0.0.1 "--http-port=$KEYCLOAK_PORT" "--hostname=http://127.0.0.1:$KEYCLOAK_PORT"
    --db=postgres "--db-url=$KEYCLOAK_DB_URL" "--db-username=$KEYCLOAK_DB_USERNAME" "--db-schema=$KEYCLOAK_DB_SCHEMA"
    --db-pool-max-size=10
  )
  [[ -z "$KEYCLOAK_DB_PASSWORD" ]] || args+=("--db-password=$KEYCLOAK_DB_PASSWORD")
  log "starting Keycloak $KEYCLOAK_VERSION on http://127.0.0.1:$KEYCLOAK_PORT (data in schema '$KEYCLOAK_DB_SCHEMA' of $KEYCLOAK_DB_URL; log $LOG_FILE)..."
  # setsid: its own session and process group, so it outlives the calling shell and stops as one group.
  # shellcheck disable=SC2016  # expanded by the child shell
  KC_BOOTSTRAP_ADMIN_USERNAME="${KEYCLOAK_ADMIN_USERNAME:-admin}" \
    KC_BOOTSTRAP_ADMIN_PASSWORD="${KEYCLOAK_ADMIN_PASSWORD:-admin}" \
    JAVA_OPTS_APPEND="-Xms64m -Xmx$KEYCLOAK_HEAP -Dquarkus.transaction-manager.object-store.directory=$DATA_DIR/transaction-logs" \
    nohup setsid bash -c 'printf "%s\n" "$$" >"$1"; shift; exec "$@"' keycloak.sh-start "$PID_FILE" \
    "$DIST_DIR/bin/kc.sh" "${args[@]}" >>"$LOG_FILE" 2>&1 </dev/null &
  local i
  for ((i = 0; i < 50; i++)); do
    [[ -s "$PID_FILE" ]] && break
    sleep 0.1
  done
  pid="$(tr -dc '0-9' <"$PID_FILE" 2>/dev/null || true)"
  [[ -n "$pid" ]] || { err "Keycloak did not start (no pid). Log:"; tail -n 40 "$LOG_FILE" >&2 || true; exit 1; }

  local deadline=$((SECONDS + KEYCLOAK_START_TIMEOUT))
  while ((SECONDS < deadline)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      err "Keycloak (pid $pid) exited during startup. Last lines of $LOG_FILE:"
      grep -v '^\s*at ' "$LOG_FILE" | tail -n 30 >&2 || true
      rm -f -- "$PID_FILE"
      exit 1
    fi
    if server_answers; then
      log "Keycloak ready (pid $pid): http://127.0.0.1:$KEYCLOAK_PORT"
      return 0
    fi
    sleep 1
  done
  err "Keycloak (pid $pid) was not ready on 127.0.0.1:$KEYCLOAK_PORT after ${KEYCLOAK_START_TIMEOUT}s (left running; see '$0 logs' or stop it)."
  exit 1
}

cmd_stop() {
  local pid
  if ! pid="$(running_pid)"; then
    log "Keycloak not running"
    return 0
  fi
  log "stopping Keycloak (pid $pid)..."
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + KEYCLOAK_STOP_TIMEOUT))
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then
    err "Keycloak (pid $pid) still running after ${KEYCLOAK_STOP_TIMEOUT}s; sending SIGKILL"
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f -- "$PID_FILE"
  log "Keycloak stopped"
}

cmd_status() {
  local pid
  if pid="$(running_pid)"; then
    printf 'status:   running\npid:      %s\nversion:  %s\nurl:      http://127.0.0.1:%s\ndata dir: %s\nlog:      %s\n' \
      "$pid" "$KEYCLOAK_VERSION" "$(sed -n 's/^port=//p' "$STATE_FILE" 2>/dev/null || echo "$KEYCLOAK_PORT")" \
      "$DATA_DIR" "$LOG_FILE"
    return 0
  fi
  printf 'status:   stopped\nversion:  %s\ndata dir: %s\n' "$KEYCLOAK_VERSION" "$DATA_DIR"
  return 3
}

cmd_logs() {
  if [[ -f "$LOG_FILE" ]]; then tail -n "${KEYCLOAK_LOG_LINES:-100}" "$LOG_FILE"; else log "no log yet ($LOG_FILE)"; fi
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  logs) cmd_logs ;;
  fetch) fetch_dist ;;
  *)
    printf 'Usage: %s start|stop|status|logs|fetch\n' "$0" >&2
    exit 2
    ;;
esac
