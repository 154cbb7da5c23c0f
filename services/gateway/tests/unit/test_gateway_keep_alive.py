"""The gateway drops an idle connection to a service before the service would close it."""

import uvicorn
from fastapi import FastAPI

from daikou_gateway.settings import GatewaySettings
from daikou_gateway.wiring import build_services


async def test_idle_connections_are_dropped_before_a_service_would_close_them() -> None:
    """A service (uvicorn) closes a connection idle for its keep-alive timeout; a client that
    kept it as long could send a call on it as it closes (`RemoteProtocolError`)."""
    server_timeout = uvicorn.Config(FastAPI()).timeout_keep_alive
    _, clients = build_services(GatewaySettings())
    try:
        assert clients
        for client in clients:
            kept = client._transport._pool._keepalive_expiry  # type: ignore[attr-defined]
            assert kept is not None
            assert kept < server_timeout
    finally:
        for client in clients:
            await client.aclose()
