"""`make demo`: the demo script drives a complete order over the running system and exits 0."""

import asyncio
import re
import sys
from pathlib import Path

import pytest
from system_harness import PASSWORD, System, create_staff

pytestmark = pytest.mark.e2e

DEMO = Path(__file__).parents[2] / "scripts" / "demo.py"


async def test_the_demo_completes_an_order(system: System) -> None:
    ops, warehouse = create_staff(system, "ops"), create_staff(system, "warehouse")
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        str(DEMO),
        system.gateway_url,
        "--no-create-staff",
        "--ops-email",
        ops,
        "--warehouse-email",
        warehouse,
        "--staff-password",
        PASSWORD,
        "--mail-dir",
        str(system.workdir / "mail"),
        env=system.env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await asyncio.wait_for(process.communicate(), 240)
    text = output.decode()
    assert process.returncode == 0, text
    for status in (
        "applied",
        "awaiting_first_payment",
        "purchasing",
        "at_warehouse",
        "awaiting_second_payment",
        "shipped",
        "completed",
    ):
        assert f"order is {status}" in text, text
    assert f"See the order on the web site: {system.web_url}/orders/" in text, text
    received = re.search(r"The demo's customer received (\d+) e-mails", text)
    assert received, text
    assert int(received.group(1)) >= 5, text  # estimate, photos, 2nd billing, shipped, completed


async def test_the_demo_fails_when_a_step_cannot_happen(system: System) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        str(DEMO),
        system.gateway_url,
        "--no-create-staff",
        "--ops-email",
        "nobody@daikou.example",
        env=system.env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 1
    assert "FAILED" in output.decode()
