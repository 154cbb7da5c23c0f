"""A customer changes their e-mail address, language or name; the notifications service learns it
from `gateway.account_changed.v1`, published through the outbox in the same transaction."""

from __future__ import annotations

import asyncio
import dataclasses
from uuid import UUID

from daikou_contracts.catalogue.accounts import AccountChanged, Language
from daikou_gateway.application.accounts import get_account
from daikou_gateway.application.ports import GatewayUnit
from daikou_gateway.domain.accounts import (
    Account,
    PasswordHasher,
    Unauthenticated,
    check_display_name,
    normalise_email,
)


@dataclasses.dataclass(frozen=True)
class ContactChange:
    """What the account holder asked to change (None: unchanged)."""

    email: str | None = None
    language: Language | None = None
    display_name: str | None = None
    current_password: str | None = None
    """Required to change the e-mail address (the address signs in and receives the mails)."""


async def change_contact(uow: GatewayUnit, account_id: UUID, change: ContactChange) -> Account:
    """Store the change; a customer's is published for the notifications service."""
    account = await get_account(uow, account_id)
    changed = dataclasses.replace(
        account,
        email=normalise_email(change.email) if change.email is not None else account.email,
        language=change.language.value if change.language else account.language,
        display_name=(
            check_display_name(change.display_name)
            if change.display_name is not None
            else account.display_name
        ),
    )
    if changed.email != account.email:
        await _check_password(uow.hasher, account, change.current_password)
    if changed == account:
        return account
    await uow.accounts.update_contact(changed)
    if not account.is_staff:
        uow.emit(
            AccountChanged(
                customer_id=changed.id,
                email=changed.email,
                display_name=changed.display_name,
                language=Language(changed.language),
                changed_at=uow.clock.now(),
            )
        )
    return changed


async def _check_password(hasher: PasswordHasher, account: Account, password: str | None) -> None:
    if not password or not await asyncio.to_thread(hasher.verify, account.password_hash, password):
        raise Unauthenticated(
            "give the current password to change the e-mail address", code="wrong_password"
        )
