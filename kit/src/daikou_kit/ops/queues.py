"""Queue depths from RabbitMQ's management API (when the broker has it enabled)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx


class ManagementUnavailable(Exception):
    """The management API did not answer, or refused us; the text says why."""


@dataclass(frozen=True)
class QueueDepth:
    """One queue of the deployment's namespace."""

    name: str
    role: str
    """`main`, `retry` or `dead-letters`."""
    ready: int
    unacked: int
    consumers: int


def role_of(name: str) -> str:
    """What a queue is for, from the kit's naming rules."""
    if name.endswith(".dead-letters"):
        return "dead-letters"
    if ".retry-" in name:
        return "retry"
    return "main"


def depths(rows: list[dict[str, Any]], namespace: str) -> list[QueueDepth]:
    """The namespace's queues from the API's answer, fullest first."""
    found = [
        QueueDepth(
            name=str(row["name"]),
            role=role_of(str(row["name"])),
            ready=int(row.get("messages_ready") or 0),
            unacked=int(row.get("messages_unacknowledged") or 0),
            consumers=int(row.get("consumers") or 0),
        )
        for row in rows
        if str(row.get("name", "")).startswith(f"{namespace}.")
    ]
    return sorted(found, key=lambda q: (-(q.ready + q.unacked), q.name))


async def fetch_queues(base_url: str, vhost: str, timeout_s: float = 5.0) -> list[dict[str, Any]]:
    """GET /api/queues/<vhost> (name and depths only)."""
    parts = urlsplit(base_url)
    auth = (parts.username or "guest", parts.password or "guest")
    plain = parts._replace(netloc=parts.hostname or "", path=parts.path).geturl()
    if parts.port:
        plain = parts._replace(netloc=f"{parts.hostname}:{parts.port}").geturl()
    url = f"{plain.rstrip('/')}/api/queues/{vhost}"
    params = {"columns": "name,messages_ready,messages_unacknowledged,consumers"}
    try:
        async with httpx.AsyncClient(timeout=timeout_s, auth=auth) as client:
            answer = await client.get(url, params=params)
    except httpx.HTTPError as error:
        raise ManagementUnavailable(
            f"the management API at {plain} does not answer ({type(error).__name__}); "
            "enable it with `rabbitmq-plugins enable rabbitmq_management` "
            "or set DAIKOU_RABBITMQ_MANAGEMENT_URL"
        ) from error
    if answer.status_code != httpx.codes.OK:
        raise ManagementUnavailable(
            f"the management API at {plain} answered {answer.status_code} for {url}"
        )
    rows = answer.json()
    if not isinstance(rows, list):
        raise ManagementUnavailable(f"unexpected answer from {url}")
    return rows
