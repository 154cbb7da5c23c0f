"""Schemathesis against the gateway's own OpenAPI document, over every route, as a customer and as
ops staff: no answer is a 5xx, and no answer breaks the schema the document gives it."""

import asyncio
import os
import uuid
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance
from system_harness import PASSWORD, System, create_staff

pytestmark = pytest.mark.e2e

EXAMPLES = int(os.environ.get("DAIKOU_SCHEMATHESIS_EXAMPLES", "6"))
"""Examples per route and role: bounded so the whole run takes a couple of minutes."""
SKIPPED = {"/api/v1/staff/events", "/api/v1/sessions/current"}
"""Server-Sent Events (a stream that does not end), and sign-out (it would end the run's session)."""
ELSEWHERE = {"X-Forwarded-For": "127.0.0.201"}
"""Sign-in attempts are counted for an address of their own, not the other tests' one."""


def checker(strategy: Any, base_url: str, token: str) -> Any:
    """A Hypothesis test of one operation as one caller."""

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def check(case: Any) -> None:
        case.call_and_validate(
            base_url=base_url,
            headers={"Authorization": f"Bearer {token}", **ELSEWHERE},
            checks=[not_a_server_error, response_schema_conformance],
            timeout=30,
        )

    return check


def fuzz(raw: dict[str, Any], base_url: str, tokens: dict[str, str]) -> list[str]:
    """Every operation, as each role: the failures, one line each."""
    schema = schemathesis.openapi.from_dict(raw)
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.path in SKIPPED:
            continue
        operations += 1
        strategy = operation.as_strategy()
        for role, token in tokens.items():
            check = checker(strategy, base_url, token)
            try:
                check()
            except Exception as exc:  # a failed check: report every operation, then fail once
                failures.append(f"{role} {operation.label}: {str(exc)[:1500]}")
    assert operations > 20, "the OpenAPI document lists too few operations"
    return failures


async def test_every_route_keeps_its_openapi_promises(system: System) -> None:
    async with system.client() as client:
        email = f"fuzz-{uuid.uuid4().hex[:8]}@example.jp"
        registered = await client.post(
            "/api/v1/accounts",
            json={"email": email, "password": "a customer password", "display_name": "Fuzz"},
        )
        assert registered.status_code == 201, registered.text
        session = await client.post(
            "/api/v1/sessions", json={"email": email, "password": "a customer password"}
        )
        customer = session.json()["access_token"]
        staff = await client.post(
            "/api/v1/sessions", json={"email": create_staff(system, "ops"), "password": PASSWORD}
        )
        raw = (await client.get("/openapi.json")).json()
    tokens = {"customer": customer, "ops": staff.json()["access_token"]}
    failures = await asyncio.to_thread(fuzz, raw, system.gateway_url, tokens)
    assert not failures, "\n\n".join(failures)
    async with httpx.AsyncClient(base_url=system.gateway_url) as client:
        assert (await client.get("/health")).status_code == 200
