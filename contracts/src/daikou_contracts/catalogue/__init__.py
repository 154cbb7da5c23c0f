"""The catalogue of every message the services exchange, grouped by producer."""

from daikou_contracts.catalogue import (
    accounts,
    additional_billings,
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
    "additional_billings",
    "dead_letters",
    "deposits",
    "messaging",
    "orders",
    "payments",
    "scheduler",
    "seller_refunds",
    "warehouse",
]
