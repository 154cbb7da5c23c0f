"""The messaging window: customers post while the order is ongoing or within a period of its end."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from daikou_messaging.domain.order_view import OrderView


@dataclass(frozen=True)
class Window:
    """Whether customers may post to an order's thread now, and until when."""

    open: bool
    closes_at: datetime | None


def window_deadline_id(order_id: UUID) -> str:
    """The scheduler deadline that closes an order's window."""
    return f"order:{order_id}:messaging-window"


def window_of(view: OrderView, now: datetime, period: timedelta) -> Window:
    """Open while ongoing; after completion or cancellation, open until `period` has passed.

    The clock is judged too, so a late deadline never leaves a window open wrongly.
    """
    if not view.is_terminal or view.ended_at is None:
        return Window(open=True, closes_at=None)
    closes_at = view.ended_at + period
    if view.window_closed_at is not None:
        closes_at = min(closes_at, view.window_closed_at)
    return Window(open=now < closes_at, closes_at=closes_at)
