"""How the ops command shows its answers: rich tables for people, JSON for scripts."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime
from typing import Any

from rich.table import Table

from daikou_kit.deadletters import DeadLetter
from daikou_kit.ops.actions import ServiceLetters, Unreadable
from daikou_kit.ops.deadlines import DeadlineStatus
from daikou_kit.ops.outbox import OutboxStatus
from daikou_kit.ops.queues import QueueDepth


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


def to_json(value: Any) -> str:
    """Dataclasses (or lists of them) as indented JSON."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = dataclasses.asdict(value)
    elif isinstance(value, list):
        value = [
            dataclasses.asdict(v) if dataclasses.is_dataclass(v) and not isinstance(v, type) else v
            for v in value
        ]
    return json.dumps(value, indent=2, ensure_ascii=False, default=_plain)


def _when(value: datetime | None) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%SZ") if value else "-"


def duration(seconds: float | None) -> str:
    """`3d 4h`, `12m 5s`, `0.4s`; `-` for none; `-` prefix when in the past."""
    if seconds is None:
        return "-"
    sign = "-" if seconds < 0 else ""
    left = abs(seconds)
    if left < 10:
        return f"{sign}{left:.1f}s"
    parts: list[str] = []
    for unit, size in (("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)):
        if left >= size or (unit == "s" and not parts):
            parts.append(f"{int(left // size)}{unit}")
            left %= size
    return sign + " ".join(parts[:2])


def dead_letter_table(found: list[ServiceLetters]) -> Table:
    """Each service's dead letters with the reason each died."""
    table = Table(title="Dead letters", show_lines=False)
    for column in ("service", "waiting", "message id", "reason"):
        table.add_column(column, no_wrap=True)
    table.add_column("type", overflow="fold", ratio=1)
    table.add_column("exception", overflow="fold", ratio=2)
    for entry in found:
        if entry.error:
            table.add_row(entry.service, "?", "", "", "", f"[red]{entry.error}[/red]")
            continue
        if not entry.letters:
            table.add_row(entry.service, str(entry.total), "", "[green]none[/green]", "", "")
        for i, letter in enumerate(entry.letters):
            table.add_row(
                entry.service if i == 0 else "",
                str(entry.total) if i == 0 else "",
                letter.message_id or "-",
                letter.reason,
                letter.type or "-",
                letter.exception.strip(": ")[:160],
            )
    return table


def dead_letter_detail(letter: DeadLetter) -> Table:
    """One dead letter, every field and header."""
    table = Table(title=f"Dead letter {letter.message_id}", show_header=False)
    table.add_column("field", style="bold")
    table.add_column("value", overflow="fold")
    for name in ("message_id", "type", "routing_key", "correlation_id", "queue", "reason"):
        table.add_row(name, str(getattr(letter, name) or "-"))
    table.add_row("exception", letter.exception.strip(": ") or "-")
    table.add_row("failed_at", letter.failed_at or "-")
    for key, value in sorted(letter.headers.items()):
        table.add_row(f"header {key}", value[:500])
    table.add_row("body", letter.body[:4000])
    return table


def outbox_table(found: list[OutboxStatus | Unreadable]) -> Table:
    """Each service's unsent messages and what keeps failing."""
    table = Table(title="Outbox")
    table.add_column("service", no_wrap=True)
    for column in ("backlog", "oldest unsent", "age", "failing", "max attempts"):
        table.add_column(column, justify="right")
    table.add_column("last error", overflow="fold")
    for status in found:
        if isinstance(status, Unreadable):
            table.add_row(status.service, "?", "", "", "", "", f"[red]{status.error}[/red]")
            continue
        first = status.failing_rows[0] if status.failing_rows else None
        table.add_row(
            status.service,
            str(status.backlog),
            _when(status.oldest_at),
            duration(status.oldest_age_s),
            f"[red]{status.failing}[/red]" if status.failing else "0",
            str(status.max_attempts),
            (f"{first.routing_key}: {first.last_error}" if first else "")[:160],
        )
    return table


def deadline_table(status: DeadlineStatus) -> Table:
    """Pending deadlines, the next due, and the lateness of recent firings."""
    table = Table(title=f"Deadlines (as of {_when(status.as_of)})", show_header=False)
    table.add_column("figure", style="bold")
    table.add_column("value")
    late = "[red]" if status.overdue else ""
    rows = [
        ("pending", str(status.pending)),
        ("overdue (due, not fired yet)", f"{late}{status.overdue}"),
        ("next due", f"{_when(status.next_due_at)} (in {duration(status.next_due_in_s)})"),
        (f"fired in the last {status.window_hours:g} h", str(status.fired)),
        (f"fired later than {status.late_threshold_ms} ms", str(status.fired_late)),
        ("lateness p95 / max", f"{_ms(status.p95_lateness_ms)} / {_ms(status.max_lateness_ms)}"),
    ]
    for name, value in rows:
        table.add_row(name, value)
    for kind in status.by_kind:
        table.add_row(
            f"  {kind.requester} {kind.kind}", f"{kind.pending} (next {_when(kind.next_due_at)})"
        )
    return table


def _ms(value: int | None) -> str:
    return "-" if value is None else f"{value} ms"


def queue_table(found: list[QueueDepth]) -> Table:
    """The namespace's queues, fullest first."""
    table = Table(title="Queues")
    table.add_column("queue")
    table.add_column("role")
    for column in ("ready", "unacked", "consumers"):
        table.add_column(column, justify="right")
    for queue in found:
        warn = queue.role == "dead-letters" and queue.ready
        table.add_row(
            queue.name,
            queue.role,
            f"[red]{queue.ready}[/red]" if warn else str(queue.ready),
            str(queue.unacked),
            str(queue.consumers),
        )
    return table
