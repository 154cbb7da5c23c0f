"""Required free text of the public API has something to read: blank text is refused with a reason
(a withdrawal's bank, a dispatch's carrier, a reason, a payer's name), its own example accepted."""

from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from daikou_gateway.entrypoints.schemas_deposit import ACCOUNT_EXAMPLE, ReasonIn, WithdrawalIn
from daikou_gateway.entrypoints.schemas_payments import TransferReportIn
from daikou_gateway.entrypoints.schemas_warehouse import DispatchIn

WITHDRAWAL = {"amount": {"amount": 3000, "currency": "JPY"}, "bank_account": ACCOUNT_EXAMPLE}
TRANSFER = {"amount": 4184, "payer_name": "ヤマダ ハナコ", "transferred_on": "2026-12-03"}
DISPATCH = {"carrier": "EMS", "tracking_numbers": ["EE123456789CN"]}


@pytest.mark.parametrize(
    ("model", "good", "blank"),
    [
        (WithdrawalIn, WITHDRAWAL, {"bank_account": {**ACCOUNT_EXAMPLE, "bank_name": "   "}}),
        (
            WithdrawalIn,
            WITHDRAWAL,
            {"bank_account": {**ACCOUNT_EXAMPLE, "account_holder": "\u3000"}},
        ),
        (DispatchIn, DISPATCH, {"carrier": " \t "}),
        (ReasonIn, {"reason": "wrong amount"}, {"reason": "    "}),
        (TransferReportIn, TRANSFER, {"payer_name": "  "}),
    ],
    ids=["bank-name", "account-holder", "carrier", "reason", "payer-name"],
)
def test_blank_text_is_refused_and_real_text_kept(
    model: type[BaseModel], good: dict[str, Any], blank: dict[str, Any]
) -> None:
    assert model.model_validate(good)
    with pytest.raises(ValidationError, match="must not be blank"):
        model.model_validate({**good, **blank})
