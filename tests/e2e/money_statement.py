"""The order's money statement, checked the same way in every end-to-end flow."""

from typing import Any

from demo import Api


async def assert_statement_sums(api: Api, token: str, order_id: str) -> dict[str, Any]:
    """The statement's lines sum to its balance, which is what is still due; refunds <= paid."""
    found: dict[str, Any] = await api.call("GET", f"/orders/{order_id}/statement", token)
    lines = sum(line["amount"]["amount"] for line in found["lines"])
    assert lines == found["balance"]["amount"] == found["due"]["amount"], found
    assert found["sums"] is True
    totals = {k: v["amount"] for k, v in found["totals"].items()}
    assert totals["refunded"] <= totals["paid"] + totals["card_fees"], totals
    open_due = sum(b["amount_due"]["amount"] for b in found["billings"])
    assert found["due"]["amount"] >= open_due
    return found
