"""Account use cases on the in-memory unit: registering, staff accounts, signing in, limits."""

from dataclasses import replace
from datetime import timedelta
from uuid import uuid4

import pytest
from gateway_fakes import POLICY, FakeGatewayUnit, FakeHasher

from daikou_contracts.catalogue.accounts import AccountRegistered, Language
from daikou_gateway.application import accounts
from daikou_gateway.domain import tokens
from daikou_gateway.domain.accounts import Account, Unauthenticated
from daikou_kit.actors import Role
from daikou_kit.errors import Conflict, InvalidInput

PASSWORD = "correct horse battery"


async def registered(unit: FakeGatewayUnit, email: str = "hanako@example.jp") -> Account:
    """A customer who registered with `PASSWORD`."""
    return await accounts.register_customer(
        unit, email=email, password=PASSWORD, display_name=" Hanako "
    )


async def test_registering_stores_a_customer_and_tells_the_notifications_service() -> None:
    unit = FakeGatewayUnit()
    account = await accounts.register_customer(
        unit,
        email=" Hanako@Example.JP ",
        password=PASSWORD,
        display_name=" Hanako ",
        language=Language.EN,
    )
    stored = await unit.accounts.by_id(account.id)
    assert stored == account
    assert (account.email, account.display_name, account.role) == (
        "hanako@example.jp",
        "Hanako",
        Role.CUSTOMER,
    )
    assert account.password_hash != PASSWORD
    assert unit.hasher.verify(account.password_hash, PASSWORD)
    [fact] = unit.of_type(AccountRegistered)
    assert (fact.customer_id, fact.email, fact.language) == (account.id, account.email, Language.EN)


async def test_an_email_already_registered_is_refused_in_any_case() -> None:
    unit = FakeGatewayUnit()
    await registered(unit)
    with pytest.raises(Conflict) as refused:
        await registered(unit, "HANAKO@example.jp")
    assert refused.value.code == "email_taken"
    assert len(unit.accounts.rows) == 1
    assert len(unit.of_type(AccountRegistered)) == 1


async def test_a_weak_password_registers_nothing() -> None:
    unit = FakeGatewayUnit()
    with pytest.raises(InvalidInput, match="at least 10"):
        await accounts.register_customer(
            unit, email="hanako@example.jp", password="short", display_name="Hanako"
        )
    assert unit.accounts.rows == {}
    assert unit.emitted == []


@pytest.mark.parametrize("role", [Role.OPS, Role.WAREHOUSE])
async def test_staff_accounts_are_ops_or_warehouse_and_not_announced(role: Role) -> None:
    unit = FakeGatewayUnit()
    account = await accounts.create_staff(
        unit, email="ops@daikou.example", password=PASSWORD, display_name="Staff", role=role
    )
    assert (await unit.accounts.by_id(account.id)) == account
    assert account.is_staff
    assert unit.emitted == []


@pytest.mark.parametrize("role", [Role.CUSTOMER, Role.SYSTEM])
async def test_no_staff_account_has_another_role(role: Role) -> None:
    unit = FakeGatewayUnit()
    with pytest.raises(InvalidInput) as refused:
        await accounts.create_staff(
            unit, email="x@daikou.example", password=PASSWORD, display_name="X", role=role
        )
    assert refused.value.code == "invalid_role"
    assert unit.accounts.rows == {}


async def test_signing_in_opens_a_session_that_the_token_names() -> None:
    unit = FakeGatewayUnit()
    account = await registered(unit)
    session = await accounts.sign_in(unit, email="HANAKO@example.jp", password=PASSWORD)
    now = unit.clock.now()
    claims = tokens.verify(session.token, POLICY.tokens.secret, now)
    assert (claims.subject, claims.role) == (account.id, Role.CUSTOMER)
    assert claims.expires_at == now + POLICY.tokens.ttl
    assert unit.sessions.active(account.id, now) == {claims.session_id}
    assert unit.accounts.signed_in_at[account.id] == now


