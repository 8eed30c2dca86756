#!/usr/bin/env bash
# Local single-node Apache Kafka broker (KRaft, combined broker+controller) from Maven Central jars.
#
# Usage: infra/kafka/kafka.sh start|stop|status|logs|reset|add-user <name>
#
# Env overrides:
#   KAFKA_SECURITY        plaintext | sasl                   (default plaintext)
#                         plaintext: no authentication, no ACLs (local development on loopback).
#                         sasl: SASL_PLAINTEXT listener with SCRAM-SHA-512, StandardAuthorizer,
#                         allow.everyone.if.no.acl.found=false, KAFKA_ADMIN_USER a super user.
#   KAFKA_PORT            client listener port               (default 9092)
#   KAFKA_CONTROLLER_PORT KRaft controller listener port     (default 9093)
#   KAFKA_DATA_DIR        config, logs, pid and log.dirs     (default infra/kafka/.data)
#   KAFKA_HEAP            JVM heap (-Xms and -Xmx)           (default 512m)
#   KAFKA_START_TIMEOUT   seconds to wait for readiness      (default 120)
#   KAFKA_STOP_TIMEOUT    seconds before SIGKILL on stop     (default 30)
#   KAFKA_LOG_LINES       lines shown by `logs`              (default 100)
#   JAVA_HOME             JDK to use (17+); else `java` on PATH
# SASL profile only:
#   KAFKA_ADMIN_USER      the super user (the broker's own login; ACL provisioning)   (default admin)
#   KAFKA_ADMIN_PASSWORD  its password; generated into <data dir>/admin.password when unset
#   KAFKA_SCRAM_USERS     "name=password name=password ..." SCRAM-SHA-512 users created when the storage
#                         is formatted (KIP-900 `format --add-scram`); add later ones with `add-user`
#   KAFKA_USER_PASSWORD   the password `add-user <name>` sets (else it is read from stdin)
# Names and passwords are limited to [A-Za-z0-9._~+-] (they pass through SCRAM's [name=..,password=..]).
# <data dir>/admin-client.properties is a Java client config for the admin (kafka-*.sh --command-config).
# The broker version is the kafka.version property in pom.xml next to this script.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
POM="$SCRIPT_DIR/pom.xml"
TEMPLATE="$SCRIPT_DIR/server.properties.template"

KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
KAFKA_HEAP="${KAFKA_HEAP:-512m}"
KAFKA_START_TIMEOUT="${KAFKA_START_TIMEOUT:-120}"
KAFKA_STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-30}"
KAFKA_LOG_LINES="${KAFKA_LOG_LINES:-100}"
KAFKA_SECURITY="${KAFKA_SECURITY:-plaintext}"
KAFKA_ADMIN_USER="${KAFKA_ADMIN_USER:-admin}"
KAFKA_SCRAM_USERS="${KAFKA_SCRAM_USERS:-}"
DATA_DIR="${KAFKA_DATA_DIR:-$SCRIPT_DIR/.data}"
if [[ -d "$DATA_DIR" ]]; then
  DATA_DIR="$(cd "$DATA_DIR" && pwd)"
