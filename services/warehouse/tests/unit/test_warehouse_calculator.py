"""The shipping-fee calculator against hand-computed cases, limits and rounding."""

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from daikou_warehouse.adapters.rate_card import DEFAULT_RATES, load_rate_card
from daikou_warehouse.domain.calculator import (
    Dimensions,
    MethodRates,
    ParcelRefused,
    RateCard,
    ZoneRate,
    chargeable_weight_g,
    fee_jpy,
    price_parcel,
    quote_all,
    volumetric_weight_g,
)

# A card written out here so the expected numbers are computed by hand from it.
CARD = RateCard(
    currency="JPY",
    destinations={"JP": "japan", "KR": "korea"},
    methods={
        "ems": MethodRates(
            code="ems",
            label="EMS",
            volumetric_divisor=6000,
            step_g=500,
            max_weight_g=30000,
            max_length_cm=150,
            max_length_girth_cm=300,
            zones={"japan": ZoneRate(500, 2200, 400), "korea": ZoneRate(500, 2600, 450)},
        ),
        "courier": MethodRates(
            code="courier",
            label="Courier",
            volumetric_divisor=5000,
            step_g=500,
            max_weight_g=68000,
            max_length_cm=120,
            max_length_girth_cm=330,
            zones={"japan": ZoneRate(500, 2800, 300)},
        ),
        "surface": MethodRates(
            code="surface",
            label="Surface",
            volumetric_divisor=None,
            step_g=1000,
            max_weight_g=30000,
            max_length_cm=150,
            max_length_girth_cm=300,
            zones={"japan": ZoneRate(1000, 1200, 250)},
        ),
    },
)


def test_volumetric_weight_is_volume_over_divisor_in_grams_rounded_up() -> None:
    box = Dimensions(weight_g=100, length_cm=40, width_cm=30, height_cm=20)
    assert volumetric_weight_g(box, 6000) == 4000  # 24000 cm3 * 1000 / 6000
    assert volumetric_weight_g(box, 5000) == 4800
    cube = Dimensions(weight_g=100, length_cm=10, width_cm=10, height_cm=10)
    assert volumetric_weight_g(cube, 6000) == 167  # 166.67 rounds up
    assert volumetric_weight_g(cube, None) == 0


def test_a_bulky_light_parcel_is_charged_on_its_volume() -> None:
    box = Dimensions(weight_g=2300, length_cm=40, width_cm=30, height_cm=20)
    quote = price_parcel(CARD, "ems", box, "JP")
    assert (quote.volumetric_weight_g, quote.chargeable_weight_g) == (4000, 4000)
    assert quote.fee_jpy == 2200 + 7 * 400  # 3500 g above the first 500 g = 7 steps


def test_a_heavy_small_parcel_is_charged_on_its_weight_rounded_up_to_the_step() -> None:
    box = Dimensions(weight_g=2301, length_cm=10, width_cm=10, height_cm=10)
    quote = price_parcel(CARD, "ems", box, "JP")
    assert quote.chargeable_weight_g == 2500
    assert quote.fee_jpy == 2200 + 4 * 400


def test_weight_exactly_on_a_step_is_not_rounded_further() -> None:
    box = Dimensions(weight_g=1000, length_cm=10, width_cm=10, height_cm=10)
    assert chargeable_weight_g(box, CARD.methods["ems"]) == 1000
    assert price_parcel(CARD, "ems", box, "JP").fee_jpy == 2600


def test_a_parcel_lighter_than_the_first_band_pays_the_first_band() -> None:
    box = Dimensions(weight_g=1, length_cm=1, width_cm=1, height_cm=1)
    quote = price_parcel(CARD, "ems", box, "JP")
    assert quote.chargeable_weight_g == 500
    assert quote.fee_jpy == 2200
    assert fee_jpy(500, ZoneRate(500, 2200, 400), 500) == 2200


def test_the_courier_divisor_makes_the_same_box_heavier() -> None:
    box = Dimensions(weight_g=2300, length_cm=40, width_cm=30, height_cm=20)
    quote = price_parcel(CARD, "courier", box, "JP")
    assert quote.chargeable_weight_g == 5000  # 4800 g volumetric rounded up to 500 g
    assert quote.fee_jpy == 2800 + 9 * 300


def test_surface_ignores_volume() -> None:
    box = Dimensions(weight_g=1500, length_cm=100, width_cm=50, height_cm=40)
    quote = price_parcel(CARD, "surface", box, "JP")
    assert (quote.volumetric_weight_g, quote.chargeable_weight_g, quote.fee_jpy) == (0, 2000, 1450)


