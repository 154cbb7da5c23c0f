"""The order details page: ask each service for its part at once, and compose what answered.

Each part waits for its service at most `Services.page_budget_s`. What the services answered is kept
in `Services.page_cache` until an event or a change forwarded by the gateway names its order or
customer, per service: after a change, a page asks again only the services whose answers were
dropped (a part that did not answer is kept only a moment, so that the page heals on its own).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from uuid import UUID

from daikou_gateway.application.ports import PageServices, Params
from daikou_gateway.domain.caller import Caller
from daikou_gateway.domain.order_page import (
    PART_SOURCES,
    Fetched,
    Json,
    Unavailable,
    by_source,
    compose_answers,
)


async def order_page(services: PageServices, caller: Caller, order_id: UUID) -> Json:
    """The seven parts; NotFound when the order is not the caller's to see."""
    oid = str(order_id)
    cache = services.page_cache
    if cache is None:
        answers, _ = await ask_services(services, caller, oid, {})
        return compose_answers(oid, answers, customer_view=caller.is_customer)
    reader = (str(caller.user_id), caller.role)
    kept = cache.get(oid, reader)
    if len(kept) < len(PART_SOURCES):
        ticket = cache.begin(oid, reader)
        answers, customer_id = await ask_services(services, caller, oid, kept)
        cache.store(ticket, by_source(answers), customer_id)
        kept = {**kept, **answers}
    return compose_answers(oid, kept, customer_view=caller.is_customer)


async def ask_services(
    services: PageServices, caller: Caller, oid: str, kept: Mapping[str, Fetched]
) -> tuple[dict[str, Fetched], str | None]:
    """What the services answer now for every part not in `kept`, and the order's customer when
    known.

    Every part is asked at once. Only the deposit and the ongoing orders need the order's customer:
    a customer is that customer (a page of someone else's order is a 404 from orders all the same),
    staff learn it from the order, so for staff those two parts wait for the order.
    """
    budget = services.page_budget_s

    def ask(name: str, answer: Callable[[], Awaitable[Fetched]]) -> asyncio.Future[Fetched]:
        if name in kept:
            known: asyncio.Future[Fetched] = asyncio.get_running_loop().create_future()
            known.set_result(kept[name])
            return known
        return asyncio.ensure_future(answer())

    order = ask("order", lambda: services.orders.fetch(f"/orders/{oid}", caller, budget_s=budget))

    async def customer() -> str | None:
        if caller.is_customer:  # no need to wait for the order
            return str(caller.user_id)
        return _customer_of(await order, caller)

    async def deposit() -> Fetched:
        return await _deposit(services, caller, await customer())

    async def ongoing() -> Fetched:
        return await _ongoing(services, caller, await customer())

    # The other services answer 404 for what they have not heard of yet: an empty part, not a 404.
    asked = {
        "order": order,
        "ongoing": ask("ongoing", ongoing),
        "billings": ask(
            "billings",
            lambda: services.payments.fetch(
                "/billings", caller, {"order_id": oid}, missing_ok=True, budget_s=budget
            ),
        ),
        "deposit": ask("deposit", deposit),
        "warehouse": ask(
            "warehouse",
            lambda: services.warehouse.fetch(
                f"/orders/{oid}", caller, missing_ok=True, budget_s=budget
            ),
        ),
        "conversation": ask(
            "conversation",
            lambda: services.messaging.fetch(
                f"/orders/{oid}/messages", caller, missing_ok=True, budget_s=budget
            ),
        ),
    }
    await asyncio.gather(*asked.values())
    answers = {name: future.result() for name, future in asked.items() if name not in kept}
    return answers, _customer_of(order.result(), caller)


def _customer_of(order: Fetched, caller: Caller) -> str | None:
    """A customer reads their own orders; staff learn the customer from the order."""
    if caller.is_customer:
        return str(caller.user_id)
    if isinstance(order, Mapping) and order.get("customer_id"):
        return str(order["customer_id"])
    return None


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
