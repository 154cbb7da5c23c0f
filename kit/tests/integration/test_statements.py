"""Prepared statements run on asyncpg inside the unit of work's own transaction."""

import uuid

import asyncpg
import pytest
from kit_harness import MakeKitService
from sqlalchemy import (
    Boolean,
    Column,
    Integer,
    MetaData,
    Table,
    Text,
    bindparam,
    insert,
    select,
    text,
)

from daikou_kit.statements import Prepared

pytestmark = pytest.mark.integration

effects = Table(
    "effects",
    MetaData(),
    Column("n", Integer, nullable=False),
    Column("message_id", Text),
)
RECORD = Prepared(insert(effects), "n")
COUNT_ABOVE = Prepared(select(effects.c.n).where(effects.c.n > bindparam("floor")).order_by("n"))


async def test_a_prepared_statement_first_in_a_unit_commits_and_rolls_back_with_it(
    kit_service: MakeKitService,
) -> None:
    svc = await kit_service()
    async with svc.database.unit_of_work() as uow:
        await uow.run(RECORD, n=1)
        await uow.conn.execute(text("INSERT INTO effects (n) VALUES (2)"))

    async def failing_use_case() -> None:
        async with svc.database.unit_of_work() as uow:
            await uow.run(
                RECORD, n=3
            )  # begins the unit's transaction, not a transaction of its own
            await uow.conn.execute(text("INSERT INTO effects (n) VALUES (4)"))
            raise RuntimeError("the use case failed")

    with pytest.raises(RuntimeError):
        await failing_use_case()
    assert await svc.effects() == [1, 2]


async def test_sqlalchemy_and_prepared_statements_see_each_other_in_one_transaction(
    kit_service: MakeKitService,
) -> None:
    svc = await kit_service()
    async with svc.database.unit_of_work() as uow:
        await uow.conn.execute(text("INSERT INTO effects (n) VALUES (5), (6)"))
        rows = await uow.run(COUNT_ABOVE, floor=5)
        await uow.run_many(RECORD, [{"n": 7}, {"n": 8}])
        seen = (await uow.conn.execute(text("SELECT count(*) FROM effects"))).scalar_one()
    assert [row["n"] for row in rows] == [6]
    assert seen == 4
    assert await svc.effects() == [5, 6, 7, 8]


async def test_a_failing_prepared_statement_rolls_the_whole_unit_back(
    kit_service: MakeKitService,
) -> None:
    svc = await kit_service()

    async def use_case() -> None:
        async with svc.database.unit_of_work() as uow:
            await uow.conn.execute(text("INSERT INTO effects (n) VALUES (9)"))
            await uow.run(RECORD, n=None)

    with pytest.raises(asyncpg.NotNullViolationError):
        await use_case()
    assert await svc.effects() == []


def test_values_bound_in_the_statement_and_the_column_types_processors_are_applied() -> None:
    flags = Table("flags", MetaData(), Column("n", Integer), Column("on", Boolean))
    statement = Prepared(select(flags.c.n).where(flags.c.n == 5, flags.c.on == bindparam("on")))
    assert statement.sql.count("$") == 2
    assert statement.args({"on": True}) == [5, True]


def test_a_missing_parameter_is_named() -> None:
    with pytest.raises(TypeError, match="floor"):
        COUNT_ABOVE.args({})


def test_an_insert_takes_only_the_columns_it_names() -> None:
    assert RECORD.sql.startswith("INSERT INTO effects (n) VALUES ($1")
    assert RECORD.args({"n": 1, "message_id": str(uuid.uuid4())}) == [1]
