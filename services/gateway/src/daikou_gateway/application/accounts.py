"""Use cases of accounts: register, sign in, create staff, look up."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

from daikou_contracts.catalogue.accounts import AccountRegistered, Language
from daikou_gateway.application.ports import GatewayUnit
from daikou_gateway.domain import tokens
from daikou_gateway.domain.accounts import (
    STAFF_ROLES,
    Account,
    PasswordHasher,
    Unauthenticated,
    check_display_name,
    check_password,
    normalise_email,
)
from daikou_kit.actors import Role
from daikou_kit.errors import DomainError, InvalidInput, NotFound

WRONG_CREDENTIALS = "wrong email or password"


class TooManyAttempts(DomainError):
    """Too many sign-in attempts for this account or from this address (429 with Retry-After)."""

    status = 429

    def __init__(self, retry_after: timedelta) -> None:
        self.retry_after_s = max(1, int(retry_after.total_seconds() + 0.999))
        super().__init__(
            f"too many sign-in attempts; try again in {self.retry_after_s} s",
            code="too_many_attempts",
        )


@dataclass(frozen=True)
class Session:
    """A signed-in account and its access token."""

    account: Account
    token: str
    claims: tokens.Claims


async def create_account(
    uow: GatewayUnit,
    *,
    email: str,
    password: str,
    display_name: str,
    role: Role,
    language: Language = Language.JA,
) -> Account:
    """A new account with a hashed password; Conflict when the email is taken."""
    canonical = normalise_email(email)
    check_password(password)
    name = check_display_name(display_name)
    password_hash = await asyncio.to_thread(uow.hasher.hash, password)
    account = Account(
        id=uow.new_id(),
        email=canonical,
        display_name=name,
        role=role,
        password_hash=password_hash,
        created_at=uow.clock.now(),
        language=language.value,
    )
    await uow.accounts.add(account)
    return account


async def register_customer(
    uow: GatewayUnit,
    *,
    email: str,
    password: str,
    display_name: str,
    language: Language = Language.JA,
) -> Account:
    """Free membership: a customer account; the notifications service learns how to reach it."""
    account = await create_account(
        uow,
        email=email,
        password=password,
        display_name=display_name,
        role=Role.CUSTOMER,
        language=language,
    )
    uow.emit(
        AccountRegistered(
            customer_id=account.id,
            email=account.email,
            display_name=account.display_name,
            language=language,
            registered_at=account.created_at,
        )
    )
    return account


async def create_staff(
    uow: GatewayUnit, *, email: str, password: str, display_name: str, role: Role
) -> Account:
    """A staff account (ops or warehouse); only an operator's command calls this."""
    if role not in STAFF_ROLES:
        raise InvalidInput("staff accounts are ops or warehouse", code="invalid_role")
    return await create_account(
        uow, email=email, password=password, display_name=display_name, role=role
    )


async def sign_in(uow: GatewayUnit, *, email: str, password: str) -> Session:
    """Check the password and issue an access token; Unauthenticated otherwise."""
    try:
        canonical = normalise_email(email)
    except InvalidInput:
        raise Unauthenticated(WRONG_CREDENTIALS, code="wrong_credentials") from None
    hasher = uow.hasher
    account = await uow.accounts.by_email(canonical)
    stored = account.password_hash if account else _DUMMY_HASH.get(hasher)
    matches = await asyncio.to_thread(hasher.verify, stored, password)
    if account is None or not matches:
        raise Unauthenticated(WRONG_CREDENTIALS, code="wrong_credentials")
    now = uow.clock.now()
    await uow.accounts.touch_sign_in(account.id, now)
    if hasher.needs_rehash(account.password_hash):
        rehashed = await asyncio.to_thread(hasher.hash, password)
        await uow.accounts.update_password(account.id, rehashed)
    session_id = uow.new_id()
    policy = uow.policy.tokens
    token, claims = tokens.issue(
        account.id, account.role, now, policy.ttl, policy.secret, session_id=session_id
    )
    await uow.sessions.open(session_id, account.id, now, claims.expires_at)
    return Session(account, token, claims)


async def sign_in_limited(uow: GatewayUnit, *, client: str, email: str, password: str) -> Session:
    """`sign_in`, counted per account and per client address: TooManyAttempts over a limit.

    The attempt is counted (in its own transaction) before the password is checked, so parallel
    guesses are counted too; a successful sign-in takes its attempts back.
    """
    keys = uow.policy.sign_in.keys(email, client)
    wait = await uow.attempts.count_attempt(keys, uow.clock.now())
    if wait is not None:
        raise TooManyAttempts(wait)
    session = await sign_in(uow, email=email, password=password)
    await uow.attempts.forgive([limit.key for limit in keys])
    return session


async def sign_out(uow: GatewayUnit, session_id: UUID) -> None:
    """Revoke the session: its token is refused from now on."""
    await uow.sessions.revoke(session_id, uow.clock.now())


async def change_password(
    uow: GatewayUnit, *, account_id: UUID, session_id: UUID, current: str, new: str
) -> None:
    """Check the current password, store the new one, and revoke every other session."""
    account = await get_account(uow, account_id)
    if not await asyncio.to_thread(uow.hasher.verify, account.password_hash, current):
        raise Unauthenticated("the current password is wrong", code="wrong_password")
    check_password(new)
    await uow.accounts.update_password(account_id, await asyncio.to_thread(uow.hasher.hash, new))
    await uow.sessions.revoke_others(account_id, session_id, uow.clock.now())


async def get_account(uow: GatewayUnit, account_id: UUID) -> Account:
    """The account behind a token; NotFound when it was removed."""
    account = await uow.accounts.by_id(account_id)
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
