"""Use cases of accounts: register, sign in, create staff, look up."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

from daikou_gateway.adapters.accounts import AccountRepository
from daikou_gateway.domain import tokens
from daikou_gateway.domain.accounts import (
    Account,
    AccountRole,
    PasswordHasher,
    Unauthenticated,
    check_display_name,
    check_password,
    normalise_email,
)
from daikou_kit.errors import InvalidInput, NotFound
from daikou_kit.unit_of_work import UnitOfWork

WRONG_CREDENTIALS = "wrong email or password"


@dataclass(frozen=True)
class TokenPolicy:
    """How access tokens are signed and how long they last."""

    secret: str
    ttl: timedelta


@dataclass(frozen=True)
class Session:
    """A signed-in account and its access token."""

    account: Account
    token: str
    claims: tokens.Claims


async def create_account(
    uow: UnitOfWork,
    hasher: PasswordHasher,
    *,
    email: str,
    password: str,
    display_name: str,
    role: AccountRole,
) -> Account:
    """A new account with a hashed password; Conflict when the email is taken."""
    canonical = normalise_email(email)
    check_password(password)
    name = check_display_name(display_name)
    password_hash = await asyncio.to_thread(hasher.hash, password)
    account = Account(
        id=uow.new_id(),
        email=canonical,
        display_name=name,
        role=role,
        password_hash=password_hash,
        created_at=uow.clock.now(),
    )
    await AccountRepository(uow.conn).add(account)
    return account


async def register_customer(
    uow: UnitOfWork, hasher: PasswordHasher, *, email: str, password: str, display_name: str
) -> Account:
    """Free membership: a customer account."""
    return await create_account(
        uow,
        hasher,
        email=email,
        password=password,
        display_name=display_name,
        role=AccountRole.CUSTOMER,
    )


async def create_staff(
    uow: UnitOfWork,
    hasher: PasswordHasher,
    *,
    email: str,
    password: str,
    display_name: str,
    role: AccountRole,
) -> Account:
    """A staff account (ops or warehouse); only an operator's command calls this."""
    if role is AccountRole.CUSTOMER:
        raise InvalidInput("staff accounts are ops or warehouse", code="invalid_role")
    return await create_account(
        uow, hasher, email=email, password=password, display_name=display_name, role=role
    )


async def sign_in(
    uow: UnitOfWork, hasher: PasswordHasher, policy: TokenPolicy, *, email: str, password: str
) -> Session:
    """Check the password and issue an access token; Unauthenticated otherwise."""
    try:
        canonical = normalise_email(email)
    except InvalidInput:
        raise Unauthenticated(WRONG_CREDENTIALS, code="wrong_credentials") from None
    repo = AccountRepository(uow.conn)
    account = await repo.by_email(canonical)
    stored = account.password_hash if account else _DUMMY_HASH.get(hasher)
    matches = await asyncio.to_thread(hasher.verify, stored, password)
    if account is None or not matches:
        raise Unauthenticated(WRONG_CREDENTIALS, code="wrong_credentials")
    now = uow.clock.now()
    await repo.touch_sign_in(account.id, now)
    token, claims = tokens.issue(account.id, account.role, now, policy.ttl, policy.secret)
    return Session(account, token, claims)


async def get_account(uow: UnitOfWork, account_id: UUID) -> Account:
    """The account behind a token; NotFound when it was removed."""
    account = await AccountRepository(uow.conn).by_id(account_id)
    if account is None:
        raise NotFound("account not found", code="account_not_found")
    return account


class _DummyHash:
    """A hash to verify against when the email is unknown, so both paths take as long."""

    def __init__(self) -> None:
        self._hashes: dict[int, str] = {}

    def get(self, hasher: PasswordHasher) -> str:
        """A hash made by this hasher (made once)."""
        key = id(hasher)
        if key not in self._hashes:
            self._hashes[key] = hasher.hash("not-a-password-of-anyone")
        return self._hashes[key]


_DUMMY_HASH = _DummyHash()
