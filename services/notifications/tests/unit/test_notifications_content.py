"""What a notice was made of survives its JSON column: amounts as Money, moments as datetimes."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from daikou_contracts.money import Money
from daikou_notifications.domain.content import NoticeContent


def test_content_reads_back_as_it_was_written_through_json() -> None:
    content = NoticeContent(
        name="Hanako",
        order_number="DK-0001",
        link="http://web.test/orders/1",
        params={
            "total": Money(amount=-4184, currency="JPY"),
            "due_at": datetime(2026, 12, 10, 9, 0, tzinfo=UTC),
            "tracking_numbers": ["EJ1", "EJ2"],
            "proceed": True,
            "items": 2,
            "reason": None,
        },
    )
    kept = json.loads(json.dumps(content.to_json()))
    assert NoticeContent.from_json(kept) == content
    assert kept["params"]["total"] == {"$money": {"amount": -4184, "currency": "JPY"}}
