"""Who may see or act on a billing or a deposit."""

from __future__ import annotations

from uuid import UUID

from daikou_kit.actors import Actor
from daikou_kit.errors import Forbidden, NotFound
from daikou_payments.application.ports import PaymentsUnit
from daikou_payments.domain.billing import Billing


def ensure_staff(actor: Actor) -> None:
    """Staff-only actions refuse customers."""
    if not actor.is_staff:
        raise Forbidden("only staff may do this")


def ensure_owner(actor: Actor, customer_id: UUID, what: str) -> None:
    """A customer sees only their own things; others' look as if they did not exist."""
    if not actor.is_staff and actor.user_id != customer_id:
        raise NotFound(f"{what} not found")


async def billing_for(uow: PaymentsUnit, actor: Actor, billing_id: UUID, *, lock: bool) -> Billing:
    """A billing the actor may act on, or 404."""
    billing = await uow.billings.get(billing_id, lock=lock)
    if billing is None:
        raise NotFound("billing not found")
    ensure_owner(actor, billing.customer_id, "billing")
    return billing
