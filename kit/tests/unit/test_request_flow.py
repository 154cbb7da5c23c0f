"""A request's unit of work joins the flow its correlation id names only when an envelope can carry it."""

import pytest
from starlette.requests import Request

from daikou_kit.app import MAX_FLOW_CHARS, flow_of
from daikou_kit.headers import CORRELATION_HEADER


def request_with(correlation: str | None) -> Request:
    headers = (
        [] if correlation is None else [(CORRELATION_HEADER.lower().encode(), correlation.encode())]
    )
    return Request({"type": "http", "method": "GET", "path": "/", "headers": headers})


def test_a_usable_correlation_id_is_the_requests_flow() -> None:
    assert flow_of(request_with("order-flow-42")) == "order-flow-42"
    assert flow_of(request_with("x" * MAX_FLOW_CHARS)) == "x" * MAX_FLOW_CHARS


@pytest.mark.parametrize("given", [None, "", "x" * (MAX_FLOW_CHARS + 1), "tab\there", "nul\x7f"])
def test_a_missing_overlong_or_unprintable_one_starts_a_new_flow(given: str | None) -> None:
    assert flow_of(request_with(given)) is None