@pytest.mark.parametrize(
    ("email", "password"),
    [("hanako@example.jp", "wrong horse battery"), ("nobody@example.jp", PASSWORD), ("x", "y")],
)
async def test_wrong_credentials_open_no_session(email: str, password: str) -> None:
    unit = FakeGatewayUnit()
    await registered(unit)
    with pytest.raises(Unauthenticated) as refused:
        await accounts.sign_in(unit, email=email, password=password)
    assert refused.value.code == "wrong_credentials"
    assert unit.sessions.rows == {}
    assert unit.accounts.signed_in_at == {}


async def test_a_password_hashed_with_old_parameters_is_hashed_again_on_sign_in() -> None:
    unit = FakeGatewayUnit(hasher=FakeHasher(version=1))
    account = await registered(unit)
    unit.hasher = FakeHasher(version=2)
    await accounts.sign_in(unit, email=account.email, password=PASSWORD)
    stored = await unit.accounts.by_id(account.id)
    assert stored is not None
    assert stored.password_hash.startswith("v2$")


class ChangingHasher(FakeHasher):
    """Checks a password while another request changes the account's password."""

    def __init__(self, unit: FakeGatewayUnit, account: Account) -> None:
        super().__init__()
        self.unit, self.account = unit, account

    def verify(self, password_hash: str, password: str) -> bool:
        changed = replace(self.account, password_hash=self.hash("a new passphrase"))
        self.unit.accounts.rows[self.account.id] = changed
        return super().verify(password_hash, password)


async def test_a_password_changed_while_it_was_checked_opens_no_session() -> None:
    unit = FakeGatewayUnit()
    account = await registered(unit)
    unit.hasher = ChangingHasher(unit, account)
    with pytest.raises(Unauthenticated) as refused:
        await accounts.sign_in(unit, email=account.email, password=PASSWORD)
    assert refused.value.code == "wrong_credentials"
    assert unit.sessions.rows == {}


async def test_a_password_change_is_refused_when_another_changed_it_first() -> None:
    unit = FakeGatewayUnit()
    account = await registered(unit)
    unit.hasher = ChangingHasher(unit, account)
    with pytest.raises(Unauthenticated) as refused:
        await accounts.change_password(
            unit, account_id=account.id, session_id=uuid4(), current=PASSWORD, new="mine, not yours"
        )
    assert refused.value.code == "wrong_password"
    stored = await unit.accounts.by_id(account.id)
    assert stored is not None
    assert stored.password_hash == "v1$a new passphrase"


async def test_too_many_attempts_for_an_account_wait_for_the_window() -> None:
    unit = FakeGatewayUnit()
    account = await registered(unit)
    for _ in range(POLICY.sign_in.per_account):
        with pytest.raises(Unauthenticated):
            await accounts.sign_in_limited(
                unit, client="10.0.0.1", email=account.email, password="wrong horse battery"
            )
    unit.clock.advance(timedelta(minutes=5))
    with pytest.raises(accounts.TooManyAttempts) as refused:
        await accounts.sign_in_limited(
            unit, client="10.0.0.2", email=account.email, password=PASSWORD
        )
    assert refused.value.retry_after_s == 10 * 60
    assert unit.sessions.rows == {}
    unit.clock.advance(POLICY.sign_in.account_window)
    await accounts.sign_in_limited(unit, client="10.0.0.2", email=account.email, password=PASSWORD)
    assert len(unit.sessions.active(account.id, unit.clock.now())) == 1


async def test_too_many_attempts_from_one_address_are_refused_for_any_account() -> None:
    unit = FakeGatewayUnit()
    account = await registered(unit)
    for n in range(POLICY.sign_in.per_client):
        with pytest.raises(Unauthenticated):
            await accounts.sign_in_limited(
                unit, client="10.0.0.1", email=f"guess{n}@example.jp", password=PASSWORD
            )
    with pytest.raises(accounts.TooManyAttempts):
        await accounts.sign_in_limited(
            unit, client="10.0.0.1", email=account.email, password=PASSWORD
        )


async def test_a_successful_sign_in_takes_its_attempts_back() -> None:
    unit = FakeGatewayUnit()
    account = await registered(unit)
    for _ in range(POLICY.sign_in.per_account + 2):
        await accounts.sign_in_limited(
            unit, client="10.0.0.1", email=account.email, password=PASSWORD
        )
    assert unit.attempts.rows[f"account:{account.email}"][1] == 0
    assert len(unit.sessions.active(account.id, unit.clock.now())) == 5
