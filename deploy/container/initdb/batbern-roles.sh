#!/bin/sh
# Runs once, when a database container initialises its data directory
# (mounted into /docker-entrypoint-initdb.d): the context's owner and worker
# roles and their rights, from deploy/postgres/context-roles.sql (mounted at
# /etc/batbern/context-roles.sql). psql reads names and passwords from the
# environment itself (\getenv): nothing on a command line, nothing
# interpolated by the shell.
#   BATBERN_CONTEXT           e.g. companies (POSTGRES_DB is batbern_<context>)
#   BATBERN_OWNER_PASSWORD    of batbern_<context>, which runs the migrations
#   BATBERN_WORKER_PASSWORD   of batbern_<context>_worker, which the worker uses
#   BATBERN_OPERATOR_PASSWORD optional: of batbern_operator, which `batbern trace`
#                             uses (kernel tables without message bodies)
set -eu
: "${BATBERN_CONTEXT:?}" "${BATBERN_OWNER_PASSWORD:?}" "${BATBERN_WORKER_PASSWORD:?}"
psql -X -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<'SQL'
\getenv context BATBERN_CONTEXT
\getenv owner_password BATBERN_OWNER_PASSWORD
\getenv worker_password BATBERN_WORKER_PASSWORD
\getenv operator_password BATBERN_OPERATOR_PASSWORD
\set owner batbern_ :context
\set worker batbern_ :context _worker
\i /etc/batbern/context-roles.sql
-- The server's other databases are the superuser's alone.
REVOKE CONNECT, TEMPORARY ON DATABASE postgres, template1 FROM PUBLIC;
SQL
