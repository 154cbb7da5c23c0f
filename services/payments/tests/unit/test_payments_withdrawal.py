"""Withdrawal guards (no I/O)."""

import pytest

from daikou_kit.errors import Conflict, InvalidInput
from daikou_payments.domain.withdrawal import (
    MAX_OPEN_WITHDRAWALS,
    WithdrawalStatus,
    ensure_decidable,
    ensure_room_for_another,
)
from daikou_payments.entrypoints.routes_deposits import parse_cursor


@pytest.mark.parametrize("status", [WithdrawalStatus.PAID_OUT, WithdrawalStatus.REFUSED])
def test_a_decided_withdrawal_is_never_decided_again(status: WithdrawalStatus) -> None:
    with pytest.raises(Conflict):
        ensure_decidable(status)


def test_a_requested_withdrawal_can_be_decided() -> None:
    ensure_decidable(WithdrawalStatus.REQUESTED)


def test_open_withdrawals_are_bounded() -> None:
    ensure_room_for_another(MAX_OPEN_WITHDRAWALS - 1)
    with pytest.raises(Conflict):
        ensure_room_for_another(MAX_OPEN_WITHDRAWALS)


@pytest.mark.parametrize(
    "cursor", ["-1", "abc", "1" * 25, "99999999999999999999", " 5", "³", "1²", "1" * 5000]
)
def test_only_cursors_the_api_gave_out_are_accepted(cursor: str) -> None:
    with pytest.raises(InvalidInput):
        parse_cursor(cursor)


def test_a_cursor_is_a_position() -> None:
    assert (parse_cursor("42"), parse_cursor(None)) == (42, None)
