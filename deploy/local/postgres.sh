#!/usr/bin/env bash
# Starts PostgreSQL on loopback (if it is not running) and creates one database
# per context with two login roles, its owner (migrations) and its worker
# (rows only), plus a test database. Idempotent.
#   postgres.sh up        start and provision (default)
#   postgres.sh restart   restart the cluster (used by outage tests)
#   postgres.sh psql ARGS psql as the postgres superuser
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/env.sh"
roles_sql="$here/../postgres/context-roles.sql"

cluster() { # prints "<version> <name>" of the first cluster, creating one if none
  local line
  line="$(pg_lsclusters -h 2>/dev/null | head -n1)"
  if [ -z "$line" ]; then
    local v
    v="$(ls /usr/lib/postgresql | sort -V | tail -n1)"
    log "creating PostgreSQL $v cluster main"
    as_root pg_createcluster "$v" main >/dev/null
    line="$(pg_lsclusters -h | head -n1)"
  fi
  echo "$line" | awk '{print $1, $2}'
}

superuser_psql() { as_root su postgres -s /bin/sh -c "psql -X -q -v ON_ERROR_STOP=1 -p $PGPORT_LOCAL $*"; }

wait_ready() {
  for _ in $(seq 1 120); do
    pg_isready -q -h "$PGHOST_LOCAL" -p "$PGPORT_LOCAL" && return 0
    sleep 0.25
  done
  log "PostgreSQL did not start; see /var/log/postgresql/"
  return 1
}

# Each worker holds a connection per consumer lane, one for its relay, one
# for the relay's LISTEN and one for its timer scheduler; the system tests run
# several workers side by side (six contexts, several suites at once). 100
# (the default) is too few for that; 1000 leaves room for the test run's peak.
# A batch transaction that deadlocks with another is retried by the kernel;
# finding out after 100 ms instead of the default second keeps that cheap.
SERVER_OPTIONS="-c listen_addresses=$PGHOST_LOCAL -c max_connections=${PG_MAX_CONNECTIONS:-1000} -c deadlock_timeout=100ms"

start() {
  read -r version name < <(cluster)
  if ! pg_isready -q -h "$PGHOST_LOCAL" -p "$PGPORT_LOCAL"; then
    log "starting PostgreSQL $version/$name on $PGHOST_LOCAL:$PGPORT_LOCAL"
    without_inherited_files as_root pg_ctlcluster "$version" "$name" start -- -o "$SERVER_OPTIONS"
    wait_ready
  elif [ "$(superuser_psql -tA -c "'SHOW max_connections'")" -lt "${PG_MAX_CONNECTIONS:-1000}" ]; then
    log "restarting PostgreSQL $version/$name with more connections"
    restart
  fi
  wait_ready
}

restart() {
  read -r version name < <(cluster)
  without_inherited_files as_root pg_ctlcluster "$version" "$name" restart -m fast -- -o "$SERVER_OPTIONS"
  wait_ready
}

# One idempotent SQL script, read by psql from standard input (so no password
# is ever on a command line): per context a database with its owner and
# worker roles (deploy/postgres/context-roles.sql), batbern_test for the
# infrastructure tests (its role owns it and is alone in it), and no way into
# the maintenance databases for anyone but the superuser.
provision_sql() {
  local c db
  for c in $BATBERN_CONTEXTS; do
    db="batbern_$c"
    cat <<SQL
\\connect postgres
SELECT format('CREATE DATABASE %I', '$db')
  WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '$db') \\gexec
\\connect $db
\\set owner $db
\\set worker ${db}_worker
\\set owner_password $(batbern_dev_password "$db")
\\set worker_password $(batbern_dev_password "${db}_worker")
\\set operator_password $(batbern_dev_password batbern_operator)
SQL
    cat "$roles_sql"
  done
  cat <<SQL
\\connect postgres
SELECT format('CREATE ROLE batbern_test LOGIN PASSWORD %L', '$(batbern_dev_password batbern_test)')
  WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'batbern_test') \\gexec
SELECT 'CREATE DATABASE batbern_test OWNER batbern_test'
  WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'batbern_test') \\gexec
REVOKE ALL ON DATABASE batbern_test FROM PUBLIC;
REVOKE CONNECT, TEMPORARY ON DATABASE postgres, template1 FROM PUBLIC;
SQL
}

provision() {
  log "provisioning PostgreSQL databases and roles"
  provision_sql | superuser_psql -d postgres >/dev/null
}

# Sourced (standby.sh provisions its pair with provision_sql): functions only.
[ "${BASH_SOURCE[0]}" = "$0" ] || return 0

case "${1:-up}" in
  up) start; provision ;;
  start) start ;;
  restart) restart ;;
  psql) shift; superuser_psql "$@" ;;
  *) echo "usage: $0 [up|start|restart|psql ARGS]" >&2; exit 2 ;;
esac
