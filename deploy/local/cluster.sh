#!/usr/bin/env bash
# A three-node RabbitMQ cluster on loopback, beside the single node on 5672
# (which every other test uses and this never touches): for the Cluster tests
# and for trying failover by hand.
#   cluster.sh up           start the three nodes, join them, provision (default)
#   cluster.sh down         stop the nodes and remove their state
#   cluster.sh status       each node's state, the cluster's members, queue leaders
#   cluster.sh kill NODE    SIGKILL a node (1, 2, 3, c1 … or batbern-c1@localhost)
#   cluster.sh start NODE   start a killed or stopped node again (it rejoins)
#   cluster.sh members      the running members, as the first running node sees them
#   cluster.sh urls USER [VHOST]     the nodes' AMQP URLs for USER, comma-separated
#   cluster.sh leader QUEUE [VHOST]  the node (1, 2 or 3) leading a quorum queue
#   cluster.sh ctl ARGS     rabbitmqctl against the first running node
#
# Node N is batbern-cN@localhost: AMQP on 568N, Erlang distribution on
# 2568N, no management listener; its files are under $BATBERN_CLUSTER_DIR/cN.
# The nodes share the rabbitmq user's Erlang cookie, as the single node does.
# Queue leaders are placed with `queue_leader_locator = balanced` (RabbitMQ
# 3.10: on the node with the fewest leaders), so a topology declared through
# one node still spreads its quorum queues' leaders over all three.
# Each node runs one Erlang scheduler (+S 1:1): three nodes on two cores
# shared with builds. Idempotent: `up` on a running cluster changes nothing.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/rabbitmq.sh"

CLUSTER_DIR="${BATBERN_CLUSTER_DIR:-/var/lib/batbern/rabbitmq-cluster}"
NODES="1 2 3"

node_name() { printf 'batbern-c%s@localhost' "$1"; }
amqp_port() { printf '568%s' "$1"; }

# 1, c1 or batbern-c1@localhost: the node's number.
node_number() {
  local n="${1#batbern-}"
  n="${n%@localhost}"
  n="${n#c}"
  case "$n" in 1 | 2 | 3) printf '%s' "$n" ;; *) echo "no such node: $1 (1, 2 or 3)" >&2; exit 2 ;; esac
}

node_ctl() { # number ARGS
  local n="$1"
  shift
  as_root rabbitmqctl -q -n "$(node_name "$n")" "$@"
}

node_running() { as_root rabbitmq-diagnostics -q -n "$(node_name "$1")" check_running >/dev/null 2>&1; }

node_pid() {
  local file="$CLUSTER_DIR/c$1/pid" pid
  [ -f "$file" ] || return 1
  pid="$(cat "$file")"
  [ -n "$pid" ] && grep -q beam "/proc/$pid/comm" 2>/dev/null || return 1
  printf '%s' "$pid"
}

write_config() { # number
  local dir="$CLUSTER_DIR/c$1"
  as_root mkdir -p "$dir/mnesia" "$dir/log"
  as_root tee "$dir/rabbitmq.conf" >/dev/null <<EOF
listeners.tcp.default = 127.0.0.1:$(amqp_port "$1")
queue_leader_locator = balanced
max_message_size = $MAX_MESSAGE_SIZE
EOF
  printf '[].\n' | as_root tee "$CLUSTER_DIR/enabled_plugins" >/dev/null
  as_root chown -R rabbitmq:rabbitmq "$CLUSTER_DIR"
}

start_node() { # number
  local n="$1"
  node_running "$n" && return 0
  write_config "$n"
  local dir="$CLUSTER_DIR/c$n"
  log "starting $(node_name "$n") on 127.0.0.1:$(amqp_port "$n")"
  # As rabbitmq.sh starts the single node: setpriv keeps the raised file limit.
  without_inherited_files as_root env \
    RABBITMQ_NODENAME="$(node_name "$n")" \
    RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
    RABBITMQ_NODE_PORT="$(amqp_port "$n")" \
    RABBITMQ_DIST_PORT="2568$n" \
    RABBITMQ_CONFIG_FILE="$dir/rabbitmq.conf" \
    RABBITMQ_CONFIG_FILES="$dir/conf.d" \
    RABBITMQ_MNESIA_BASE="$dir/mnesia" \
    RABBITMQ_MNESIA_DIR="$dir/mnesia/node" \
    RABBITMQ_LOG_BASE="$dir/log" \
    RABBITMQ_PID_FILE="$dir/pid" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$CLUSTER_DIR/enabled_plugins" \
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1} +S 1:1 +A 4" \
    sh -c "ulimit -n $FILE_LIMIT 2>/dev/null || ulimit -n \$(ulimit -Hn); cd /var/lib/rabbitmq &&
      exec setpriv --reuid=rabbitmq --regid=rabbitmq --init-groups env HOME=/var/lib/rabbitmq \
        /usr/lib/rabbitmq/bin/rabbitmq-server -detached" >/dev/null
}

