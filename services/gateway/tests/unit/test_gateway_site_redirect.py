"""A browser opening the gateway's address lands on the web site."""

import httpx

from daikou_gateway.settings import GatewaySettings
from daikou_gateway.wiring import build


async def test_root_redirects_to_the_configured_web_site() -> None:
    _, app = build(GatewaySettings(web_url="http://site.example:8123/"))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://gw") as client:
        response = await client.get("/")
        schema = (await client.get("/openapi.json")).json()
    assert response.status_code == 307
    assert response.headers["location"] == "http://site.example:8123/"
    assert "/" not in schema["paths"]
