"""The catalogue of every message the services exchange, grouped by producer."""

from daikou_contracts.catalogue import messaging, orders, payments, scheduler, warehouse

__all__ = ["messaging", "orders", "payments", "scheduler", "warehouse"]
