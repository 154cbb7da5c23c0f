"""The service client: sends the credential and the acting user, passes refusals on, turns faults into 503."""

from uuid import uuid4

import httpx
import pytest

from daikou_gateway.adapters.services import ServiceClient, ServiceUnavailable, UpstreamRefused
from daikou_gateway.domain.caller import Caller
from daikou_gateway.domain.order_page import Unavailable
from daikou_kit.errors import NotFound

CALLER = Caller(uuid4(), "customer", "flow-1")


def client_answering(handler: httpx.MockTransport) -> ServiceClient:
    http = httpx.AsyncClient(transport=handler)
    return ServiceClient("orders", "http://orders", http, "internal-token", 1.0)


async def test_calls_carry_the_credential_the_user_and_the_flow() -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"ok": True})

    body = await client_answering(httpx.MockTransport(answer)).call(
        "GET", "/orders/1", CALLER, params={"a": 1, "b": None}
    )
    assert body == {"ok": True}
    headers = seen[0].headers
    assert headers["x-daikou-internal-token"] == "internal-token"
    assert headers["x-daikou-user"] == str(CALLER.user_id)
    assert headers["x-daikou-role"] == "customer"
    assert headers["x-correlation-id"] == "flow-1"
    assert str(seen[0].url) == "http://orders/orders/1?a=1"


async def test_a_refusal_keeps_its_status_and_reason() -> None:
    def answer(_: httpx.Request) -> httpx.Response:
        return httpx.Response(409, json={"detail": "already paid", "code": "conflict"})

    with pytest.raises(UpstreamRefused) as refused:
        await client_answering(httpx.MockTransport(answer)).call("POST", "/x", CALLER)
    assert refused.value.status == 409
    assert refused.value.body == {"detail": "already paid", "code": "conflict"}


@pytest.mark.parametrize("status", [500, 502, 503, 401])
async def test_a_failing_service_is_unavailable(status: int) -> None:
    def answer(_: httpx.Request) -> httpx.Response:
        return httpx.Response(status, text="boom")

    with pytest.raises(ServiceUnavailable, match="orders"):
        await client_answering(httpx.MockTransport(answer)).call("GET", "/x", CALLER)


async def test_an_unreachable_service_is_unavailable() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    with pytest.raises(ServiceUnavailable) as down:
        await client_answering(httpx.MockTransport(answer)).call("GET", "/x", CALLER)
    assert down.value.status == 503
    assert "ConnectError" in down.value.reason


async def test_a_page_part_degrades_but_not_found_stays_not_found() -> None:
    def missing(_: httpx.Request) -> httpx.Response:
        return httpx.Response(404, json={"detail": "no such order"})

    def failing(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    with pytest.raises(NotFound):
        await client_answering(httpx.MockTransport(missing)).fetch("/orders/1", CALLER)
    part = await client_answering(httpx.MockTransport(failing)).fetch("/orders/1", CALLER)
    assert isinstance(part, Unavailable)
    assert "ReadTimeout" in part.reason
