#!/usr/bin/env bash
# A PostgreSQL pair on loopback for failover tests, apart from the main server
# (5432, which every other test uses and this never touches): a primary on
# 5442, provisioned as postgres.sh provisions the main server (same databases
# and roles), and a streaming standby on 5443 made with pg_basebackup -R that
# the primary waits for on every commit (synchronous replication), so a
# commit a worker saw survives losing the primary.
#
#   standby.sh up            create, start and provision the pair (default); idempotent.
#                            A pair that failed over is built again from nothing.
#   standby.sh down          stop both and remove the state directory
#   standby.sh status        each server: running or not, primary or standby, replication
#   standby.sh kill-primary  SIGKILL the primary (the postmaster with its children,
#                            as when its machine dies)
#   standby.sh promote       promote the standby; waits until it takes writes
#   standby.sh stop-standby | start-standby   the standby alone (a standby lost and back)
#   standby.sh sync on|off   the primary waits for the standby on commit, or not
#                            (off: what an operator does when the standby died)
#   standby.sh psql primary|standby ARGS   psql as the superuser
#
# Workers reach whichever server takes writes with libpq's multi-host URL:
#   postgresql://user:pw@127.0.0.1:5442,127.0.0.1:5443/db?target_session_attrs=read-write
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/postgres.sh" # env.sh, provision_sql and SERVER_OPTIONS (max_connections as the main server)

state="${BATBERN_STANDBY_DIR:-/var/lib/batbern-standby}"
primary_port="${BATBERN_STANDBY_PRIMARY_PORT:-5442}"
standby_port="${BATBERN_STANDBY_PORT:-5443}"
standby_name=batbern_standby
bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)"

datadir() { echo "$state/$1"; }
port_of() { if [ "$1" = primary ]; then echo "$primary_port"; else echo "$standby_port"; fi; }

as_postgres() { as_root runuser -u postgres -- "$@"; }

# psql as the superuser over the pair's own socket directory (peer
# authentication: no password anywhere).
server_psql() {
  local server="$1"
  shift
  as_postgres "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$state" -p "$(port_of "$server")" -d postgres "$@"
}

running() { as_postgres "$bin/pg_ctl" status -D "$(datadir "$1")" >/dev/null 2>&1; }
ready() { "$bin/pg_isready" -q -h "$PGHOST_LOCAL" -p "$(port_of "$1")"; }
in_recovery() { [ "$(server_psql "$1" -tA -c 'SELECT pg_is_in_recovery()')" = t ]; }

wait_for() { # wait_for WHAT COMMAND...: up to 30 s
  local what="$1"
  shift
  for _ in $(seq 1 120); do
    "$@" && return 0
    sleep 0.25
  done
  log "standby pair: $what did not happen within 30 s"
  return 1
}

# Per-server options on the command line, so the standby's copy of the
# primary's configuration files never carries the primary's port.
start_server() {
  local server="$1" dir
  dir="$(datadir "$server")"
  running "$server" && return 0
  log "starting the pair's $server on $PGHOST_LOCAL:$(port_of "$server")"
  without_inherited_files as_postgres "$bin/pg_ctl" start -w -t 60 -D "$dir" -l "$state/$server.log" \
    -o "$SERVER_OPTIONS -c port=$(port_of "$server") -c unix_socket_directories=$state" >/dev/null
  wait_for "$server ready" ready "$server"
}

create_primary() {
  local dir
  dir="$(datadir primary)"
  log "creating the pair's primary in $dir"
  as_root mkdir -p "$state"
  as_root chown postgres:postgres "$state"
  as_root chmod 700 "$state"
  as_postgres "$bin/initdb" --no-sync -D "$dir" -U postgres --encoding=UTF8 --locale=C.UTF-8 \
    --auth-local=peer --auth-host=scram-sha-256 >/dev/null
}

# synchronous_commit = on (the default, said here so nobody lowers it by
# accident): a commit returns once the standby has the WAL on disk. A
# promotion replays everything received, so that is enough for a commit to
# survive the primary; remote_apply would also wait for the replay, which
# only matters to reads on the standby, and workers never read there.
# synchronous_standby_names is set only after the base backup, so the
# standby's copy lacks it: promoted, it must not wait for a standby it does
# not have.
create_standby() {
  log "creating the pair's standby from a base backup of the primary"
  as_postgres "$bin/pg_basebackup" -D "$(datadir standby)" -R -X stream -c fast \
    -d "host=$state port=$primary_port user=postgres application_name=$standby_name"
  server_psql primary -c "ALTER SYSTEM SET synchronous_commit = 'on'" \
    -c "ALTER SYSTEM SET synchronous_standby_names = '$standby_name'" -c 'SELECT pg_reload_conf()' >/dev/null
}

synchronous() {
  [ "$(server_psql primary -tA -c "SELECT sync_state FROM pg_stat_replication WHERE application_name = '$standby_name'")" = sync ]
}

