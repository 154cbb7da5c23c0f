"""Statements compiled once and run on asyncpg itself, inside the unit of work's transaction.

SQLAlchemy's async execute costs about 0.14 ms of CPU per statement on the reference machine, three
times asyncpg's own work for the same statement (a greenlet per call, an execution context, a
result object; `make bench` and the kit's README give the figures). That is most of the CPU of a
handler that runs one statement per message, so the kit's own per-batch statements (inbox claim,
outbox insert) and a handler's hot statements take this path instead:

    RECORD = Prepared(insert(effects), "n")          # at import: compiled once
    await uow.run(RECORD, n=7)                       # per message: asyncpg's prepared statement

A `Prepared` is written with SQLAlchemy Core (or `text`) like any other statement and compiled with
the asyncpg dialect; its values go through the column types' bind processors. Rows come back as
asyncpg records (`row["column"]`), decoded by asyncpg and the codecs SQLAlchemy set on the
connection (JSON), without SQLAlchemy's result processing. Errors are asyncpg's own.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import asyncpg
from sqlalchemy.dialects.postgresql.asyncpg import dialect as asyncpg_dialect
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import ClauseElement

_DIALECT = asyncpg_dialect()  # type: ignore[no-untyped-call]


class Prepared:
    """A Core statement compiled once for asyncpg: its SQL, and how to order its parameters."""

    def __init__(self, statement: ClauseElement, *columns: str) -> None:
        """`columns`: an INSERT's or UPDATE's columns taken from the parameters (else all)."""
        compiled = statement.compile(dialect=_DIALECT, column_keys=list(columns) or None)
        assert isinstance(compiled, SQLCompiler)  # a statement, not a DDL or type expression
        self.sql = str(compiled)
        self._names = tuple(compiled.positiontup or ())
        binds = [compiled.binds[name] for name in self._names]
        self._fixed = {
            n: b.value for n, b in zip(self._names, binds, strict=True) if not b.required
        }
        """Values bound in the statement itself, used when the parameters do not give them."""
        self._processors = tuple(_processor(b.type) for b in binds)
        self._plain = not self._fixed and not any(self._processors)

    def args(self, params: Mapping[str, Any]) -> list[Any]:
        """The positional arguments for `params`; a missing required one is a TypeError."""
        try:
            if self._plain:
                return [params[name] for name in self._names]
            values = [params[n] if n in params else self._fixed[n] for n in self._names]
        except KeyError as missing:
            raise TypeError(f"missing parameter {missing} for {self.sql!r}") from None
        return [p(v) if p else v for p, v in zip(self._processors, values, strict=True)]

    async def run_many(
        self, connection: asyncpg.Connection, params: Sequence[Mapping[str, Any]]
    ) -> None:
        """Run once per parameter set on `connection`, pipelined."""
        await connection.executemany(self.sql, [self.args(p) for p in params])

    def __repr__(self) -> str:
        return f"Prepared({self.sql!r})"


def _processor(type_: Any) -> Callable[[Any], Any] | None:
    processor: Callable[[Any], Any] | None = type_.dialect_impl(_DIALECT).bind_processor(_DIALECT)
    return processor


async def driver(conn: AsyncConnection) -> asyncpg.Connection:
    """The asyncpg connection under `conn`, inside the transaction SQLAlchemy manages on it.

    SQLAlchemy's asyncpg adapter begins its transaction lazily, at the first statement it runs; a
    statement run here first would run outside it. So the adapter's transaction is begun here
    when it has not been, the way the adapter itself does it, and SQLAlchemy commits or rolls back
    everything run on either path when the unit ends.
    """
    pooled = await conn.get_raw_connection()
    adapted = pooled.dbapi_connection
    if adapted is None:
        raise RuntimeError("the connection has been closed")
    if getattr(adapted, "_transaction", None) is None:
        await adapted._start_transaction()
    connection: asyncpg.Connection = pooled.driver_connection
    return connection
