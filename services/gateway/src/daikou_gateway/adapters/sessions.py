"""Server-side sessions and sign-in attempt counters, in the gateway's database.

Both live in PostgreSQL so every replica of the gateway sees the same sessions and counts the same
attempts. Counters use fixed windows: one row per key (`account:<email>`, `client:<address>`).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from daikou_gateway.adapters.accounts import metadata
from daikou_gateway.application.policy import AttemptLimit

sessions = sa.Table(
    "sessions",
    metadata,
    sa.Column("id", sa.Uuid(as_uuid=True), primary_key=True),
    sa.Column("account_id", sa.Uuid(as_uuid=True), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("revoked_at", sa.DateTime(timezone=True)),
)

_COUNT = sa.text(
    """
    INSERT INTO sign_in_attempts AS a (key, window_start, attempts) VALUES (:key, :now, 1)
    ON CONFLICT (key) DO UPDATE SET
        attempts = CASE WHEN a.window_start <= :cutoff THEN 1 ELSE a.attempts + 1 END,
        window_start = CASE WHEN a.window_start <= :cutoff THEN :now ELSE a.window_start END
    RETURNING attempts, window_start
    """
)
_FORGIVE = sa.text(
    "UPDATE sign_in_attempts SET attempts = greatest(attempts - 1, 0) WHERE key = :key"
)


class SessionRepository:
    """The sessions, on the unit of work's connection; never commits."""

    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def open(
        self, session_id: UUID, account_id: UUID, now: datetime, expires_at: datetime
    ) -> None:
        """Record a new session (in the sign-in's transaction)."""
        await self.conn.execute(
            sa.insert(sessions).values(
                id=session_id, account_id=account_id, created_at=now, expires_at=expires_at
            )
        )

    async def revoke(self, session_id: UUID, now: datetime) -> None:
        """End one session."""
        stmt = sa.update(sessions).where(
            sessions.c.id == session_id, sessions.c.revoked_at.is_(None)
        )
        await self.conn.execute(stmt.values(revoked_at=now))

    async def revoke_others(self, account_id: UUID, keep: UUID | None, now: datetime) -> None:
        """End every session of the account but `keep`."""
        stmt = sa.update(sessions).where(
            sessions.c.account_id == account_id,
            sessions.c.revoked_at.is_(None),
            sessions.c.id != keep if keep is not None else sa.true(),
        )
        await self.conn.execute(stmt.values(revoked_at=now))


class SessionStore:
    """Checks a token's session on every request; counts sign-in attempts (own transactions)."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    async def is_active(self, session_id: UUID, account_id: UUID, now: datetime) -> bool:
        """Whether the session exists for this account, is not revoked and has not expired."""
        stmt = sa.select(sa.literal(1)).where(
            sessions.c.id == session_id,
            sessions.c.account_id == account_id,
            sessions.c.revoked_at.is_(None),
            sessions.c.expires_at > now,
        )
        async with self.engine.connect() as conn:
            return (await conn.execute(stmt)).first() is not None

    async def count_attempt(self, limits: list[AttemptLimit], now: datetime) -> timedelta | None:
        """Count one attempt under each (key, max, window); how long to wait when one is over."""
        wait: timedelta | None = None
        async with self.engine.begin() as conn:
            for key, maximum, window in limits:
                row = (
                    await conn.execute(_COUNT, {"key": key, "now": now, "cutoff": now - window})
                ).one()
                if row.attempts > maximum:
                    left = row.window_start + window - now
                    wait = left if wait is None else max(wait, left)
        return wait

    async def forgive(self, keys: list[str]) -> None:
        """Take back one counted attempt of each key (a successful sign-in)."""
        async with self.engine.begin() as conn:
            for key in keys:
                await conn.execute(_FORGIVE, {"key": key})
