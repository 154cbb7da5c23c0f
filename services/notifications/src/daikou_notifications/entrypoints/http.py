"""The notifications service's internal HTTP API (called by the gateway only): ops views, and each
customer's own notices and preferences."""

from collections.abc import Awaitable, Callable
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, ConfigDict

from daikou_kit.errors import Forbidden
from daikou_kit.http import Actor, actor_dependency
from daikou_kit.unit_of_work import Database
from daikou_notifications.adapters import store
from daikou_notifications.application import notices, notify
from daikou_notifications.domain.notice import Kind, Status
from daikou_notifications.settings import NotificationsSettings

ActorDep = Callable[..., Awaitable[Actor]]


class PreferenceIn(BaseModel):
    """Whether to get a kind by e-mail."""

    model_config = ConfigDict(extra="forbid")

    email: bool


class PreferencesIn(BaseModel):
    """Whether to get each named kind by e-mail (kinds not named are left as they are)."""

    model_config = ConfigDict(extra="forbid")

    email: dict[Kind, bool]


def router(settings: NotificationsSettings, database: Database) -> APIRouter:
    """Routes of the notifications service."""
    api = APIRouter(prefix="/notifications", tags=["notifications"])
    current_actor = actor_dependency(settings.internal_token.get_secret_value())
    caller = Annotated[Actor, Depends(current_actor)]

    @api.get("")
    async def list_notifications(
        actor: caller,
        status: Status | None = None,
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
    ) -> dict[str, Any]:
        """The latest notifications, newest first; `status=failed` lists the permanent failures."""
        if not actor.is_staff:
            raise Forbidden("staff only", code="staff_only")
        async with database.unit_of_work() as uow:
            found = await store.listing(uow.conn, status.value if status else None, limit)
        return {"notifications": found}

    api.include_router(_preferences(database, current_actor))
    api.include_router(_mine(database, current_actor))
    return api


def _preferences(database: Database, current_actor: ActorDep) -> APIRouter:
    caller = Annotated[Actor, Depends(current_actor)]
    prefs = APIRouter(prefix="/preferences", tags=["preferences"])

    @prefs.get("")
    async def my_preferences(actor: caller) -> dict[str, Any]:
        """Each kind of notification, whether the calling customer gets it by e-mail, and
        whether it can be switched off."""
        async with database.unit_of_work() as uow:
            return await notify.preferences(uow, actor)

    @prefs.put("")
    async def set_preferences(actor: caller, body: PreferencesIn) -> dict[str, Any]:
        """Switch several kinds' e-mails on or off at once (400 for a money or deadline kind)."""
        async with database.unit_of_work() as uow:
            await notify.set_preferences(uow, actor, body.email)
            return await notify.preferences(uow, actor)

    @prefs.put("/{kind}")
    async def set_preference(actor: caller, kind: Kind, body: PreferenceIn) -> dict[str, Any]:
        """Switch a kind's e-mails on or off (400 for a money or deadline kind)."""
        async with database.unit_of_work() as uow:
            await notify.set_preferences(uow, actor, {kind: body.email})
            return await notify.preferences(uow, actor)

    return prefs


def _mine(database: Database, current_actor: ActorDep) -> APIRouter:
    caller = Annotated[Actor, Depends(current_actor)]
    mine = APIRouter(prefix="/mine", tags=["notices"])

    @mine.get("")
    async def my_notices(
        actor: caller,
        limit: Annotated[int, Query(ge=1, le=100)] = 20,
        offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
    ) -> dict[str, Any]:
        """A page of the calling customer's notices, newest first, with the unread count."""
        async with database.unit_of_work() as uow:
            return await notices.page(uow, actor, limit, offset)

    @mine.get("/unread")
    async def my_unread(actor: caller) -> dict[str, int]:
        """How many of the calling customer's notices are unread."""
        async with database.unit_of_work() as uow:
            return await notices.unread(uow, actor)

    @mine.post("/read-all")
    async def read_all(actor: caller) -> dict[str, int]:
        """Mark every notice of the calling customer read."""
        async with database.unit_of_work() as uow:
            return await notices.mark_all_read(uow, actor)

    @mine.post("/{notice_id}/read")
    async def read_one(actor: caller, notice_id: UUID) -> dict[str, Any]:
        """Mark one notice read (404 when it is not the caller's)."""
        async with database.unit_of_work() as uow:
            return await notices.mark_read(uow, actor, notice_id)

    return mine
