"""The international shipping-fee calculator: volumetric and chargeable weight, limits, rate tables.

Integer arithmetic only: grams, centimetres and yen.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

GRAMS_PER_KG = 1000


@dataclass(frozen=True)
class ZoneRate:
    """The price of a first weight band and of each further step, in yen."""

    first_g: int
    first_jpy: int
    step_jpy: int


@dataclass(frozen=True)
class MethodRates:
    """One shipping method: its rounding step, volumetric divisor, limits and per-zone prices."""

    code: str
    label: str
    volumetric_divisor: int | None  # None: charged on actual weight only
    step_g: int
    max_weight_g: int
    max_length_cm: int
    max_length_girth_cm: int
    zones: Mapping[str, ZoneRate]


@dataclass(frozen=True)
class RateCard:
    """Every method and which zone each destination country belongs to."""

    currency: str
    destinations: Mapping[str, str]
    methods: Mapping[str, MethodRates]


@dataclass(frozen=True)
class Dimensions:
    """A parcel as weighed and measured."""

    weight_g: int
    length_cm: int
    width_cm: int
    height_cm: int

    @property
    def longest_cm(self) -> int:
        """The longest side."""
        return max(self.length_cm, self.width_cm, self.height_cm)

    @property
    def length_plus_girth_cm(self) -> int:
        """Longest side plus twice the sum of the other two."""
        sides = sorted((self.length_cm, self.width_cm, self.height_cm))
        return sides[2] + 2 * (sides[0] + sides[1])

    @property
    def volume_cm3(self) -> int:
        """Length x width x height."""
        return self.length_cm * self.width_cm * self.height_cm


@dataclass(frozen=True)
class Quote:
    """What one method would charge for a parcel, or why it cannot carry it."""

    method: str
    label: str
    available: bool
    reason: str
    volumetric_weight_g: int
    chargeable_weight_g: int
    fee_jpy: int | None
    refusal: Refusal | None = None


RefusalCode = Literal[
    "too_heavy", "too_long", "too_large", "volumetric_too_heavy", "no_destination"
]


@dataclass(frozen=True)
class Refusal:
    """Why a method cannot carry a parcel, as a code a client can say in its own language: the
    method's limit it breaks (grams or centimetres; 0 for `no_destination`) and the parcel's value."""

    code: RefusalCode
    limit: int
    actual: int

    def sentence(self, label: str, destination: str) -> str:
        """The refusal in English, for logs, staff and API readers."""
        sentences = {
            "too_heavy": f"{label} carries at most {self.limit} g; the parcel weighs {self.actual} g",
            "too_long": f"{label} carries at most {self.limit} cm on the longest side; "
            f"the parcel has {self.actual} cm",
            "too_large": f"{label} carries at most {self.limit} cm length plus girth; "
            f"the parcel has {self.actual} cm",
            "volumetric_too_heavy": f"{label} carries at most {self.limit} g of volumetric weight",
            "no_destination": f"{label} does not ship to {destination}",
        }
        return sentences[self.code]


class ParcelRefused(ValueError):
    """The chosen method cannot carry the parcel; the message says why."""


def ceil_div(numerator: int, denominator: int) -> int:
    """Integer division rounding up (for non-negative numbers)."""
    return -(-numerator // denominator)


def volumetric_weight_g(dims: Dimensions, divisor: int | None) -> int:
    """L x W x H / divisor in kilograms, as grams rounded up; 0 when the method ignores volume."""
    if divisor is None:
        return 0
    return ceil_div(dims.volume_cm3 * GRAMS_PER_KG, divisor)


def chargeable_weight_g(dims: Dimensions, rates: MethodRates) -> int:
    """max(actual, volumetric) rounded up to the method's step."""
    heavier = max(dims.weight_g, volumetric_weight_g(dims, rates.volumetric_divisor))
    return ceil_div(heavier, rates.step_g) * rates.step_g


def fee_jpy(chargeable_g: int, zone: ZoneRate, step_g: int) -> int:
    """The first band's price plus one step price per started step above it."""
    extra_g = max(0, chargeable_g - zone.first_g)
    return zone.first_jpy + ceil_div(extra_g, step_g) * zone.step_jpy


def refusal(dims: Dimensions, rates: MethodRates) -> Refusal | None:
    """Why the method cannot carry the parcel (its limits), or None."""
    if dims.weight_g > rates.max_weight_g:
        return Refusal("too_heavy", rates.max_weight_g, dims.weight_g)
    if dims.longest_cm > rates.max_length_cm:
        return Refusal("too_long", rates.max_length_cm, dims.longest_cm)
    if dims.length_plus_girth_cm > rates.max_length_girth_cm:
        return Refusal("too_large", rates.max_length_girth_cm, dims.length_plus_girth_cm)
    volumetric = volumetric_weight_g(dims, rates.volumetric_divisor)
    if rates.volumetric_divisor is not None and volumetric > rates.max_weight_g:
        return Refusal("volumetric_too_heavy", rates.max_weight_g, volumetric)
    return None


def quote_method(card: RateCard, method: str, dims: Dimensions, destination: str) -> Quote:
    """One method's quote for a parcel to a destination country."""
    rates = card.methods[method]
    volumetric = volumetric_weight_g(dims, rates.volumetric_divisor)
    chargeable = chargeable_weight_g(dims, rates)
    zone_name = card.destinations.get(destination)
    zone = rates.zones.get(zone_name) if zone_name else None
    refused = refusal(dims, rates) if zone is not None else Refusal("no_destination", 0, 0)
    if zone is None or refused is not None:
        why = refused or Refusal("no_destination", 0, 0)
        reason = why.sentence(rates.label, destination)
        return Quote(method, rates.label, False, reason, volumetric, chargeable, None, why)
    return Quote(
        method,
        rates.label,
        True,
        "",
        volumetric,
        chargeable,
        fee_jpy(chargeable, zone, rates.step_g),
    )


def quote_all(card: RateCard, dims: Dimensions, destination: str) -> list[Quote]:
    """A quote from every method, available or not."""
    return [quote_method(card, method, dims, destination) for method in card.methods]


def price_parcel(card: RateCard, method: str, dims: Dimensions, destination: str) -> Quote:
    """The quote for packing with a chosen method; refuses what the method cannot carry."""
    if method not in card.methods:
        raise ParcelRefused(f"unknown shipping method {method!r}; known: {', '.join(card.methods)}")
    quote = quote_method(card, method, dims, destination)
    if not quote.available:
        raise ParcelRefused(quote.reason)
    return quote
