"""Account changes on the in-memory unit: contact, password, signing out, staff look-ups."""

from dataclasses import replace
from uuid import uuid4

import pytest
from gateway_fakes import FakeGatewayUnit

from daikou_contracts.catalogue.accounts import AccountChanged, Language
from daikou_gateway.application import accounts
from daikou_gateway.application.account_changes import ContactChange, change_contact
from daikou_gateway.application.staff_lookup import customer_by_email
from daikou_gateway.domain.accounts import Account, Unauthenticated
from daikou_kit.actors import Role
from daikou_kit.errors import Conflict, NotFound

PASSWORD = "correct horse battery"


async def customer(unit: FakeGatewayUnit, email: str = "hanako@example.jp") -> Account:
    """A registered customer (what registering emitted is left out)."""
    account = await accounts.register_customer(
        unit, email=email, password=PASSWORD, display_name="Hanako"
    )
    unit.emitted.clear()
    return account


async def staff(unit: FakeGatewayUnit, email: str = "ops@daikou.example") -> Account:
    """An ops account."""
    return await accounts.create_staff(
        unit, email=email, password=PASSWORD, display_name="Ops", role=Role.OPS
    )


async def test_a_customers_new_language_and_name_are_stored_and_published() -> None:
    unit = FakeGatewayUnit()
    account = await customer(unit)
    change = ContactChange(language=Language.EN, display_name=" Hana ")
    changed = await change_contact(unit, account.id, change)
    assert (changed.language, changed.display_name) == ("en", "Hana")
    assert (await unit.accounts.by_id(account.id)) == changed
    [fact] = unit.of_type(AccountChanged)
    assert (fact.customer_id, fact.display_name, fact.language) == (
        account.id,
        "Hana",
        Language.EN,
    )


async def test_a_new_email_needs_the_current_password() -> None:
    unit = FakeGatewayUnit()
    account = await customer(unit)
    for password in (None, "wrong horse battery"):
        change = ContactChange(email="hana@example.jp", current_password=password)
        with pytest.raises(Unauthenticated) as refused:
            await change_contact(unit, account.id, change)
        assert refused.value.code == "wrong_password"
    assert (await unit.accounts.by_id(account.id)) == account
    assert unit.emitted == []
    change = ContactChange(email="Hana@Example.jp", current_password=PASSWORD)
    changed = await change_contact(unit, account.id, change)
    assert changed.email == "hana@example.jp"
    assert [f.email for f in unit.of_type(AccountChanged)] == ["hana@example.jp"]


async def test_an_email_another_account_has_is_refused() -> None:
    unit = FakeGatewayUnit()
    await customer(unit, "taken@example.jp")
    account = await customer(unit)
    change = ContactChange(email="taken@example.jp", current_password=PASSWORD)
    with pytest.raises(Conflict) as refused:
        await change_contact(unit, account.id, change)
    assert refused.value.code == "email_taken"
    assert unit.emitted == []


async def test_nothing_changed_publishes_nothing() -> None:
    unit = FakeGatewayUnit()
    account = await customer(unit)
    same = ContactChange(email=account.email, language=Language.JA, display_name="Hanako")
    assert await change_contact(unit, account.id, same) == account
    assert unit.emitted == []


async def test_a_staff_accounts_change_is_stored_but_not_published() -> None:
    unit = FakeGatewayUnit()
    account = await staff(unit)
    changed = await change_contact(unit, account.id, ContactChange(display_name="Ops Lead"))
    assert (await unit.accounts.by_id(account.id)) == changed
    assert unit.emitted == []


async def test_a_new_password_signs_out_every_other_session() -> None:
    unit = FakeGatewayUnit()
    account = await customer(unit)
    here = await accounts.sign_in(unit, email=account.email, password=PASSWORD)
    await accounts.sign_in(unit, email=account.email, password=PASSWORD)
    kept = here.claims.session_id
    assert kept is not None
    new = "a brand new passphrase"
    await accounts.change_password(
        unit, account_id=account.id, session_id=kept, current=PASSWORD, new=new
    )
    assert unit.sessions.active(account.id, unit.clock.now()) == {kept}
    with pytest.raises(Unauthenticated):
        await accounts.sign_in(unit, email=account.email, password=PASSWORD)
    await accounts.sign_in(unit, email=account.email, password=new)


