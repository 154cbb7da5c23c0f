"""Facts published by the messaging service (`messaging.*`)."""

from __future__ import annotations

from enum import StrEnum
from uuid import UUID

from pydantic import AwareDatetime

from daikou_contracts.catalogue.common import Text
from daikou_contracts.message import Event
from daikou_contracts.registry import register


class AuthorRole(StrEnum):
    """Who wrote a message."""

    CUSTOMER = "customer"
    STAFF = "staff"
    SYSTEM = "system"


class MessageKind(StrEnum):
    """What a message is about."""

    NORMAL = "normal"
    PURCHASE_CONDITION = "purchase_condition"
    PROBLEM = "problem"
    REMINDER = "reminder"


@register
class MessagePosted(Event):
    """A message was posted in an order's thread (for dashboards and notifications)."""

    TYPE = "messaging.message_posted"
    VERSION = 1

    message_id: UUID
    thread_id: UUID
    order_id: UUID
    customer_id: UUID
    author_role: AuthorRole
    kind: MessageKind
    has_attachments: bool
    posted_at: AwareDatetime


@register
class ProblemReported(Event):
    """A problem thread was opened for an order (from a reception report with a problem)."""

    TYPE = "messaging.problem_reported"
    VERSION = 1

    order_id: UUID
    customer_id: UUID
    thread_id: UUID
    message_id: UUID
    description: Text


@register
class PurchaseConditionRequested(Event):
    """The customer asked, on a pre-payment item, to confirm something before purchasing."""

    TYPE = "messaging.purchase_condition_requested"
    VERSION = 1

    order_id: UUID
    customer_id: UUID
    item_id: UUID
    question: Text
    message_id: UUID
