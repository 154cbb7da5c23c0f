"""`daikou-ops`: dead letters, outbox, deadlines and queue depths of a running Daikou.

    daikou-ops dead-letters list [--service orders ...] [--limit 20] [--json]
    daikou-ops dead-letters show MESSAGE_ID --service orders [--json]
    daikou-ops dead-letters replay (MESSAGE_ID | --all) --service orders [--json]
    daikou-ops dead-letters purge (MESSAGE_ID | --all) --service orders [--yes] [--json]
    daikou-ops outbox [--service orders ...] [--json]
    daikou-ops deadlines [--window-hours 24] [--json]
    daikou-ops queues [--json]

It reads each service's database and the broker through the same settings the services read
(`DAIKOU_<SERVICE>_DATABASE_URL`, `DAIKOU_AMQP_URL`, `DAIKOU_NAMESPACE`). Exit status: 0 when done,
1 when what was asked for is not there, 2 when a database or the broker could not be read.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, TypeVar

import typer
from aiormq.exceptions import AMQPError, ChannelNotFoundEntity
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from daikou_kit.deadletters import DeadLetter
from daikou_kit.ops import actions, render
from daikou_kit.ops.actions import Unreadable
from daikou_kit.ops.queues import ManagementUnavailable
from daikou_kit.ops.targets import OpsSettings, chosen

T = TypeVar("T")

app = typer.Typer(
    name="daikou-ops",
    help="Dead letters, outbox, deadlines and queue depths of a running Daikou.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)
dead_letters = typer.Typer(
    help="A service's dead letters: list them with reasons, show one, replay, purge.",
    no_args_is_help=True,
)
app.add_typer(dead_letters, name="dead-letters")

out = Console()
err = Console(stderr=True)

Services = Annotated[
    list[str] | None,
    typer.Option("--service", "-s", help="A service (repeatable); every service when omitted."),
]
OneService = Annotated[str, typer.Option("--service", "-s", help="The service, e.g. orders.")]
Json = Annotated[bool, typer.Option("--json", help="JSON on stdout, for scripts.")]
MessageId = Annotated[str | None, typer.Argument(help="The dead letter's message id.")]
All = Annotated[bool, typer.Option("--all", help="Every dead letter of the service.")]


def _run(work: Coroutine[Any, Any, T]) -> T:
    try:
        return asyncio.run(work)
    except ChannelNotFoundEntity as error:
        err.print(f"[red]not there:[/red] {error} (is the service set up in this namespace?)")
        raise typer.Exit(1) from error
    except (OSError, ConnectionError, AMQPError) as error:
        err.print(f"[red]cannot reach the broker or a database:[/red] {error!r}")
        raise typer.Exit(2) from error


def _show(value: Any, table: Callable[[Any], Any], as_json: bool) -> None:
    if as_json:
        print(render.to_json(value))
    else:
        out.print(table(value))


def _services(names: list[str] | None) -> list[str]:
    try:
        return chosen(names)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from error


@dead_letters.command("list")
def list_command(services: Services = None, limit: int = 20, as_json: Json = False) -> None:
    """Each service's dead letters with the reason each died (they stay in place)."""
    found = _run(actions.list_letters(OpsSettings(), _services(services), limit))
    _show(found, render.dead_letter_table, as_json)
    if any(entry.error for entry in found):
        raise typer.Exit(2)


@dead_letters.command("show")
def show_command(
    message_id: Annotated[str, typer.Argument(help="The dead letter's message id.")],
    service: OneService,
    as_json: Json = False,
) -> None:
    """One dead letter: its headers, the reason, the exception and the body."""
    letter = _run(actions.show_letter(OpsSettings(), _services([service])[0], message_id))
    if letter is None:
        err.print(f"no dead letter {message_id} in {service}'s dead-letter queue")
        raise typer.Exit(1)
    _show(letter, render.dead_letter_detail, as_json)


def _chosen_letters(message_id: str | None, every: bool) -> str | None:
    if bool(message_id) == every:
        raise typer.BadParameter("name one MESSAGE_ID or pass --all")
    return message_id


