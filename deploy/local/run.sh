#!/usr/bin/env bash
# Runs the whole system on this machine: servers up, databases migrated,
# broker topology declared, then the workers in the foreground (Ctrl-C stops
# them gracefully).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
command -v swift >/dev/null || export PATH="/opt/swift/usr/bin:$PATH"

"$here/up.sh"
cd "$root"
swift build -c release --product batbern
bin="$(swift build -c release --show-bin-path)/batbern"
"$bin" migrate
# The deployment declares the broker topology (shared exchanges, every
# worker's queues and bindings) with the operators' user before any worker
# starts: workers' own users may not, and no event may find its queue missing.
"$bin" topology
if "$bin" help run >/dev/null 2>&1; then
  exec "$bin" run "$@"
fi
echo "[batbern] servers up and databases migrated; workers arrive with the messaging kernel" >&2