elif [[ "$DATA_DIR" != /* ]]; then
  DATA_DIR="$PWD/$DATA_DIR"
fi

CONFIG="$DATA_DIR/server.properties"
PID_FILE="$DATA_DIR/broker.pid"
LOG_FILE="$DATA_DIR/broker.log"
STATE_FILE="$DATA_DIR/broker.state"
CLUSTER_ID_FILE="$DATA_DIR/cluster.id"
SECURITY_FILE="$DATA_DIR/security"             # the profile the storage was formatted for
ADMIN_PASSWORD_FILE="$DATA_DIR/admin.password"
ADMIN_CLIENT_CONFIG="$DATA_DIR/admin-client.properties"
LOG_DIRS="$DATA_DIR/kraft-logs"

READY_PATTERN='Kafka Server started'

log() { printf 'kafka.sh: %s\n' "$*"; }
err() { printf 'kafka.sh: ERROR: %s\n' "$*" >&2; }
die() { err "$*"; exit 1; }

# ---------------------------------------------------------------- version / cache

kafka_version() {
  local v
  v="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$POM" | head -n1)"
  [[ -n "$v" ]] || die "cannot read <kafka.version> from $POM"
  printf '%s' "$v"
}
KAFKA_VERSION="$(kafka_version)"
LIB_DIR="$SCRIPT_DIR/.lib/$KAFKA_VERSION"
LIB_MARKER="$LIB_DIR/.complete"

cache_complete() {
  [[ -f "$LIB_MARKER" && -f "$LIB_DIR/kafka_2.13-$KAFKA_VERSION.jar" \
    && -f "$LIB_DIR/kafka-clients-$KAFKA_VERSION.jar" ]] && compgen -G "$LIB_DIR/slf4j-simple-*.jar" >/dev/null
}

fetch_jars() {
  if cache_complete; then
    return 0
  fi
  command -v mvn >/dev/null 2>&1 \
    || die "Kafka $KAFKA_VERSION jars are not cached in $LIB_DIR and Maven (mvn) is not installed. Install Maven 3.8+ (Debian/Ubuntu: apt-get install maven; macOS: brew install maven) and run start again."
  log "fetching Kafka $KAFKA_VERSION jars with Maven into $LIB_DIR (first run only)..."
  rm -rf -- "$LIB_DIR"
  local out
  if ! out="$(mvn -q -B -Dstyle.color=never -f "$POM" dependency:copy-dependencies 2>&1)"; then
    printf '%s\n' "$out" | sed $'s/\e\\[[0-9;]*m//g' >&2
    rm -rf -- "$LIB_DIR"
    die "Maven could not fetch org.apache.kafka:kafka_2.13:$KAFKA_VERSION (see the output above)."
  fi
  [[ -f "$LIB_DIR/kafka_2.13-$KAFKA_VERSION.jar" ]] \
    || die "Maven finished but $LIB_DIR/kafka_2.13-$KAFKA_VERSION.jar is missing."
  date -u +%Y-%m-%dT%H:%M:%SZ >"$LIB_MARKER"
  log "cached $(find "$LIB_DIR" -maxdepth 1 -name '*.jar' | wc -l) jars."
}

# ---------------------------------------------------------------- java

JAVA_BIN=""
JDK_HELP="Install a JDK 17 or newer (Debian/Ubuntu: apt-get install openjdk-17-jdk-headless; macOS: brew install openjdk@17; or Eclipse Temurin 17+), then put its bin/ on PATH or set JAVA_HOME to it."

find_java() {
  if [[ -n "${JAVA_HOME:-}" ]]; then
    if [[ -x "$JAVA_HOME/bin/java" ]]; then
      JAVA_BIN="$JAVA_HOME/bin/java"
    else
      printf "kafka.sh: WARNING: JAVA_HOME is set to '%s' but %s/bin/java does not exist; trying java on PATH.\n" "$JAVA_HOME" "$JAVA_HOME" >&2
    fi
  fi
  if [[ -z "$JAVA_BIN" ]]; then
    JAVA_BIN="$(command -v java 2>/dev/null || true)"
  fi
  [[ -n "$JAVA_BIN" ]] || die "no Java found (JAVA_HOME='${JAVA_HOME:-}' and no java on PATH). Kafka $KAFKA_VERSION needs Java 17+. $JDK_HELP"

  local line major
  line="$("$JAVA_BIN" -version 2>&1 | head -n1 || true)"
  major="$(printf '%s' "$line" | sed -n 's/.*version "\([0-9][0-9]*\)\(\.\([0-9][0-9]*\)\)\{0,1\}.*/\1 \3/p')"
  # "1.8.0_x" style means major 8.
  if [[ "$major" == 1\ * ]]; then major="${major#1 }"; else major="${major%% *}"; fi
  [[ "$major" =~ ^[0-9]+$ ]] || die "cannot tell the version of $JAVA_BIN (it printed: '$line'). $JDK_HELP"
  ((major >= 17)) || die "$JAVA_BIN is Java $major; Kafka $KAFKA_VERSION needs Java 17+. $JDK_HELP"
}

# ---------------------------------------------------------------- processes / ports

# True if $1 is a live process running kafka.Kafka with our config file.
is_our_broker() {
  local pid="$1" cmd
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  [[ -r "/proc/$pid/cmdline" ]] || { kill -0 "$pid" 2>/dev/null || return 1; return 0; }
  cmd="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)"
  [[ "$cmd" == *kafka.Kafka*"$CONFIG"* ]]
}

# Prints the pid of our running broker (pid file, else a scan of /proc); returns 1 if none.
running_pid() {
  local pid=""
  if [[ -f "$PID_FILE" ]]; then
    pid="$(tr -dc '0-9' <"$PID_FILE" || true)"
    if is_our_broker "$pid"; then printf '%s' "$pid"; return 0; fi
    rm -f -- "$PID_FILE"   # stale
  fi
  # No (valid) pid file: look for a broker started with our config (e.g. pid file deleted by hand).
  if [[ -d /proc ]]; then
    local f
    while IFS= read -r f; do
      pid="${f#/proc/}"; pid="${pid%/cmdline}"
      if is_our_broker "$pid"; then
        if [[ -d "$DATA_DIR" ]]; then printf '%s\n' "$pid" >"$PID_FILE"; fi
        printf '%s' "$pid"
        return 0
      fi
    done < <(grep -laF -- "$CONFIG" /proc/[0-9]*/cmdline 2>/dev/null || true)
  fi
  return 1
}

# Succeeds if something accepts TCP connections on 127.0.0.1:$1.
port_open() {
  timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
}

# Describes what listens on TCP port $1 (any address); prints nothing if free.
port_holder() {
  local port="$1" out=""
  if command -v ss >/dev/null 2>&1; then
    out="$(ss -Hltnp "sport = :$port" 2>/dev/null || true)"
    if [[ -n "$out" ]]; then
      local procs addrs
      procs="$(printf '%s\n' "$out" | grep -o '"[^"]*",pid=[0-9]*' \
        | sed 's/^"\(.*\)",pid=\([0-9]*\)$/\1 (pid \2)/' | sort -u | paste -sd, - | sed 's/,/, /g' || true)"
      addrs="$(printf '%s\n' "$out" | awk '{print $4}' | sort -u | paste -sd, - | sed 's/,/, /g' || true)"
      printf '%s listening on %s' "${procs:-a process this user cannot see}" "$addrs"
      return 0
    fi
  fi
  if command -v lsof >/dev/null 2>&1; then
    out="$(lsof -nP -iTCP:"$port" -sTCP:LISTEN 2>/dev/null | awk 'NR>1 {print $1" pid="$2}' | sort -u | tr '\n' ' ' || true)"
    if [[ -n "$out" ]]; then printf '%s' "$out"; return 0; fi
  fi
  if port_open "$port"; then
    printf 'an unknown process (install iproute2 for ss to see which)'
  fi
}

check_ports_free() {
  local p holder bad=0
  for p in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"; do
    holder="$(port_holder "$p")"
    if [[ -n "$holder" ]]; then
      err "port $p is already in use by $holder; Kafka needs it (KAFKA_PORT=$KAFKA_PORT, KAFKA_CONTROLLER_PORT=$KAFKA_CONTROLLER_PORT). Stop that process or choose other ports with KAFKA_PORT / KAFKA_CONTROLLER_PORT."
      bad=1
    fi
  done
  ((bad == 0)) || exit 1
}

# ---------------------------------------------------------------- config / storage

sed_escape() { printf '%s' "$1" | sed -e 's/[\\|&]/\\&/g'; }

SCRAM_TOKEN='^[A-Za-z0-9._~+-]+$'
SECURITY_TEMPLATE="$SCRIPT_DIR/security-$KAFKA_SECURITY.properties.template"
KAFKA_PROTOCOL=PLAINTEXT

# Checks the profile; for SASL it settles the admin password (env, else the one saved at format, else new).
check_security() {
  case "$KAFKA_SECURITY" in
    plaintext) KAFKA_PROTOCOL=PLAINTEXT ;;
    sasl) KAFKA_PROTOCOL=SASL_PLAINTEXT ;;
    *) die "KAFKA_SECURITY must be plaintext or sasl (got '$KAFKA_SECURITY')" ;;
  esac
  [[ -f "$SECURITY_TEMPLATE" ]] || die "template $SECURITY_TEMPLATE is missing"
  local formatted_for=""
  if [[ -f "$SECURITY_FILE" ]]; then
    formatted_for="$(<"$SECURITY_FILE")"
  elif [[ -f "$LOG_DIRS/meta.properties" ]]; then
    formatted_for=plaintext # formatted before the profiles existed
  fi
  if [[ -n "$formatted_for" && "$formatted_for" != "$KAFKA_SECURITY" ]]; then
    die "the storage in $DATA_DIR was formatted for KAFKA_SECURITY=$formatted_for, not $KAFKA_SECURITY. Use another KAFKA_DATA_DIR, or '$0 reset' it first."
  fi
  [[ "$KAFKA_SECURITY" == sasl ]] || return 0
  [[ "$KAFKA_ADMIN_USER" =~ $SCRAM_TOKEN ]] || die "KAFKA_ADMIN_USER must match $SCRAM_TOKEN"
  if [[ -s "$ADMIN_PASSWORD_FILE" ]]; then
    local saved
    saved="$(<"$ADMIN_PASSWORD_FILE")"
    [[ -z "${KAFKA_ADMIN_PASSWORD:-}" || "$KAFKA_ADMIN_PASSWORD" == "$saved" ]] \
      || die "KAFKA_ADMIN_PASSWORD differs from the one $DATA_DIR was formatted with ($ADMIN_PASSWORD_FILE)"
    KAFKA_ADMIN_PASSWORD="$saved"
  elif [[ -z "${KAFKA_ADMIN_PASSWORD:-}" ]]; then
    KAFKA_ADMIN_PASSWORD="$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32)"
  fi
  [[ "$KAFKA_ADMIN_PASSWORD" =~ $SCRAM_TOKEN ]] || die "KAFKA_ADMIN_PASSWORD must match $SCRAM_TOKEN"
}

