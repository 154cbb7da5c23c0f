"""A customer's whole order in real headless Chromium against the whole system: register, order
two items, see the estimate (made through the API as ops), change a quantity and see the billing
change, pay part deposit part card through the fake PayPal, send a message with an image (and see a
`.exe` renamed `.jpg` refused with its reason), see the inspection photos (warehouse steps through
the API), report reception and find the order under "completed"; the language switch is
remembered. Screenshots of the main pages go to var/screenshots."""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
from browser import chromium, click, fill, images_loaded, picture, screenshot, wait, wait_text
from demo import Actors, Api, StepFailed, Story
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from system_harness import System

pytestmark = pytest.mark.e2e
PASSWORD = "a browser password 2026"


async def inspect_with_photos(story: Story) -> None:
    """The warehouse receives every item and inspects each with two photos (through the API)."""
    api, token = story.api, story.actors.warehouse
    view_path = f"/staff/orders/{story.order_id}/warehouse"

    async def expected() -> Any:
        answer = await api.send("GET", view_path, token)
        if answer.status_code == 404:
            return None  # the warehouse has not yet heard of the purchase
        if answer.status_code != 200:
            raise StepFailed(f"GET {view_path}: {answer.status_code} {answer.text[:300]}")
        view = answer.json()
        return view if len(view["items"]) == len(story.item_ids) else None

    view = await api.wait_for("the warehouse to expect the items", expected)
    quantities = {str(i["item_id"]): int(i["expected_quantity"]) for i in view["items"]}
    arrival = {
        "tracking_number": "SF1234567890",
        "items": [{"item_id": i, "quantity": q} for i, q in quantities.items()],
    }
    await api.call(
        "POST", f"/staff/orders/{story.order_id}/arrivals", token, json=arrival, expect=201
    )
    await api.wait_status(story.actors.customer, story.order_id, "at_warehouse")
    colours = [(40, 90, 160), (170, 60, 50), (40, 130, 80), (150, 110, 30)]
    for n, (item_id, quantity) in enumerate(quantities.items()):
        form = {"quantity_received": str(quantity), "type_matches": "true", "notes": "ok"}
        files = [
            (
                "photos",
                (f"item-{n}-{k}.png", picture(240, 180, colours[(2 * n + k) % 4]), "image/png"),
            )
            for k in range(2)
        ]
        path = f"/staff/orders/{story.order_id}/items/{item_id}/inspection"
        await api.call("POST", path, token, data=form, files=files, expect=201)

    async def photos_shown() -> Any:
        page = await api.page(story.actors.customer, story.order_id)
        action = page["progress"]["data"]["action_required"]
        return page if action == "check_photos" else None

    await api.wait_for("the photos on the page", photos_shown)


def order_id_of(url: str) -> str:
    found = re.search(r"/orders/([0-9a-f-]{36})", url)
    assert found, url
    return found.group(1)


async def test_a_customer_s_order_from_registration_to_completion_in_a_browser(
    system: System, tmp_path: Path
) -> None:
    email = f"browser-{uuid.uuid4().hex[:8]}@example.jp"
    image = tmp_path / "parcel.png"
    image.write_bytes(picture(320, 200, (30, 110, 190)))
    fake_jpg = tmp_path / "virus.jpg"
    fake_jpg.write_bytes(b"MZ\x90\x00\x03\x00\x00\x00 this is a Windows program, not a photo")
    async with httpx.AsyncClient(base_url=system.gateway_url, timeout=30) as client:
        await customer_journey(system, client, email, image, fake_jpg)


async def customer_journey(
    system: System, client: httpx.AsyncClient, email: str, image: Path, fake_jpg: Path
) -> None:
    """Every step, in one browser; on failure, the page it was on (and a screenshot of it)."""
    with chromium() as driver:
        try:
            await journey_steps(system, client, driver, email, image, fake_jpg)
        except Exception as exc:
            screenshot(driver, "failure")
            body = driver.find_element(By.TAG_NAME, "body").text[:3000]
            raise AssertionError(
                f"{exc!r} at {driver.current_url}:\n{body}\n{system.logs()}"
            ) from exc


