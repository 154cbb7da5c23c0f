"""A real server keeps the keep-alive connection after a handler fails or a body is refused.

Without the guard, an exception that escapes the app reaches uvicorn after the 500 was sent, and
uvicorn closes the connection: the client's (or the gateway's pooled) next request on it fails.
"""

import asyncio
import http.client
import socket

import pytest
import uvicorn
from fastapi import FastAPI

from daikou_kit.http import install_error_handlers

pytestmark = pytest.mark.integration


def app() -> FastAPI:
    api = FastAPI()
    install_error_handlers(api)

    @api.post("/boom")
    async def boom() -> None:
        raise RuntimeError("a bug")

    @api.get("/ok")
    async def ok() -> dict[str, str]:
        return {"ok": "yes"}

    return api


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def exchange(port: int) -> list[tuple[int, str]]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.connect()
    sock = conn.sock
    seen = []
    for method, path, body in [
        ("POST", "/boom", b""),
        ("GET", "/ok", None),
        ("POST", "/boom", b'{"x": NaN}'),
        ("POST", "/boom", b'{"x": "' + b"y" * (2 * 1024 * 1024) + b'"}'),
        ("GET", "/ok", None),
    ]:
        conn.request(method, path, body=body, headers={"Content-Type": "application/json"})
        response = conn.getresponse()
        response.read()
        assert conn.sock is sock, f"the connection was dropped after {method} {path}"
        seen.append((response.status, response.getheader("connection") or ""))
    conn.close()
    return seen


async def test_errors_keep_the_connection_open() -> None:
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app(), host="127.0.0.1", port=port, log_level="critical")
    )
    task = asyncio.create_task(server.serve())
    for _ in range(500):
        if server.started:
            break
        await asyncio.sleep(0.02)
    try:
        seen = await asyncio.to_thread(exchange, port)
    finally:
        server.should_exit = True
        await task
    assert [status for status, _ in seen] == [500, 200, 422, 413, 200]
    assert all(header.lower() != "close" for _, header in seen)
