"""The ops command's pure parts: where it looks, how it reads the management API, how it prints."""

import json
from datetime import UTC, datetime

import pytest

from daikou_kit.deadletters import DeadLetter
from daikou_kit.ops import render
from daikou_kit.ops.actions import ServiceLetters, Unreadable
from daikou_kit.ops.outbox import OutboxStatus
from daikou_kit.ops.queues import depths, role_of
from daikou_kit.ops.targets import SERVICES, OpsSettings, chosen, service_settings


def test_a_services_database_is_the_one_the_service_itself_reads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DAIKOU_ORDERS_DATABASE_URL", "postgresql+asyncpg://db/orders_here")
    monkeypatch.delenv("DAIKOU_DATABASE_URL", raising=False)
    assert service_settings("orders").database_url == "postgresql+asyncpg://db/orders_here"
    assert service_settings("payments").database_url.endswith("/daikou_payments")


@pytest.mark.parametrize("bad", ["Orders", "a;b", "../x", "", "x" * 60])
def test_hostile_service_names_are_refused(bad: str) -> None:
    assert chosen(None) == list(SERVICES)
    with pytest.raises(ValueError, match="not a service name"):
        chosen(["orders", bad])
    with pytest.raises(ValueError, match="not a service name"):
        service_settings(bad)


def test_the_management_api_is_derived_from_the_broker_url(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("DAIKOU_RABBITMQ_MANAGEMENT_URL", raising=False)
    monkeypatch.setenv("DAIKOU_AMQP_URL", "amqp://ops:s3cret@mq.internal:5672/daikou%2Fprod")
    settings = OpsSettings()
    assert settings.management_url() == "http://ops:s3cret@mq.internal:15672/"
    assert settings.vhost() == "daikou%2Fprod"
    monkeypatch.setenv("DAIKOU_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")
    assert OpsSettings().vhost() == "%2F"
    monkeypatch.setenv("DAIKOU_RABBITMQ_MANAGEMENT_URL", "http://u:p@rabbitmq:15672")
    assert OpsSettings().management_url() == "http://u:p@rabbitmq:15672/"


def test_queue_depths_keep_the_namespace_and_put_the_fullest_first() -> None:
    rows = [
        {"name": "daikou.orders.events", "messages_ready": 3, "messages_unacknowledged": 1},
        {"name": "daikou.orders.dead-letters", "messages_ready": 7, "consumers": 0},
        {"name": "daikou.orders.events.retry-1-1000ms", "messages_ready": 0},
        {"name": "other.orders.events", "messages_ready": 99},
    ]
    found = depths(rows, "daikou")
    assert [q.name for q in found] == [
        "daikou.orders.dead-letters",
        "daikou.orders.events",
        "daikou.orders.events.retry-1-1000ms",
    ]
    assert [q.role for q in found] == ["dead-letters", "main", "retry"]
    assert found[1].unacked == 1
    assert role_of("daikou.x.y") == "main"


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [(None, "-"), (0.42, "0.4s"), (75, "1m 15s"), (90_061, "1d 1h"), (-3_700, "-1h 1m")],
)
def test_durations_read_at_a_glance(seconds: float | None, shown: str) -> None:
    assert render.duration(seconds) == shown


def test_json_output_carries_every_field_and_times_as_iso_8601() -> None:
    when = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    status = OutboxStatus("orders", 2, when, 12.5, 1, 3)
    letter = DeadLetter("m1", "daikou.orders.events", "malformed", "X: y", None, "{}")
    out = json.loads(
        render.to_json([status, Unreadable("payments", "no database"), ServiceLetters("o", "q")])
    )
    assert out[0] == {
        "service": "orders",
        "backlog": 2,
        "oldest_at": "2026-01-02T03:04:05+00:00",
        "oldest_age_s": 12.5,
        "failing": 1,
        "max_attempts": 3,
        "failing_rows": [],
    }
    assert out[1] == {"service": "payments", "error": "no database"}
    assert json.loads(render.to_json(letter))["reason"] == "malformed"


def test_tables_show_an_unreadable_service_instead_of_failing() -> None:
    from rich.console import Console

    console = Console(record=True, width=200)
    console.print(render.outbox_table([Unreadable("payments", "OSError: refused")]))
    console.print(render.dead_letter_table([ServiceLetters("orders", "q", error="no such queue")]))
    text = console.export_text()
    assert "OSError: refused" in text
    assert "no such queue" in text
