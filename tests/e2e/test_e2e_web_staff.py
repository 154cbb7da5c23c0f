"""Staff pages and the ops dashboard in real headless Chromium against the whole system: an ops
user confirms a bank transfer, a warehouse user uploads several inspection photos at once, and two
dashboards open at once both show an event within a second of it happening."""

import asyncio
import time
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from browser import chromium, click, picture, screenshot, wait, wait_text
from demo import Actors, Api, Story
from selenium import webdriver
from selenium.webdriver.common.by import By
from system_harness import PASSWORD, System, create_staff

pytestmark = pytest.mark.e2e


async def _story(system: System) -> Story:
    async with system.client() as client:
        api = Api(client, say=lambda _: None, timeout_s=30)
        email = f"staff-web-{uuid.uuid4().hex[:8]}@example.jp"
        token = await api.register(email, "a customer password", "Hanako")
        me = await api.call("GET", "/me", token)
    actors = Actors(token, system.staff_tokens["ops"], system.staff_tokens["warehouse"])
    actors.customer_id = str(me["id"])
    return Story(api, actors)


def sign_in(driver: webdriver.Chrome, system: System, email: str) -> None:
    """Sign in on the site's own page, as staff do."""
    driver.get(f"{system.web_url}/sign-in")
    driver.find_element(By.NAME, "email").send_keys(email)
    driver.find_element(By.NAME, "password").send_keys(PASSWORD)
    driver.find_element(By.ID, "sign-in").click()
    wait(driver, "#nav-staff-home")


async def test_ops_confirm_a_bank_transfer_from_the_transfers_page(system: System) -> None:
    story = await _story(system)
    async with system.client() as client:
        story.api.client = client
        await story.place()
        page = await story.estimate()
        billing = page["billing"]["data"]["first"]
        path = f"/orders/{story.order_id}/billings/{billing['billing_id']}"
        customer = story.actors.customer
        answer = await story.api.call(
            "POST", f"{path}/payments", customer, json={"method": "transfer"}
        )
        due = answer["billing"]["amount_due"]["amount"]
        report = {"amount": due, "payer_name": "ヤマダ ハナコ", "transferred_on": str(date.today())}
        transfer = await story.api.call(
            "POST", f"{path}/transfers", customer, json=report, expect=201
        )
        email = create_staff(system, "ops")
        with chromium() as driver:
            sign_in(driver, system, email)
            click(driver, "#nav-transfers")
            entry = f"#transfer-{transfer['transfer_id']}"
            wait_text(driver, entry, "ヤマダ ハナコ")
            screenshot(driver, "staff-transfers")
            click(driver, f"#confirm-{transfer['transfer_id']}")
            wait_text(driver, "#done", "振込を確認しました")
            assert not driver.find_elements(By.CSS_SELECTOR, entry)
        await story.api.wait_status(customer, story.order_id, "purchasing")


async def _arrived(story: Story) -> dict[str, Any]:
    """An order paid, bought and arrived at the warehouse: ready to be inspected."""
    await story.place()
    await story.estimate()
    top_up = {"amount": {"amount": 2_000_000, "currency": "JPY"}, "note": "e2e credit"}
    ops, customer = story.actors.ops, story.actors.customer
    await story.api.call(
        "POST", f"/staff/deposits/{story.actors.customer_id}/top-ups", ops, json=top_up, expect=201
    )
    page = await story.api.page(customer, story.order_id)
    billing_id = page["billing"]["data"]["first"]["billing_id"]
    path = f"/orders/{story.order_id}/billings/{billing_id}/payments"
    await story.api.call("POST", path, customer, json={"method": "deposit"})
    await story.api.wait_status(customer, story.order_id, "purchasing")
    await story.purchase()
    view_path = f"/staff/orders/{story.order_id}/warehouse"
    warehouse = story.actors.warehouse

    async def expected() -> Any:
        view = await story.api.call("GET", view_path, warehouse)
        return view if len(view["items"]) == len(story.item_ids) else None

    view = await story.api.wait_for("the warehouse to expect the items", expected)
    lines = [{"item_id": i["item_id"], "quantity": i["expected_quantity"]} for i in view["items"]]
    arrival = {"tracking_number": "SF1234567890", "items": lines}
    await story.api.call(
        "POST", f"/staff/orders/{story.order_id}/arrivals", warehouse, json=arrival, expect=201
    )
    return dict(view)


async def test_a_warehouse_user_uploads_several_inspection_photos_at_once(
    system: System, tmp_path: Path
) -> None:
    story = await _story(system)
    async with system.client() as client:
        story.api.client = client
        await _arrived(story)
        item_id = story.item_ids[0]
        photos = []
        for n, colour in enumerate([(200, 60, 60), (60, 160, 80), (60, 90, 200)]):
            path = tmp_path / f"inspection-{n}.png"
            path.write_bytes(picture(320, 240, colour))
            photos.append(str(path))
        email = create_staff(system, "warehouse")
        with chromium(width=420, height=900) as driver:  # a phone-sized screen
            sign_in(driver, system, email)
            click(driver, "#nav-inspection")
            click(driver, f"#entry-{item_id} .inspect-link")
            driver.find_element(By.ID, "f-photos").send_keys("\n".join(photos))
            wait(driver, "#photo-previews img")
            assert len(driver.find_elements(By.CSS_SELECTOR, "#photo-previews img")) == 3
            screenshot(driver, "staff-inspection")
            click(driver, "#send-inspection")
            wait_text(driver, "#done", "検品を記録しました")
        view = await story.api.call(
            "GET", f"/staff/orders/{story.order_id}/warehouse", story.actors.warehouse
        )
        (inspection,) = [i for i in view["inspections"] if i["item_id"] == item_id]
        assert len(inspection["photo_ids"]) == 3


def _rows_with(driver: webdriver.Chrome, order_id: str) -> int:
    return int(
        driver.execute_script(
            "return Array.from(document.querySelectorAll('#live tbody tr'))"
            ".filter(r => r.getAttribute('data-type') === 'orders.order_placed'"
            " && r.querySelector('.order a') && r.querySelector('.order a').href.includes(arguments[0]))"
            ".length",
            order_id,
        )
    )


async def test_two_dashboards_both_show_an_event_within_a_second(system: System) -> None:
    story = await _story(system)
    email = create_staff(system, "ops")
    with chromium() as one, chromium() as two:
        for driver in (one, two):
            sign_in(driver, system, email)
            driver.get(f"{system.web_url}/ops/dashboard")
            wait_text(driver, "#live-status", "ライブ")
        async with system.client() as client:
            story.api.client = client
            await story.place()
        placed = time.monotonic()
        seen: dict[int, float] = {}
        while len(seen) < 2 and time.monotonic() - placed < 10:
            for n, driver in enumerate((one, two)):
                if n not in seen and _rows_with(driver, story.order_id):
                    seen[n] = time.monotonic() - placed
            await asyncio.sleep(0.02)
        assert sorted(seen) == [0, 1], "both dashboards show the order's event"
        assert max(seen.values()) < 1.0, seen
        wait(one, "#orders-chart svg")
        screenshot(one, "ops-dashboard")
        click(one, "#lang-en")
        wait_text(one, "#live-status", "live")
        screenshot(one, "ops-dashboard-en")
