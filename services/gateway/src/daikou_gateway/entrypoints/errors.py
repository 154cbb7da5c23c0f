"""Every error the gateway answers has the one `ErrorOut` shape: code, detail, request id."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from daikou_gateway.adapters.services import UpstreamRefused
from daikou_kit.errors import DomainError
from daikou_kit.http import CORRELATION_HEADER

HTTP_CODES = {
    400: "bad_request",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
}


def request_id(request: Request) -> str | None:
    """The flow id of the request: the one the caller sent or the gateway chose."""
    chosen = getattr(request.state, "correlation_id", None)
    given = request.headers.get(CORRELATION_HEADER, "")
    return chosen or (given if 0 < len(given) <= 200 else None)


def error_body(request: Request, code: str, detail: Any, extra: Any = None) -> dict[str, Any]:
    """An ErrorOut body (a service's further fields are kept)."""
    body = dict(extra) if isinstance(extra, dict) else {}
    body.update({"code": str(body.get("code") or code), "detail": body.get("detail", detail)})
    if not isinstance(body["detail"], str | list):
        body["detail"] = str(body["detail"])
    body["request_id"] = request_id(request)
    return body


def install_error_handlers(app: FastAPI) -> None:
    """Domain errors, a service's refusals and shape errors, all as ErrorOut."""

    @app.exception_handler(DomainError)
    async def domain_error(request: Request, exc: DomainError) -> JSONResponse:
        return JSONResponse(
            status_code=exc.status, content=error_body(request, exc.code, exc.reason)
        )

    @app.exception_handler(UpstreamRefused)
    async def upstream(request: Request, exc: UpstreamRefused) -> JSONResponse:
        body = error_body(request, exc.code, exc.reason, dict(exc.body))
        return JSONResponse(status_code=exc.status, content=jsonable_encoder(body))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        code = HTTP_CODES.get(exc.status_code, f"http_{exc.status_code}")
        body = error_body(request, code, str(exc.detail))
        return JSONResponse(status_code=exc.status_code, content=body, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def shape(request: Request, exc: RequestValidationError) -> JSONResponse:
        issues = [
            {
                "loc": list(e.get("loc", ())),
                "msg": str(e.get("msg", "")),
                "type": str(e.get("type", "")),
            }
            for e in exc.errors()
        ]
        return JSONResponse(status_code=422, content=error_body(request, "invalid_input", issues))
