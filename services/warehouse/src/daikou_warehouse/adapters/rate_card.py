"""Load the shipping rate tables from the JSON data file shipped in the package (or another path)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from daikou_warehouse.domain.calculator import MethodRates, RateCard, ZoneRate

DEFAULT_RATES = Path(__file__).resolve().parent.parent / "data" / "shipping_rates.json"

Positive = Annotated[int, Field(ge=1)]


class _Zone(BaseModel):
    model_config = ConfigDict(extra="forbid")

    first_g: Positive
    first_jpy: Annotated[int, Field(ge=0)]
    step_jpy: Annotated[int, Field(ge=0)]


class _Method(BaseModel):
    model_config = ConfigDict(extra="forbid")

    label: str
    volumetric_divisor: Positive | None
    step_g: Positive
    max_weight_g: Positive
    max_length_cm: Positive
    max_length_girth_cm: Positive
    zones: dict[str, _Zone]

    @model_validator(mode="after")
    def _first_band_on_a_step(self) -> _Method:
        for name, zone in self.zones.items():
            if zone.first_g % self.step_g:
                raise ValueError(f"zone {name}: first_g must be a multiple of step_g")
        return self


class _Card(BaseModel):
    model_config = ConfigDict(extra="forbid")

    currency: Annotated[str, Field(pattern=r"^JPY$")]
    destinations: dict[Annotated[str, Field(pattern=r"^[A-Z]{2}$")], str]
    methods: Annotated[
        dict[Annotated[str, Field(pattern=r"^[a-z_]+$")], _Method], Field(min_length=1)
    ]


def load_rate_card(path: Path = DEFAULT_RATES) -> RateCard:
    """Parse and check a rate table file."""
    card = _Card.model_validate_json(path.read_text(encoding="utf-8"))
    return RateCard(
        currency=card.currency,
        destinations=dict(card.destinations),
        methods={
            code: MethodRates(
                code=code,
                label=m.label,
                volumetric_divisor=m.volumetric_divisor,
                step_g=m.step_g,
                max_weight_g=m.max_weight_g,
                max_length_cm=m.max_length_cm,
                max_length_girth_cm=m.max_length_girth_cm,
                zones={
                    z: ZoneRate(zone.first_g, zone.first_jpy, zone.step_jpy)
                    for z, zone in m.zones.items()
                },
            )
            for code, m in card.methods.items()
        },
    )
