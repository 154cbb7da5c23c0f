"""Facts about the customer's deposit itself (`payments.*`): withdrawals and top-ups by transfer.

The money moves are the ledger's `DepositCredited` / `DepositDebited`; these say why, and what the
customer and staff decided, so a notifier can tell the customer.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import AwareDatetime

from daikou_contracts.catalogue.common import ShortText
from daikou_contracts.message import Event
from daikou_contracts.money import Money
from daikou_contracts.registry import register


@register
class WithdrawalRequested(Event):
    """The customer asked to withdraw deposit money; the amount is reserved (debited) at once."""

    TYPE = "payments.withdrawal_requested"
    VERSION = 1

    withdrawal_id: UUID
    customer_id: UUID
    amount: Money
    balance_after: Money
    requested_at: AwareDatetime


@register
class WithdrawalPaidOut(Event):
    """Staff paid a withdrawal out to the customer's bank account."""

    TYPE = "payments.withdrawal_paid_out"
    VERSION = 1

    withdrawal_id: UUID
    customer_id: UUID
    amount: Money
    reference: ShortText
    paid_out_at: AwareDatetime


@register
class WithdrawalRefused(Event):
    """Staff refused a withdrawal; the reserved amount went back to the deposit."""

    TYPE = "payments.withdrawal_refused"
    VERSION = 1

    withdrawal_id: UUID
    customer_id: UUID
    amount: Money
    reason: ShortText
    refused_at: AwareDatetime


@register
class DepositTransferReported(Event):
    """The customer reported a bank transfer to top up the deposit; staff will confirm it."""

    TYPE = "payments.deposit_transfer_reported"
    VERSION = 1

    transfer_id: UUID
    customer_id: UUID
    amount: Money
    payer_name: ShortText
    transferred_on: date


@register
class DepositTransferConfirmed(Event):
    """Staff found the transfer: the amount received was credited to the deposit."""

    TYPE = "payments.deposit_transfer_confirmed"
    VERSION = 1

    transfer_id: UUID
    customer_id: UUID
    amount_received: Money


@register
class DepositTransferRejected(Event):
    """Staff could not find the transfer; nothing was credited."""

    TYPE = "payments.deposit_transfer_rejected"
    VERSION = 1

    transfer_id: UUID
    customer_id: UUID
    reason: ShortText
