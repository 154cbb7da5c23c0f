"""Accounts: customers who registered, staff created by an operator; rules on their fields."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from daikou_kit.actors import Role
from daikou_kit.errors import DomainError, InvalidInput

EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD = 10
MAX_PASSWORD = 256


STAFF_ROLES = frozenset({Role.OPS, Role.WAREHOUSE})
"""The roles of staff accounts; customers order, and no account acts as the system."""


class Unauthenticated(DomainError):
    """No valid credentials were presented."""

    status = 401


@dataclass(frozen=True)
class Account:
    """A user of the service."""

    id: UUID
    email: str
    display_name: str
    role: Role
    password_hash: str
    created_at: datetime
    language: str = "ja"
    """The language of the service's e-mails (`ja` or `en`)."""

    @property
    def is_staff(self) -> bool:
        """Ops or warehouse staff."""
        return self.role in STAFF_ROLES


class PasswordHasher(Protocol):
    """Hashes and checks passwords with a slow, salted algorithm."""

    def hash(self, password: str) -> str:
        """A self-describing hash of the password."""
        ...

    def verify(self, password_hash: str, password: str) -> bool:
        """Whether the password matches the hash."""
        ...

    def needs_rehash(self, password_hash: str) -> bool:
        """Whether the hash was made with other parameters than the current ones."""
        ...


def normalise_email(email: str) -> str:
    """The canonical form of an email address, or InvalidInput."""
    canonical = email.strip().lower()
    if len(canonical) > 254 or not EMAIL.match(canonical):
        raise InvalidInput("email is not a valid address", code="invalid_email")
    return canonical


def check_password(password: str) -> None:
    """Refuse passwords that are too short or too long."""
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(
            f"password must have at least {MIN_PASSWORD} characters", code="weak_password"
        )
    if len(password) > MAX_PASSWORD:
        raise InvalidInput(
            f"password must have at most {MAX_PASSWORD} characters", code="invalid_password"
        )


def check_display_name(name: str) -> str:
    """The trimmed display name, or InvalidInput."""
    trimmed = name.strip()
    if not 1 <= len(trimmed) <= 100:
        raise InvalidInput("display name must have 1 to 100 characters", code="invalid_name")
    return trimmed
