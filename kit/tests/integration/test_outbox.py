"""A state change and its outbox messages commit together, or not at all."""

import pytest
from kit_harness import MakeKitService, Ping
from sqlalchemy import text

pytestmark = pytest.mark.integration


async def test_state_change_and_outbox_message_commit_together(kit_service: MakeKitService) -> None:
    svc = await kit_service()
    async with svc.database.unit_of_work(correlation_id="order-1") as uow:
        await uow.conn.execute(text("INSERT INTO effects (n) VALUES (7)"))
        uow.emit(Ping(n=7))
    assert await svc.effects() == [7]
    async with svc.engine.connect() as conn:
        row = (
            await conn.execute(text("SELECT message_type, correlation_id, body FROM outbox"))
        ).one()
    assert row.message_type == "kittest.ping"
    assert row.correlation_id == "order-1"
    assert '"n":7' in row.body


async def test_a_rolled_back_transaction_writes_no_message(kit_service: MakeKitService) -> None:
    svc = await kit_service()

    async def change_then_fail() -> None:
        async with svc.database.unit_of_work() as uow:
            await uow.conn.execute(text("INSERT INTO effects (n) VALUES (8)"))
            uow.emit(Ping(n=8))
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        await change_then_fail()
    assert await svc.effects() == []
    assert await svc.unpublished() == 0
