"""Who is acting: plain values the application layer can use without any web framework."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID


class Role(StrEnum):
    """Who is acting."""

    CUSTOMER = "customer"
    OPS = "ops"
    WAREHOUSE = "warehouse"
    SYSTEM = "system"


STAFF = frozenset({Role.OPS, Role.WAREHOUSE, Role.SYSTEM})


@dataclass(frozen=True)
class Actor:
    """The user the gateway acts for."""

    user_id: UUID
    role: Role

    @property
    def is_staff(self) -> bool:
        """Ops, warehouse or the system itself."""
        return self.role in STAFF
