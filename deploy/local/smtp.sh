#!/usr/bin/env bash
# A real SMTP server on loopback for the notifications worker: Debian's
# aiosmtpd, writing each mail it accepts to a Maildir. Idempotent.
#   smtp.sh up      start it if nothing listens on $BATBERN_SMTP_PORT (default)
#   smtp.sh stop    stop the one this script started
#   smtp.sh list    the mails received, newest last
# Read a mail: ls "$BATBERN_MAILDIR/new" and open a file; its parts are base64
# (python3 -c 'import email,sys; m=email.message_from_file(open(sys.argv[1])); print(m["Subject"]); print(m.get_payload()[0].get_payload(decode=True).decode())' FILE).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/env.sh"
# One pid file per port: a second sink (the tests start one) leaves the first alone.
pidfile="/run/batbern-smtp-$BATBERN_SMTP_PORT.pid"

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$BATBERN_SMTP_PORT") 2>/dev/null; }

start() {
  if listening; then return 0; fi
  # aiosmtpd's Maildir makes tmp/, new/ and cur/ only when the folder itself
  # does not exist yet; any other folder it cannot write into (500 to every mail).
  as_root mkdir -p "$BATBERN_MAILDIR/tmp" "$BATBERN_MAILDIR/new" "$BATBERN_MAILDIR/cur"
  log "starting the SMTP sink on 127.0.0.1:$BATBERN_SMTP_PORT (Maildir $BATBERN_MAILDIR)"
  # Debian's python3, where python3-aiosmtpd is.
  without_inherited_files as_root setsid /usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$BATBERN_SMTP_PORT" \
    -c aiosmtpd.handlers.Mailbox "$BATBERN_MAILDIR" </dev/null >/var/log/batbern-smtp.log 2>&1 &
  echo $! | as_root tee "$pidfile" >/dev/null
  for _ in $(seq 1 100); do
    listening && return 0
    sleep 0.1
  done
  log "the SMTP sink did not start; see /var/log/batbern-smtp.log"
  return 1
}

stop() {
  if [ -f "$pidfile" ]; then
    as_root kill "$(cat "$pidfile")" 2>/dev/null || true
    as_root rm -f "$pidfile"
  fi
}

case "${1:-up}" in
  up) start ;;
  stop) stop ;;
  list) ls -tr "$BATBERN_MAILDIR/new" ;;
  *) echo "usage: $0 [up|stop|list]" >&2; exit 2 ;;
esac
