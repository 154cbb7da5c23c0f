"""Versioned event and command schemas shared by every Daikou service."""

from daikou_contracts import catalogue
from daikou_contracts.message import Command, Envelope, Event, Payload, make_envelope
from daikou_contracts.money import ExchangeRate, Money, Rounding
from daikou_contracts.registry import UnknownMessageTypeError, all_payload_classes, payload_class
from daikou_contracts.routing import EVENTS_EXCHANGE, routing_key

__all__ = [
    "EVENTS_EXCHANGE",
    "Command",
    "Envelope",
    "Event",
    "ExchangeRate",
    "Money",
    "Payload",
    "Rounding",
    "UnknownMessageTypeError",
    "all_payload_classes",
    "catalogue",
    "make_envelope",
    "payload_class",
    "routing_key",
]
