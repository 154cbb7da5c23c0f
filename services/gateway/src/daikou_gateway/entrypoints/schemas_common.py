"""Shapes every route shares: the one error body, and how a service's answer is checked."""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    model_validator,
)

from daikou_contracts.money import MAX_PRICE, Money
from daikou_gateway.adapters.services import ServiceUnavailable

log = logging.getLogger(__name__)


MAX_MINOR_UNITS = MAX_PRICE
"""The contracts' bound on one price, fee or payment (¥1,000,000,000; CNY 10,000,000), so the
gateway accepts exactly what the services accept."""


def _has_nul(value: Any, depth: int = 0) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if depth > 32:
        return False
    if isinstance(value, dict):
        return any(_has_nul(k, depth + 1) or _has_nul(v, depth + 1) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v, depth + 1) for v in value)
    return False


class In(BaseModel):
    """A request body: unknown fields and NUL characters are refused (422 with the reason)."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _no_nul(cls, data: Any) -> Any:
        if _has_nul(data):
            raise ValueError("text must not contain NUL characters")
        return data


def _price(money: Money) -> Money:
    if not 0 <= money.amount <= MAX_MINOR_UNITS:
        raise ValueError(f"an amount is between 0 and {MAX_MINOR_UNITS} minor units")
    return money


def _signed(money: Money) -> Money:
    if abs(money.amount) > MAX_MINOR_UNITS:
        raise ValueError(f"an amount is at most {MAX_MINOR_UNITS} minor units either way")
    return money


Price = Annotated[Money, AfterValidator(_price)]
"""A price or cost in a request: the contracts' Money, never negative nor absurdly large."""
SignedAmount = Annotated[Money, AfterValidator(_signed)]
"""A ledger adjustment in a request: the contracts' Money, bounded either way."""


class Out(BaseModel):
    """An answer: fields a service adds later are left out until the gateway describes them."""

    model_config = ConfigDict(extra="ignore")


class ValidationIssue(BaseModel):
    """One reason a request was refused by its shape."""

    model_config = ConfigDict(extra="allow")

    loc: list[str | int] = Field(description="where in the request: body, query, path and keys")
    msg: str
    type: str


class ErrorOut(BaseModel):
    """Every error: a machine code, the reason (or the shape problems), the request's flow id."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "examples": [
                {
                    "code": "orders_refused",
                    "detail": "order is shipped; it can no longer change",
                    "request_id": "0b6f6a0e-7f0c-4a4e-9a4e-3f7d3b0c9c11",
                },
                {
                    "code": "invalid_input",
                    "detail": [
                        {"loc": ["body", "quantity"], "msg": "too large", "type": "less_than"}
                    ],
                    "request_id": "0b6f6a0e-7f0c-4a4e-9a4e-3f7d3b0c9c11",
                },
            ]
        },
    )

    code: str = Field(description="machine-readable, e.g. `not_found`, `payments_unavailable`")
    detail: str | list[ValidationIssue] = Field(description="the reason, or each shape problem")
    request_id: str | None = Field(
        default=None, description="the flow id (`X-Correlation-Id`) to quote when asking for help"
    )


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "bad input (a rule refused it)"},
    401: {"model": ErrorOut, "description": "not signed in, or the token expired"},
    403: {"model": ErrorOut, "description": "the caller's role may not do this"},
    404: {"model": ErrorOut, "description": "not found, or not the caller's"},
    409: {"model": ErrorOut, "description": "the current state refuses it"},
    413: {"model": ErrorOut, "description": "the body is larger than the route allows"},
    422: {"model": ErrorOut, "description": "the request's shape is wrong"},
    503: {"model": ErrorOut, "description": "a service is unavailable or answered unexpectedly"},
}
"""The error answers every route documents (routes under /api/v1 and PayPal's)."""
UPLOAD_ERRORS: dict[int | str, dict[str, Any]] = {
    413: {"model": ErrorOut, "description": "the upload is larger than allowed"},
    415: {"model": ErrorOut, "description": "the file is of a type that is not accepted"},
}
"""The further errors of a route that takes a file."""
SIGN_IN_LIMITED: dict[int | str, dict[str, Any]] = {
    429: {
        "model": ErrorOut,
        "description": "too many sign-in attempts for the account or from the address",
        "headers": {
            "Retry-After": {
                "description": "seconds until the next attempt is accepted",
                "schema": {"type": "integer", "minimum": 1},
            }
        },
    }
}
"""The further error of signing in."""


@lru_cache(maxsize=256)
def _adapter(answer: Any) -> TypeAdapter[Any]:
    return TypeAdapter(answer)


def checked(service: str, answer: Any, body: Any) -> Any:
    """`body` as `answer` describes it (JSON-ready); 503 `<service>_unexpected_answer` if not."""
    adapter = _adapter(answer)
    try:
        value = adapter.validate_python(body)
    except ValidationError as exc:
        log.warning(
            "%s answered outside its model: %s",
            service,
            exc.errors(include_url=False, include_input=False)[:5],
        )
        raise ServiceUnavailable(
            f"the {service} service answered something the gateway does not expect",
            code=f"{service}_unexpected_answer",
        ) from None
    return adapter.dump_python(value, mode="json")
