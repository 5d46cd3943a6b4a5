"""An SMTP server for the notifications tests: aiosmtpd (Debian's
python3-aiosmtpd) writing every accepted mail to a Maildir, with answers a
test can ask for.

    smtp_sink.py PORT MAILDIR [--reject TEXT] [--delay-first SECONDS]
                 [--close-after K] [--refuse-after K]

--reject TEXT        answer 550 to RCPT TO addresses containing TEXT
--delay-first S      keep the first mail's 250 back for S seconds (after it
                     is in the Maildir), so a test can act between the two
--close-after K      close a connection right after its K-th mail's 250, as
                     a server does at an idle timeout or a restart
--refuse-after K     answer 421 to a connection's MAIL FROM after K mails
                     and close it, as servers that limit mails per
                     connection do

Every session (a connection that said EHLO; the readiness probes never
do) and every QUIT is a line ("session", "quit") in MAILDIR/sink.log, so a
test can count connections. Prints "ready" once it listens;
stops on SIGTERM or SIGKILL.
"""
import argparse
import asyncio
import mailbox
import os
import signal
import sys

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, maildir, reject, delay_first, close_after, refuse_after):
        self.box = mailbox.Maildir(maildir, create=True)
        self.log_path = os.path.join(maildir, "sink.log")
        self.reject = reject
        self.delay_first = delay_first
        self.close_after = close_after
        self.refuse_after = refuse_after
        self.seen = 0

    def log(self, line):
        with open(self.log_path, "a") as log:
            log.write(line + "\n")

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        session.mails = 0
        self.log("session")
        return responses

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.refuse_after and getattr(session, "mails", 0) >= self.refuse_after:
            asyncio.get_running_loop().call_soon(server.transport.close)
            return "421 4.7.0 Too many mails on this connection, closing"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.reject and self.reject in address:
            return "550 5.1.1 <%s>: mailbox unavailable" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.box.add(envelope.original_content)
        self.seen += 1
        session.mails = getattr(session, "mails", 0) + 1
        if self.seen == 1 and self.delay_first:
            await asyncio.sleep(self.delay_first)
        if self.close_after and session.mails >= self.close_after:
            # Runs once the 250 below is written and the server waits to read.
            asyncio.get_running_loop().call_soon(server.transport.close)
        return "250 OK: queued"

    async def handle_QUIT(self, server, session, envelope):
        self.log("quit")
        return "221 Bye"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("maildir")
    parser.add_argument("--reject")
    parser.add_argument("--delay-first", type=float, default=0)
    parser.add_argument("--close-after", type=int, default=0)
    parser.add_argument("--refuse-after", type=int, default=0)
    args = parser.parse_args()
    sink = Sink(args.maildir, args.reject, args.delay_first, args.close_after, args.refuse_after)
    controller = Controller(sink, hostname="127.0.0.1", port=args.port)
    controller.start()
    print("ready", flush=True)
    signal.sigwait({signal.SIGTERM, signal.SIGINT})
    controller.stop()


if __name__ == "__main__":
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})
    main()