async def test_a_wrong_current_password_changes_nothing() -> None:
    unit = FakeGatewayUnit()
    account = await customer(unit)
    session = await accounts.sign_in(unit, email=account.email, password=PASSWORD)
    other = await accounts.sign_in(unit, email=account.email, password=PASSWORD)
    assert session.claims.session_id is not None
    with pytest.raises(Unauthenticated) as refused:
        await accounts.change_password(
            unit,
            account_id=account.id,
            session_id=session.claims.session_id,
            current="wrong horse battery",
            new="a brand new passphrase",
        )
    assert refused.value.code == "wrong_password"
    assert (await unit.accounts.by_id(account.id)) == account
    assert other.claims.session_id in unit.sessions.active(account.id, unit.clock.now())


async def test_signing_out_ends_only_that_session() -> None:
    unit = FakeGatewayUnit()
    account = await customer(unit)
    gone = await accounts.sign_in(unit, email=account.email, password=PASSWORD)
    kept = await accounts.sign_in(unit, email=account.email, password=PASSWORD)
    assert gone.claims.session_id is not None
    await accounts.sign_out(unit, gone.claims.session_id)
    active = unit.sessions.active(account.id, unit.clock.now())
    assert active == {kept.claims.session_id}


async def test_a_removed_account_is_not_found() -> None:
    with pytest.raises(NotFound) as refused:
        await accounts.get_account(FakeGatewayUnit(), uuid4())
    assert refused.value.code == "account_not_found"


async def test_staff_find_customers_but_not_staff_by_email() -> None:
    unit = FakeGatewayUnit()
    account = await customer(unit)
    ops = await staff(unit)
    assert await customer_by_email(unit, " HANAKO@example.jp") == account
    with pytest.raises(NotFound) as refused:
        await customer_by_email(unit, ops.email)
    assert refused.value.code == "customer_not_found"


async def test_a_new_email_is_refused_when_the_password_changed_while_it_was_checked() -> None:
    unit = FakeGatewayUnit()
    account = await customer(unit)
    checked = unit.hasher.verify

    def verify_while_changed(password_hash: str, password: str) -> bool:
        unit.accounts.rows[account.id] = replace(account, password_hash="v1$someone else's")
        return checked(password_hash, password)

    unit.hasher.verify = verify_while_changed  # type: ignore[method-assign]
    change = ContactChange(email="hana@example.jp", current_password=PASSWORD)
    with pytest.raises(Unauthenticated) as refused:
        await change_contact(unit, account.id, change)
    assert refused.value.code == "wrong_password"
    stored = await unit.accounts.by_id(account.id)
    assert stored is not None
    assert stored.email == account.email
    assert unit.emitted == []


async def test_an_address_changed_meanwhile_is_not_changed_again_without_the_password() -> None:
    unit = FakeGatewayUnit()
    account = await customer(unit)
    elsewhere = replace(account, email="moved@example.jp")

    class Moving:
        """The first read sees the old address; the address moves before the second."""

        def __init__(self) -> None:
            self.reads = 0

    moving = Moving()
    by_id = unit.accounts.by_id

    async def read(account_id):  # type: ignore[no-untyped-def]
        moving.reads += 1
        if moving.reads == 2:
            unit.accounts.rows[account.id] = elsewhere
        return await by_id(account_id)

    unit.accounts.by_id = read  # type: ignore[method-assign]
    with pytest.raises(Unauthenticated) as refused:
        await change_contact(unit, account.id, ContactChange(email=account.email))
    assert refused.value.code == "wrong_password"
    assert unit.accounts.rows[account.id].email == "moved@example.jp"