render_config() {
  [[ -f "$TEMPLATE" ]] || die "template $TEMPLATE is missing"
  [[ "$KAFKA_PORT" =~ ^[0-9]+$ && "$KAFKA_CONTROLLER_PORT" =~ ^[0-9]+$ ]] \
    || die "KAFKA_PORT and KAFKA_CONTROLLER_PORT must be numbers"
  [[ "$KAFKA_PORT" != "$KAFKA_CONTROLLER_PORT" ]] || die "KAFKA_PORT and KAFKA_CONTROLLER_PORT must differ"
  mkdir -p -- "$LOG_DIRS"
  # The base template, then the security profile's; the SASL one holds the admin password, so the
  # rendered config is readable by this user only.
  (umask 077 && cat "$TEMPLATE" "$SECURITY_TEMPLATE" | sed \
      -e "s|@KAFKA_PORT@|$(sed_escape "$KAFKA_PORT")|g" \
      -e "s|@KAFKA_CONTROLLER_PORT@|$(sed_escape "$KAFKA_CONTROLLER_PORT")|g" \
      -e "s|@KAFKA_LOG_DIRS@|$(sed_escape "$LOG_DIRS")|g" \
      -e "s|@KAFKA_ADMIN_USER@|$(sed_escape "$KAFKA_ADMIN_USER")|g" \
      -e "s|@KAFKA_ADMIN_PASSWORD@|$(sed_escape "${KAFKA_ADMIN_PASSWORD:-}")|g" \
      >"$CONFIG.tmp")
  mv -f -- "$CONFIG.tmp" "$CONFIG"
  if [[ "$KAFKA_SECURITY" == sasl ]]; then
    (umask 077 && printf '%s\n' \
      'security.protocol=SASL_PLAINTEXT' \
      'sasl.mechanism=SCRAM-SHA-512' \
      "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"$KAFKA_ADMIN_USER\" password=\"$KAFKA_ADMIN_PASSWORD\";" \
      >"$ADMIN_CLIENT_CONFIG")
  fi
}