async def journey_steps(
    system: System,
    client: httpx.AsyncClient,
    driver: Any,
    email: str,
    image: Path,
    fake_jpg: Path,
) -> None:
    """The steps."""
    api = Api(client, say=lambda _: None, timeout_s=40)
    web = system.web_url

    # The top page, through the gateway's address; then free registration.
    driver.get(f"{system.gateway_url}/")
    wait(driver, "#calculator")
    assert driver.current_url.startswith(web)
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "ja"
    click(driver, "#quote")
    wait(driver, "#quote-result table")
    assert "¥" in driver.find_element(By.ID, "quote-result").text
    screenshot(driver, "top-ja")
    click(driver, "#register")
    fill(driver, {"display_name": "山田 花子", "email": email, "password": PASSWORD})
    click(driver, "#sign-up")
    wait(driver, "#new-order")

    # A new order with two items (the second row added with htmx).
    click(driver, "#new-order")
    wait(driver, "#item-row-1")
    click(driver, "#add-item")
    wait(driver, "#item-row-2")
    fill(
        driver,
        {
            "items-0-url": "https://item.taobao.com/item.htm?id=600000000001",
            "items-0-title": "キャンバストートバッグ",
            "items-0-options": "colour: navy; size: M",
            "items-0-quantity": "2",
            "items-0-price": "450",
            "items-1-url": "https://detail.1688.com/offer/700000000002.html",
            "items-1-title": "ホーローマグ",
            "items-1-options": "size: 350ml",
            "items-1-quantity": "1",
            "items-1-price": "280",
            "name": "山田 花子",
            "phone": "03-1234-5678",
            "postal_code": "150-0001",
            "prefecture": "東京都",
            "city": "渋谷区",
            "line1": "神宮前1-2-3",
        },
    )
    click(driver, "#place-order")
    wait_text(driver, "#order-status", "申込済み")
    order_id = order_id_of(driver.current_url)

    # Ops estimate through the API (the staff pages are not this test's subject).
    token = await api.sign_in(email, PASSWORD)
    me = await api.call("GET", "/me", token)
    actors = Actors(
        token, system.staff_tokens["ops"], system.staff_tokens["warehouse"], str(me["id"])
    )
    story = Story(api, actors, order_id=order_id)
    page = await api.page(token, order_id)
    story.item_ids = [str(i["item_id"]) for i in page["items"]["data"]["items"]]
    await story.estimate()

    driver.get(f"{web}/orders/{order_id}")
    wait_text(driver, "#order-status", "1回目のお支払い待ち")
    next_action = wait(driver, "#next-action")
    assert "button go" in (next_action.get_attribute("class") or "")
    before = driver.find_element(By.ID, "first-billing-total").text
    screenshot(driver, "order-awaiting-first-payment-ja")

    # A quantity change: the 1st billing is recalculated at once.
    quantity = driver.find_element(By.CSS_SELECTOR, f"#qty-{story.item_ids[0]}")
    quantity.clear()
    quantity.send_keys("3")
    click(driver, f"#item-{story.item_ids[0]} .change-quantity")
    wait(driver, "#done")
    after = driver.find_element(By.ID, "first-billing-total").text
    assert after != before, (before, after)
    await story.first_billing_total(not_equal=int(re.sub(r"\D", "", before)))

    # Pay: 5,000 yen of deposit first (credited by ops), the rest by card through PayPal.
    top_up = {"amount": {"amount": 5000, "currency": "JPY"}, "note": "browser test credit"}
    await api.call(
        "POST",
        f"/staff/deposits/{actors.customer_id}/top-ups",
        actors.ops,
        json=top_up,
        expect=201,
    )
    driver.get(f"{web}/orders/{order_id}")
    click(driver, "#next-action")
    wait_text(driver, "#from-deposit", "¥5,000")
    screenshot(driver, "payment-ja")
    click(driver, "#pay-card")
    fee = wait(driver, "#card-fee").text
    total = driver.find_element(By.ID, "card-total").text
    assert fee.startswith("¥")
    assert total.startswith("¥")
    screenshot(driver, "payment-card-ja")
    click(driver, "#go-to-paypal")
    click(driver, "#pay-now")  # on the fake PayPal's page
    wait_text(driver, "#card-result", "お支払いを受け付けました")
    await api.wait_status(token, order_id, "purchasing")

    # Messages: an image is sent and shown; a .exe renamed .jpg is refused with its reason.
    driver.get(f"{web}/orders/{order_id}/messages")
    assert "JPG・PNG・GIF・WEBP・PDFのみ。最大3件、1件10MBまで。" in wait(driver, "#limits").text
    fill(driver, {"title": "届く前に", "body": "梱包の写真を送ります。"})
    driver.find_element(By.ID, "f-files").send_keys(str(image))
    WebDriverWait(driver, 10).until(lambda d: images_loaded(d, "#previews img") == 1)
    click(driver, "#send-message")
    wait(driver, "#last")
    WebDriverWait(driver, 20).until(lambda d: images_loaded(d, "img.attachment-image") == 1)
    assert "梱包の写真を送ります。" in driver.find_element(By.ID, "conversation").text
    screenshot(driver, "messages-ja")
    fill(driver, {"title": "ファイル", "body": "これは写真ですか"})
    driver.find_element(By.ID, "f-files").send_keys(str(fake_jpg))
    click(driver, "#send-message")
    refused = wait(driver, "#e-files").text
    assert "virus.jpg" in refused
    assert "受け付けられません" in refused
    screenshot(driver, "messages-refused-ja")

    # The warehouse buys, receives and photographs through the API; the customer checks.
    await story.purchase()
    await inspect_with_photos(story)
    driver.get(f"{web}/orders/{order_id}")
    click(driver, "#next-action")
    wait(driver, ".gallery")
    WebDriverWait(driver, 20).until(lambda d: images_loaded(d, "img.inspection-photo") == 4)
    screenshot(driver, "inspection-ja")
    click(driver, "#photos-checked")
    wait(driver, "#done")

    # Packing, the 2nd billing and shipping through the API; then the reception report.
    page = await story.pack()
    await story.pay_second(page)
    await story.ship()
    driver.get(f"{web}/orders/{order_id}")
    wait_text(driver, "#tracking", "EJ123456789CN")
    click(driver, "#next-action")
    click(driver, "#result-ok")
    fill(driver, {"comment": "とても丁寧な梱包でした。"})
    click(driver, "#send-reception")
    wait(driver, "#done")
    await api.wait_status(token, order_id, "completed")
    driver.get(f"{web}/orders?tab=completed")
    number = page["basic_info"]["data"]["order_number"]
    wait_text(driver, "table.orders", number)

    # The language switch, remembered from page to page.
    driver.get(f"{web}/orders/{order_id}")
    click(driver, "#lang-en")
    wait_text(driver, "#order-status", "Completed")
    driver.get(f"{web}/")
    wait_text(driver, "#calculator h2", "Shipping-fee calculator")
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    screenshot(driver, "top-en")
    driver.get(f"{web}/orders/{order_id}")
    screenshot(driver, "order-completed-en")
    # The history in the customer's terms; the money statement sums to nothing owed.
    history = wait(driver, "#history").text
    assert "The order was placed." in history
    assert "our staff" in history
    assert "ops:" not in history
    click(driver, "#open-statement")
    wait_text(driver, "#statement-due", "¥0")
    assert "Paid" in driver.find_element(By.ID, "statement-lines").text
    driver.get(f"{web}/orders/{order_id}")
    click(driver, "#lang-ja")
    wait_text(driver, "#order-status", "完了")


def test_the_top_page_fits_a_phone(system: System) -> None:
    with chromium(width=390, height=844) as driver:
        driver.get(f"{system.web_url}/")
        wait(driver, "#calculator")
        overflow = driver.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"the page is {overflow}px wider than the phone"
        screenshot(driver, "top-phone-ja")
