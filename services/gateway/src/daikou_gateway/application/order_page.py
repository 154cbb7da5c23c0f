"""The order details page: ask each service for its part at once, and compose what answered."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any
from uuid import UUID

from daikou_gateway.adapters.services import Caller, Services
from daikou_gateway.domain.order_page import Fetched, Json, Unavailable, compose


async def order_page(services: Services, caller: Caller, order_id: UUID) -> Json:
    """The seven parts; NotFound when the order is not the caller's to see."""
    oid = str(order_id)
    order = await services.orders.fetch(f"/orders/{oid}", caller)
    customer_id = _customer_of(order, caller)
    # The other services answer 404 for what they have not heard of yet: an empty part, not a 404.
    billings, deposit, warehouse, conversation, ongoing = await asyncio.gather(
        services.payments.fetch("/billings", caller, {"order_id": oid}, missing_ok=True),
        _deposit(services, caller, customer_id),
        services.warehouse.fetch(f"/orders/{oid}", caller, missing_ok=True),
        services.messaging.fetch(f"/orders/{oid}/messages", caller, missing_ok=True),
        _ongoing(services, caller, customer_id),
    )
    return compose(
        oid,
        order=order,
        ongoing=ongoing,
        billings=billings,
        deposit=deposit,
        warehouse=warehouse,
        conversation=conversation,
    )


def _customer_of(order: Fetched, caller: Caller) -> str | None:
    if isinstance(order, Mapping) and order.get("customer_id"):
        return str(order["customer_id"])
    return str(caller.user_id) if caller.is_customer else None


async def _deposit(services: Services, caller: Caller, customer_id: str | None) -> Fetched:
    if customer_id is None:
        return Unavailable("payments", "the order's customer is not known")
    return await services.payments.fetch(f"/deposits/{customer_id}", caller, missing_ok=True)


async def _ongoing(services: Services, caller: Caller, customer_id: str | None) -> Fetched:
    if customer_id is None:
        return Unavailable("orders", "the order's customer is not known")
    params: dict[str, Any] = {"customer_id": customer_id, "tab": "ongoing"}
    return await services.orders.fetch("/orders", caller, params)


async def ensure_order_visible(services: Services, caller: Caller, order_id: UUID) -> Json:
    """The order as orders shows it to the caller; NotFound for another customer's order."""
    body = await services.orders.call("GET", f"/orders/{order_id}", caller)
    return body if isinstance(body, dict) else {}