# Fills SCRAM_ARGS with the --add-scram arguments for the admin and KAFKA_SCRAM_USERS (format time only).
scram_format_args() {
  SCRAM_ARGS=()
  [[ "$KAFKA_SECURITY" == sasl ]] || return 0
  SCRAM_ARGS+=(--add-scram "SCRAM-SHA-512=[name=$KAFKA_ADMIN_USER,password=$KAFKA_ADMIN_PASSWORD]")
  local entry name password
  for entry in ${KAFKA_SCRAM_USERS//,/ }; do # word splitting intended
    name="${entry%%=*}"; password="${entry#*=}"
    [[ "$entry" == *=* && "$name" =~ $SCRAM_TOKEN && "$password" =~ $SCRAM_TOKEN ]] \
      || die "KAFKA_SCRAM_USERS entries must be name=password, both matching $SCRAM_TOKEN (got '$name=...')"
    SCRAM_ARGS+=(--add-scram "SCRAM-SHA-512=[name=$name,password=$password]")
  done
}

classpath() { printf '%s/*' "$LIB_DIR"; }

format_storage() {
  if [[ -f "$LOG_DIRS/meta.properties" ]]; then
    return 0
  fi
  local cid
  if [[ -s "$CLUSTER_ID_FILE" ]]; then
    cid="$(<"$CLUSTER_ID_FILE")"
  else
    cid="$("$JAVA_BIN" -cp "$(classpath)" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n1 | tr -d '[:space:]')"
    [[ -n "$cid" ]] || die "kafka.tools.StorageTool random-uuid printed no cluster id"
    printf '%s\n' "$cid" >"$CLUSTER_ID_FILE"
  fi
  local -a SCRAM_ARGS
  scram_format_args
  log "formatting KRaft storage in $LOG_DIRS (cluster id $cid, $KAFKA_SECURITY, $((${#SCRAM_ARGS[@]} / 2)) SCRAM users)..."
  local out
  if ! out="$("$JAVA_BIN" -Xmx256m -cp "$(classpath)" kafka.tools.StorageTool format \
        -t "$cid" -c "$CONFIG" --ignore-formatted "${SCRAM_ARGS[@]}" 2>&1)"; then
    printf '%s\n' "$out" | sed 's/password=[^],]*/password=***/g' >&2
    die "formatting KRaft storage failed"
  fi
  printf '%s\n' "$KAFKA_SECURITY" >"$SECURITY_FILE"
  if [[ "$KAFKA_SECURITY" == sasl ]]; then
    (umask 077 && printf '%s\n' "$KAFKA_ADMIN_PASSWORD" >"$ADMIN_PASSWORD_FILE")
  fi
}

# ---------------------------------------------------------------- commands

print_state() {
  local pid="$1" version="$KAFKA_VERSION" port="$KAFKA_PORT" cport="$KAFKA_CONTROLLER_PORT" protocol=PLAINTEXT
  if [[ -f "$STATE_FILE" ]]; then
    version="$(sed -n 's/^version=//p' "$STATE_FILE")"; version="${version:-$KAFKA_VERSION}"
    port="$(sed -n 's/^port=//p' "$STATE_FILE")"; port="${port:-$KAFKA_PORT}"
    cport="$(sed -n 's/^controller_port=//p' "$STATE_FILE")"; cport="${cport:-$KAFKA_CONTROLLER_PORT}"
    protocol="$(sed -n 's/^protocol=//p' "$STATE_FILE")"; protocol="${protocol:-PLAINTEXT}"
  fi
  printf 'status:     running\npid:        %s\nversion:    %s\nlistener:   %s://127.0.0.1:%s\ncontroller: CONTROLLER://127.0.0.1:%s\ndata dir:   %s\nlog:        %s\n' \
    "$pid" "$version" "$protocol" "$port" "$cport" "$DATA_DIR" "$LOG_FILE"
}

wait_ready() {
  local pid="$1" deadline=$((SECONDS + KAFKA_START_TIMEOUT))
  while ((SECONDS < deadline)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      err "the broker (pid $pid) exited during startup. Last lines of $LOG_FILE:"
      tail -n 40 "$LOG_FILE" >&2 || true
      rm -f -- "$PID_FILE"
      exit 1
    fi
    if grep -q "$READY_PATTERN" "$LOG_FILE" 2>/dev/null && port_open "$KAFKA_PORT"; then
      return 0
    fi
    sleep 0.5
  done
  err "the broker (pid $pid) was not ready on 127.0.0.1:$KAFKA_PORT after ${KAFKA_START_TIMEOUT}s (it is left running; see '$0 logs' or stop it). Last lines of $LOG_FILE:"
  tail -n 40 "$LOG_FILE" >&2 || true
  exit 1
}

cmd_start() {
  local pid
  if pid="$(running_pid)"; then
    log "broker already running (pid $pid) on 127.0.0.1:$(sed -n 's/^port=//p' "$STATE_FILE" 2>/dev/null || echo "$KAFKA_PORT")"
    return 0
  fi
  find_java
  check_security
  check_ports_free
  fetch_jars
  render_config
  format_storage

  if [[ -f "$LOG_FILE" ]]; then mv -f -- "$LOG_FILE" "$LOG_FILE.prev"; fi
  printf 'version=%s\nport=%s\ncontroller_port=%s\nprotocol=%s\njava=%s\n' \
    "$KAFKA_VERSION" "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT" "$KAFKA_PROTOCOL" "$JAVA_BIN" >"$STATE_FILE"
  rm -f -- "$PID_FILE"

  local -a jvm_opts=(
    "-Xms$KAFKA_HEAP" "-Xmx$KAFKA_HEAP"
    -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35
    -XX:+ExplicitGCInvokesConcurrent -XX:+ExitOnOutOfMemoryError
    -Djava.awt.headless=true
    -Dorg.slf4j.simpleLogger.showDateTime=true
    "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSS"
    -Dorg.slf4j.simpleLogger.defaultLogLevel=info
    -Dorg.slf4j.simpleLogger.log.org.apache.kafka.clients=warn
    -Dorg.slf4j.simpleLogger.log.org.apache.kafka.common.utils.AppInfoParser=warn
  )
  log "starting Kafka $KAFKA_VERSION on 127.0.0.1:$KAFKA_PORT (controller $KAFKA_CONTROLLER_PORT, heap $KAFKA_HEAP, data $DATA_DIR)..."
  # setsid: own session, so the broker outlives the calling shell / job; the child writes its own pid.
  # shellcheck disable=SC2016  # expanded by the child shell
  nohup setsid bash -c 'printf "%s\n" "$$" >"$1"; shift; exec "$@"' kafka-start "$PID_FILE" \
    "$JAVA_BIN" "${jvm_opts[@]}" -cp "$(classpath)" kafka.Kafka "$CONFIG" \
    >>"$LOG_FILE" 2>&1 </dev/null &
  local i
  for ((i = 0; i < 50; i++)); do
    [[ -s "$PID_FILE" ]] && break
    sleep 0.1
  done
  pid="$(tr -dc '0-9' <"$PID_FILE" 2>/dev/null || true)"
  [[ -n "$pid" ]] || { err "the broker did not start (no pid). Log:"; tail -n 40 "$LOG_FILE" >&2 || true; exit 1; }

  wait_ready "$pid"
  log "broker ready (pid $pid): bootstrap servers 127.0.0.1:$KAFKA_PORT"
  if [[ "$KAFKA_SECURITY" == sasl ]]; then
    log "security: SASL_PLAINTEXT with SCRAM-SHA-512 and ACLs (denied unless allowed); super user '$KAFKA_ADMIN_USER' (client config $ADMIN_CLIENT_CONFIG)"
  else
    log "security: PLAINTEXT without authentication or ACLs, on loopback: local development only (KAFKA_SECURITY=sasl for SCRAM and ACLs)"
  fi
}

# Creates or updates a SCRAM-SHA-512 user on the running SASL broker through the Java admin API
# (kafka.admin.ConfigCommand, the class behind kafka-configs.sh; kafkajs has no AlterUserScramCredentials).
cmd_add_user() {
  local name="${1:-}" password="${KAFKA_USER_PASSWORD:-}"
  [[ "$name" =~ $SCRAM_TOKEN ]] \
    || die "usage: $0 add-user <name> (name matching $SCRAM_TOKEN; password from KAFKA_USER_PASSWORD or stdin)"
  [[ "$KAFKA_SECURITY" == sasl ]] || die "add-user needs KAFKA_SECURITY=sasl"
  [[ -n "$password" ]] || IFS= read -r password || true
  [[ "$password" =~ $SCRAM_TOKEN ]] || die "the password must match $SCRAM_TOKEN"
  running_pid >/dev/null || die "the broker is not running (start it with KAFKA_SECURITY=sasl first)"
  [[ -f "$ADMIN_CLIENT_CONFIG" ]] || die "$ADMIN_CLIENT_CONFIG is missing (start the broker with KAFKA_SECURITY=sasl)"
  find_java
  local port config out
  port="$(sed -n 's/^port=//p' "$STATE_FILE" 2>/dev/null || echo "$KAFKA_PORT")"
  # The password goes through a file, not the command line (which ps shows to everyone).
  config="$(umask 077 && mktemp "$DATA_DIR/scram.XXXXXX")"
  printf 'SCRAM-SHA-512=password=%s\n' "$password" >"$config"
  if ! out="$("$JAVA_BIN" -Xmx128m -cp "$(classpath)" kafka.admin.ConfigCommand --bootstrap-server "127.0.0.1:$port" \
        --command-config "$ADMIN_CLIENT_CONFIG" --alter --entity-type users --entity-name "$name" \
        --add-config-file "$config" 2>&1)"; then
    rm -f -- "$config"
    printf '%s\n' "$out" >&2
    die "could not set the SCRAM credentials of '$name'"
  fi
  rm -f -- "$config"
  log "SCRAM-SHA-512 credentials set for user '$name'"
}

cmd_stop() {
  local pid
  if ! pid="$(running_pid)"; then
    rm -f -- "$PID_FILE"
    log "broker not running"
    return 0
  fi
  log "stopping broker (pid $pid)..."
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + KAFKA_STOP_TIMEOUT))
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    err "broker (pid $pid) still running after ${KAFKA_STOP_TIMEOUT}s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  fi
  rm -f -- "$PID_FILE"
  log "broker stopped"
}

