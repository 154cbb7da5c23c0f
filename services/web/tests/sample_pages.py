"""Sample answers of the gateway's API for the customer pages' tests."""

from __future__ import annotations

from typing import Any

ORDER_ID = "0b7e4c1e-1111-4a4a-9c9c-000000000001"
ITEM_A = "0b7e4c1e-2222-4a4a-9c9c-000000000002"
ITEM_B = "0b7e4c1e-3333-4a4a-9c9c-000000000003"
FIRST = "0b7e4c1e-4444-4a4a-9c9c-000000000004"
PHOTO = "0b7e4c1e-5555-4a4a-9c9c-000000000005"


def yen(amount: int) -> dict[str, Any]:
    return {"amount": amount, "currency": "JPY"}


def part(data: Any) -> dict[str, Any]:
    return {"available": True, "unavailable_reason": None, "data": data}


def billing(total: int, paid: int = 0, status: str = "open") -> dict[str, Any]:
    return {
        "billing_id": FIRST,
        "order_id": ORDER_ID,
        "kind": "first",
        "status": status,
        "revision": 2,
        "lines": [
            {"code": "items", "description": "Items", "amount": yen(total - 1000)},
            {"code": "service_fee", "description": "Service fee", "amount": yen(1000)},
        ],
        "total": yen(total),
        "amount_paid": yen(paid),
        "amount_due": yen(total - paid),
        "paid_by": {"deposit": yen(paid), "transfer": yen(0), "card": yen(0)},
        "issued_at": "2026-12-02T01:00:00Z",
        "paid_at": None,
        "transfers": [],
        "card_payments": [],
    }


def item(
    item_id: str, title: str, quantity: int, photos: list[str] | None = None
) -> dict[str, Any]:
    return {
        "item_id": item_id,
        "position": 1,
        "marketplace": "taobao",
        "url": "https://item.taobao.com/item.htm?id=1",
        "title": title,
        "options": {"colour": "navy"},
        "quantity": quantity,
        "status": "pre_payment",
        "expected_unit_price": {"amount": 45000, "currency": "CNY"},
        "unit_price": {"amount": 42000, "currency": "CNY"},
        "domestic_shipping": None,
        "unit_price_jpy": yen(9030),
        "purchase_condition": None,
        "held": False,
        "photos": photos or [],
    }


def order_page(
    status: str = "awaiting_first_payment",
    action: str | None = "pay_first_billing",
    total: int = 4184,
    photos: list[str] | None = None,
) -> dict[str, Any]:
    return {
        "order_id": ORDER_ID,
        "tabs": part(
            [
                {
                    "order_id": ORDER_ID,
                    "order_number": "DK-000042",
                    "status": status,
                    "action_required": action,
                    "current": True,
                }
            ]
        ),
        "progress": part(
            {
                "status": status,
                "steps": [{"status": status, "state": "current"}],
                "action_required": action,
                "can_cancel": status in {"applied", "awaiting_first_payment"},
                "can_change_items": status == "awaiting_first_payment",
                "can_report_reception": status == "shipped",
                "history": [],
            }
        ),
        "basic_info": part(
            {
                "order_id": ORDER_ID,
                "order_number": "DK-000042",
                "placed_at": "2026-12-02T00:30:00Z",
                "address": {
                    "name": "Hanako",
                    "postal_code": "100-0001",
                    "prefecture": "東京都",
                    "city": "千代田区",
                    "line1": "1-1",
                    "phone": "03-1234-5678",
                },
                "shipping_preference": "EMS",
                "estimate": {
                    "rate": {"base": "CNY", "quote": "JPY", "rate": "21.5", "rounding": "up"},
                    "lines": [],
                    "total": yen(total),
                    "billing_revision": 2,
                    "estimated_at": "2026-12-02T01:00:00Z",
                    "payment_due_at": "2026-12-09T01:00:00Z",
                },
            }
        ),
        "billing": part({"first": billing(total), "second": None, "deposit": yen(5000)}),
        "items": part(
            {
                "items": [
                    item(ITEM_A, "Canvas tote bag", 2, photos),
                    item(ITEM_B, "Enamel mug", 1),
                ],
                "photos_available": True,
            }
        ),
        "shipping": part(None),
        "messages": {
            "available": False,
            "unavailable_reason": "messaging did not answer",
            "data": None,
        },
    }