up() {
  # A promoted standby has lost its standby.signal: the old primary must not
  # come back beside it (two primaries), so the pair is built again.
  if [ -d "$(datadir standby)" ] && ! as_root test -f "$(datadir standby)/standby.signal"; then
    log "the pair failed over; building it again"
    down
  fi
  as_root test -f "$(datadir primary)/PG_VERSION" || create_primary
  start_server primary
  # A stopped standby first: the primary's commits (provisioning's too) wait for it.
  if as_root test -f "$(datadir standby)/PG_VERSION"; then start_server standby; fi
  log "provisioning the pair's databases and roles"
  provision_sql | server_psql primary -d postgres >/dev/null
  as_root test -f "$(datadir standby)/PG_VERSION" || create_standby
  start_server standby
  wait_for "synchronous streaming to the standby" synchronous
}

down() {
  for server in standby primary; do
    if running "$server"; then
      as_postgres "$bin/pg_ctl" stop -D "$(datadir "$server")" -m fast -w >/dev/null
    fi
  done
  kill_leftovers
  as_root rm -rf "$state"
  # A test that silenced the primary's port (SilentPrimaryFailoverTests) and
  # was killed before it let the packets through again.
  if command -v iptables >/dev/null; then
    for direction in --dport --sport; do
      while as_root iptables -D INPUT -p tcp "$direction" "$primary_port" -j DROP 2>/dev/null; do :; done
    done
  fi
}

# The postmaster's pid (first line of postmaster.pid), if it runs.
postmaster_pid() {
  local pid
  pid="$(as_root head -n1 "$(datadir "$1")/postmaster.pid" 2>/dev/null)" || return 1
  [ -n "$pid" ] && as_root kill -0 "$pid" 2>/dev/null && echo "$pid"
}

# The postmaster and its children in one kill: a postmaster killed alone
# leaves its backends running for a moment, and one finishing a commit then
# shows it to the others although the standby may never get it; a machine
# that dies takes everything at once.
kill_primary() {
  local pid children
  if ! pid="$(postmaster_pid primary)"; then
    log "the pair's primary is not running"
    return 0
  fi
  children="$(ps -o pid= --ppid "$pid" | tr '\n' ' ')"
  log "SIGKILL to the pair's primary (postmaster $pid and its children)"
  # shellcheck disable=SC2086
  as_root kill -KILL "$pid" $children
  wait_for "the primary's end" primary_gone "$pid"
}

primary_gone() { ! as_root kill -0 "$1" 2>/dev/null && ! ready primary; }

# Backends of a killed postmaster (down after kill-primary) by their parent's id.
kill_leftovers() {
  local pid
  pid="$(as_root head -n1 "$(datadir primary)/postmaster.pid" 2>/dev/null)" || return 0
  [ -n "$pid" ] || return 0
  for child in $(ps -o pid= --ppid "$pid"); do as_root kill -KILL "$child" 2>/dev/null || true; done
}

promote() {
  if ! as_root test -f "$(datadir standby)/standby.signal"; then
    log "the pair's standby is already promoted"
    return 0
  fi
  log "promoting the pair's standby on $PGHOST_LOCAL:$standby_port"
  as_postgres "$bin/pg_ctl" promote -w -t 60 -D "$(datadir standby)" >/dev/null
  wait_for "the standby taking writes" taking_writes
}

taking_writes() { ! in_recovery standby; }

set_sync() {
  local names
  case "${1:-}" in
    on) names="$standby_name" ;;
    off) names="" ;;
    *) echo "usage: $0 sync on|off" >&2; exit 2 ;;
  esac
  server_psql primary -c "ALTER SYSTEM SET synchronous_standby_names = '$names'" -c 'SELECT pg_reload_conf()' >/dev/null
  log "the pair's primary now waits for: ${names:-no standby}"
}

status() {
  for server in primary standby; do
    if ! running "$server"; then
      echo "$server 127.0.0.1:$(port_of "$server") stopped"
    elif in_recovery "$server"; then
      echo "$server 127.0.0.1:$(port_of "$server") running, standby ($(server_psql "$server" -tA -c \
        "SELECT coalesce((SELECT status FROM pg_stat_wal_receiver), 'not streaming')"))"
    else
      echo "$server 127.0.0.1:$(port_of "$server") running, takes writes ($(server_psql "$server" -tA -c \
        "SELECT coalesce((SELECT string_agg(application_name || ' ' || sync_state, ', ') FROM pg_stat_replication), 'no standby')"))"
    fi
  done
}

case "${1:-up}" in
  up) up ;;
  down) down ;;
  status) status ;;
  kill-primary) kill_primary ;;
  promote) promote ;;
  stop-standby) if running standby; then as_postgres "$bin/pg_ctl" stop -D "$(datadir standby)" -m fast -w >/dev/null; fi ;;
  start-standby) start_server standby ;;
  sync) set_sync "${2:-}" ;;
  psql) shift; server="${1:-primary}"; shift || true; server_psql "$server" "$@" ;;
  *) echo "usage: $0 [up|down|status|kill-primary|promote|stop-standby|start-standby|sync on|off|psql primary|standby ARGS]" >&2; exit 2 ;;
esac
