"""An SMTP server for the notifications tests: aiosmtpd (Debian's
python3-aiosmtpd) writing every accepted mail to a Maildir, with answers a
test can ask for.

    smtp_sink.py PORT MAILDIR [--reject TEXT] [--delay-first SECONDS]

--reject TEXT        answer 550 to RCPT TO addresses containing TEXT
--delay-first S      keep the first mail's 250 back for S seconds (after it
                     is in the Maildir), so a test can act between the two

Prints "ready" once it listens; stops on SIGTERM or SIGKILL.
"""
import argparse
import asyncio
import mailbox
import signal
import sys

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, maildir, reject, delay_first):
        self.box = mailbox.Maildir(maildir, create=True)
        self.reject = reject
        self.delay_first = delay_first
        self.seen = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.reject and self.reject in address:
            return "550 5.1.1 <%s>: mailbox unavailable" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.box.add(envelope.original_content)
        self.seen += 1
        if self.seen == 1 and self.delay_first:
            await asyncio.sleep(self.delay_first)
        return "250 OK: queued"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("maildir")
    parser.add_argument("--reject")
    parser.add_argument("--delay-first", type=float, default=0)
    args = parser.parse_args()
    controller = Controller(Sink(args.maildir, args.reject, args.delay_first), hostname="127.0.0.1", port=args.port)
    controller.start()
    print("ready", flush=True)
    signal.sigwait({signal.SIGTERM, signal.SIGINT})
    controller.stop()


if __name__ == "__main__":
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})
    main()
