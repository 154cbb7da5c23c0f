"""The kit's service builder: routes at module level read the actor, parts and the request's unit."""

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import httpx
import pytest
from fastapi import APIRouter, Depends
from sqlalchemy import text

from daikou_kit.actors import Actor, Role
from daikou_kit.app import ActorDep, actor_of, assemble, foundation, part, unit_dependency
from daikou_kit.errors import Conflict
from daikou_kit.migrate import MigrationSet
from daikou_kit.settings import ServiceSettings
from daikou_kit.testing import MakeDatabase, actor_headers
from daikou_kit.unit_of_work import UnitOfWork

pytestmark = pytest.mark.integration
TOKEN = "kit-app-test-token-0123456789"


class AppSettings(ServiceSettings):
    service_name = "kitapp"


@dataclass(frozen=True)
class Greeting:
    """A part the wiring registers for the routes."""

    word: str


@dataclass
class NotesUnit:
    """A service's unit of work: the kit's transaction with the service's settings on it."""

    uow: UnitOfWork
    greeting: Greeting

    async def add(self, note: str) -> None:
        await self.uow.conn.execute(text("INSERT INTO notes VALUES (:n)"), {"n": note})


Unit = Annotated[NotesUnit, unit_dependency()]
OpsDep = Annotated[Actor, actor_of(Role.OPS)]
router = APIRouter()


@router.post("/notes/{note}")
async def add_note(note: str, unit: Unit, actor: ActorDep) -> dict[str, str]:
    await unit.add(note)
    if note == "refused":
        raise Conflict("refused after writing", code="refused")
    return {"said": f"{unit.greeting.word} {note}", "by": actor.role}


@router.get("/greeting")
async def greeting(
    actor: OpsDep, word: Annotated[Greeting, Depends(part(Greeting))]
) -> dict[str, str]:
    return {"word": word.word, "by": actor.role}


async def test_routes_read_actor_parts_and_a_unit_that_commits_with_the_route(
    make_database: MakeDatabase,
) -> None:
    url = await make_database(f"kitapp{uuid.uuid4().hex[:6]}", None)
    base = foundation(AppSettings(database_url=url, internal_token=TOKEN))
    async with base.engine.begin() as conn:
        await conn.execute(text("CREATE TABLE notes (note text NOT NULL)"))
    hello = Greeting("hello")
    _, app = assemble(
        base,
        title="kit test",
        migrations=MigrationSet("kitapp", Path("/nonexistent")),
        routers=[router],
        unit=lambda uow: NotesUnit(uow, hello),
        parts=[hello],
    )
    ops = actor_headers(TOKEN, uuid.uuid4(), "ops")
    customer = actor_headers(TOKEN, uuid.uuid4(), "customer")
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://kit"
    ) as client:
        written = await client.post("/notes/kept", headers=customer)
        assert written.json() == {"said": "hello kept", "by": "customer"}
        refused = await client.post("/notes/refused", headers=customer)
        assert (refused.status_code, refused.json()["code"]) == (409, "refused")
        assert (await client.post("/notes/x")).status_code == 401
        bad_role = {**customer, "X-Daikou-Role": "nobody"}
        assert (await client.post("/notes/x", headers=bad_role)).status_code == 400
        assert (await client.get("/greeting", headers=customer)).status_code == 403
        assert (await client.get("/greeting", headers=ops)).json() == {"word": "hello", "by": "ops"}
        assert "/health" in (await client.get("/openapi.json")).json()["paths"]
    async with base.engine.connect() as conn:
        notes = (await conn.execute(text("SELECT note FROM notes"))).scalars().all()
    assert notes == ["kept"]
    await base.engine.dispose()
