"""Shared fixtures of the web client's tests."""

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).parent))

from web_support import StandInGateway, site


@pytest.fixture
def stand_in() -> StandInGateway:
    """A stand-in gateway with the public data the top page shows."""
    gw = StandInGateway()
    gw.on(
        "GET",
        r"/calendar/\d+/\d+",
        lambda r: (
            200,
            {
                "year": int(r.url.path.split("/")[-2]),
                "month": int(r.url.path.split("/")[-1]),
                "business_hours": "10:00-18:00 JST",
                "days": [
                    {
                        "date": f"{r.url.path.split('/')[-2]}-{int(r.url.path.split('/')[-1]):02d}-{d:02d}",
                        "business_day": d % 7 != 0,
                        "reason": "" if d % 7 else "weekend",
                    }
                    for d in range(1, 29)
                ],
            },
        ),
    )
    gw.on(
        "GET",
        "/feedback/recent",
        (200, [{"comment": "とても丁寧でした", "reported_at": "2026-12-01T03:00:00Z"}]),
    )
    gw.on("GET", "/shipping/methods", (200, []))
    return gw


@pytest.fixture
def client(stand_in: StandInGateway) -> Iterator[TestClient]:
    """The site on a test client."""
    with site(stand_in) as test_client:
        yield test_client
