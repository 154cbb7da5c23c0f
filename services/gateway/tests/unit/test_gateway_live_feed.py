"""The live feed's bounded buffer: a slow client is marked, never waited for; routing-key checks."""

import pytest

from daikou_gateway.domain.live import LiveFeed, check_keys
from daikou_kit.errors import InvalidInput


async def test_events_come_out_in_order() -> None:
    feed = LiveFeed(size=3)
    for n in range(3):
        feed.offer({"n": n})
    assert [await feed.next(0.1) for _ in range(3)] == [{"n": 0}, {"n": 1}, {"n": 2}]
    assert await feed.next(0.01) is None


async def test_a_full_buffer_marks_the_client_too_slow_and_counts_what_it_missed() -> None:
    feed = LiveFeed(size=2)
    for n in range(5):
        feed.offer({"n": n})
    assert feed.overflowed
    assert feed.dropped == 3
    assert feed.pending == 2


def test_key_patterns_default_to_everything() -> None:
    assert check_keys([]) == ["#"]
    assert check_keys(["orders.#", "payments.billing_paid.v1", "*.order_placed.*"]) == [
        "orders.#",
        "payments.billing_paid.v1",
        "*.order_placed.*",
    ]


@pytest.mark.parametrize("bad", ["", "orders..x", "Orders.#", "orders.#x", "a b"])
def test_bad_key_patterns_are_refused(bad: str) -> None:
    with pytest.raises(InvalidInput):
        check_keys([bad])


def test_too_many_keys_are_refused() -> None:
    with pytest.raises(InvalidInput, match="at most"):
        check_keys([f"k{n}" for n in range(21)])
