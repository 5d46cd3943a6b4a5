#!/usr/bin/env bash
# Starts PostgreSQL on loopback (if it is not running) and creates one database
# and one login role per context, plus a test database. Idempotent.
#   postgres.sh up        start and provision (default)
#   postgres.sh restart   restart the cluster (used by outage tests)
#   postgres.sh psql ARGS psql as the postgres superuser
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/env.sh"

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
# several workers side by side. 100 (the default) is too few for that.
# A batch transaction that deadlocks with another is retried by the kernel;
# finding out after 100 ms instead of the default second keeps that cheap.
SERVER_OPTIONS="-c listen_addresses=$PGHOST_LOCAL -c max_connections=${PG_MAX_CONNECTIONS:-400} -c deadlock_timeout=100ms"

start() {
  read -r version name < <(cluster)
  if ! pg_isready -q -h "$PGHOST_LOCAL" -p "$PGPORT_LOCAL"; then
    log "starting PostgreSQL $version/$name on $PGHOST_LOCAL:$PGPORT_LOCAL"
    as_root pg_ctlcluster "$version" "$name" start -- -o "$SERVER_OPTIONS"
    wait_ready
  elif [ "$(superuser_psql -tA -c "'SHOW max_connections'")" -lt "${PG_MAX_CONNECTIONS:-400}" ]; then
    log "restarting PostgreSQL $version/$name with more connections"
    restart
  fi
  wait_ready
}

restart() {
  read -r version name < <(cluster)
  as_root pg_ctlcluster "$version" "$name" restart -m fast -- -o "$SERVER_OPTIONS"
  wait_ready
}

# One idempotent SQL script: a role and a database per context; PUBLIC loses
# CONNECT so a role reaches its own database only. batbern_test is the
# scratch database of the infrastructure tests.
provision_sql() {
  for db in $BATBERN_CONTEXTS test; do
    local role="batbern_$db" pw
    pw="$(batbern_dev_password "$role")"
    cat <<SQL
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', '$role', '$pw')
  WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$role') \\gexec
SELECT format('CREATE DATABASE %I OWNER %I', '$role', '$role')
  WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '$role') \\gexec
REVOKE CONNECT, TEMPORARY ON DATABASE $role FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE $role TO $role;
SQL
  done
}

provisioned() {
  local n
  n="$(superuser_psql -tA -c "\"SELECT count(*) FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba
        WHERE d.datname = r.rolname AND d.datname LIKE 'batbern\\_%'
          AND NOT has_database_privilege('public', d.oid, 'CONNECT')\"" 2>/dev/null)" || return 1
  [ "$n" = "$(echo $BATBERN_CONTEXTS test | wc -w)" ]
}

provision() {
  if provisioned; then return 0; fi
  log "provisioning PostgreSQL databases and roles"
  provision_sql | superuser_psql -d postgres >/dev/null
}

case "${1:-up}" in
  up) start; provision ;;
  start) start ;;
  restart) restart ;;
  psql) shift; superuser_psql "$@" ;;
  *) echo "usage: $0 [up|start|restart|psql ARGS]" >&2; exit 2 ;;
esac
