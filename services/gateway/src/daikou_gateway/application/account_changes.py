"""A customer changes their e-mail address, language or name; the notifications service learns it
from `gateway.account_changed.v1`, published through the outbox in the same transaction."""

from __future__ import annotations

import asyncio
import dataclasses
from uuid import UUID

from daikou_contracts.catalogue.accounts import AccountChanged, Language
from daikou_gateway.application.accounts import get_account
from daikou_gateway.application.ports import GatewayUnits
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


async def change_contact(units: GatewayUnits, account_id: UUID, change: ContactChange) -> Account:
    """Store the change; a customer's is published for the notifications service.

    A new e-mail address needs the current password, checked between two transactions with no
    database connection held (as at sign-in); it is refused if the password changed meanwhile.
    """
    async with units.open() as uow:
        account = await get_account(uow, account_id)
    checked = _changed(account, change).email != account.email
    if checked:
        await _check_password(units.hasher, account, change.current_password)
    async with units.open() as uow:
        latest = await get_account(uow, account_id)
        changed = _changed(latest, change)
        if changed.email != latest.email and (
            not checked or latest.password_hash != account.password_hash
        ):
            raise _wrong_password()  # unchecked, or the password checked is no longer the account's
        if changed == latest:
            return latest
        await uow.accounts.update_contact(changed)
        if not latest.is_staff:
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


def _changed(account: Account, change: ContactChange) -> Account:
    """The account with the change applied (its fields checked)."""
    return dataclasses.replace(
        account,
        email=normalise_email(change.email) if change.email is not None else account.email,
        language=change.language.value if change.language else account.language,
        display_name=(
            check_display_name(change.display_name)
            if change.display_name is not None
            else account.display_name
        ),
    )


async def _check_password(hasher: PasswordHasher, account: Account, password: str | None) -> None:
    if not password or not await asyncio.to_thread(hasher.verify, account.password_hash, password):
        raise _wrong_password()


def _wrong_password() -> Unauthenticated:
    return Unauthenticated(
        "give the current password to change the e-mail address", code="wrong_password"
    )
