"""Use cases of the delivery loop: claim due notifications, record each one's outcome."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from daikou_notifications.application.ports import NotificationsUnit
from daikou_notifications.domain.backoff import next_attempt
from daikou_notifications.domain.records import Outgoing


@dataclass(frozen=True)
class DeliveryConfig:
    """The loop's settings."""

    batch_size: int = 20
    poll_interval_s: float = 1.0
    retry_base_s: float = 5.0
    retry_max_s: float = 900.0
    max_attempts: int = 12
    lease: timedelta = timedelta(minutes=5)


async def claim(uow: NotificationsUnit, config: DeliveryConfig) -> list[Outgoing]:
    """A batch of due notifications, leased to this sender for `config.lease`."""
    now = uow.clock.now()
    return await uow.notifications.claim_due(now, now + config.lease, config.batch_size)


async def sent(uow: NotificationsUnit, outgoing: Outgoing) -> None:
    """The server accepted the mail."""
    await uow.notifications.mark_sent(outgoing.id, uow.clock.now())


async def not_sent(
    uow: NotificationsUnit,
    outgoing: Outgoing,
    error: str,
    *,
    permanent: bool,
    config: DeliveryConfig,
) -> datetime | None:
    """A failed attempt: when it is tried again, or None when it failed for good."""
    retry_at = (
        None
        if permanent
        else next_attempt(
            uow.clock.now(),
            outgoing.attempts + 1,
            base_s=config.retry_base_s,
            max_s=config.retry_max_s,
            max_attempts=config.max_attempts,
        )
    )
    await uow.notifications.mark_attempt_failed(outgoing.id, error, retry_at)
    return retry_at
