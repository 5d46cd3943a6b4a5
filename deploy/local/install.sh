#!/usr/bin/env bash
# Installs the Debian packages the project needs, only those that are missing.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/env.sh"

# The OTLP export test's receiver (Tests/python/otlp_receiver.py) decodes spans
# with PyPI's opentelemetry-proto (Debian has no package of it); only that test
# (built with `--traits OTLP`) needs it, so failing to install it is not fatal.
if ! python3 -c 'import opentelemetry.proto' 2>/dev/null; then
  log "installing opentelemetry-proto (pip)"
  python3 -m pip install -q --disable-pip-version-check opentelemetry-proto 2>/dev/null \
    || log "opentelemetry-proto not installed: TraceExportTests (built with --traits OTLP) cannot run"
fi

packages=(rabbitmq-server postgresql librabbitmq-dev libpq-dev pkg-config python3-pika libcurl4-openssl-dev python3-aiosmtpd iptables)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi
log "installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Package scripts must not start services in a container without an init system;
# our own scripts start the servers.
as_root apt-get update -qq
as_root apt-get install -y -qq "${missing[@]}" >/dev/null
