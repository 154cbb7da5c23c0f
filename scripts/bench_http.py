"""A lean HTTP/1.1 client for the page benchmarks' read loops: keep-alive connections, each request
written as bytes, each response parsed by httptools (the parser uvicorn serves with).

The benchmark shares two cores with the system it measures, so its own client must cost far less
than the server's answer: httpx spent 5.6 ms of CPU per order page where the gateway spent 3.6 ms
to serve it, and the page "at saturation" was the client's limit, not the gateway's.
"""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

import httptools


class _Response:
    """httptools' callbacks for one response."""

    def __init__(self) -> None:
        self.body: list[bytes] = []
        self.complete = False

    def on_body(self, body: bytes) -> None:
        self.body.append(body)

    def on_message_complete(self) -> None:
        self.complete = True


class _Connection:
    """One keep-alive connection; reopened when the server has closed it."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self._streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def get(self, request: bytes) -> tuple[int, bytes]:
        try:
            return await self._exchange(request)
        except ConnectionError:  # closed while idle (the server's keep-alive timeout): once more
            self.close()
            return await self._exchange(request)

    async def _exchange(self, request: bytes) -> tuple[int, bytes]:
        if self._streams is None:
            self._streams = await asyncio.open_connection(self.host, self.port)
        reader, writer = self._streams
        writer.write(request)
        response = _Response()
        parser = httptools.HttpResponseParser(response)
        while not response.complete:
            data = await reader.read(65536)
            if not data:
                raise ConnectionError("the server closed the connection")
            parser.feed_data(data)
        return parser.get_status_code(), b"".join(response.body)

    def close(self) -> None:
        if self._streams is not None:
            self._streams[1].close()
            self._streams = None


class PageClient:
    """GETs with a bearer token over a pool of keep-alive connections (one per request in flight)."""

    def __init__(self, base_url: str, prefix: str = "/api/v1") -> None:
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.prefix = prefix
        self._idle: list[_Connection] = []

    async def get(self, path: str, token: str) -> bytes:
        """The body of a 200 answer; RuntimeError for any other status."""
        return await self.read(
            path, f"Authorization: Bearer {token}\r\nAccept: application/json\r\n"
        )

    async def read(self, path: str, headers: str) -> bytes:
        """GET with `headers` (lines, each ending in CRLF): the body of a 200 answer;
        RuntimeError for any other status."""
        request = (
            f"GET {self.prefix}{path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n{headers}\r\n"
        ).encode()
        connection = self._idle.pop() if self._idle else _Connection(self.host, self.port)
        try:
            status, body = await connection.get(request)
        except BaseException:
            connection.close()
            raise
        self._idle.append(connection)
        if status != 200:
            raise RuntimeError(f"GET {path}: {status} {body[:300]!r}")
        return body

    def close(self) -> None:
        """Close every idle connection."""
        for connection in self._idle:
            connection.close()
        self._idle.clear()
