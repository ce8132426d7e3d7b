"""A real SMTP server for the e-mail tests (aiosmtpd, pinned in .ci/run).

Usage: python3 smtp_sink.py DIRECTORY

Listens on a free port of 127.0.0.1, prints the port on the first line of its output, and writes
every message it accepts to DIRECTORY as NNNN.eml, decoded for the test to read: an
X-Envelope-To line with the envelope recipients, the From, To and Subject headers, a blank line
and the plain-text body. Stops when its standard input closes, so it ends with the test that
started it.
"""

import itertools
import pathlib
import socket
import sys
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller


class Keep:
    def __init__(self, directory):
        self.directory = pathlib.Path(directory)
        self.numbers = itertools.count(1)

    async def handle_DATA(self, server, session, envelope):
        path = self.directory / f"{next(self.numbers):04}.eml"
        partial = path.with_suffix(".part")
        message = message_from_bytes(envelope.original_content, policy=policy.default)
        body = message.get_body(preferencelist=("plain",)).get_content()
        text = (
            f"X-Envelope-To: {', '.join(envelope.rcpt_tos)}\n"
            f"From: {message['from']}\nTo: {message['to']}\nSubject: {message['subject']}\n\n"
            f"{body}"
        )
        partial.write_text(text, encoding="utf-8")
        # Renamed when complete, so the test never reads half a message.
        partial.rename(path)
        return "250 Message accepted"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main():
    port = free_port()
    controller = Controller(Keep(sys.argv[1]), hostname="127.0.0.1", port=port)
    controller.start()
    print(port, flush=True)
    sys.stdin.read()
    controller.stop()


if __name__ == "__main__":
    main()
