"""A development mail server: accepts every mail on loopback and keeps it in a folder.

`python -m daikou_notifications.mailcatcher --port 8025 --http-port 8026 --dir var/mail` writes each
mail it receives to `var/mail/<n>-<recipient>.eml` (read them with any text editor or mail client)
and answers `GET /health` on the HTTP port with how many mails it holds. Tests use `MailCatcher`
directly; `refuse_with` makes it refuse mails with a reply such as `451 try later`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import signal
import threading
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

SAFE = re.compile(r"[^A-Za-z0-9@._-]")


class Mailbox:
    """The aiosmtpd handler: every accepted mail, in order (and in `folder` if given)."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder
        self.messages: list[EmailMessage] = []
        self.refuse_with: str | None = None
        self._lock = threading.Lock()
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        """Keep the mail (or refuse it while `refuse_with` is set)."""
        if self.refuse_with:
            return self.refuse_with
        content = bytes(envelope.content)
        message = message_from_bytes(content, policy=default)
        assert isinstance(message, EmailMessage)
        with self._lock:
            self.messages.append(message)
            number = len(self.messages)
        if self.folder is not None:
            recipient = SAFE.sub("_", ",".join(envelope.rcpt_tos))[:100]
            (self.folder / f"{number:05d}-{recipient}.eml").write_bytes(content)
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        """The mails sent to one address, in arrival order."""
        with self._lock:
            return [m for m in self.messages if m["To"] == address]


def text_of(message: EmailMessage) -> str:
    """A mail's plain-text body (its `text/plain` part when it has an HTML one too)."""
    part = message.get_body(("plain",))
    assert part is not None, "a mail without a plain-text part"
    return str(part.get_content())


def html_of(message: EmailMessage) -> str | None:
    """A mail's HTML body, if it has one."""
    part = message.get_body(("html",))
    return None if part is None else str(part.get_content())


class MailCatcher:
    """An SMTP server on loopback (its own thread), holding what it receives in a Mailbox."""

    def __init__(self, port: int = 0, folder: Path | None = None, host: str = "127.0.0.1") -> None:
        self.mailbox = Mailbox(folder)
        self.controller = Controller(self.mailbox, hostname=host, port=port)

    @property
    def port(self) -> int:
        """The port it listens on."""
        return int(self.controller.port)

    def start(self) -> MailCatcher:
        """Start listening."""
        self.controller.start()
        return self

    def stop(self) -> None:
        """Stop listening."""
        self.controller.stop()


async def _serve_health(mailbox: Mailbox, host: str, port: int) -> asyncio.Server:
    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readline()
        body = json.dumps({"status": "ok", "mails": len(mailbox.messages)}).encode()
        writer.write(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            + f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
            + body
        )
        await writer.drain()
        writer.close()

    return await asyncio.start_server(answer, host, port)


async def _run(args: argparse.Namespace, folder: Path) -> None:
    catcher = MailCatcher(args.port, folder, args.host).start()
    server = await _serve_health(catcher.mailbox, args.host, args.http_port)
    print(f"mail catcher: SMTP {args.host}:{args.port}, mails in {folder}", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    try:
        await stop.wait()
    finally:
        server.close()
        catcher.stop()


def main() -> None:
    """Run until SIGINT or SIGTERM."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8025)
    parser.add_argument("--http-port", type=int, default=8026)
    parser.add_argument("--dir", default="var/mail")
    args = parser.parse_args()
    asyncio.run(_run(args, Path(args.dir).resolve()))


if __name__ == "__main__":
    main()
