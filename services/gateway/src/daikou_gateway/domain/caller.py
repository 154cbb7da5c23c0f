"""Who the gateway acts for when it calls a service."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from daikou_kit.actors import Role


@dataclass(frozen=True)
class Caller:
    """Who the gateway acts for (the signed-in user), and the flow the request belongs to."""

    user_id: UUID
    role: Role
    correlation_id: str
    session_id: UUID | None = None

    @property
    def is_customer(self) -> bool:
        """A customer, as opposed to staff."""
        return self.role == Role.CUSTOMER
