"""The notifications service's internal HTTP API (called by the gateway only): ops' log, and each
customer's own notices and preferences."""

from enum import Enum
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Query

from daikou_kit.app import ActorDep
from daikou_notifications.application import notices, notify
from daikou_notifications.domain.notice import Kind, Status
from daikou_notifications.entrypoints.deps import Unit
from daikou_notifications.entrypoints.presenters import (
    Json,
    log_out,
    notice_out,
    page_out,
    preferences_out,
)
from daikou_notifications.entrypoints.schemas import PreferenceIn, PreferencesIn

router = APIRouter(prefix="/notifications", tags=["notifications"])
Language = Annotated[
    Literal["ja", "en"] | None,
    Query(description="say the notices in this language (default: as they were mailed)"),
]
PREFERENCES: list[str | Enum] = ["preferences"]
NOTICES: list[str | Enum] = ["notices"]


@router.get("")
async def list_notifications(
    actor: ActorDep,
    unit: Unit,
    status: Status | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> Json:
    """The latest notifications, newest first; `status=failed` lists the permanent failures."""
    return log_out(await notices.log(unit, actor, status, limit))


@router.get("/preferences", tags=PREFERENCES)
async def my_preferences(actor: ActorDep, unit: Unit) -> Json:
    """Each kind of notification, whether the calling customer gets it by e-mail, and
    whether it can be switched off."""
    return preferences_out(await notify.preferences(unit, actor))


@router.put("/preferences", tags=PREFERENCES)
async def set_preferences(actor: ActorDep, unit: Unit, body: PreferencesIn) -> Json:
    """Switch several kinds' e-mails on or off at once (400 for a money or deadline kind)."""
    await notify.set_preferences(unit, actor, body.email)
    return preferences_out(await notify.preferences(unit, actor))


@router.put("/preferences/{kind}", tags=PREFERENCES)
async def set_preference(actor: ActorDep, unit: Unit, kind: Kind, body: PreferenceIn) -> Json:
    """Switch a kind's e-mails on or off (400 for a money or deadline kind)."""
    await notify.set_preferences(unit, actor, {kind: body.email})
    return preferences_out(await notify.preferences(unit, actor))


@router.get("/mine", tags=NOTICES)
async def my_notices(
    actor: ActorDep,
    unit: Unit,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
    language: Language = None,
) -> Json:
    """A page of the calling customer's notices, newest first, with the unread count."""
    return page_out(await notices.page(unit, actor, limit, offset, language))


@router.get("/mine/unread", tags=NOTICES)
async def my_unread(actor: ActorDep, unit: Unit) -> dict[str, int]:
    """How many of the calling customer's notices are unread."""
    return {"unread": await notices.unread(unit, actor)}


@router.post("/mine/read-all", tags=NOTICES)
async def read_all(actor: ActorDep, unit: Unit) -> dict[str, int]:
    """Mark every notice of the calling customer read."""
    return {"marked": await notices.mark_all_read(unit, actor), "unread": 0}


@router.post("/mine/{notice_id}/read", tags=NOTICES)
async def read_one(actor: ActorDep, unit: Unit, notice_id: UUID, language: Language = None) -> Json:
    """Mark one notice read (404 when it is not the caller's)."""
    return notice_out(await notices.mark_read(unit, actor, notice_id, language))
