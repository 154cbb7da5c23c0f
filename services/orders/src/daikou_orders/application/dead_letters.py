"""Orders flagged for staff when a service dead-lettered a message about them.

The kit's consumer wiring publishes `kit.message_dead_lettered` from whichever service gave up on
a message naming an order; the order is flagged (`message_dead_lettered` in the staff list, the
`dead_lettered` work queue) until the dead letter is replayed and applied
(`kit.dead_letter_replayed`) or staff clear the flag.
"""

from __future__ import annotations

import logging
from uuid import UUID

from daikou_contracts.catalogue.dead_letters import DeadLetterReplayed, MessageDeadLettered
from daikou_kit.actors import Actor
from daikou_kit.errors import Forbidden
from daikou_orders.adapters import dead_letters as store
from daikou_orders.adapters.unit_of_work import OrdersUnitOfWork
from daikou_orders.application.common import OPS_ROLES, order_not_found

log = logging.getLogger(__name__)


async def on_message_dead_lettered(uow: OrdersUnitOfWork, fact: MessageDeadLettered) -> None:
    """Flag the order; a fact about an order this service does not know is logged and dropped."""
    if not await store.order_exists(uow.conn, fact.order_id):
        log.warning("dead letter %s names unknown order %s", fact.message_id, fact.order_id)
        return
    await store.flag(uow.conn, fact)


async def on_dead_letter_replayed(uow: OrdersUnitOfWork, fact: DeadLetterReplayed) -> None:
    """The replayed message was applied: its flag goes."""
    await store.clear_one(uow.conn, fact.order_id, fact.service, fact.message_id)


async def clear(uow: OrdersUnitOfWork, actor: Actor, order_id: UUID) -> int:
    """Staff clear every dead-letter flag of an order; how many were cleared."""
    if actor.role not in OPS_ROLES:
        raise Forbidden("only ops staff clear dead-letter flags", code="ops_only")
    if not await store.order_exists(uow.conn, order_id):
        raise order_not_found(order_id)
    uow.correlate(str(order_id))
    return await store.clear_all(uow.conn, order_id)
