"""Shipping methods and their refusals said in the page's language, never the API's English."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from daikou_web import labels
from daikou_web.i18n import set_language


@pytest.fixture(autouse=True)
def japanese() -> Iterator[None]:
    set_language("ja")
    yield
    set_language("ja")


def test_known_methods_have_japanese_names_and_unknown_ones_keep_the_apis_label() -> None:
    assert labels.shipping_method("air", "Air parcel") == "航空便"
    assert labels.shipping_method("surface", "Surface (sea) parcel") == "船便"
    assert labels.shipping_method("pigeon", "Pigeon post") == "Pigeon post"
    set_language("en")
    assert labels.shipping_method("air", "Air parcel") == "Air parcel"


def test_a_refusal_is_said_from_its_code_with_the_limit_and_the_parcels_value() -> None:
    quote = {
        "method": "ems",
        "label": "EMS",
        "reason": "EMS carries at most 30000 g; the parcel weighs 31000 g",
        "refusal": {"code": "too_heavy", "limit": 30000, "actual": 31000},
    }
    said = labels.refusal(quote)
    assert "30,000" in said
    assert "31,000" in said
    assert "までです" in said
    set_language("en")
    assert labels.refusal(quote) == "EMS carries at most 30,000 g; the parcel weighs 31,000 g"


def test_a_refusal_without_a_known_code_falls_back_to_the_apis_reason() -> None:
    quote = {"method": "ems", "label": "EMS", "reason": "closed for the holidays", "refusal": None}
    assert labels.refusal(quote) == "closed for the holidays"
