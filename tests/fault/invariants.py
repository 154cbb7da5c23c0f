"""What must hold after any fault, read from every service's own database.

- no outbox row is left unpublished (waited for, bounded);
- every published message was applied once by every queue bound to it: exactly one inbox row per
  (queue, message), none for a message nobody published (except those a test sent itself), unless
  it was dead-lettered;
- each customer's deposit ledger sums to the balance, and the running balance never went negative;
- each billing paid at most once and never more than billed (deposit debits, card captures and
  confirmed transfers agree with what the billing records);
- refunds never exceed what was paid for the order;
- every deadline fired once or was cancelled (none left pending past its time).
"""

from __future__ import annotations

import asyncio
import importlib
import json
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import aio_pika
import asyncpg
from system_harness import RETRY_DELAYS_MS, SERVICES, System, e2e_namespace

from daikou_kit.deadletters import DeadLetter, list_dead_letters
from daikou_kit.topology import Names


def dsn(url: str) -> str:
    """An asyncpg DSN from a SQLAlchemy URL."""
    return url.replace("postgresql+asyncpg://", "postgresql://")


def topic_matches(pattern: str, key: str) -> bool:
    """AMQP topic matching: `*` is one word, `#` zero or more."""

    def match(p: list[str], k: list[str]) -> bool:
        if not p:
            return not k
        if p[0] == "#":
            return any(match(p[1:], k[i:]) for i in range(len(k) + 1))
        return bool(k) and (p[0] in ("*", k[0])) and match(p[1:], k[1:])

    return match(pattern.split("."), key.split("."))


def bindings(system: System) -> dict[str, list[tuple[str, list[str]]]]:
    """For each service, its queues and their binding keys, from its own wiring."""
    found: dict[str, list[tuple[str, list[str]]]] = {}
    for service in SERVICES:
        wiring = importlib.import_module(f"daikou_{service}.wiring")
        settings_module = importlib.import_module(f"daikou_{service}.settings")
        settings = getattr(settings_module, f"{service.capitalize()}Settings")(
            namespace=e2e_namespace(system.infra),
            database_url=system.database_url(service),
            retry_delays_ms=RETRY_DELAYS_MS,
        )
        built, _ = wiring.build(settings)
        found[service] = [(q.name, list(q.routing_keys)) for q in built.consumers.topology.queues]
    return found


@dataclass
class Findings:
    """Invariants broken (empty when all hold) and what was counted on the way."""

    broken: list[str] = field(default_factory=list)
    published: int = 0
    applied: int = 0

    def check(self, ok: bool, what: str) -> None:
        """Record `what` as broken unless `ok`."""
        if not ok:
            self.broken.append(what)


async def fetch(system: System, service: str, sql: str, *args: Any) -> list[asyncpg.Record]:
    """Rows of a query on a service's database."""
    conn = await asyncpg.connect(dsn(system.database_url(service)))
    try:
        return list(await conn.fetch(sql, *args))
    finally:
        await conn.close()


async def wait_outboxes_empty(system: System, timeout: float = 60) -> dict[str, int]:
    """Wait until no service has an unpublished outbox row; what is left after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        left = {}
        for service in SERVICES:
            rows = await fetch(
                system, service, "SELECT count(*) AS n FROM outbox WHERE published_at IS NULL"
            )
            if rows[0]["n"]:
                left[service] = int(rows[0]["n"])
        if not left or time.monotonic() > deadline:
            return left
        await asyncio.sleep(0.5)


async def check_messages(
    system: System,
    findings: Findings,
    dead: set[str],
    foreign: Iterable[str] = (),
    wait_s: float = 30,
) -> None:
    """Every published message applied once per bound queue; nothing applied that nobody sent.

    Consumers may still be applying the last messages the relays published: missing ones are
    looked for again until `wait_s` has passed.
    """
    deadline = time.monotonic() + wait_s
    while True:
        attempt = Findings()
        await _check_messages_once(system, attempt, dead, foreign)
        if not attempt.broken or time.monotonic() > deadline:
            break
        await asyncio.sleep(1)
    findings.broken += attempt.broken
    findings.published, findings.applied = attempt.published, attempt.applied


async def _check_messages_once(
    system: System, findings: Findings, dead: set[str], foreign: Iterable[str]
) -> None:
    published: list[tuple[str, str]] = []
    for service in SERVICES:
        rows = await fetch(
            system,
            service,
            "SELECT message_id::text AS id, routing_key FROM outbox WHERE published_at IS NOT NULL",
        )
        published += [(r["id"], r["routing_key"]) for r in rows]
    findings.published = len(published)
    sent = {m for m, _ in published} | set(foreign)
    for service, queues in bindings(system).items():
        rows = await fetch(
            system,
            service,
            "SELECT consumer, message_id::text AS id,"
            " count(*) OVER (PARTITION BY consumer, message_id) AS n FROM inbox",
        )
        inbox = {(r["consumer"], r["id"]) for r in rows}
        findings.applied += len(rows)
        findings.check(all(r["n"] == 1 for r in rows), f"{service}: a message applied twice")
        strangers = {m for _, m in inbox} - sent
        findings.check(not strangers, f"{service}: applied messages nobody published: {strangers}")
        for queue, keys in queues:
            expected = {m for m, key in published if any(topic_matches(p, key) for p in keys)}
            missing = {m for m in expected if (queue, m) not in inbox} - dead
            findings.check(not missing, f"{queue}: {len(missing)} published messages not applied")


async def dead_letters(system: System) -> dict[str, list[DeadLetter]]:
    """Each service's dead letters (left in place)."""
    names = Names(e2e_namespace(system.infra))
    found: dict[str, list[DeadLetter]] = {}
    connection = await aio_pika.connect(system.infra.amqp_url)
    try:
        channel = await connection.channel()
        for service in SERVICES:
            found[service] = await list_dead_letters(
                channel, names.dead_letter_queue(service), limit=1000
            )
    finally:
        await connection.close()
    return found