cmd_status() {
  local pid
  if pid="$(running_pid)"; then
    print_state "$pid"
    if ! port_open "$(sed -n 's/^port=//p' "$STATE_FILE" 2>/dev/null || echo "$KAFKA_PORT")"; then
      printf 'warning:    the process is alive but its port does not accept connections (starting up or stuck?)\n'
    fi
    return 0
  fi
  printf 'status:     stopped\npid:        -\nversion:    %s\nlistener:   PLAINTEXT://127.0.0.1:%s (not listening)\ndata dir:   %s\n' \
    "$KAFKA_VERSION" "$KAFKA_PORT" "$DATA_DIR"
  return 3
}

cmd_logs() {
  if [[ -f "$LOG_FILE" ]]; then
    tail -n "$KAFKA_LOG_LINES" "$LOG_FILE"
  else
    log "no broker log yet ($LOG_FILE)"
  fi
}

cmd_reset() {
  cmd_stop
  case "$DATA_DIR" in
    "" | / | "$HOME" | "$SCRIPT_DIR") die "refusing to delete data dir '$DATA_DIR'" ;;
  esac
  rm -rf -- "$DATA_DIR"
  log "deleted $DATA_DIR"
}

usage() {
  cat <<EOF
Usage: $0 start|stop|status|logs|reset|add-user <name>
  start   fetch jars (first time), format storage (first time), start the broker, wait until ready
  stop    stop the broker (SIGTERM, SIGKILL after \$KAFKA_STOP_TIMEOUT s)
  status  running/stopped, pid, version, listener; exit 0 if running, 3 if not
  logs    last \$KAFKA_LOG_LINES lines of the broker log
  reset   stop and delete the data dir
  add-user <name>  (KAFKA_SECURITY=sasl) create or update a SCRAM-SHA-512 user on the running broker;
          the password comes from \$KAFKA_USER_PASSWORD or stdin
Env: KAFKA_SECURITY (plaintext|sasl) KAFKA_PORT (9092) KAFKA_CONTROLLER_PORT (9093)
     KAFKA_DATA_DIR (infra/kafka/.data) KAFKA_HEAP (512m) KAFKA_START_TIMEOUT (120) KAFKA_STOP_TIMEOUT (30)
     KAFKA_LOG_LINES (100) JAVA_HOME
     SASL only: KAFKA_ADMIN_USER (admin) KAFKA_ADMIN_PASSWORD (generated) KAFKA_SCRAM_USERS KAFKA_USER_PASSWORD
EOF
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  logs) cmd_logs ;;
  reset) cmd_reset ;;
  add-user) check_security; cmd_add_user "${2:-}" ;;
  -h | --help | help) usage ;;
  *) usage >&2; exit 2 ;;
esac
