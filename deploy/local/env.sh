# Shared settings for the local servers. Sourced by the other scripts in this
# folder; safe to source in a developer's shell too.
#
# Everything here points at loopback and uses development-only credentials.
# Production sets BATBERN_AMQP_URL and BATBERN_<CONTEXT>_DATABASE_URL itself.

BATBERN_CONTEXTS="companies partners events speakers attendees notifications"

# RabbitMQ: a node named after localhost so it starts even where the machine's
# hostname does not resolve; listening on loopback only.
export RABBITMQ_NODENAME="${RABBITMQ_NODENAME:-rabbit@localhost}"
export RABBITMQ_NODE_IP_ADDRESS="${RABBITMQ_NODE_IP_ADDRESS:-127.0.0.1}"
export RABBITMQ_NODE_PORT="${RABBITMQ_NODE_PORT:-5672}"
export ERL_EPMD_ADDRESS="${ERL_EPMD_ADDRESS:-127.0.0.1}"
export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="${RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS:--kernel inet_dist_use_interface {127,0,0,1}}"
BATBERN_VHOST="${BATBERN_VHOST:-batbern}"

PGHOST_LOCAL=127.0.0.1
PGPORT_LOCAL="${PGPORT_LOCAL:-5432}"

# Development-only secret for a role or broker user: derived from its name so
# that the CLI's defaults and these scripts agree without a secrets file.
batbern_dev_password() { printf '%s-dev-secret' "$1"; }

# Run a command as root: directly when we are root (CI), through sudo otherwise.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -E "$@"; fi
}

log() { printf '[batbern] %s\n' "$*" >&2; }

# Runs a command that starts the server with nothing open but standard input,
# output and error. The server would keep whatever it inherited for as long as
# it runs: a test runner's `flock /tmp/batbern-servers.lock` descriptor held by
# postgres blocks every other test run until the server is restarted.
without_inherited_files() {
  (
    for fd in /proc/$BASHPID/fd/*; do
      fd="${fd##*/}"
      if [ "$fd" -gt 2 ]; then eval "exec $fd>&-" 2>/dev/null || true; fi
    done
    "$@"
  )
}

# The SMTP sink (smtp.sh): every mail the notifications worker sends lands
# in this Maildir, one file per mail under new/.
BATBERN_SMTP_PORT="${BATBERN_SMTP_PORT:-2525}"
BATBERN_MAILDIR="${BATBERN_MAILDIR:-/var/lib/batbern/maildir}"
