"""One fault test's shape: drive a bounded load, inject the fault, check every invariant, report."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable

from fault_harness import FaultSystem
from invariants import Findings, check_all, dead_letters
from load import Load
from report import ROWS, Row

Inject = Callable[[FaultSystem, Load], Awaitable[float]]


async def exercise(
    faults: FaultSystem,
    fault: str,
    inject: Inject,
    *,
    full: int = 4,
    lapse: int = 0,
    foreign: Iterable[str] = (),
    expected_dead: int | None = 0,
) -> Findings:
    """Start `full` complete lives (and `lapse` unpaid ones), run `inject` (it returns the seconds
    the system took to recover), let every life end, then check the invariants and that
    `expected_dead` messages are left dead-lettered (None: the test counts them itself)."""
    load = Load(faults.system)
    load.start("full", full)
    if lapse:
        load.start("lapse", lapse)
    recover_s = await inject(faults, load)
    lives = await load.finish()
    dead = await dead_letters(faults.system)
    dead_ids = {d.message_id for letters in dead.values() for d in letters if d.message_id}
    findings = await check_all(faults.system, dead_ids, foreign)
    dead_count = sum(len(letters) for letters in dead.values())
    ROWS.append(
        Row(
            fault,
            len(lives),
            load.correct,
            findings.published,
            findings.applied,
            dead_count,
            recover_s,
            not findings.broken,
        )
    )
    assert load.correct == len(lives), f"{load.failures()}\n{faults.logs()}"
    assert not findings.broken, "\n".join(findings.broken)
    assert expected_dead is None or dead_count == expected_dead, {
        s: [d.reason for d in ds] for s, ds in dead.items() if ds
    }
    return findings


async def until(check: Callable[[], Awaitable[bool]], what: str, timeout: float = 30) -> float:
    """Seconds until `check()` holds; AssertionError naming `what` after `timeout`."""
    loop = asyncio.get_running_loop()
    start = loop.time()
    while not await check():
        if loop.time() - start > timeout:
            raise AssertionError(f"not reached in {timeout:.0f}s: {what}")
        await asyncio.sleep(0.2)
    return loop.time() - start
