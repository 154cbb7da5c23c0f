"""`daikou-ops queues` against an HTTP server answering as RabbitMQ's management API does.

The test broker runs without the management plugin, so a loopback stand-in answers
`GET /api/queues/<vhost>` with the plugin's JSON; the unavailable path is the real broker host.
"""

import base64
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from daikou_kit.ops.queues import ManagementUnavailable, depths, fetch_queues

pytestmark = pytest.mark.integration

ROWS = [
    {
        "name": "daikou.orders.events",
        "messages_ready": 5,
        "messages_unacknowledged": 2,
        "consumers": 1,
    },
    {
        "name": "daikou.orders.dead-letters",
        "messages_ready": 1,
        "messages_unacknowledged": 0,
        "consumers": 0,
    },
]


class _Management(BaseHTTPRequestHandler):
    seen: list[str] = []

    def do_GET(self) -> None:
        self.seen.append(self.path)
        expected = "Basic " + base64.b64encode(b"ops:secret").decode()
        if self.headers.get("Authorization") != expected:
            self.send_response(401)
            self.end_headers()
            return
        body = json.dumps(ROWS).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_: object) -> None:
        return None


@pytest.fixture
def management() -> Iterator[int]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Management)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


async def test_queue_depths_are_read_with_the_brokers_credentials(management: int) -> None:
    rows = await fetch_queues(f"http://ops:secret@127.0.0.1:{management}/", "%2F")
    assert _Management.seen[-1].startswith("/api/queues/%2F?columns=")
    found = depths(rows, "daikou")
    assert [(q.name, q.ready, q.unacked) for q in found] == [
        ("daikou.orders.events", 5, 2),
        ("daikou.orders.dead-letters", 1, 0),
    ]


async def test_refused_credentials_say_so(management: int) -> None:
    with pytest.raises(ManagementUnavailable, match="answered 401"):
        await fetch_queues(f"http://ops:wrong@127.0.0.1:{management}/", "%2F")


async def test_a_broker_without_the_plugin_is_reported_not_fatal() -> None:
    with pytest.raises(ManagementUnavailable, match="rabbitmq_management"):
        await fetch_queues("http://guest:guest@127.0.0.1:1/", "%2F", timeout_s=2)
