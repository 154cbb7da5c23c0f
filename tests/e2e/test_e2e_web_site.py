"""The web site runs with the system: the gateway's address lands on it, and its top page shows the
calendar the payments service keeps, through the gateway's public API."""

import httpx
import pytest
from system_harness import System

pytestmark = pytest.mark.e2e


async def test_the_gateway_address_lands_on_the_site(system: System) -> None:
    async with httpx.AsyncClient(timeout=30, follow_redirects=True) as client:
        page = await client.get(f"{system.gateway_url}/")
    assert page.status_code == 200
    assert str(page.url).startswith(system.web_url)
    assert '<html lang="ja">' in page.text
    assert "営業日カレンダー" in page.text
    assert 'class="cal"' in page.text  # the calendar came from the API, not the fallback text