def test_the_zone_of_the_destination_sets_the_price() -> None:
    box = Dimensions(weight_g=1200, length_cm=10, width_cm=10, height_cm=10)
    assert price_parcel(CARD, "ems", box, "KR").fee_jpy == 2600 + 2 * 450


@pytest.mark.parametrize(
    ("dims", "reason"),
    [
        (Dimensions(30001, 10, 10, 10), "at most 30000 g"),
        (Dimensions(1000, 151, 10, 10), "at most 150 cm on the longest side"),
        (Dimensions(1000, 100, 60, 41), "at most 300 cm length plus girth"),
    ],
)
def test_what_a_method_cannot_carry_is_refused_with_the_reason(
    dims: Dimensions, reason: str
) -> None:
    with pytest.raises(ParcelRefused, match=reason):
        price_parcel(CARD, "ems", dims, "JP")


def test_limits_are_inclusive() -> None:
    at_limit = Dimensions(30000, 150, 74, 1)  # 150 + 2 * 75 = 300 cm
    assert price_parcel(CARD, "ems", at_limit, "JP").fee_jpy == 2200 + 59 * 400
    over_girth = Dimensions(30000, 150, 75, 1)
    with pytest.raises(ParcelRefused, match="length plus girth"):
        price_parcel(CARD, "ems", over_girth, "JP")


def test_a_light_but_huge_parcel_is_refused_on_its_volumetric_weight() -> None:
    box = Dimensions(1000, 100, 60, 31)  # 186000 cm3 / 6000 = 31000 g volumetric
    with pytest.raises(ParcelRefused, match="volumetric"):
        price_parcel(CARD, "ems", box, "JP")


def test_an_unknown_method_or_destination_is_refused() -> None:
    box = Dimensions(1000, 10, 10, 10)
    with pytest.raises(ParcelRefused, match="unknown shipping method"):
        price_parcel(CARD, "pigeon", box, "JP")
    with pytest.raises(ParcelRefused, match="does not ship to US"):
        price_parcel(CARD, "ems", box, "US")


def test_quote_all_answers_every_method_available_or_why_not() -> None:
    long_box = Dimensions(weight_g=5000, length_cm=130, width_cm=20, height_cm=20)
    quotes = {q.method: q for q in quote_all(CARD, long_box, "KR")}
    assert set(quotes) == {"ems", "courier", "surface"}
    assert quotes["ems"].available
    assert quotes["ems"].fee_jpy == 2600 + 17 * 450  # volumetric 8667 g -> 9000 g
    assert not quotes["courier"].available
    assert "does not ship to KR" in quotes["courier"].reason
    assert quotes["surface"].fee_jpy is None


def test_a_refusal_carries_a_code_with_the_limit_and_the_parcels_value() -> None:
    long_box = Dimensions(weight_g=5000, length_cm=130, width_cm=20, height_cm=20)
    quotes = {q.method: q for q in quote_all(CARD, long_box, "KR")}
    assert quotes["courier"].refusal is not None
    assert quotes["courier"].refusal.code == "no_destination"
    assert quotes["ems"].refusal is None
    too_heavy = Dimensions(weight_g=40_000, length_cm=30, width_cm=20, height_cm=20)
    ems = next(q for q in quote_all(CARD, too_heavy, "JP") if q.method == "ems")
    assert ems.refusal is not None
    assert (ems.refusal.code, ems.refusal.actual) == ("too_heavy", 40_000)
    assert ems.refusal.limit < 40_000
    assert str(ems.refusal.limit) in ems.reason


def test_the_packaged_rate_file_loads_and_matches_the_documented_example() -> None:
    card = load_rate_card()
    assert set(card.methods) == {"ems", "air", "surface", "courier"}
    assert card.methods["ems"].volumetric_divisor == 6000
    assert card.methods["courier"].volumetric_divisor == 5000
    box = Dimensions(weight_g=2300, length_cm=40, width_cm=30, height_cm=20)
    assert price_parcel(card, "ems", box, "JP").fee_jpy == 5000


def test_a_rate_file_whose_first_band_is_off_the_step_is_rejected(tmp_path: Path) -> None:
    data = json.loads(DEFAULT_RATES.read_text())
    data["methods"]["ems"]["zones"]["japan"]["first_g"] = 700
    broken = tmp_path / "rates.json"
    broken.write_text(json.dumps(data))
    with pytest.raises(ValidationError, match="multiple of step_g"):
        load_rate_card(broken)
