"""Staff finding a customer's account (to credit a deposit, for instance)."""

from __future__ import annotations

from daikou_gateway.application.ports import GatewayUnit
from daikou_gateway.domain.accounts import Account, normalise_email
from daikou_kit.actors import Role
from daikou_kit.errors import NotFound


async def customer_by_email(uow: GatewayUnit, email: str) -> Account:
    """The customer with this email; NotFound for no account or a staff account."""
    account = await uow.accounts.by_email(normalise_email(email))
    if account is None or account.role is not Role.CUSTOMER:
        raise NotFound("no customer with this email", code="customer_not_found")
    return account
