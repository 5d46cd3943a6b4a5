#!/usr/bin/env bash
# The test command: servers up, then every test against them.
#
# Tests that restart a server (suites named *Outage*) run on their own after
# the others, one at a time, so a restart never breaks an unrelated test;
# then those that kill one (*Failover*: standby.sh's PostgreSQL pair, removed
# afterwards, also when they fail).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
command -v swift >/dev/null || export PATH="/opt/swift/usr/bin:$PATH"

start=$(date +%s)
"$here/up.sh"
"$here/rabbitmq.sh" clean-test-vhosts
servers=$(date +%s)

cd "$root"
# Formatting as .swift-format says (fix with: swift format format -i -r Sources Tests Package.swift).
swift format lint --strict -r Sources Tests Package.swift
swift build --build-tests "$@"
built=$(date +%s)
swift test --skip-build --skip Outage --skip Failover "$@"
# The vhosts the system tests made would slow every broker restart down.
"$here/rabbitmq.sh" clean-test-vhosts
swift test --skip-build --filter Outage --no-parallel "$@"
failover=0
swift test --skip-build --filter Failover --no-parallel "$@" || failover=$?
"$here/standby.sh" down
[ "$failover" -eq 0 ]
done_at=$(date +%s)
printf '[batbern] servers %ss, build %ss, tests %ss\n' \
  $((servers - start)) $((built - servers)) $((done_at - built)) >&2
