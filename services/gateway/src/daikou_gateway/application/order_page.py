"""The order details page: ask each service for its part at once, and compose what answered.

Each part waits for its service at most `Services.page_budget_s`; a page whose every part answered
is kept in `Services.page_cache` until an event or a change forwarded by the gateway names its order
or customer (a degraded page only a moment, so that it heals on its own).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from uuid import UUID

from daikou_contracts.json_types import as_object
from daikou_gateway.application.ports import PageServices, Params
from daikou_gateway.domain.caller import Caller
from daikou_gateway.domain.order_page import PARTS, Fetched, Json, Unavailable, compose


async def order_page(services: PageServices, caller: Caller, order_id: UUID) -> Json:
    """The seven parts; NotFound when the order is not the caller's to see."""
    oid = str(order_id)
    cache = services.page_cache
    if cache is None:
        page, _ = await compose_page(services, caller, oid)
        return page
    reader = (str(caller.user_id), caller.role)
    if (kept := cache.get(oid, reader)) is not None:
        return kept
    ticket = cache.begin(oid, reader)
    page, customer_id = await compose_page(services, caller, oid)
    cache.store(
        ticket, page, customer_id, whole=all(as_object(page[p]).get("available") for p in PARTS)
    )
    return page


async def compose_page(services: PageServices, caller: Caller, oid: str) -> tuple[Json, str | None]:
    """The page asked of every service now, and the order's customer when known.

    Every part is asked at once. Only the deposit and the ongoing orders need the order's customer:
    a customer is that customer (a page of someone else's order is a 404 from orders all the same),
    staff learn it from the order, so for staff those two parts wait for the order.
    """
    budget = services.page_budget_s
    order_part = asyncio.ensure_future(
        services.orders.fetch(f"/orders/{oid}", caller, budget_s=budget)
    )

    async def customer_parts() -> tuple[str | None, Fetched, Fetched]:
        known = str(caller.user_id) if caller.is_customer else None
        customer_id = known or _customer_of(await order_part, caller)
        deposit, ongoing = await asyncio.gather(
            _deposit(services, caller, customer_id), _ongoing(services, caller, customer_id)
        )
        return customer_id, deposit, ongoing

    # The other services answer 404 for what they have not heard of yet: an empty part, not a 404.
    (
        order,
        (customer_id, deposit, ongoing),
        billings,
        warehouse,
        conversation,
    ) = await asyncio.gather(
        order_part,
        customer_parts(),
        services.payments.fetch(
            "/billings", caller, {"order_id": oid}, missing_ok=True, budget_s=budget
        ),
        services.warehouse.fetch(f"/orders/{oid}", caller, missing_ok=True, budget_s=budget),
        services.messaging.fetch(
            f"/orders/{oid}/messages", caller, missing_ok=True, budget_s=budget
        ),
    )
    page = compose(
        oid,
        order=order,
        ongoing=ongoing,
        billings=billings,
        deposit=deposit,
        warehouse=warehouse,
        conversation=conversation,
        customer_view=caller.is_customer,
    )
    return page, customer_id


def _customer_of(order: Fetched, caller: Caller) -> str | None:
    if isinstance(order, Mapping) and order.get("customer_id"):
        return str(order["customer_id"])
    return str(caller.user_id) if caller.is_customer else None


async def _deposit(services: PageServices, caller: Caller, customer_id: str | None) -> Fetched:
    if customer_id is None:
        return Unavailable("payments", "the order's customer is not known")
    path = f"/deposits/{customer_id}"
    return await services.payments.fetch(
        path, caller, missing_ok=True, budget_s=services.page_budget_s
    )


async def _ongoing(services: PageServices, caller: Caller, customer_id: str | None) -> Fetched:
    if customer_id is None:
        return Unavailable("orders", "the order's customer is not known")
    params: Params = {"customer_id": customer_id, "tab": "ongoing"}
    return await services.orders.fetch("/orders", caller, params, budget_s=services.page_budget_s)


async def ensure_order_visible(services: PageServices, caller: Caller, order_id: UUID) -> Json:
    """The order as orders shows it to the caller; NotFound for another customer's order."""
    body = await services.orders.call("GET", f"/orders/{order_id}", caller)
    return body if isinstance(body, dict) else {}
