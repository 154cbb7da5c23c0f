"""Sending mail over SMTP (aiosmtplib); a refusal is permanent (5xx) or worth a retry."""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid

import aiosmtplib

PERMANENT_FROM = 500


class DeliveryError(Exception):
    """The mail was not accepted; `permanent` says whether trying again can help."""

    def __init__(self, reason: str, *, permanent: bool) -> None:
        super().__init__(reason)
        self.permanent = permanent


@dataclass(frozen=True)
class SmtpConfig:
    """Where and how to connect."""

    host: str
    port: int
    tls: bool = False
    starttls: bool = False
    username: str = ""
    password: str = ""
    timeout_s: float = 10.0
    sender: str = "Daikou <no-reply@daikou.example>"


def compose(
    config: SmtpConfig, recipient: str, subject: str, body: str, html: str | None = None
) -> EmailMessage:
    """A UTF-8 e-mail: plain text, and `multipart/alternative` with the HTML part when given."""
    message = EmailMessage()
    message["From"] = config.sender
    message["To"] = recipient
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="daikou.example")
    message.set_content(body)
    if html:
        message.add_alternative(html, subtype="html")
    return message


class SmtpMailer:
    """Sends each mail on a connection of its own."""

    def __init__(self, config: SmtpConfig) -> None:
        self.config = config

    async def send(self, recipient: str, subject: str, body: str, html: str | None = None) -> None:
        """Hand the mail to the server; DeliveryError when it is not accepted."""
        c = self.config
        try:
            await aiosmtplib.send(
                compose(c, recipient, subject, body, html),
                hostname=c.host,
                port=c.port,
                use_tls=c.tls,
                start_tls=c.starttls,
                username=c.username or None,
                password=c.password or None,
                timeout=c.timeout_s,
            )
        except aiosmtplib.SMTPRecipientsRefused as exc:
            codes = [r.code for r in exc.recipients]
            raise DeliveryError(
                str(exc), permanent=all(code >= PERMANENT_FROM for code in codes)
            ) from exc
        except aiosmtplib.SMTPResponseException as exc:
            raise DeliveryError(
                f"{exc.code} {exc.message}", permanent=exc.code >= PERMANENT_FROM
            ) from exc
        except (aiosmtplib.SMTPException, OSError) as exc:
            raise DeliveryError(f"{type(exc).__name__}: {exc}", permanent=False) from exc
