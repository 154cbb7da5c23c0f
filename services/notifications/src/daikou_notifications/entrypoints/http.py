"""The notifications service's internal HTTP API (called by the gateway only): ops views."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from daikou_kit.errors import Forbidden
from daikou_kit.http import Actor, actor_dependency
from daikou_kit.unit_of_work import Database
from daikou_notifications.adapters import store
from daikou_notifications.domain.notice import Status
from daikou_notifications.settings import NotificationsSettings


def router(settings: NotificationsSettings, database: Database) -> APIRouter:
    """Routes of the notifications service (staff only)."""
    api = APIRouter(prefix="/notifications", tags=["notifications"])
    current_actor = actor_dependency(settings.internal_token.get_secret_value())

    @api.get("")
    async def list_notifications(
        actor: Annotated[Actor, Depends(current_actor)],
        status: Status | None = None,
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
    ) -> dict[str, Any]:
        """The latest notifications, newest first; `status=failed` lists the permanent failures."""
        if not actor.is_staff:
            raise Forbidden("staff only", code="staff_only")
        async with database.unit_of_work() as uow:
            found = await store.listing(uow.conn, status.value if status else None, limit)
        return {"notifications": found}

    return api
