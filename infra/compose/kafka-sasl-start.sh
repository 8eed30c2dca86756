#!/usr/bin/env bash
# The kafka service of docker-compose.yml: Apache Kafka (the apache/kafka image) with SASL/SCRAM-SHA-512
# and ACLs, SCRAM users created when the storage is formatted. Mounted read-only at
# /opt/dxhub/kafka-sasl-start.sh and run as the container's command.
#
# Why not the image's own start-up (/etc/kafka/docker/run -> configure -> launch): `launch` formats the
# storage with `kafka-storage.sh format --cluster-id=$CLUSTER_ID` and offers no way to pass
# `--add-scram`, and `configure` wants a JAAS file in KAFKA_OPTS for any SASL listener. SCRAM users
# must exist before the broker can log in to its own inter-broker listener, so they have to be written
# at format time (KIP-900). This script therefore does the three steps itself, with nothing but the
# distribution's bin/kafka-storage.sh and bin/kafka-server-start.sh:
#   1. render <config dir>/dxhub-server.properties from the KAFKA_* environment, with the image's
#      naming rule (strip KAFKA_, '___' -> '-', '__' -> '_', '_' -> '.', lower case) minus the
#      launcher's own variables (KAFKA_*_OPTS, KAFKA_JMX_*, KAFKA_LOG4J_*, KAFKA_DEBUG, KAFKA_HOME),
#      plus the listeners' JAAS lines (the admin's password is in them, so the file is mode 600);
#   2. format the storage once (--ignore-formatted) with --add-scram for the admin and SCRAM_USERS;
#   3. exec kafka-server-start.sh (the JVM is PID 1 and gets SIGTERM).
# It refuses to start a broker that would not be the production profile: a client listener that is not
# SASL, no StandardAuthorizer, allow.everyone.if.no.acl.found other than false, the admin not a super
# user, User:ANONYMOUS a super user while the controller listener is reachable from outside the
# container, or a password that is a placeholder or shorter than 16 characters.
#
# Input (besides the KAFKA_* broker properties and CLUSTER_ID):
#   SCRAM_ADMIN_USER      the super user; the broker logs in to its inter-broker listener as it (admin)
#   SCRAM_ADMIN_PASSWORD  its password
#   SCRAM_USERS           "name=password name=password ...": the other SCRAM-SHA-512 users (svc-*, agency-*)
#   DXHUB_KAFKA_CONFIG_DIR  where the rendered files go (default /opt/kafka/config, writable in the image)
#   DXHUB_KAFKA_HOME      the Kafka distribution whose bin/ is used (default /opt/kafka, the image's)
# Names and passwords are limited to [A-Za-z0-9._~+-] (they pass through SCRAM's [name=..,password=..]).
#
# Users and passwords are written once, when the volume is new. Changing one in .env later changes
# nothing on the broker: use `add-user` below (it also updates), or `docker compose down -v` to start over.
#
# Usage (inside the container):
#   kafka-sasl-start.sh                 render, format if new, start the broker
#   kafka-sasl-start.sh render          render only and print the config with passwords masked (no Java)
#   kafka-sasl-start.sh add-user NAME   create or update SCRAM user NAME on the running broker; the
#                                       password is read from stdin (docker compose exec -T kafka ...)
set -euo pipefail

KAFKA_HOME_DIR="${DXHUB_KAFKA_HOME:-/opt/kafka}"   # the image's; overridable to try the script outside it
CONFIG_DIR="${DXHUB_KAFKA_CONFIG_DIR:-/opt/kafka/config}"
CONFIG="$CONFIG_DIR/dxhub-server.properties"
ADMIN_CLIENT_CONFIG="$CONFIG_DIR/dxhub-admin-client.properties"
SCRAM_TOKEN='^[A-Za-z0-9._~+-]+$'
MIN_PASSWORD_LENGTH=16

log() { printf 'kafka-sasl-start: %s\n' "$*"; }
die() { printf 'kafka-sasl-start: ERROR: %s\n' "$*" >&2; exit 1; }