async def check_money(system: System, findings: Findings) -> None:
    """Ledgers, billings and refunds."""
    accounts = await fetch(system, "payments", "SELECT customer_id, balance FROM deposit_accounts")
    entries = await fetch(
        system,
        "payments",
        "SELECT customer_id, amount, balance_after, billing_id FROM ledger_entries ORDER BY seq",
    )
    running: dict[Any, int] = defaultdict(int)
    debits: dict[Any, int] = defaultdict(int)
    for e in entries:
        running[e["customer_id"]] += e["amount"]
        findings.check(
            running[e["customer_id"]] == e["balance_after"] >= 0,
            f"ledger of {e['customer_id']}: balance_after {e['balance_after']} but sum "
            f"{running[e['customer_id']]}",
        )
        if e["billing_id"] is not None and e["amount"] < 0:
            debits[e["billing_id"]] -= e["amount"]
    for a in accounts:
        findings.check(
            running[a["customer_id"]] == a["balance"] >= 0,
            f"deposit of {a['customer_id']}: balance {a['balance']}, ledger sums to "
            f"{running[a['customer_id']]}",
        )
    billings = await fetch(system, "payments", "SELECT * FROM billings")
    captures = await fetch(
        system,
        "payments",
        "SELECT billing_id, count(*) AS n FROM card_payments"
        " WHERE status = 'captured' GROUP BY billing_id",
    )
    transfers = await fetch(
        system,
        "payments",
        "SELECT billing_id, count(*) AS n FROM transfers"
        " WHERE status = 'confirmed' GROUP BY billing_id",
    )
    paid_for_order: dict[Any, int] = defaultdict(int)
    for c in (*captures, *transfers):
        findings.check(c["n"] <= 1, f"billing {c['billing_id']} paid {c['n']} times one way")
    for b in billings:
        paid = b["paid_by_deposit"] + b["paid_by_transfer"] + b["paid_by_card"]
        paid_for_order[b["order_id"]] += paid
        findings.check(paid <= b["total"], f"billing {b['billing_id']}: paid {paid} > {b['total']}")
        findings.check(
            b["status"] != "paid" or paid == b["total"], f"billing {b['billing_id']}: paid short"
        )
        findings.check(
            debits[b["billing_id"]] == b["paid_by_deposit"],
            f"billing {b['billing_id']}: deposit debits {debits[b['billing_id']]} but "
            f"paid_by_deposit {b['paid_by_deposit']}",
        )
    refunds = await fetch(
        system, "payments", "SELECT order_id, sum(amount) AS s FROM refunds GROUP BY order_id"
    )
    for r in refunds:
        findings.check(
            r["s"] <= paid_for_order[r["order_id"]], f"order {r['order_id']}: refunds exceed paid"
        )


async def check_deadlines(system: System, findings: Findings, grace_s: float = 10) -> None:
    """Every deadline fired once or was cancelled; none overdue and still pending."""
    overdue = await fetch(
        system,
        "scheduler",
        "SELECT deadline_id FROM deadlines WHERE status = 'pending'"
        " AND due_at < now() - make_interval(secs => $1)",
        grace_s,
    )
    findings.check(not overdue, f"deadlines overdue and still pending: {len(overdue)}")
    fired = await fetch(
        system,
        "scheduler",
        "SELECT body FROM outbox WHERE message_type = 'scheduler.deadline_reached'",
    )
    counts: dict[str, int] = defaultdict(int)
    for row in fired:
        counts[json.loads(row["body"])["payload"]["deadline_id"]] += 1
    twice = [d for d, n in counts.items() if n > 1]
    findings.check(not twice, f"deadlines fired more than once: {twice}")
    states = await fetch(
        system, "scheduler", "SELECT deadline_id, status FROM deadlines WHERE status = 'fired'"
    )
    unfired = [s["deadline_id"] for s in states if s["deadline_id"] not in counts]
    findings.check(not unfired, f"deadlines marked fired with no event: {unfired}")


async def check_all(system: System, dead: set[str], foreign: Iterable[str] = ()) -> Findings:
    """Every invariant, after the outboxes drained."""
    findings = Findings()
    left = await wait_outboxes_empty(system)
    findings.check(not left, f"outbox rows left unpublished: {left}")
    await check_messages(system, findings, dead, foreign)
    await check_money(system, findings)
    await check_deadlines(system, findings)
    return findings
