"""What a notice was made of, kept to say it again in another language.

A notice's mail is written once, in the customer's language of the moment. The in-app list may be
read in the other language: the kind's template is rendered again from these values. They are kept
as JSON, amounts and moments tagged so that they read back as `Money` and `datetime`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from daikou_contracts.money import Money

_MONEY, _TIME = "$money", "$time"


@dataclass(frozen=True)
class NoticeContent:
    """The values a kind's template is rendered from."""

    name: str
    """The customer's name as the mail addressed them."""
    order_number: str
    link: str
    params: Mapping[str, object] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The content as JSON values."""
        return {
            "name": self.name,
            "order_number": self.order_number,
            "link": self.link,
            "params": {key: _encode(value) for key, value in self.params.items()},
        }

    @classmethod
    def from_json(cls, kept: Mapping[str, Any]) -> NoticeContent:
        """The content `to_json` wrote."""
        params = kept.get("params") or {}
        return cls(
            name=str(kept["name"]),
            order_number=str(kept["order_number"]),
            link=str(kept["link"]),
            params={key: _decode(value) for key, value in params.items()},
        )


def _encode(value: object) -> Any:
    if isinstance(value, Money):
        return {_MONEY: value.model_dump(mode="json")}
    if isinstance(value, datetime):
        return {_TIME: value.isoformat()}
    if isinstance(value, list | tuple):
        return [_encode(v) for v in value]
    return value


def _decode(value: Any) -> object:
    if isinstance(value, dict) and _MONEY in value:
        return Money.model_validate(value[_MONEY])
    if isinstance(value, dict) and _TIME in value:
        return datetime.fromisoformat(value[_TIME])
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value
