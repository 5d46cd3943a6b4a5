#!/usr/bin/env bash
# Starts RabbitMQ on loopback (if it is not running) and creates the batbern
# vhost, one user per worker and a test user. Idempotent.
#   rabbitmq.sh up        start and provision (default)
#   rabbitmq.sh ctl ARGS  run rabbitmqctl against the local node
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/env.sh"

ctl() { as_root rabbitmqctl -q "$@"; }

running() { as_root rabbitmq-diagnostics -q check_running >/dev/null 2>&1; }

wait_running() {
  for _ in $(seq 1 120); do
    running && return 0
    sleep 0.5
  done
  log "RabbitMQ did not start; see /var/log/rabbitmq/"
  return 1
}

# Every quorum queue keeps files open, and tests make hundreds of queues and
# connections: the usual 1024 descriptors run out (the broker then fails
# declarations with INTERNAL_ERROR). Ask for more when starting it.
FILE_LIMIT=65536

file_limit_of_running_node() {
  local pid
  pid="$(pgrep -u rabbitmq -f beam.smp | head -n1)" || return 1
  awk '/Max open files/ {print $4}' "/proc/$pid/limits"
}

start() {
  if running; then
    local limit
    limit="$(file_limit_of_running_node || echo "$FILE_LIMIT")"
    local wanted
    wanted="$(as_root sh -c "ulimit -Hn")"
    [ "$wanted" = unlimited ] || [ "$wanted" -gt "$FILE_LIMIT" ] && wanted="$FILE_LIMIT"
    if [ "$limit" = unlimited ] || [ "$limit" -ge "$wanted" ]; then return 0; fi
    log "restarting RabbitMQ for a higher file descriptor limit ($limit < $wanted)"
    ctl stop >/dev/null 2>&1 || true
    for _ in $(seq 1 60); do pgrep -u rabbitmq -f beam.smp >/dev/null || break; sleep 0.5; done
  fi
  # A node whose app was stopped (rabbitmqctl stop_app) only needs start_app.
  if as_root rabbitmq-diagnostics -q ping >/dev/null 2>&1; then
    ctl start_app
  else
    log "starting RabbitMQ ($RABBITMQ_NODENAME on $RABBITMQ_NODE_IP_ADDRESS:$RABBITMQ_NODE_PORT)"
    if command -v setpriv >/dev/null; then
      # setpriv keeps the raised limit; the package's su wrapper would reset it.
      as_root sh -c "ulimit -n $FILE_LIMIT 2>/dev/null || ulimit -n \$(ulimit -Hn); cd /var/lib/rabbitmq &&
        exec setpriv --reuid=rabbitmq --regid=rabbitmq --init-groups env HOME=/var/lib/rabbitmq rabbitmq-server -detached"
    else
      as_root rabbitmq-server -detached
    fi
  fi
  wait_running
}

ensure_user() { # name password
  if ! ctl list_users | awk '{print $1}' | grep -qx "$1"; then
    ctl add_user "$1" "$2" >/dev/null
  fi
}

# One line per user as list_permissions prints it; used to skip provisioning
# when everything is already in place (each rabbitmqctl call costs ~0.5 s).
expected_permissions() {
  for c in $BATBERN_CONTEXTS; do
    own="$c(\\..*)?"
    printf 'batbern-%s\t%s\t%s\t%s\n' "$c" \
      "^(batbern\\.(commands|events)|$own)\$" \
      "^(amq\\.default|batbern\\.(commands|events)|$own)\$" \
      "^(batbern\\.(commands|events)|$own)\$"
  done
  printf 'batbern-admin\t.*\t.*\t.*\n'
}

provisioned() {
  local have
  have="$(ctl list_permissions -p "$BATBERN_VHOST" 2>/dev/null | sort)" || return 1
  [ "$have" = "$( (printf 'user\tconfigure\twrite\tread\n'; expected_permissions) | sort)" ] &&
    ! ctl list_users | awk '{print $1}' | grep -qx guest
}

provision() {
  if provisioned; then return 0; fi
  log "provisioning RabbitMQ vhost $BATBERN_VHOST and users"
  ctl list_vhosts | grep -qx "$BATBERN_VHOST" || ctl add_vhost "$BATBERN_VHOST"
  # The guest user can only connect from loopback anyway; remove it so that no
  # well-known credential can reach the broker.
  if ctl list_users | awk '{print $1}' | grep -qx guest; then ctl delete_user guest; fi
  for c in $BATBERN_CONTEXTS; do
    user="batbern-$c"
    ensure_user "$user" "$(batbern_dev_password "$user")"
    # A worker may declare and read only its own queues (<context>, <context>.*)
    # and the two shared exchanges; it may write to those and the default
    # exchange (retry and replay go through it).
    own="$c(\\..*)?"
    ctl set_permissions -p "$BATBERN_VHOST" "$user" \
      "^(batbern\\.(commands|events)|$own)\$" \
      "^(amq\\.default|batbern\\.(commands|events)|$own)\$" \
      "^(batbern\\.(commands|events)|$own)\$" >/dev/null
  done
  # Operators' and tests' user: full rights on the batbern vhost only.
  ensure_user batbern-admin "$(batbern_dev_password batbern-admin)"
  ctl set_user_tags batbern-admin administrator >/dev/null
  ctl set_permissions -p "$BATBERN_VHOST" batbern-admin '.*' '.*' '.*' >/dev/null
}

# Removes the vhosts the system tests made (test-*), left from earlier runs.
clean_test_vhosts() {
  { ctl list_vhosts | grep '^test-' || true; } | while read -r vhost; do
    as_root timeout 30 rabbitmqctl -q delete_vhost "$vhost" </dev/null >/dev/null 2>&1 || log "could not delete vhost $vhost"
  done
}

case "${1:-up}" in
  up) start; provision ;;
  clean-test-vhosts) clean_test_vhosts ;;
  start) start ;;
  ctl) shift; ctl "$@" ;;
  *) echo "usage: $0 [up|start|clean-test-vhosts|ctl ARGS]" >&2; exit 2 ;;
esac
