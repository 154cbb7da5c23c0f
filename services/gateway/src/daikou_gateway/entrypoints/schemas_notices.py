"""Shapes of the customer's notices (the in-app list) and e-mail preferences."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from pydantic import ConfigDict, Field

from daikou_gateway.entrypoints.schemas_common import In, Out

NOTICE_EXAMPLE: dict[str, Any] = {
    "id": "3f1c2a4b-5d6e-4f70-8a9b-0c1d2e3f4a5b",
    "kind": "estimate_ready",
    "order_id": "9b2e4c6a-8d0f-4a1b-9c3d-5e7f9a1b3c5d",
    "order_number": "DK-000042",
    "subject": "[Daikou] Your estimate for order DK-000042 is ready",
    "body": "Dear Hanako,\n\nThe estimate (1st billing) for order DK-000042 is ready.\n\n"
    "Total: ¥4,184\nPlease pay by: 10 Mar 2026, 18:00 JST\n",
    "created_at": "2026-03-09T09:00:00Z",
    "read_at": None,
}
KindName = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[a-z_]+$")]


def _examples(*examples: dict[str, Any]) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": list(examples)})


class NoticeOut(Out):
    """One notice: what happened to which order, in the language asked for (`language`), else in
    the one it was mailed in."""

    model_config = _examples(NOTICE_EXAMPLE)

    id: UUID
    kind: str = Field(description="`estimate_ready`, `payment_reminder`, `shipped`, …")
    order_id: UUID | None
    order_number: str | None
    subject: str
    body: str = Field(description="plain text, as in the e-mail")
    created_at: datetime
    read_at: datetime | None = Field(description="when the customer marked it read (null: unread)")


class NoticeListOut(Out):
    """A page of the customer's notices, newest first."""

    model_config = _examples(
        {"notices": [NOTICE_EXAMPLE], "total": 7, "unread": 2, "limit": 20, "offset": 0}
    )

    notices: list[NoticeOut]
    total: int = Field(description="every notice the customer has")
    unread: int
    limit: int
    offset: int


class UnreadOut(Out):
    """How many of the customer's notices are unread (the badge)."""

    model_config = _examples({"unread": 2})

    unread: int


class ReadAllOut(Out):
    """Every notice marked read."""

    model_config = _examples({"marked": 2, "unread": 0})

    marked: int = Field(description="how many were unread")
    unread: int


class PreferenceOut(Out):
    """One kind of notice: whether it is e-mailed, and whether it can be switched off."""

    model_config = _examples({"kind": "shipped", "email": True, "mandatory": False})

    kind: str
    email: bool
    mandatory: bool = Field(description="about money or a deadline: always e-mailed")


class PreferencesOut(Out):
    """Every kind of notice and whether the customer gets it by e-mail."""

    model_config = _examples(
        {
            "kinds": [
                {"kind": "estimate_ready", "email": True, "mandatory": True},
                {"kind": "staff_reply", "email": False, "mandatory": False},
            ]
        }
    )

    kinds: list[PreferenceOut]


class PreferencesIn(In):
    """Whether to get each named kind by e-mail; kinds not named stay as they are. Switching a
    money or deadline kind off is refused (400 `mandatory_kind`), and then nothing changes."""

    model_config = _examples({"email": {"staff_reply": False, "shipped": True}})

    email: dict[KindName, bool] = Field(max_length=50)


MAIL_EXAMPLE: dict[str, Any] = {
    "id": "3f1c2a4b-5d6e-4f70-8a9b-0c1d2e3f4a5b",
    "kind": "shipped",
    "customer_id": "8a3c1f0e-2b4d-4c6e-9f10-1a2b3c4d5e6f",
    "order_id": "9b2e4c6a-8d0f-4a1b-9c3d-5e7f9a1b3c5d",
    "language": "ja",
    "recipient": "hanako@example.jp",
    "subject": "【Daikou】ご注文 DK-000042 を発送しました",
    "status": "failed",
    "attempts": 1,
    "last_error": "550 mailbox unavailable",
    "created_at": "2026-03-09T09:00:00Z",
    "sent_at": None,
}


class MailOut(Out):
    """A notification as ops see it: to whom, what, and what became of its e-mail."""

    model_config = _examples(MAIL_EXAMPLE)

    id: UUID
    kind: str
    customer_id: UUID
    order_id: UUID | None
    language: str
    recipient: str | None = Field(description="null: no contact known for the customer")
    subject: str
    status: str = Field(description="`pending`, `sent`, `failed`, `no_contact` or `skipped`")
    attempts: int
    last_error: str | None = Field(description="the mail server's last refusal")
    created_at: datetime
    sent_at: datetime | None


class MailListOut(Out):
    """The latest notifications (of one status), newest first."""

    model_config = _examples({"notifications": [MAIL_EXAMPLE]})

    notifications: list[MailOut]
