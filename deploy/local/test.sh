#!/usr/bin/env bash
# The test command: servers up, then every test against them.
#
# Tests that restart a server (suites named *Outage*) run on their own after
# the others, one at a time, so a restart never breaks an unrelated test;
# then those that kill a PostgreSQL primary (*Failover*: standby.sh's pair,
# removed afterwards, also when they fail); then the Cluster suites, one at a
# time, on the three-node RabbitMQ cluster of cluster.sh (their fixture
# starts it), which is removed afterwards.
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
swift test --skip-build --skip Outage --skip Failover --skip Cluster "$@"
# The vhosts the system tests made would slow every broker restart down.
"$here/rabbitmq.sh" clean-test-vhosts
# The cluster boots (about a minute on two cores) while the Outage suites
# run: they restart only the single node.
"$here/cluster.sh" up >/tmp/batbern-cluster-up.log 2>&1 &
cluster_up=$!
swift test --skip-build --filter Outage --no-parallel "$@"
failover_status=0
swift test --skip-build --filter Failover --skip Cluster --no-parallel "$@" || failover_status=$?
"$here/standby.sh" down
[ "$failover_status" -eq 0 ]
wait "$cluster_up" || { cat /tmp/batbern-cluster-up.log >&2; exit 1; }
outages=$(date +%s)
cluster_status=0
swift test --skip-build --filter Cluster --no-parallel "$@" || cluster_status=$?
"$here/cluster.sh" down
done_at=$(date +%s)
printf '[batbern] servers %ss, build %ss, tests %ss (cluster phase %ss)\n' \
  $((servers - start)) $((built - servers)) $((done_at - built)) $((done_at - outages)) >&2
exit "$cluster_status"
