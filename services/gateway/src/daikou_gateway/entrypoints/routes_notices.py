"""The customer's notices (what the notifications service told them) and e-mail preferences."""

from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from daikou_gateway.entrypoints import schemas_notices as n
from daikou_gateway.entrypoints.deps import CustomerCaller, OpsCaller, ServicesDep, forward

Limit = Annotated[int, Query(ge=1, le=100, description="notices per page")]
MailStatus = Annotated[str | None, Query(pattern="^(pending|sent|failed|no_contact|skipped)$")]
Offset = Annotated[int, Query(ge=0, le=100_000)]
Language = Annotated[
    Literal["ja", "en"] | None,
    Query(
        description="say the notices in this language (default: the language they were mailed in)"
    ),
]


# Customer routes of notices and preferences.
router = APIRouter(prefix="/notices", tags=["notices"])


@router.get("", response_model=n.NoticeListOut)
async def my_notices(
    services: ServicesDep,
    caller: CustomerCaller,
    limit: Limit = 20,
    offset: Offset = 0,
    language: Language = None,
) -> JSONResponse:
    """A page of the caller's notices, newest first, with the unread count."""
    params: dict[str, str | int] = {"limit": limit, "offset": offset}
    if language is not None:
        params["language"] = language
    return await forward(
        services.notifications,
        "GET",
        "/notifications/mine",
        caller,
        answer=n.NoticeListOut,
        params=params,
    )


@router.get("/unread-count", response_model=n.UnreadOut)
async def unread_notices(services: ServicesDep, caller: CustomerCaller) -> JSONResponse:
    """How many of the caller's notices are unread."""
    path = "/notifications/mine/unread"
    return await forward(services.notifications, "GET", path, caller, answer=n.UnreadOut)


@router.post("/read-all", response_model=n.ReadAllOut)
async def read_all_notices(services: ServicesDep, caller: CustomerCaller) -> JSONResponse:
    """Mark every notice of the caller read."""
    path = "/notifications/mine/read-all"
    return await forward(services.notifications, "POST", path, caller, answer=n.ReadAllOut)


@router.post("/{notice_id}/read", response_model=n.NoticeOut)
async def read_notice(
    services: ServicesDep, caller: CustomerCaller, notice_id: UUID, language: Language = None
) -> JSONResponse:
    """Mark one notice read (404 when it is not the caller's)."""
    path = f"/notifications/mine/{notice_id}/read"
    params = {"language": language} if language is not None else None
    return await forward(
        services.notifications, "POST", path, caller, answer=n.NoticeOut, params=params
    )


@router.get("/preferences", response_model=n.PreferencesOut)
async def notice_preferences(services: ServicesDep, caller: CustomerCaller) -> JSONResponse:
    """Each kind of notice, whether it is e-mailed to the caller, and whether it can be off."""
    path = "/notifications/preferences"
    return await forward(services.notifications, "GET", path, caller, answer=n.PreferencesOut)


@router.patch("/preferences", response_model=n.PreferencesOut)
async def change_notice_preferences(
    services: ServicesDep, caller: CustomerCaller, body: n.PreferencesIn
) -> JSONResponse:
    """Switch kinds' e-mails on or off (400 `mandatory_kind` for a money or deadline kind)."""
    return await forward(
        services.notifications,
        "PUT",
        "/notifications/preferences",
        caller,
        answer=n.PreferencesOut,
        json=body.model_dump(mode="json"),
    )


# Ops: the notifications made, and the e-mails the mail server refused for good.
staff_router = APIRouter(prefix="/staff/notifications", tags=["staff: ops"])


@staff_router.get("", response_model=n.MailListOut)
async def notification_log(
    services: ServicesDep,
    caller: OpsCaller,
    status: MailStatus = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> JSONResponse:
    """The latest notifications, newest first; `status=failed`: the mails refused for good."""
    return await forward(
        services.notifications,
        "GET",
        "/notifications",
        caller,
        answer=n.MailListOut,
        params={"status": status, "limit": limit},
    )