check_password() { # name password
  [[ "$2" =~ $SCRAM_TOKEN ]] || die "the password of '$1' must match $SCRAM_TOKEN"
  [[ "$2" != *REPLACE_ME* ]] || die "the password of '$1' is still the placeholder from .env.example; set a real one in .env"
  ((${#2} >= MIN_PASSWORD_LENGTH)) || die "the password of '$1' is shorter than $MIN_PASSWORD_LENGTH characters"
}

# KAFKA_FOO_BAR -> foo.bar, KAFKA_FOO__BAR -> foo_bar, KAFKA_FOO___BAR -> foo-bar (the image's rule).
property_name() {
  local n="${1#KAFKA_}"
  # An environment variable name has only [A-Z0-9_], so '-' and '%' cannot clash with it.
  n="${n//___/-}"; n="${n//__/%}"; n="${n//_/.}"; n="${n//%/_}"
  printf '%s' "${n,,}"
}

is_launcher_variable() {
  case "$1" in
    KAFKA_*_OPTS | KAFKA_OPTS | KAFKA_JMX_* | KAFKA_LOG4J_* | KAFKA_DEBUG | KAFKA_HOME) return 0 ;;
    *) return 1 ;;
  esac
}

declare -A PROPS=()

render() {
  SCRAM_ADMIN_USER="${SCRAM_ADMIN_USER:-admin}"
  [[ "$SCRAM_ADMIN_USER" =~ $SCRAM_TOKEN ]] || die "SCRAM_ADMIN_USER must match $SCRAM_TOKEN"
  [[ -n "${SCRAM_ADMIN_PASSWORD:-}" ]] || die "SCRAM_ADMIN_PASSWORD is not set (see .env.example)"
  check_password "$SCRAM_ADMIN_USER" "$SCRAM_ADMIN_PASSWORD"
  [[ -n "${CLUSTER_ID:-}" ]] || die "CLUSTER_ID is not set"

  local var
  while IFS= read -r var; do
    is_launcher_variable "$var" && continue
    PROPS["$(property_name "$var")"]="${!var}"
  done < <(compgen -e | grep '^KAFKA_' | sort)

  local key
  for key in process.roles node.id controller.quorum.voters controller.listener.names listeners \
    advertised.listeners listener.security.protocol.map inter.broker.listener.name log.dirs; do
    [[ -n "${PROPS[$key]:-}" ]] || die "the broker property $key is not set (KAFKA_$(printf '%s' "$key" | tr '.a-z' '_A-Z'))"
  done

  # The production profile, or no broker at all.
  [[ "${PROPS[sasl.enabled.mechanisms]:-}" == SCRAM-SHA-512 ]] || die "sasl.enabled.mechanisms must be SCRAM-SHA-512"
  [[ "${PROPS[sasl.mechanism.inter.broker.protocol]:-}" == SCRAM-SHA-512 ]] \
    || die "sasl.mechanism.inter.broker.protocol must be SCRAM-SHA-512"
  [[ "${PROPS[authorizer.class.name]:-}" == org.apache.kafka.metadata.authorizer.StandardAuthorizer ]] \
    || die "authorizer.class.name must be org.apache.kafka.metadata.authorizer.StandardAuthorizer"
  [[ "${PROPS[allow.everyone.if.no.acl.found]:-}" == false ]] || die "allow.everyone.if.no.acl.found must be false"
  local super=";${PROPS[super.users]:-};"
  [[ "$super" == *";User:$SCRAM_ADMIN_USER;"* ]] || die "super.users must include User:$SCRAM_ADMIN_USER"

  local controller="${PROPS[controller.listener.names]}" entry name protocol listener host
  for entry in ${PROPS[listener.security.protocol.map]//,/ }; do # word splitting intended
    name="${entry%%:*}"; protocol="${entry#*:}"
    if [[ ",$controller," == *",$name,"* ]]; then
      [[ "$protocol" == PLAINTEXT || "$protocol" == SSL ]] || die "the controller listener $name must be PLAINTEXT or SSL"
      if [[ "$protocol" == PLAINTEXT ]]; then
        # The broker registers with its own controller there as User:ANONYMOUS, which therefore has to be
        # a super user; acceptable only while nothing outside this container can reach that listener.
        [[ "$super" == *";User:ANONYMOUS;"* ]] \
          || die "with a PLAINTEXT controller listener, super.users must include User:ANONYMOUS (the broker's own registration)"
        for listener in ${PROPS[listeners]//,/ }; do
          [[ "$listener" == "$name://"* ]] || continue
          host="${listener#*://}"; host="${host%:*}"
          [[ "$host" == 127.0.0.1 || "$host" == localhost ]] \
            || die "the PLAINTEXT controller listener must bind to 127.0.0.1 (got $listener): User:ANONYMOUS is a super user"
        done
      fi
    else
      [[ "$protocol" == SASL_PLAINTEXT || "$protocol" == SASL_SSL ]] \
        || die "listener $name is $protocol; every client listener must be SASL_PLAINTEXT or SASL_SSL"
    fi
  done
  if [[ "$super" == *";User:ANONYMOUS;"* && "${PROPS[listener.security.protocol.map]}" != *":PLAINTEXT"* ]]; then
    die "User:ANONYMOUS is a super user but no listener is PLAINTEXT; drop it from super.users"
  fi

  # Each SASL listener needs a JAAS entry for SCRAM; the inter-broker one carries the admin's credentials
  # (the broker's own login), the others only enable the server side.
  local inter="${PROPS[inter.broker.listener.name]}" lname
  for entry in ${PROPS[listener.security.protocol.map]//,/ }; do
    name="${entry%%:*}"; protocol="${entry#*:}"
    [[ "$protocol" == SASL_* ]] || continue
    lname="${name,,}"
    if [[ "$name" == "$inter" ]]; then
      PROPS["listener.name.$lname.scram-sha-512.sasl.jaas.config"]="org.apache.kafka.common.security.scram.ScramLoginModule required username=\"$SCRAM_ADMIN_USER\" password=\"$SCRAM_ADMIN_PASSWORD\";"
    else
      PROPS["listener.name.$lname.scram-sha-512.sasl.jaas.config"]="org.apache.kafka.common.security.scram.ScramLoginModule required;"
    fi
  done

  mkdir -p -- "$CONFIG_DIR"
  (
    umask 077
    {
      printf '# Rendered by kafka-sasl-start.sh from the container environment; do not edit.\n'
      for key in $(printf '%s\n' "${!PROPS[@]}" | sort); do printf '%s=%s\n' "$key" "${PROPS[$key]}"; done
    } >"$CONFIG.tmp"
    mv -f -- "$CONFIG.tmp" "$CONFIG"
    printf '%s\n' \
      'security.protocol=SASL_PLAINTEXT' \
      'sasl.mechanism=SCRAM-SHA-512' \
      "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"$SCRAM_ADMIN_USER\" password=\"$SCRAM_ADMIN_PASSWORD\";" \
      >"$ADMIN_CLIENT_CONFIG"
  )
}

SCRAM_ARGS=()
scram_format_args() {
  SCRAM_ARGS=(--add-scram "SCRAM-SHA-512=[name=$SCRAM_ADMIN_USER,password=$SCRAM_ADMIN_PASSWORD]")
  local entry name password
  declare -A seen=(["$SCRAM_ADMIN_USER"]=1)
  for entry in ${SCRAM_USERS:-}; do # word splitting intended
    name="${entry%%=*}"; password="${entry#*=}"
    [[ "$entry" == *=* && "$name" =~ $SCRAM_TOKEN ]] \
      || die "SCRAM_USERS entries must be name=password, the name matching $SCRAM_TOKEN (got '$name=...')"
    [[ -z "${seen[$name]:-}" ]] || die "SCRAM_USERS names '$name' twice (or it is the admin)"
    seen[$name]=1
    check_password "$name" "$password"
    SCRAM_ARGS+=(--add-scram "SCRAM-SHA-512=[name=$name,password=$password]")
  done
}

start() {
  render
  scram_format_args
  local log_dir="${PROPS[log.dirs]%%,*}"
  if [[ -f "$log_dir/meta.properties" ]]; then
    log "storage in $log_dir is formatted already; SCRAM users are kept as they are (add-user changes them)"
  else
    log "formatting $log_dir (cluster id $CLUSTER_ID) with $((${#SCRAM_ARGS[@]} / 2)) SCRAM-SHA-512 users"
    local out
    if ! out="$("$KAFKA_HOME_DIR/bin/kafka-storage.sh" format -t "$CLUSTER_ID" -c "$CONFIG" --ignore-formatted \
          "${SCRAM_ARGS[@]}" 2>&1)"; then
      printf '%s\n' "$out" | sed 's/password=[^],]*/password=***/g' >&2
      die "formatting the storage failed"
    fi
  fi
  log "SASL_PLAINTEXT with SCRAM-SHA-512, StandardAuthorizer, deny when no ACL matches; super users ${PROPS[super.users]}"
  exec "$KAFKA_HOME_DIR/bin/kafka-server-start.sh" "$CONFIG"
}

add_user() {
  local name="${1:-}" password
  [[ "$name" =~ $SCRAM_TOKEN ]] || die "usage: $0 add-user <name> (the password on stdin)"
  [[ -f "$ADMIN_CLIENT_CONFIG" ]] || die "$ADMIN_CLIENT_CONFIG is missing; is the broker running in this container?"
  IFS= read -r password || true
  check_password "$name" "$password"
  SCRAM_FILE="$(umask 077 && mktemp "$CONFIG_DIR/scram.XXXXXX")"
  trap 'rm -f -- "$SCRAM_FILE"' EXIT
  # In a file, no brackets: SCRAM-SHA-512=password=<pw> (infra/kafka/README.md); it stays out of ps.
  printf 'SCRAM-SHA-512=password=%s\n' "$password" >"$SCRAM_FILE"
  local bootstrap="${DXHUB_KAFKA_BOOTSTRAP:-localhost:9092}"
  "$KAFKA_HOME_DIR/bin/kafka-configs.sh" --bootstrap-server "$bootstrap" --command-config "$ADMIN_CLIENT_CONFIG" \
    --alter --entity-type users --entity-name "$name" --add-config-file "$SCRAM_FILE" >/dev/null
  log "SCRAM-SHA-512 credentials set for user '$name'"
}

case "${1:-start}" in
  start) start ;;
  render)
    render
    scram_format_args
    sed 's/password="[^"]*"/password="***"/g' "$CONFIG"
    log "SCRAM users at format time: $(printf '%s\n' "${SCRAM_ARGS[@]}" | sed -n 's/.*\[name=\([^,]*\),.*/\1/p' | paste -sd' ' -)"
    ;;
  add-user) add_user "${2:-}" ;;
  *) die "usage: $0 [start|render|add-user <name>]" ;;
esac
