#!/usr/bin/env bash
# Brings the local servers up from nothing: installs what is missing, starts
# RabbitMQ, PostgreSQL and an SMTP sink on loopback, creates vhost, users,
# databases, roles.
# Idempotent; a second run changes nothing and takes about a second.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$here/install.sh"
"$here/postgres.sh" up
"$here/rabbitmq.sh" up
"$here/smtp.sh" up
