"""`make run`: start every service as its own process, wait until each is healthy, say where to go,
keep them running (a service that dies or hangs is restarted with back-off, the others go on; see
`supervisor.py`), and stop them all on Ctrl-C or SIGTERM, leaving no process behind."""

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

import secrets_env
from supervisor import Child, Supervisor
from system import ServiceEntry, entries

MAIL_DIR = Path(__file__).resolve().parent.parent / "var" / "mail"
SMTP_PORT = os.environ.setdefault("DAIKOU_NOTIFICATIONS_SMTP_PORT", "8025")
EXTRA = [
    (
        "fake-paypal",
        [sys.executable, "-m", "daikou_fake_paypal"],
        "DAIKOU_FAKE_PAYPAL_PORT",
        8090,
    ),
    (
        "mail",  # the development mail server: every mail the system sends lands in MAIL_DIR
        [
            sys.executable,
            "-m",
            "daikou_notifications.mailcatcher",
            "--port",
            SMTP_PORT,
            "--http-port",
            os.environ.get("DAIKOU_MAIL_HTTP_PORT", "8026"),
            "--dir",
            str(MAIL_DIR),
        ],
        "DAIKOU_MAIL_HTTP_PORT",
        8026,
    ),
]
# The web site talks to the gateway only, so it starts last.
WEB = ("web", [sys.executable, "-m", "daikou_web"], "DAIKOU_WEB_HTTP_PORT", 8006)


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
    for name, _, port_var, default in (*EXTRA, WEB):
        port = int(os.environ.get(port_var, default))
        if not _port_free("127.0.0.1", port):
            taken.append(f"{name} (127.0.0.1:{port})")
    if taken:
        raise SystemExit(f"ports already in use, is Daikou already running? {', '.join(taken)}")


def _service_url(entry: ServiceEntry) -> str:
    settings = entry.settings()
    return f"http://{settings.http_host}:{settings.http_port}"


def main() -> None:
    """Start everything, keep it running, and wait for a signal."""
    stop = {"now": False}

    def on_signal(signum: int, _: object) -> None:
        stop["now"] = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    secrets_env.ensure()  # random secrets, made once per checkout in var/secrets.env
    _check_ports()
    web_url = f"http://127.0.0.1:{os.environ.get(WEB[2], WEB[3])}"
    gateway = _service_url(entries()[-1])
    os.environ.setdefault("DAIKOU_GATEWAY_WEB_URL", f"{web_url}/")
    os.environ.setdefault("DAIKOU_WEB_GATEWAY_URL", gateway)
    os.environ.setdefault("DAIKOU_NOTIFICATIONS_WEB_URL", f"{web_url}/")
    # PayPal sends the buyer back to the site's return and cancel pages.
    os.environ.setdefault("DAIKOU_PAYMENTS_PAYPAL_RETURN_URL", f"{web_url}/payments/card/return")
    os.environ.setdefault("DAIKOU_PAYMENTS_PAYPAL_CANCEL_URL", f"{web_url}/payments/card/cancel")
    children = (
        [
            Child(name, argv, f"http://127.0.0.1:{os.environ.get(port_var, port)}/health")
            for name, argv, port_var, port in EXTRA
        ]
        + [
            Child(
                entry.name,
                [sys.executable, "-m", entry.module],
                f"{_service_url(entry)}/health/live",
            )
            for entry in entries()
        ]
        + [Child(WEB[0], WEB[1], f"{web_url}/health/live")]
    )  # the site needs only the gateway
    supervisor = Supervisor(children)
    try:
        for child in children:
            supervisor.start(child)
            assert child.popen is not None
            _wait_healthy(child.name, child.live_url.removesuffix("/live"), child.popen)
        print(
            f"\nDaikou is running.\n  Site:     {web_url}/ (also {gateway}/)\n"
            f"  API:      {gateway}/api/v1\n  OpenAPI:  {gateway}/docs "
            f"({gateway}/openapi.json)\n  Health:   {gateway}/health\n"
            f"  Mail:     every e-mail sent lands in {MAIL_DIR}/ (SMTP 127.0.0.1:{SMTP_PORT})\n"
            "A service that dies is restarted; Ctrl-C stops everything."
        )
        while not stop["now"]:
            supervisor.tick()
            time.sleep(0.5)
    finally:
        print("\nstopping...")
        supervisor.stop_all()
        print("stopped.")


if __name__ == "__main__":
    main()
