#!/usr/bin/env bash
# Starts RabbitMQ on loopback (if it is not running) and creates the batbern
# vhost, one user per worker with the permissions of deploy/rabbitmq/
# definitions.json, and the operators' user. Idempotent.
#   rabbitmq.sh up                       start and provision (default)
#   rabbitmq.sh apply-definitions VHOST  the workers' permissions and the shared exchanges in VHOST
#   rabbitmq.sh ctl ARGS                 run rabbitmqctl against the local node
# Sourced (cluster.sh does), it only defines its functions; RABBITMQ_CTL_NODE
# then names the node that ctl, and so provision, talks to.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/env.sh"

ctl() { as_root rabbitmqctl -q ${RABBITMQ_CTL_NODE:+-n "$RABBITMQ_CTL_NODE"} "$@"; }

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

# The broker's own limit on a message's size, from the deployment's
# configuration: in conf.d for every start, and set in the running node (its
# channels opened from then on take it) when the file changed.
MAX_MESSAGE_SIZE="$(awk -F' *= *' '$1 == "max_message_size" {print $2}' "$here/../rabbitmq/rabbitmq.conf")"
LIMITS_FILE=/etc/rabbitmq/conf.d/20-batbern.conf

limits_file_changed() {
  local line="max_message_size = $MAX_MESSAGE_SIZE"
  [ "$(cat "$LIMITS_FILE" 2>/dev/null)" = "$line" ] && return 1
  as_root mkdir -p "$(dirname "$LIMITS_FILE")"
  printf '%s\n' "$line" | as_root tee "$LIMITS_FILE" >/dev/null
}

start() {
  local reconfigure=false
  limits_file_changed && reconfigure=true
  if running; then
    if $reconfigure; then ctl eval "application:set_env(rabbit, max_message_size, $MAX_MESSAGE_SIZE)." >/dev/null; fi
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
  if $reconfigure; then ctl eval "application:set_env(rabbit, max_message_size, $MAX_MESSAGE_SIZE)." >/dev/null; fi
}

# The worker users, their permissions and the shared exchanges come from
# deploy/rabbitmq/definitions.json, which `batbern topology definitions`
# derives from the code (a test keeps them equal).
DEFINITIONS="$here/../rabbitmq/definitions.json"

# Reads the definitions with python3: `users` prints the worker users' names;
# `import VHOST` prints what rabbitmqctl import_definitions needs for VHOST
# (permissions, topic permissions, exchanges; no users, no passwords);
# `expected VHOST` prints the permission lines list_permissions and
# list_topic_permissions print when they are in place.
definitions() {
  python3 - "$DEFINITIONS" "$@" <<'PY'
import json, sys
path, what = sys.argv[1], sys.argv[2]
with open(path) as f:
    definitions = json.load(f)
if what == "users":
    for user in definitions["users"]:
        print(user["name"])
    sys.exit()
vhost = sys.argv[3]
kinds = ("permissions", "topic_permissions", "exchanges")
scoped = {kind: [dict(entry, vhost=vhost) for entry in definitions.get(kind, [])] for kind in kinds}
if what == "import":
    print(json.dumps(scoped))
elif what == "expected":
    for p in scoped["permissions"]:
        print("\t".join([p["user"], p["configure"], p["write"], p["read"]]))
    for p in scoped["topic_permissions"]:
        print("\t".join([p["user"], p["exchange"], p["write"], p["read"]]))
PY
}

# Creates a user with its development password, read from standard input so
# that it never appears on a command line (rabbitmqctl add_user and
# change_password read it there when it is not an argument).
ensure_user() { # name
  if ! ctl list_users | awk '{print $1}' | grep -qx "$1"; then
    batbern_dev_password "$1" | ctl add_user "$1" >/dev/null
  fi
}

# Applies the definitions' permissions, topic permissions and exchanges to a
# vhost (the system tests apply them to vhosts of their own).
apply_definitions() { # vhost
  definitions import "$1" | ctl import_definitions >/dev/null
}

permissions_in() { # vhost
  { ctl list_permissions -p "$1" | tail -n +2; ctl list_topic_permissions -p "$1" | tail -n +2; } 2>/dev/null
}

# Whether everything is in place already (each rabbitmqctl call costs ~0.5 s).
provisioned() {
  local have
  have="$(permissions_in "$BATBERN_VHOST" | sort)" || return 1
  [ "$have" = "$(definitions expected "$BATBERN_VHOST" | sort)" ] &&
    ! ctl list_users | awk '{print $1}' | grep -qx guest
}

provision() {
  if provisioned; then return 0; fi
  log "provisioning RabbitMQ vhost $BATBERN_VHOST and users"
  ctl list_vhosts | grep -qx "$BATBERN_VHOST" || ctl add_vhost "$BATBERN_VHOST"
  # The guest user can only connect from loopback anyway; remove it so that no
  # well-known credential can reach the broker.
  if ctl list_users | awk '{print $1}' | grep -qx guest; then ctl delete_user guest; fi
  for user in $(definitions users); do ensure_user "$user"; done
  # Earlier set-ups gave workers other rights (the default exchange, the
  # shared exchanges' configure); the import replaces them user by user.
  # The operators' user (batbern-admin, also the tests') has full rights on
  # the batbern vhost only: the only user that may declare the shared
  # exchanges (batbern topology).
  apply_definitions "$BATBERN_VHOST"
  ctl set_user_tags batbern-admin administrator >/dev/null
}

# Removes the vhosts the system tests made (test-*), left from earlier runs.
# One call for all of them: a rabbitmqctl per vhost takes half a second, and
# every vhost left behind slows each broker restart (an outage test's) down.
clean_test_vhosts() {
  local deleted
  deleted="$(as_root timeout 120 rabbitmqctl -q eval '
    Vs = [V || V <- rabbit_vhost:list_names(), binary:longest_common_prefix([V, <<"test-">>]) =:= 5],
    [rabbit_vhost:delete(V, <<"batbern-tests">>) || V <- Vs],
    length(Vs).' </dev/null 2>&1)" || { log "could not delete the test vhosts: $deleted"; return 0; }
  [ "$deleted" = 0 ] || log "deleted $deleted test vhosts"
}

[ "${BASH_SOURCE[0]}" = "$0" ] || return 0

case "${1:-up}" in
  up) start; provision ;;
  apply-definitions) shift; apply_definitions "$1" ;;
  clean-test-vhosts) clean_test_vhosts ;;
  start) start ;;
  ctl) shift; ctl "$@" ;;
  *) echo "usage: $0 [up|start|apply-definitions VHOST|clean-test-vhosts|ctl ARGS]" >&2; exit 2 ;;
esac
