"""The supervisor restarts a child that dies or hangs, with back-off, and leaves the others alone."""

from __future__ import annotations

import signal
import socket
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from supervisor import Child, Policy, Supervisor

FAST = Policy(
    backoff_initial_s=0.2,
    backoff_max_s=0.8,
    stable_after_s=30,
    probe_interval_s=0.1,
    probe_timeout_s=1.0,
    probe_failures=3,
    start_grace_s=20,
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server(tmp_path: Path, name: str) -> Child:
    """A child that serves HTTP 200 on `/` (its liveness URL)."""
    port = free_port()
    argv = [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"]
    return Child(name, argv, f"http://127.0.0.1:{port}/", log=tmp_path / f"{name}.log")


def crasher(tmp_path: Path) -> Child:
    """A child that exits with code 3 at once."""
    argv = [sys.executable, "-c", "import sys; sys.exit(3)"]
    return Child("crasher", argv, "http://127.0.0.1:1/", log=tmp_path / "crasher.log")


@pytest.fixture
def supervise(tmp_path: Path) -> Iterator[Callable[..., Supervisor]]:
    made: list[Supervisor] = []

    def make(*children: Child) -> Supervisor:
        lines: list[str] = []
        supervisor = Supervisor(list(children), cwd=tmp_path, policy=FAST, say=lines.append)
        made.append(supervisor)
        return supervisor

    yield make
    for supervisor in made:
        supervisor.stop_all(timeout_s=5)


def tick_until(supervisor: Supervisor, done: Callable[[], bool], timeout_s: float = 20) -> None:
    deadline = time.monotonic() + timeout_s
    while not done():
        assert time.monotonic() < deadline, [c.history for c in supervisor.children]
        supervisor.tick()
        time.sleep(0.05)


def test_a_child_that_dies_is_restarted_with_growing_back_off_and_the_others_go_on(
    tmp_path: Path, supervise: Callable[..., Supervisor]
) -> None:
    steady, dying = server(tmp_path, "steady"), crasher(tmp_path)
    supervisor = supervise(steady, dying)
    for child in (steady, dying):
        supervisor.start(child)
    supervisor.wait_live(steady, timeout_s=20)
    pid = steady.pid
    tick_until(supervisor, lambda: dying.restarts >= 4)
    delays = [h for h in dying.history if "restarting in" in h]
    assert delays[:4] == [
        "exited with code 3; restarting in 0.2s (restart #1)",
        "exited with code 3; restarting in 0.4s (restart #2)",
        "exited with code 3; restarting in 0.8s (restart #3)",
        "exited with code 3; restarting in 0.8s (restart #4)",
    ]
    assert steady.pid == pid
    assert steady.restarts == 0


def test_a_killed_child_comes_back_live(
    tmp_path: Path, supervise: Callable[..., Supervisor]
) -> None:
    child = server(tmp_path, "victim")
    supervisor = supervise(child)
    supervisor.start(child)
    supervisor.wait_live(child, timeout_s=20)
    first = child.pid
    assert child.popen is not None
    child.popen.send_signal(signal.SIGKILL)
    tick_until(supervisor, lambda: child.restarts == 1 and child.running)
    supervisor.wait_live(child, timeout_s=20)
    assert child.pid != first
    assert child.history[1] == "exited with code -9; restarting in 0.2s (restart #1)"


def test_a_hung_child_is_killed_after_failed_probes_and_restarted(
    tmp_path: Path, supervise: Callable[..., Supervisor]
) -> None:
    child = server(tmp_path, "hung")
    supervisor = supervise(child)
    supervisor.start(child)
    supervisor.wait_live(child, timeout_s=20)
    assert child.popen is not None
    hung = child.popen
    hung.send_signal(signal.SIGSTOP)  # alive, but answers nothing
    tick_until(supervisor, lambda: child.restarts == 1 and child.running)
    assert hung.returncode == -signal.SIGKILL
    assert "failed its liveness probe 3 times in a row; killing it" in child.history
    supervisor.wait_live(child, timeout_s=20)


def test_stop_all_leaves_no_process(tmp_path: Path, supervise: Callable[..., Supervisor]) -> None:
    children = [server(tmp_path, f"s{i}") for i in range(3)]
    supervisor = supervise(*children)
    for child in children:
        supervisor.start(child)
    supervisor.stop_all(timeout_s=10)
    assert all(not c.running for c in children)
