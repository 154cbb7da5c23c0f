"""A delivery's decoding, and the copies of it sent for a retry or to the dead letters."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import aio_pika
from aio_pika.abc import AbstractIncomingMessage
from pydantic import ValidationError

from daikou_contracts.message import Envelope, Payload
from daikou_contracts.registry import UnknownMessageTypeError, payload_class
from daikou_kit.clock import Clock
from daikou_kit.metrics import bounded_key
from daikou_kit.topology import (
    H_EXCEPTION_MESSAGE,
    H_EXCEPTION_TYPE,
    H_FAILED_AT,
    H_ORIGINAL_QUEUE,
    H_ORIGINAL_ROUTING_KEY,
)

if TYPE_CHECKING:
    from daikou_kit.consumer import Subscription


class MalformedMessage(Exception):
    """The body is not an envelope of a known, valid message this queue handles."""


def decode(
    body: bytes, by_type: dict[tuple[str, int], Subscription[Any]]
) -> tuple[Envelope, Subscription[Any], Payload]:
    """Parse an envelope and its payload, or raise MalformedMessage saying why."""
    try:
        envelope = Envelope.model_validate_json(body)
    except ValidationError as exc:
        raise MalformedMessage(f"invalid envelope: {_first_errors(exc)}") from exc
    try:
        cls = payload_class(envelope.type, envelope.version)
        subscription = by_type[(cls.TYPE, cls.VERSION)]
        return envelope, subscription, cls.model_validate(envelope.payload)
    except ValidationError as exc:
        raise MalformedMessage(f"invalid payload: {_first_errors(exc)}") from exc
    except UnknownMessageTypeError as exc:
        raise MalformedMessage(f"unknown message type {exc}") from exc
    except KeyError as exc:
        raise MalformedMessage(f"no handler here for {exc}") from exc


def _first_errors(exc: ValidationError) -> str:
    return "; ".join(
        f"{'.'.join(str(p) for p in e['loc']) or 'body'}: {e['msg']}" for e in exc.errors()[:3]
    )


def failure_headers(
    raw: AbstractIncomingMessage, queue: str, exc: Exception, clock: Clock
) -> dict[str, Any]:
    headers = dict(raw.headers or {})
    headers.pop("x-delivery-count", None)  # the copy is a new message: its deliveries count anew
    headers.setdefault(H_ORIGINAL_QUEUE, queue)
    headers.setdefault(H_ORIGINAL_ROUTING_KEY, raw.routing_key or "")
    headers[H_EXCEPTION_TYPE] = type(exc).__name__
    headers[H_EXCEPTION_MESSAGE] = str(exc)[:1000]
    headers[H_FAILED_AT] = clock.now().isoformat()
    return headers


def copy_of(raw: AbstractIncomingMessage, headers: dict[str, Any]) -> aio_pika.Message:
    return aio_pika.Message(
        body=raw.body,
        headers=headers,
        message_id=raw.message_id,
        correlation_id=raw.correlation_id,
        type=raw.type,
        content_type=raw.content_type,
        timestamp=raw.timestamp,
        delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
    )


def metric_key(
    raw: AbstractIncomingMessage, by_type: dict[tuple[str, int], Subscription[Any]]
) -> str:
    """The delivery's original routing key when the queue is bound to it, else `other`."""
    original = (raw.headers or {}).get(H_ORIGINAL_ROUTING_KEY) or raw.routing_key
    return bounded_key(str(original), [s.key for s in by_type.values()])
