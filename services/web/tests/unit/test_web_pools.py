"""The site reaches the gateway through several small connection pools, taken in turn."""

from __future__ import annotations

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient
from web_support import METRICS_TOKEN, StandInGateway, sign_in

from daikou_web.pools import GatewayPools, open_pools
from daikou_web.settings import WebSettings
from daikou_web.wiring import build


def test_calls_take_the_clients_in_turn() -> None:
    clients = [httpx.AsyncClient() for _ in range(3)]
    pools = GatewayPools(clients)
    assert [pools.next() for _ in range(7)] == [*clients, *clients, clients[0]]


def test_no_clients_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one client"):
        GatewayPools([])


async def test_every_client_is_closed_on_the_way_out() -> None:
    async with open_pools(4, httpx.AsyncClient) as pools:
        assert len(pools.clients) == 4
        assert len({id(c) for c in pools.clients}) == 4
        assert not any(c.is_closed for c in pools.clients)
    assert all(c.is_closed for c in pools.clients)


def test_the_site_spreads_its_calls_over_its_pools(
    stand_in: StandInGateway, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = WebSettings(
        gateway_url="http://gateway.test", metrics_token=METRICS_TOKEN, gateway_pools=3
    )
    app = build(settings, transport=httpx.MockTransport(stand_in.handle))
    stand_in.on("GET", "/orders", (200, {"orders": [], "total": 0, "limit": 10, "offset": 0}))
    with TestClient(app, base_url="http://site.test") as client:
        pools: GatewayPools = app.state.gateway_pools
        assert len(pools.clients) == 3
        taken: list[httpx.AsyncClient] = []
        take = pools.next

        def recorded() -> httpx.AsyncClient:
            taken.append(take())
            return taken[-1]

        monkeypatch.setattr(pools, "next", recorded)
        sign_in(client, stand_in)
        for _ in range(3):
            assert client.get("/orders").status_code == 200
        assert {id(c) for c in taken} == {id(c) for c in pools.clients}
    assert all(c.is_closed for c in pools.clients)


def test_idle_connections_are_dropped_before_the_gateway_would_close_them() -> None:
    """The gateway (uvicorn) closes a connection idle for its keep-alive timeout; a client that
    kept it as long could send a page's call on it as it closes (`RemoteProtocolError`)."""
    app = build(WebSettings(gateway_url="http://gateway.test", metrics_token=METRICS_TOKEN))
    server_timeout = uvicorn.Config(app).timeout_keep_alive
    with TestClient(app, base_url="http://site.test"):
        pools: GatewayPools = app.state.gateway_pools
        for client in pools.clients:
            kept = client._transport._pool._keepalive_expiry  # type: ignore[attr-defined]
            assert kept is not None
            assert kept < server_timeout
