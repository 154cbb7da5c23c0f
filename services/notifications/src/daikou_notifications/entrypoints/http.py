"""The notifications service's internal HTTP API (called by the gateway only): ops views."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, ConfigDict

from daikou_kit.errors import Forbidden
from daikou_kit.http import Actor, actor_dependency
from daikou_kit.unit_of_work import Database
from daikou_notifications.adapters import store
from daikou_notifications.application import notify
from daikou_notifications.domain.notice import Kind, Status
from daikou_notifications.settings import NotificationsSettings


class PreferenceIn(BaseModel):
    """Whether to get a kind by e-mail."""

    model_config = ConfigDict(extra="forbid")

    email: bool


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

    prefs = APIRouter(prefix="/preferences", tags=["preferences"])

    @prefs.get("")
    async def my_preferences(actor: Annotated[Actor, Depends(current_actor)]) -> dict[str, bool]:
        """Each kind of notification and whether the calling customer gets it by e-mail."""
        async with database.unit_of_work() as uow:
            return await notify.preferences(uow, actor)

    @prefs.put("/{kind}")
    async def set_preference(
        actor: Annotated[Actor, Depends(current_actor)], kind: Kind, body: PreferenceIn
    ) -> dict[str, bool]:
        """Switch a kind's e-mails on or off (400 for a money or deadline kind)."""
        async with database.unit_of_work() as uow:
            await notify.set_preference(uow, actor, kind, body.email)
            return await notify.preferences(uow, actor)

    api.include_router(prefs)
    return api
