"""A purchase condition is accepted only while it can still hold the item."""

import uuid

import pytest

from daikou_gateway.application.conditions import condition_possible
from daikou_kit.errors import Conflict, NotFound

ITEM = uuid.uuid4()


def _order(status: str, item_status: str) -> dict[str, object]:
    return {"status": status, "items": [{"item_id": str(ITEM), "status": item_status}]}


@pytest.mark.parametrize(
    ("status", "item_status"),
    [
        ("applied", "pre_payment"),
        ("awaiting_first_payment", "pre_payment"),
        ("purchasing", "purchasing"),
    ],
)
def test_an_item_not_bought_yet_can_be_held(status: str, item_status: str) -> None:
    condition_possible(_order(status, item_status), ITEM)


@pytest.mark.parametrize(
    ("status", "item_status"),
    [("purchasing", "purchased"), ("at_warehouse", "arrived"), ("cancelled", "cancelled")],
)
def test_a_bought_or_gone_item_is_refused_with_a_reason(status: str, item_status: str) -> None:
    with pytest.raises(Conflict) as err:
        condition_possible(_order(status, item_status), ITEM)
    assert err.value.code == "condition_too_late"
    assert item_status in err.value.reason


def test_an_unknown_item_is_not_found() -> None:
    with pytest.raises(NotFound):
        condition_possible(_order("applied", "pre_payment"), uuid.uuid4())
    with pytest.raises(NotFound):
        condition_possible({"status": "applied", "items": None}, ITEM)