def _with_progress(
    verb: str,
    settings: OpsSettings,
    service: str,
    *,
    message_id: str | None,
    as_json: bool,
    work: Callable[..., Coroutine[Any, Any, int]],
) -> int:
    """Run a replay or purge, with a progress bar on a terminal when it is more than one."""
    if message_id is not None or as_json:
        return _run(work(settings, service, message_id, 1 if message_id else 10**9))
    total = _run(actions.waiting(settings, service))
    columns = (TextColumn(f"{verb} {{task.description}}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, TimeElapsedColumn(), console=err, transient=False) as bar:
        task = bar.add_task(service, total=total)

        def advance(_letter: DeadLetter) -> None:
            bar.advance(task)

        return _run(work(settings, service, None, 10**9, advance))


def _done(verb: str, service: str, count: int, message_id: str | None, as_json: bool) -> None:
    if as_json:
        print(render.to_json({"service": service, verb: count}))
    else:
        out.print(f"{verb} {count} dead letter(s) of {service}")
    if message_id and count == 0:
        err.print(f"no dead letter {message_id} in {service}'s dead-letter queue")
        raise typer.Exit(1)


@dead_letters.command("replay")
def replay_command(
    service: OneService, message_id: MessageId = None, every: All = False, as_json: Json = False
) -> None:
    """Send dead letters back to the queue they died in (one by id, or --all)."""
    target = _chosen_letters(message_id, every)
    name = _services([service])[0]
    count = _with_progress(
        "replaying",
        OpsSettings(),
        name,
        message_id=target,
        as_json=as_json,
        work=actions.replay_letters,
    )
    _done("replayed", name, count, target, as_json)


@dead_letters.command("purge")
def purge_command(
    service: OneService,
    message_id: MessageId = None,
    every: All = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask.")] = False,
    as_json: Json = False,
) -> None:
    """Remove dead letters for good (one by id, or --all)."""
    target = _chosen_letters(message_id, every)
    name = _services([service])[0]
    what = f"dead letter {target}" if target else "every dead letter"
    if not yes and not typer.confirm(f"Remove {what} of {name} for good?"):
        raise typer.Exit(1)
    count = _with_progress(
        "purging",
        OpsSettings(),
        name,
        message_id=target,
        as_json=as_json,
        work=actions.purge_letters,
    )
    _done("purged", name, count, target, as_json)


@app.command("outbox")
def outbox_command(
    services: Services = None,
    failing: Annotated[int, typer.Option(help="Failing rows shown per service.")] = 10,
    as_json: Json = False,
) -> None:
    """Each service's unsent messages: backlog, the oldest, rows whose publishing fails."""
    now = datetime.now(UTC)
    found = _run(actions.outbox_report(_services(services), now, failing))
    _show(found, render.outbox_table, as_json)
    if any(isinstance(status, Unreadable) for status in found):
        raise typer.Exit(2)


@app.command("deadlines")
def deadlines_command(
    window_hours: Annotated[float, typer.Option(min=0.01, help="Firings looked at.")] = 24,
    late_ms: Annotated[int, typer.Option(min=0, help="A firing later than this is late.")] = 60_000,
    as_json: Json = False,
) -> None:
    """The scheduler's deadlines: pending, overdue, next due, lateness of recent firings."""
    work = actions.deadline_report(
        datetime.now(UTC), timedelta(hours=window_hours), timedelta(milliseconds=late_ms)
    )
    try:
        status = asyncio.run(work)
    except Exception as error:
        err.print(f"[red]cannot read the scheduler's deadlines:[/red] {error}")
        raise typer.Exit(2) from error
    _show(status, render.deadline_table, as_json)


@app.command("queues")
def queues_command(as_json: Json = False) -> None:
    """Queue depths of this namespace, from the broker's management API."""
    try:
        found = asyncio.run(actions.queue_report(OpsSettings()))
    except ManagementUnavailable as error:
        if as_json:
            print(render.to_json({"available": False, "reason": str(error)}))
        else:
            err.print(f"[yellow]queue depths unavailable:[/yellow] {error}")
        raise typer.Exit(2) from error
    _show(found, render.queue_table, as_json)


def main() -> None:
    """Console entry point."""
    app()
