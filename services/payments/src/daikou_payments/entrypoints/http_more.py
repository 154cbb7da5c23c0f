"""Deposit, card-capture and PayPal-webhook routes of the payments API."""

import json
import logging
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request

from daikou_kit.errors import InvalidInput
from daikou_kit.http import Actor, actor_dependency, correlation_id
from daikou_payments.application import card_capture, deposits, queries
from daikou_payments.entrypoints import schemas as s
from daikou_payments.entrypoints.http import HttpContext

log = logging.getLogger(__name__)


def router(ctx: HttpContext) -> APIRouter:
    """Deposit and card routes."""
    api = APIRouter()
    ActorDep = Annotated[  # noqa: N806  (a type alias bound to this router's token)
        Actor, Depends(actor_dependency(ctx.settings.internal_token.get_secret_value()))
    ]
    Flow = Annotated[str | None, Depends(correlation_id)]  # noqa: N806
    db = ctx.database

    @api.get("/deposits/{customer_id}", response_model=s.DepositOut, tags=["deposits"])
    async def deposit(
        actor: ActorDep, customer_id: UUID, limit: Annotated[int, Query(ge=1, le=500)] = 50
    ) -> s.DepositOut:
        async with db.unit_of_work() as uow:
            found = await deposits.view(uow, actor, customer_id, ctx.currency, limit)
        currency = found.balance.currency
        return s.DepositOut(
            customer_id=customer_id,
            balance=found.balance,
            entries=[s.entry_out(e, currency) for e in found.entries],
        )

    @api.post(
        "/deposits/{customer_id}/top-ups",
        response_model=s.DepositOut,
        status_code=201,
        tags=["deposits"],
    )
    async def top_up(actor: ActorDep, flow: Flow, customer_id: UUID, body: s.TopUp) -> s.DepositOut:
        async with db.unit_of_work(correlation_id=flow) as uow:
            await deposits.top_up(
                uow,
                actor,
                customer_id,
                body.amount,
                reason=body.reason,
                note=body.note,
                currency=ctx.currency,
            )
            found = await deposits.view(uow, actor, customer_id, ctx.currency, 50)
        return s.DepositOut(
            customer_id=customer_id,
            balance=found.balance,
            entries=[s.entry_out(e, found.balance.currency) for e in found.entries],
        )

    @api.post(
        "/card-payments/{paypal_order_id}/capture", response_model=s.BillingOut, tags=["card"]
    )
    async def capture(actor: ActorDep, paypal_order_id: str) -> s.BillingOut:
        async with db.unit_of_work() as uow:
            billing = await card_capture.capture(uow, actor, paypal_order_id, ctx.provider)
            details = await queries.one(uow, actor, billing.billing_id)
        return s.billing_out(details)

    @api.post("/paypal/webhook", tags=["card"])
    async def webhook(request: Request) -> dict[str, str]:
        event = _event(await request.body())
        verified = await ctx.provider.verify_webhook(dict(request.headers), event)
        if not verified:
            raise InvalidInput("webhook signature could not be verified", code="bad_signature")
        async with db.unit_of_work() as uow:
            outcome = await card_capture.on_webhook(uow, event, ctx.provider)
        log.info("PayPal webhook %s %s: %s", event.get("id"), event.get("event_type"), outcome)
        return {"status": outcome}

    return api


def _event(body: bytes) -> dict[str, Any]:
    try:
        event = json.loads(body)
    except ValueError:
        raise InvalidInput("webhook body is not JSON") from None
    if not isinstance(event, dict):
        raise InvalidInput("webhook body is not a JSON object")
    return event
