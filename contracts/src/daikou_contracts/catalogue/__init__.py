"""The catalogue of every message the services exchange, grouped by producer."""

from daikou_contracts.catalogue import (
    accounts,
    dead_letters,
    deposits,
    messaging,
    orders,
    payments,
    scheduler,
    seller_refunds,
    warehouse,
)

__all__ = [
    "accounts",
    "dead_letters",
    "deposits",
    "messaging",
    "orders",
    "payments",
    "scheduler",
    "seller_refunds",
    "warehouse",
]
