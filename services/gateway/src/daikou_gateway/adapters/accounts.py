"""The accounts table, through SQLAlchemy Core on the unit of work's connection."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from daikou_gateway.domain.accounts import Account
from daikou_kit.actors import Role
from daikou_kit.errors import Conflict

metadata = sa.MetaData()

accounts = sa.Table(
    "accounts",
    metadata,
    sa.Column("id", sa.Uuid(as_uuid=True), primary_key=True),
    sa.Column("email", sa.Text, nullable=False),
    sa.Column("display_name", sa.Text, nullable=False),
    sa.Column("role", sa.Text, nullable=False),
    sa.Column("password_hash", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_sign_in_at", sa.DateTime(timezone=True)),
    sa.Column("language", sa.Text, nullable=False),
)


def _account(row: sa.Row[tuple[object, ...]]) -> Account:
    m = row._mapping
    return Account(
        id=m["id"],
        email=m["email"],
        display_name=m["display_name"],
        role=Role(m["role"]),
        password_hash=m["password_hash"],
        created_at=m["created_at"],
        language=m["language"],
    )


class AccountRepository:
    """Reads and writes accounts; never commits."""

    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def add(self, account: Account) -> None:
        """Insert a new account; Conflict when the email is taken."""
        values = {
            "id": account.id,
            "email": account.email,
            "display_name": account.display_name,
            "role": account.role.value,
            "password_hash": account.password_hash,
            "created_at": account.created_at,
            "language": account.language,
        }
        try:
            async with self.conn.begin_nested():
                await self.conn.execute(sa.insert(accounts).values(**values))
        except IntegrityError:
            raise Conflict(
                "an account with this email already exists", code="email_taken"
            ) from None

    async def update_contact(self, account: Account) -> None:
        """Store a changed email, name and language; Conflict when the email is taken."""
        stmt = (
            sa.update(accounts)
            .where(accounts.c.id == account.id)
            .values(
                email=account.email, display_name=account.display_name, language=account.language
            )
        )
        try:
            async with self.conn.begin_nested():
                await self.conn.execute(stmt)
        except IntegrityError:
            raise Conflict(
                "an account with this email already exists", code="email_taken"
            ) from None

    async def by_email(self, email: str) -> Account | None:
        """The account with this (normalised) email."""
        row = (
            await self.conn.execute(sa.select(accounts).where(accounts.c.email == email))
        ).first()
        return _account(row) if row else None

    async def by_id(self, account_id: UUID) -> Account | None:
        """The account with this id."""
        stmt = sa.select(accounts).where(accounts.c.id == account_id)
        row = (await self.conn.execute(stmt)).first()
        return _account(row) if row else None

    async def touch_sign_in(self, account_id: UUID, at: datetime) -> None:
        """Record a successful sign-in."""
        stmt = sa.update(accounts).where(accounts.c.id == account_id).values(last_sign_in_at=at)
        await self.conn.execute(stmt)

    async def update_password(self, account_id: UUID, password_hash: str) -> None:
        """Store a new (or re-hashed) password."""
        stmt = (
            sa.update(accounts)
            .where(accounts.c.id == account_id)
            .values(password_hash=password_hash)
        )
        await self.conn.execute(stmt)
