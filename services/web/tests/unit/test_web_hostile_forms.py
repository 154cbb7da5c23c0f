"""Hostile numbers typed into the site's forms: the form is shown again with its reason, never a 500."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sample_pages import ITEM_A, ORDER_ID, order_page
from web_support import (
    STAFF_ITEM as ITEM,
)
from web_support import (
    STAFF_ORDER as ORDER,
)
from web_support import (
    StandInGateway,
    csrf_of,
    open_estimate_form,
    sign_in,
)

from daikou_web.routes.staff_common import BadAmount, yuan_to_fen


@pytest.mark.parametrize("quantity", ["²", "1³", "١٢", "1" * 5000, "0", "10000"])
def test_a_quantity_that_is_no_count_is_refused_at_the_item(
    client: TestClient, stand_in: StandInGateway, quantity: str
) -> None:
    sign_in(client, stand_in)
    stand_in.on("GET", f"/orders/{ORDER_ID}", (200, order_page()))
    token = csrf_of(client, f"/orders/{ORDER_ID}")
    answer = client.post(
        f"/orders/{ORDER_ID}/items/{ITEM_A}/quantity",
        data={"quantity": quantity, "csrf_token": token},
    )
    assert answer.status_code == 422
    assert f'id="e-quantity-{ITEM_A}"' in answer.text
    assert stand_in.bodies("PATCH", f"/orders/{ORDER_ID}/items/{ITEM_A}") == []


@pytest.mark.parametrize("text", ["1e999999", "9" * 40, "1000000001", "-1", "NaN", "Infinity"])
def test_a_yuan_amount_out_of_range_is_a_bad_amount(text: str) -> None:
    with pytest.raises(BadAmount):
        yuan_to_fen(text)


def test_a_huge_price_or_a_superscript_fee_in_the_estimate_form_is_shown_at_its_field(
    client: TestClient, stand_in: StandInGateway
) -> None:
    token = open_estimate_form(client, stand_in)
    answer = client.post(
        f"/staff/ops/estimate/{ORDER}",
        data={
            f"unit_price_{ITEM}": "1e999999",
            f"shipping_{ITEM}": "5",
            "rate": "21.3",
            "service_fee": "²",
            "csrf_token": token,
        },
    )
    assert answer.status_code == 400
    assert re.search(rf'id="f-unit_price_{ITEM}".*?class="error"', answer.text, re.S)
    assert 'id="e-service_fee"' in answer.text
    assert stand_in.bodies("POST", f"/staff/orders/{ORDER}/estimate") == []
