#!/usr/bin/env bash
# Runs the whole system on this machine: servers up, broker topology declared,
# then `batbern run` in the foreground (Ctrl-C stops it gracefully).
# `batbern run` migrates every context's database as its owner role, then
# supervises one `batbern worker` process per context, connected as that
# context's worker role.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
command -v swift >/dev/null || export PATH="/opt/swift/usr/bin:$PATH"

"$here/up.sh"
cd "$root"
swift build -c release --product batbern
bin="$(swift build -c release --show-bin-path)/batbern"
# The deployment declares the broker topology (shared exchanges, every
# worker's queues and bindings) with the operators' user before any worker
# starts: workers' own users may not, and no event may find its queue missing.
"$bin" topology
exec "$bin" run "$@"
