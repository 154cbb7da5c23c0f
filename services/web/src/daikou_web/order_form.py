"""The new-order form: rows of items (marketplace link, title, options, quantity, expected price),
the delivery address and a shipping preference, read from the posted form into the API's body.

Problems the form can see itself (a price that is not a number, options not written as
`name: value`) are reported on their field before anything is sent; the rest is the API's."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from starlette.datastructures import FormData

from daikou_web.i18n import gettext as _

MAX_ROWS = 20
ADDRESS_FIELDS = ("name", "postal_code", "prefecture", "city", "line1", "line2", "phone")


@dataclass
class OrderForm:
    """What the customer typed, the body for the API, and the problems found."""

    rows: list[dict[str, str]]
    address: dict[str, str]
    shipping_preference: str
    errors: dict[str, str] = field(default_factory=dict)

    def body(self) -> dict[str, Any]:
        """The API's `POST /orders` body (only rows with a link)."""
        items = []
        for index, row in self.used_rows():
            items.append(
                {
                    "url": row["url"].strip(),
                    "title": row["title"].strip(),
                    "options": self._options(index, row["options"]),
                    "quantity": self._quantity(index, row["quantity"]),
                    "expected_unit_price": {
                        "amount": self._fen(index, row["price"]),
                        "currency": "CNY",
                    },
                }
            )
        if not items:
            self.errors["items-0-url"] = _("Add at least one item: paste its marketplace link.")
        address = {k: v.strip() for k, v in self.address.items() if k != "line2" or v.strip()}
        return {
            "items": items,
            "address": address,
            "shipping_preference": self.shipping_preference.strip(),
        }

    def used_rows(self) -> list[tuple[int, dict[str, str]]]:
        """The rows with something typed in them (the default quantity aside), with their position."""
        typed = ("url", "title", "options", "price")
        return [(i, r) for i, r in enumerate(self.rows) if any(r[k].strip() for k in typed)]

    def _options(self, index: int, text: str) -> dict[str, str]:
        options: dict[str, str] = {}
        for part in text.replace("\n", ";").replace("\uff1b", ";").split(";"):
            if not part.strip():
                continue
            name, sep, value = part.replace("\uff1a", ":").partition(":")
            if not sep or not name.strip():
                self.errors[f"items-{index}-options"] = _(
                    "Write options as name: value, separated by semicolons."
                )
                continue
            options[name.strip()] = value.strip()
        return options

    def _quantity(self, index: int, text: str) -> int:
        try:
            return int(text.strip() or "1")
        except ValueError:
            self.errors[f"items-{index}-quantity"] = _("Enter a whole number.")
            return 1

    def _fen(self, index: int, text: str) -> int:
        """Yuan as typed (`45`, `45.5`) in fen."""
        try:
            yuan = Decimal(text.strip().replace(",", "").replace("元", "") or "x")
            if not yuan.is_finite() or yuan <= 0 or yuan > 10_000_000:
                raise InvalidOperation
            fen = yuan * 100
            if fen != fen.to_integral_value():
                raise InvalidOperation
            return int(fen)
        except InvalidOperation:
            self.errors[f"items-{index}-price"] = _(
                "Enter the price in yuan, for example 45 or 45.50."
            )
            return 0


def blank(rows: int = 2) -> OrderForm:
    """An empty form with `rows` item rows."""
    return OrderForm(
        rows=[empty_row() for _ in range(rows)],
        address=dict.fromkeys(ADDRESS_FIELDS, ""),
        shipping_preference="",
    )


def empty_row() -> dict[str, str]:
    """An item row with nothing typed yet."""
    return {"url": "", "title": "", "options": "", "quantity": "1", "price": ""}


def read(form: FormData) -> OrderForm:
    """The form as posted (row count taken from the fields present, at most MAX_ROWS)."""

    def text(name: str) -> str:
        value = form.get(name)
        return value[:2000] if isinstance(value, str) else ""

    rows = []
    for index in range(MAX_ROWS):
        if f"items-{index}-url" not in form:
            continue
        rows.append({k: text(f"items-{index}-{k}") for k in empty_row()})
    return OrderForm(
        rows=rows or [empty_row()],
        address={k: text(k) for k in ADDRESS_FIELDS},
        shipping_preference=text("shipping_preference"),
    )


def api_field(location: str) -> str:
    """The form field of an API validation error's location (`items.0.url` -> `items-0-url`)."""
    parts = location.split(".")
    if parts[0] == "items" and len(parts) >= 3:
        name = {"expected_unit_price": "price"}.get(parts[2], parts[2])
        return f"items-{parts[1]}-{name}"
    if parts[0] == "address" and len(parts) >= 2:
        return parts[1]
    return parts[-1] if parts else "_"
