"""Card routes: capturing an approved PayPal order, and PayPal's webhook."""

import json
import logging
from typing import Annotated

from fastapi import APIRouter, Depends, Request

from daikou_contracts.json_types import JsonObject, JsonValue
from daikou_kit.app import ActorDep
from daikou_kit.errors import InvalidInput
from daikou_payments.application import card_capture, queries
from daikou_payments.entrypoints import schemas as s
from daikou_payments.entrypoints.deps import Provider, Unit

router = APIRouter(tags=["card"])
log = logging.getLogger(__name__)


@router.post("/card-payments/{paypal_order_id}/capture", response_model=s.BillingOut)
async def capture(
    actor: ActorDep, unit: Unit, provider: Provider, paypal_order_id: str
) -> s.BillingOut:
    """Capture the customer's approved card payment and apply it to its billing."""
    billing = await card_capture.capture(unit, actor, paypal_order_id, provider)
    return s.billing_out(await queries.one(unit, actor, billing.billing_id))


async def verified_event(request: Request, provider: Provider) -> JsonObject:
    """The webhook's event, once PayPal's signature on it is verified (400 otherwise)."""
    event = _event(await request.body())
    if not await provider.verify_webhook(dict(request.headers), event):
        raise InvalidInput("webhook signature could not be verified", code="bad_signature")
    return event


VerifiedEvent = Annotated[JsonObject, Depends(verified_event)]


@router.post("/paypal/webhook")
async def webhook(event: VerifiedEvent, unit: Unit, provider: Provider) -> dict[str, str]:
    """PayPal's notice of an approval or a capture (verified before the transaction opens)."""
    outcome = await card_capture.on_webhook(unit, event, provider)
    log.info("PayPal webhook %s %s: %s", event.get("id"), event.get("event_type"), outcome)
    return {"status": outcome}


def _event(body: bytes) -> JsonObject:
    try:
        event: JsonValue = json.loads(body)
    except ValueError:
        raise InvalidInput("webhook body is not JSON") from None
    if not isinstance(event, dict):
        raise InvalidInput("webhook body is not a JSON object")
    return event
