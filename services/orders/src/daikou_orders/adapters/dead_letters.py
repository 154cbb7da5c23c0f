"""The orders flagged because a service dead-lettered a message about them (never commits)."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from sqlalchemy import delete, exists, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from daikou_contracts.catalogue.dead_letters import MessageDeadLettered
from daikou_orders.adapters.tables import dead_letter_flags, orders

_F = dead_letter_flags.c


async def order_exists(conn: AsyncConnection, order_id: UUID) -> bool:
    """Whether this service knows the order."""
    found = await conn.execute(select(exists().where(orders.c.order_id == order_id)))
    return bool(found.scalar_one())


async def flag(conn: AsyncConnection, fact: MessageDeadLettered) -> None:
    """Record (or refresh, when the same message died again) the flag of one dead letter."""
    values = {
        "order_id": fact.order_id,
        "service": fact.service,
        "message_id": fact.message_id,
        "message_type": fact.message_type,
        "reason": fact.reason,
        "detail": fact.detail,
        "dead_lettered_at": fact.dead_lettered_at,
    }
    stmt = insert(dead_letter_flags).values(**values)
    keys = ["order_id", "service", "message_id"]
    await conn.execute(
        stmt.on_conflict_do_update(
            index_elements=keys, set_={k: v for k, v in values.items() if k not in keys}
        )
    )


async def clear_one(conn: AsyncConnection, order_id: UUID, service: str, message_id: str) -> int:
    """Remove the flag of one dead letter; how many were removed."""
    done = await conn.execute(
        delete(dead_letter_flags).where(
            _F.order_id == order_id, _F.service == service, _F.message_id == message_id
        )
    )
    return int(done.rowcount or 0)


async def clear_all(conn: AsyncConnection, order_id: UUID) -> int:
    """Remove every flag of an order; how many were removed."""
    done = await conn.execute(delete(dead_letter_flags).where(_F.order_id == order_id))
    return int(done.rowcount or 0)


async def flagged(conn: AsyncConnection, order_ids: Sequence[UUID]) -> set[UUID]:
    """Which of these orders carry at least one flag."""
    if not order_ids:
        return set()
    rows = await conn.execute(select(_F.order_id).where(_F.order_id.in_(order_ids)).distinct())
    return {row.order_id for row in rows}
