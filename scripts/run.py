"""`make run`: start every service as its own process, wait until each is healthy, say where to go,
and stop them all on Ctrl-C or SIGTERM, leaving no process behind."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from system import ServiceEntry, entries

EXTRA = [
    (
        "fake-paypal",
        [sys.executable, "-m", "daikou_payments.fake_paypal"],
        "DAIKOU_FAKE_PAYPAL_PORT",
        8090,
    )
]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:  # noqa: S310  (loopback only)
            return bool(response.status == 200)
    except OSError:
        return False


def _wait_healthy(name: str, url: str, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not _healthy(url):
        if proc.poll() is not None:
            raise SystemExit(f"{name} exited with code {proc.returncode}")
        if time.monotonic() > deadline:
            raise SystemExit(f"{name} not healthy at {url} after {timeout:.0f}s")
        time.sleep(0.2)


def _port_free(host: str, port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex((host, port)) != 0


def _check_ports() -> None:
    """Refuse to start over another running system: every port must be free."""
    taken = [
        f"{entry.name} ({s.http_host}:{s.http_port})"
        for entry in entries()
        if not _port_free((s := entry.settings()).http_host, s.http_port)
    ]
    for name, _, port_var, default in EXTRA:
        port = int(os.environ.get(port_var, default))
        if not _port_free("127.0.0.1", port):
            taken.append(f"{name} (127.0.0.1:{port})")
    if taken:
        raise SystemExit(f"ports already in use, is Daikou already running? {', '.join(taken)}")


def _start(name: str, argv: list[str]) -> subprocess.Popen[bytes]:
    print(f"  starting {name}")
    return subprocess.Popen(argv, env=os.environ.copy())  # noqa: S603


def _stop_all(procs: list[tuple[str, subprocess.Popen[bytes]]]) -> None:
    for _, proc in reversed(procs):
        if proc.poll() is None:
            proc.terminate()
    deadline = time.monotonic() + 20
    for name, proc in reversed(procs):
        try:
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            print(f"  {name} did not stop in time; killing it")
            proc.kill()
            proc.wait()


def _service_url(entry: ServiceEntry) -> str:
    settings = entry.settings()
    return f"http://{settings.http_host}:{settings.http_port}"


def main() -> None:
    """Start everything and wait for a signal."""
    procs: list[tuple[str, subprocess.Popen[bytes]]] = []
    stop = {"now": False}

    def on_signal(signum: int, _: object) -> None:
        stop["now"] = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    _check_ports()
    try:
        for name, argv, port_var, port in EXTRA:
            proc = _start(name, argv)
            procs.append((name, proc))
            _wait_healthy(name, f"http://127.0.0.1:{os.environ.get(port_var, port)}/health", proc)
        for entry in entries():
            proc = _start(entry.name, [sys.executable, "-m", entry.module])
            procs.append((entry.name, proc))
            _wait_healthy(entry.name, f"{_service_url(entry)}/health", proc)
        gateway = _service_url(entries()[-1])
        print(
            f"\nDaikou is running.\n  API:      {gateway}/api/v1\n  OpenAPI:  {gateway}/docs "
            f"({gateway}/openapi.json)\n  Health:   {gateway}/health\nCtrl-C stops everything."
        )
        while not stop["now"]:
            for name, proc in procs:
                if proc.poll() is not None:
                    print(f"  {name} exited with code {proc.returncode}; stopping the system")
                    stop["now"] = True
            time.sleep(0.5)
    finally:
        print("\nstopping...")
        _stop_all(procs)
        print("stopped.")


if __name__ == "__main__":
    main()
