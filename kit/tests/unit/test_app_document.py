"""The service builder's HTTP document: an internal API's by default, a public API's when told."""

from pathlib import Path
from typing import Any

from fastapi import APIRouter
from fastapi.routing import APIRoute

from daikou_kit.app import assemble, foundation
from daikou_kit.migrate import MigrationSet
from daikou_kit.settings import ServiceSettings

router = APIRouter()


@router.get("/hello")
async def hello() -> dict[str, str]:
    return {"said": "hello"}


class DocSettings(ServiceSettings):
    service_name = "kitdoc"


def document(**options: Any) -> dict[str, Any]:
    base = foundation(DocSettings(internal_token="kit-doc-test-token-0123456789"))
    migrations = MigrationSet("kitdoc", Path("/nonexistent"))
    _, app = assemble(base, title="doc", migrations=migrations, routers=[router], **options)
    return app.openapi()


def by_name(route: APIRoute) -> str:
    return route.name


def test_an_internal_api_counts_its_events_and_names_operations_by_path() -> None:
    doc = document()
    assert "/events/stats" in doc["paths"]
    assert doc["paths"]["/hello"]["get"]["operationId"] == "hello_hello_get"


def test_a_public_api_has_its_description_its_operation_ids_and_no_event_counts() -> None:
    doc = document(description="The public API.", operation_ids=by_name, event_stats=False)
    assert doc["info"]["description"] == "The public API."
    assert "/events/stats" not in doc["paths"]
    assert doc["paths"]["/hello"]["get"]["operationId"] == "hello"
    assert doc["paths"]["/health"]["get"]["operationId"] == "ready"