wait_node() { # number
  for _ in $(seq 1 120); do
    node_running "$1" && return 0
    sleep 0.5
  done
  log "$(node_name "$1") did not start; see $CLUSTER_DIR/c$1/log/"
  return 1
}

members_of() { # number: the running nodes the node sees in its cluster
  node_ctl "$1" eval 'rabbit_nodes:all_running().' 2>/dev/null | tr -d "[]' " | tr ',' '\n'
}

joined() { # number
  members_of "$1" | grep -qx "$(node_name 1)"
}

join() { # number
  local n="$1"
  joined "$n" && return 0
  log "joining $(node_name "$n") to $(node_name 1)"
  # join_cluster warns about tables of nodes not yet running: shown only
  # when a step fails.
  local output
  output="$(node_ctl "$n" stop_app 2>&1 && node_ctl "$n" join_cluster "$(node_name 1)" 2>&1 &&
    node_ctl "$n" start_app 2>&1)" || { printf '%s\n' "$output" >&2; return 1; }
}

up() {
  # All three start together: a member restarted after the others expects
  # them (it waits for its peers' Mnesia for a while before booting).
  for n in $NODES; do start_node "$n"; done
  for n in $NODES; do wait_node "$n"; done
  for n in 2 3; do join "$n"; done
  RABBITMQ_CTL_NODE="$(node_name 1)" provision
}

down() {
  for n in $NODES; do
    if node_running "$n"; then node_ctl "$n" stop >/dev/null 2>&1 || true; fi
    local pid
    if pid="$(node_pid "$n")"; then as_root kill -9 "$pid" 2>/dev/null || true; fi
  done
  as_root rm -rf "$CLUSTER_DIR"
}

kill_node() { # number
  local pid
  pid="$(node_pid "$1")" || { log "$(node_name "$1") is not running"; return 0; }
  log "SIGKILL $(node_name "$1") (pid $pid)"
  as_root kill -9 "$pid"
  for _ in $(seq 1 40); do
    [ -d "/proc/$pid" ] || return 0
    sleep 0.25
  done
}

start_again() { # number
  start_node "$1"
  wait_node "$1"
}

first_running() {
  for n in $NODES; do
    node_running "$n" && { printf '%s' "$n"; return 0; }
  done
  log "no node of the cluster is running"
  return 1
}

leader() { # queue vhost
  local n node
  n="$(first_running)"
  node="$(node_ctl "$n" list_queues -p "$2" --no-table-headers name leader 2>/dev/null | awk -v q="$1" '$1 == q {print $2}')"
  [ -n "$node" ] || { log "no queue $1 in vhost $2"; return 1; }
  node_number "$node"
  echo
}

urls() { # user vhost
  local list=""
  for n in $NODES; do
    list+="${list:+,}amqp://$1:$(batbern_dev_password "$1")@127.0.0.1:$(amqp_port "$n")/$2"
  done
  printf '%s\n' "$list"
}

status() {
  for n in $NODES; do
    if node_running "$n"; then
      printf '%s running, AMQP 127.0.0.1:%s, sees: %s\n' "$(node_name "$n")" "$(amqp_port "$n")" "$(members_of "$n" | tr '\n' ' ')"
    else
      printf '%s down\n' "$(node_name "$n")"
    fi
  done
  for n in $NODES; do
    node_running "$n" || continue
    node_ctl "$n" list_queues -p "$BATBERN_VHOST" name type leader messages
    break
  done
}

case "${1:-up}" in
  up) up ;;
  down) down ;;
  status) status ;;
  kill) kill_node "$(node_number "${2:?node}")" ;;
  start) start_again "$(node_number "${2:?node}")" ;;
  members) members_of "$(first_running)" ;;
  urls) urls "${2:?user}" "${3:-$BATBERN_VHOST}" ;;
  leader) leader "${2:?queue}" "${3:-$BATBERN_VHOST}" ;;
  ctl) shift; node_ctl "$(first_running)" "$@" ;;
  *) echo "usage: $0 [up|down|status|kill NODE|start NODE|members|urls USER [VHOST]|leader QUEUE [VHOST]|ctl ARGS]" >&2; exit 2 ;;
esac
