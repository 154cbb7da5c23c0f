"""Use cases of accounts: register, sign in, create staff, look up."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

from daikou_contracts.catalogue.accounts import AccountRegistered, Language
from daikou_gateway.application.ports import GatewayUnit, GatewayUnits
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


@dataclass(frozen=True)
class _NewAccount:
    """A new account's checked fields and hashed password, before it is stored."""

    email: str
    display_name: str
    role: Role
    password_hash: str
    language: Language


async def _new_account(
    units: GatewayUnits,
    *,
    email: str,
    password: str,
    display_name: str,
    role: Role,
    language: Language,
) -> _NewAccount:
    """Check the fields and hash the password (no transaction is open meanwhile)."""
    canonical = normalise_email(email)
    check_password(password)
    name = check_display_name(display_name)
    password_hash = await asyncio.to_thread(units.hasher.hash, password)
    return _NewAccount(canonical, name, role, password_hash, language)


async def _store(uow: GatewayUnit, new: _NewAccount) -> Account:
    """Store the new account; Conflict when the email is taken."""
    account = Account(
        id=uow.new_id(),
        email=new.email,
        display_name=new.display_name,
        role=new.role,
        password_hash=new.password_hash,
        created_at=uow.clock.now(),
        language=new.language.value,
    )
    await uow.accounts.add(account)
    return account


async def register_customer(
    units: GatewayUnits,
    *,
    email: str,
    password: str,
    display_name: str,
    language: Language = Language.JA,
) -> Account:
    """Free membership: a customer account; the notifications service learns how to reach it."""
    new = await _new_account(
        units,
        email=email,
        password=password,
        display_name=display_name,
        role=Role.CUSTOMER,
        language=language,
    )
    async with units.open() as uow:
        account = await _store(uow, new)
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
    units: GatewayUnits, *, email: str, password: str, display_name: str, role: Role
) -> Account:
    """A staff account (ops or warehouse); only an operator's command calls this."""
    if role not in STAFF_ROLES:
        raise InvalidInput("staff accounts are ops or warehouse", code="invalid_role")
    new = await _new_account(
        units,
        email=email,
        password=password,
        display_name=display_name,
        role=role,
        language=Language.JA,
    )
    async with units.open() as uow:
        return await _store(uow, new)


async def sign_in(units: GatewayUnits, *, email: str, password: str) -> Session:
    """Check the password and issue an access token; Unauthenticated otherwise.

    The account is read in one transaction and the session opened in another: the password is
    checked between them, holding no database connection.
    """
    try:
        canonical = normalise_email(email)
    except InvalidInput:
        raise Unauthenticated(WRONG_CREDENTIALS, code="wrong_credentials") from None
    hasher = units.hasher
    async with units.open() as uow:
        account = await uow.accounts.by_email(canonical)
    stored = account.password_hash if account else _DUMMY_HASH.get(hasher)
    matches = await asyncio.to_thread(hasher.verify, stored, password)
    if account is None or not matches:
        raise Unauthenticated(WRONG_CREDENTIALS, code="wrong_credentials")
    rehashed = None
    if hasher.needs_rehash(stored):
        rehashed = await asyncio.to_thread(hasher.hash, password)
    async with units.open() as uow:
        return await _open_session(uow, account, rehashed)


async def _open_session(uow: GatewayUnit, checked: Account, rehashed: str | None) -> Session:
    """A session for the account whose password was just checked against `checked`'s hash.

    Unauthenticated when the password changed (or the account went) while it was being checked.
    """
    account = await uow.accounts.by_id(checked.id)
    if account is None or account.password_hash != checked.password_hash:
        raise Unauthenticated(WRONG_CREDENTIALS, code="wrong_credentials")
    now = uow.clock.now()
    await uow.accounts.touch_sign_in(account.id, now)
    if rehashed is not None:
        await uow.accounts.update_password(account.id, rehashed)
    session_id = uow.new_id()
    policy = uow.policy.tokens
    token, claims = tokens.issue(
        account.id, account.role, now, policy.ttl, policy.secret, session_id=session_id
    )
    await uow.sessions.open(session_id, account.id, now, claims.expires_at)
    return Session(account, token, claims)


async def sign_in_limited(
    units: GatewayUnits, *, client: str, email: str, password: str
) -> Session:
    """`sign_in`, counted per account and per client address: TooManyAttempts over a limit.

    The attempt is counted (in its own transaction) before the password is checked, so parallel
    guesses are counted too; a successful sign-in takes its attempts back.
    """
    keys = units.policy.sign_in.keys(email, client)
    wait = await units.attempts.count_attempt(keys, units.clock.now())
    if wait is not None:
        raise TooManyAttempts(wait)
    session = await sign_in(units, email=email, password=password)
    await units.attempts.forgive([limit.key for limit in keys])
    return session


async def sign_out(uow: GatewayUnit, session_id: UUID) -> None:
    """Revoke the session: its token is refused from now on."""
    await uow.sessions.revoke(session_id, uow.clock.now())


async def change_password(
    units: GatewayUnits, *, account_id: UUID, session_id: UUID, current: str, new: str
) -> None:
    """Check the current password, store the new one, and revoke every other session.

    Like sign-in, the passwords are checked and hashed between two transactions; the current
    password is refused if it changed meanwhile.
    """
    async with units.open() as uow:
        account = await get_account(uow, account_id)
    if not await asyncio.to_thread(units.hasher.verify, account.password_hash, current):
        raise Unauthenticated("the current password is wrong", code="wrong_password")
    check_password(new)
    new_hash = await asyncio.to_thread(units.hasher.hash, new)
    async with units.open() as uow:
        if (await get_account(uow, account_id)).password_hash != account.password_hash:
            raise Unauthenticated("the current password is wrong", code="wrong_password")
        await uow.accounts.update_password(account_id, new_hash)
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
