"""Messages per type that a service wrote to its outbox: the ops dashboard's counts.

Each service counts only what it published itself (its own outbox), over a recent window no
longer than the outbox retention (published rows older than that are forgotten); the gateway
adds the services' counts up.
"""

from datetime import datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Query
from pydantic import BaseModel
from sqlalchemy import text

from daikou_kit.actors import STAFF, Actor
from daikou_kit.http import actor_dependency
from daikou_kit.settings import ServiceSettings
from daikou_kit.unit_of_work import Database

COUNTS = text(
    "SELECT message_type, count(*) AS n, max(created_at) AS last_at FROM outbox "
    "WHERE created_at >= :since GROUP BY message_type ORDER BY message_type"
)


class TypeCount(BaseModel):
    """How many messages of one type were written, and when the last one was."""

    message_type: str
    count: int
    last_at: datetime


class EventStatsOut(BaseModel):
    """`GET /events/stats`: messages per type over the window."""

    since: datetime
    types: list[TypeCount]


async def count_by_type(database: Database, window: timedelta) -> EventStatsOut:
    """Messages per type written since `window` ago."""
    since = database.clock.now() - window
    async with database.engine.connect() as conn:
        rows = await conn.execute(COUNTS, {"since": since})
        types = [TypeCount(message_type=r.message_type, count=r.n, last_at=r.last_at) for r in rows]
    return EventStatsOut(since=since, types=types)


def event_stats_router(database: Database, token: str, max_hours: int) -> APIRouter:
    """`GET /events/stats?hours=` for staff (hours at most the outbox retention)."""
    api = APIRouter(tags=["ops"])
    staff = Annotated[Actor, Depends(actor_dependency(token, *sorted(STAFF)))]

    @api.get("/events/stats", response_model=EventStatsOut)
    async def event_stats(
        _: staff, hours: Annotated[int, Query(ge=1, le=max_hours)] = min(24, max_hours)
    ) -> EventStatsOut:
        """Messages per type this service published in the last `hours`."""
        return await count_by_type(database, timedelta(hours=hours))

    return api


def add_event_stats_route(app: FastAPI, database: Database, settings: ServiceSettings) -> None:
    """Mount `GET /events/stats` on a service's app."""
    token = settings.internal_token.get_secret_value()
    app.include_router(event_stats_router(database, token, settings.outbox_retention_hours))
