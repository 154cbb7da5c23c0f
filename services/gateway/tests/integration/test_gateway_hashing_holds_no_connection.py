"""A password is hashed or checked holding no database connection (the pool serves others):
registering, signing in, changing the password or the e-mail address."""

import uuid
from typing import Any

import pytest
from gateway_support import PASSWORD, GatewayUnderTest

from daikou_gateway.adapters.passwords import Argon2Hasher
from daikou_gateway.adapters.unit_of_work import GatewayUnits
from daikou_gateway.application import accounts
from daikou_gateway.application.account_changes import ContactChange, change_contact
from daikou_gateway.settings import GatewaySettings
from daikou_gateway.wiring import units
from daikou_kit.db import create_engine
from daikou_kit.unit_of_work import Database

pytestmark = pytest.mark.integration


class WatchingHasher:
    """The real hasher, noting how many pooled connections were checked out at each hash."""

    def __init__(self, inner: Argon2Hasher, pool: Any) -> None:
        self.inner, self.pool = inner, pool
        self.checked_out: list[tuple[str, int]] = []

    def hash(self, password: str) -> str:
        self.checked_out.append(("hash", self.pool.checkedout()))
        return self.inner.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        self.checked_out.append(("verify", self.pool.checkedout()))
        return self.inner.verify(password_hash, password)

    def needs_rehash(self, password_hash: str) -> bool:
        return self.inner.needs_rehash(password_hash)


async def test_register_sign_in_and_password_change_hash_with_no_connection_held(
    gateway: GatewayUnderTest,
) -> None:
    settings = gateway.service.settings
    assert isinstance(settings, GatewaySettings)
    engine = create_engine(settings.database_url, pool_size=2)  # its own pool, watched alone
    inner = Argon2Hasher(settings.argon2_time_cost, settings.argon2_memory_kib, 1)
    hasher = WatchingHasher(inner, engine.sync_engine.pool)
    gateway_units = units(settings, Database(engine, gateway.clock), hasher)
    try:
        await _one_customer(gateway_units, hasher)
    finally:
        await engine.dispose()


async def _one_customer(gateway_units: GatewayUnits, hasher: WatchingHasher) -> None:
    email = f"h{uuid.uuid4().hex[:8]}@example.jp"

    account = await accounts.register_customer(
        gateway_units, email=email, password=PASSWORD, display_name="Hanako"
    )
    session = await accounts.sign_in_limited(
        gateway_units, client="10.0.0.9", email=email, password=PASSWORD
    )
    await accounts.change_password(
        gateway_units,
        account_id=account.id,
        session_id=session.claims.session_id or uuid.uuid4(),
        current=PASSWORD,
        new="another long passphrase",
    )

    await change_contact(
        gateway_units,
        account.id,
        ContactChange(email=f"n{email}", current_password="another long passphrase"),
    )

    kinds = [kind for kind, _ in hasher.checked_out]
    assert kinds == ["hash", "verify", "verify", "hash", "verify"]
    assert all(count == 0 for _, count in hasher.checked_out), hasher.checked_out
    signed_in = await accounts.sign_in(
        gateway_units, email=f"n{email}", password="another long passphrase"
    )
    assert signed_in.account.id == account.id
