"""Who may post to an order's thread, and what a purchase condition needs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from daikou_contracts.catalogue.messaging import AuthorRole
from daikou_kit.errors import Conflict, Forbidden, NotFound
from daikou_messaging.domain.order_view import OrderView
from daikou_messaging.domain.window import Window

TITLE_MAX = 200
BODY_MAX = 2000


@dataclass(frozen=True)
class Author:
    """The user writing or reading: a customer, a staff member or the system."""

    user_id: UUID | None
    role: AuthorRole

    @property
    def is_customer(self) -> bool:
        """True for the customer side."""
        return self.role is AuthorRole.CUSTOMER


class WindowClosed(Conflict):
    """The customer may no longer post to this order's thread."""


class ItemNotPrePayment(Conflict):
    """A purchase condition was asked on an item that is past pre-payment."""


def check_can_see(view: OrderView | None, reader: Author) -> OrderView:
    """Staff see every known order; a customer only their own (others' answer 404)."""
    if view is None or (reader.is_customer and view.customer_id != reader.user_id):
        raise NotFound("no such order", code="order_not_found")
    return view


def check_can_post(view: OrderView, author: Author, window: Window) -> None:
    """Customers post only while the window is open; staff may always answer."""
    if author.is_customer and not window.open:
        closed = f" since {_fmt(window.closes_at)}" if window.closes_at else ""
        raise WindowClosed(
            "messages can be sent only for ongoing orders and for orders completed or "
            f"cancelled within the messaging period; this order's window is closed{closed}",
            code="window_closed",
        )


def check_purchase_condition(view: OrderView, author: Author, item_id: UUID) -> None:
    """Only the customer, only on an item of this order that is still pre-payment."""
    if not author.is_customer:
        raise Forbidden(
            "only the customer sets a purchase condition", code="purchase_condition_forbidden"
        )
    if item_id not in view.pre_payment_items:
        raise NotFound("no such item in this order", code="item_not_found")
    if not view.item_is_pre_payment(item_id):
        raise ItemNotPrePayment(
            "a purchase condition can be set only on an item that is still pre-payment",
            code="item_not_pre_payment",
        )


def _fmt(moment: datetime) -> str:
    return moment.isoformat()
