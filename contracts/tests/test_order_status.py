"""The order statuses' progress, terminal and pre-payment sets, defined once for every service."""

from daikou_contracts.catalogue.common import (
    ORDER_PROGRESS,
    ORDER_STATUS_RANK,
    PRE_PAYMENT_ORDER_STATUSES,
    TERMINAL_ORDER_STATUSES,
    OrderStatus,
)


def test_the_progress_bar_lists_every_status_but_cancelled_once_in_rank_order() -> None:
    assert set(ORDER_PROGRESS) == set(OrderStatus) - {OrderStatus.CANCELLED}
    assert [ORDER_STATUS_RANK[s] for s in ORDER_PROGRESS] == list(range(len(ORDER_PROGRESS)))


def test_both_terminal_statuses_share_the_last_rank() -> None:
    assert set(ORDER_STATUS_RANK) == set(OrderStatus)
    last = max(ORDER_STATUS_RANK.values())
    assert {s for s, rank in ORDER_STATUS_RANK.items() if rank == last} == TERMINAL_ORDER_STATUSES


def test_pre_payment_statuses_come_first() -> None:
    ranks = sorted(ORDER_STATUS_RANK[s] for s in PRE_PAYMENT_ORDER_STATUSES)
    assert ranks == [0, 1]
    assert ORDER_STATUS_RANK[OrderStatus.PURCHASING] == 2
