"""Keep a set of processes running: restart one that dies or stops answering its liveness probe,
with back-off, and leave the others alone.

- A child that exits is started again after a back-off of 1 s, 2 s, 4 s, … up to 30 s; the back-off
  starts over once a child has stayed up for a minute.
- A child that answered its liveness URL once and then fails it `probe_failures` times in a row (a
  hung process) is killed with SIGKILL and restarted the same way. A child that never became live
  within `start_grace_s` is treated alike.
- Every start, exit, kill and restart is logged through `say`.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO


def probe(url: str, timeout_s: float = 1.0) -> bool:
    """Whether `url` answers 200 within the timeout."""
    try:
        with urllib.request.urlopen(url, timeout=timeout_s) as response:  # noqa: S310  (loopback)
            return bool(response.status == 200)
    except OSError:
        return False


@dataclass(frozen=True)
class Policy:
    """When to restart and how long to wait."""

    backoff_initial_s: float = 1.0
    backoff_max_s: float = 30.0
    stable_after_s: float = 60.0
    probe_interval_s: float = 5.0
    probe_timeout_s: float = 3.0
    probe_failures: int = 3
    start_grace_s: float = 120.0


@dataclass
class Child:
    """One supervised process."""

    name: str
    argv: list[str]
    live_url: str
    log: Path | None = None
    env: dict[str, str] = field(default_factory=dict)
    """Set over the supervisor's environment for this child alone."""
    held: bool = False
    """Stopped on purpose: not restarted until released."""
    popen: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0
    live_once: bool = False
    failures: int = 0
    crashes: int = 0
    restarts: int = 0
    next_start: float | None = None
    next_probe: float = 0.0
    history: list[str] = field(default_factory=list)

    @property
    def running(self) -> bool:
        """Whether its process is alive now."""
        return self.popen is not None and self.popen.poll() is None

    @property
    def pid(self) -> int | None:
        """Its process id while it runs."""
        return self.popen.pid if self.running and self.popen is not None else None


@dataclass
class Supervisor:
    """Starts children, watches them on each `tick`, restarts the ones that die."""

    children: list[Child]
    env: dict[str, str] = field(default_factory=lambda: dict(os.environ))
    cwd: Path | None = None
    policy: Policy = field(default_factory=Policy)
    say: Callable[[str], None] = print
    clock: Callable[[], float] = time.monotonic

    def child(self, name: str) -> Child:
        """The child of that name."""
        return next(c for c in self.children if c.name == name)

    def start(self, child: Child) -> None:
        """Start the child's process now."""
        out: IO[bytes] | None = child.log.open("ab") if child.log else None
        try:
            child.popen = subprocess.Popen(  # noqa: S603  (our own argv)
                child.argv,
                env={**self.env, **child.env},
                cwd=self.cwd,
                stdout=out,
                stderr=subprocess.STDOUT if out else None,
            )
        finally:
            if out is not None:
                out.close()
        now = self.clock()
        child.started_at, child.next_start, child.live_once, child.failures = now, None, False, 0
        child.next_probe = now
        self._log(child, f"started (pid {child.popen.pid})")

    def wait_live(self, child: Child, timeout_s: float = 120.0) -> None:
        """Block until the child answers its liveness URL; RuntimeError if it exits or times out."""
        deadline = self.clock() + timeout_s
        while not probe(child.live_url):
            if not child.running:
                code = child.popen.returncode if child.popen else None
                raise RuntimeError(f"{child.name} exited with code {code}")
            if self.clock() > deadline:
                raise RuntimeError(f"{child.name} not live at {child.live_url} after {timeout_s}s")
            time.sleep(0.2)
        child.live_once = True

    def tick(self) -> None:
        """Look at every child once: restart the dead, probe the living."""
        now = self.clock()
        for child in self.children:
            if child.held:
                continue
            if child.next_start is not None:
                if now >= child.next_start:
                    child.restarts += 1
                    self.start(child)
                continue
            if child.popen is None:
                continue
            code = child.popen.poll()
            if code is not None:
                self._schedule_restart(child, f"exited with code {code}", now)
            elif now >= child.next_probe:
                self._probe(child, now)

    def _probe(self, child: Child, now: float) -> None:
        child.next_probe = now + self.policy.probe_interval_s
        if probe(child.live_url, self.policy.probe_timeout_s):
            child.live_once, child.failures = True, 0
            return
        if not child.live_once:
            if now - child.started_at > self.policy.start_grace_s:
                self._kill(child, f"not live {self.policy.start_grace_s:.0f}s after starting")
            return
        child.failures += 1
        if child.failures >= self.policy.probe_failures:
            self._kill(child, f"failed its liveness probe {child.failures} times in a row")

    def _kill(self, child: Child, why: str) -> None:
        self._log(child, f"{why}; killing it")
        if child.popen is not None and child.popen.poll() is None:
            child.popen.send_signal(signal.SIGKILL)
            child.popen.wait()

    def _schedule_restart(self, child: Child, why: str, now: float) -> None:
        if now - child.started_at >= self.policy.stable_after_s:
            child.crashes = 0
        child.crashes += 1
        delay = min(
            self.policy.backoff_max_s, self.policy.backoff_initial_s * 2 ** (child.crashes - 1)
        )
        child.next_start = now + delay
        self._log(child, f"{why}; restarting in {delay:.1f}s (restart #{child.restarts + 1})")

    def hold(self, child: Child, timeout_s: float = 30.0) -> None:
        """Stop the child (SIGTERM, SIGKILL after the timeout) and keep it stopped."""
        child.held, child.next_start = True, None
        if child.popen is not None and child.popen.poll() is None:
            child.popen.terminate()
            try:
                child.popen.wait(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                child.popen.kill()
                child.popen.wait()
        self._log(child, "stopped and held")

    def release(self, child: Child) -> None:
        """Start a held child again."""
        child.held = False
        self.start(child)

    def stop_all(self, timeout_s: float = 20.0) -> None:
        """SIGTERM every child (last started first), SIGKILL what has not stopped in time."""
        for child in reversed(self.children):
            child.next_start = None
            if child.running and child.popen is not None:
                child.popen.terminate()
        deadline = self.clock() + timeout_s
        for child in reversed(self.children):
            if child.popen is None:
                continue
            try:
                child.popen.wait(timeout=max(0.1, deadline - self.clock()))
            except subprocess.TimeoutExpired:
                self._log(child, "did not stop in time; killing it")
                child.popen.kill()
                child.popen.wait()

    def _log(self, child: Child, text: str) -> None:
        line = f"{time.strftime('%H:%M:%S')} supervisor: {child.name} {text}"
        child.history.append(text)
        self.say(line)
