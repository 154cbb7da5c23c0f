"""An additional billing never moves an order: orders neither binds its facts nor can read it as
the 1st or 2nd billing."""

import uuid
from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from daikou_contracts.catalogue.additional_billings import (
    AdditionalBillingIssued,
    AdditionalBillingPaid,
    AdditionalBillingVoided,
)
from daikou_contracts.catalogue.payments import BillingPaid
from daikou_kit.consumer import OnUnit
from daikou_kit.unit_of_work import UnitOfWork
from daikou_orders.adapters.unit_of_work import OrdersUnitOfWork
from daikou_orders.application.policy import Policy
from daikou_orders.entrypoints.consumers import queues


def _unit(uow: UnitOfWork) -> OrdersUnitOfWork:
    return OrdersUnitOfWork(uow, Policy())


def test_orders_binds_no_additional_billing_fact() -> None:
    keys = {s.key for spec in queues(OnUnit(_unit)) for s in spec.subscriptions}
    assert BillingPaid.routing_key() in keys
    for fact in (AdditionalBillingIssued, AdditionalBillingPaid, AdditionalBillingVoided):
        assert fact.routing_key() not in keys


def test_a_billing_paid_fact_cannot_name_an_additional_billing() -> None:
    yen = {"amount": 215, "currency": "JPY"}
    with pytest.raises(ValidationError, match="kind"):
        BillingPaid.model_validate(
            {
                "billing_id": str(uuid.uuid4()),
                "order_id": str(uuid.uuid4()),
                "customer_id": str(uuid.uuid4()),
                "kind": "additional",
                "total": yen,
                "paid_by_deposit": yen,
                "paid_by_transfer": {"amount": 0, "currency": "JPY"},
                "paid_by_card": {"amount": 0, "currency": "JPY"},
                "paid_at": datetime(2026, 1, 5, tzinfo=UTC).isoformat(),
            }
        )
