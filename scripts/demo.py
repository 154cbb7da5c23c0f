"""`make demo`: drive one order through its whole life over the public API of a running system.

A customer registers and orders; ops estimate; the customer changes a quantity and pays the 1st
billing with part deposit, part card (through PayPal); ops buy; the warehouse receives, inspects
with photos and packs; the customer pays the 2nd billing by bank transfer and ops confirm it; the
warehouse ships; the customer reports reception and the order completes. Each step prints the
order's status and fails (exit code 1) if the order does not reach the state it should.

Staff accounts are made with `python -m daikou_gateway.admin create-staff --exist-ok` (this machine's
gateway database), unless `--ops-email/--warehouse-email` name existing ones.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import struct
import subprocess
import sys
import uuid
import zlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

STAFF_PASSWORD = os.environ.get("DAIKOU_DEMO_STAFF_PASSWORD", "demo staff password 2026")
CUSTOMER_PASSWORD = "demo customer password"  # noqa: S105  (a throw-away demo account)
WEB_URL = os.environ.get("DAIKOU_WEB_URL") or (
    f"http://127.0.0.1:{os.environ.get('DAIKOU_WEB_HTTP_PORT', '8006')}"
)
ADDRESS = {
    "name": "Yamada Hanako",
    "postal_code": "150-0001",
    "prefecture": "Tokyo",
    "city": "Shibuya-ku",
    "line1": "Jingumae 1-2-3",
    "phone": "03-1234-5678",
}
ParsedJson = Any


class StepFailed(Exception):
    """A step did not reach the state it should have."""


def png(red: int = 200, green: int = 40, blue: int = 40) -> bytes:
    """A valid 1x1 PNG (a stand-in for an inspection photo)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(bytes([0, red, green, blue]))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


BUSY_RETRIES = 5
"""How many times a step refused with 503 `busy` is sent again."""


def _busy(response: httpx.Response) -> bool:
    """Whether the gateway refused for load alone (503 `busy`), having done nothing."""
    if response.status_code != 503:
        return False
    try:
        return bool(response.json().get("code") == "busy")
    except ValueError:
        return False


def _retry_after(response: httpx.Response) -> float:
    """The seconds `Retry-After` asks for (1 when it is missing or not a number of seconds)."""
    try:
        return min(30.0, max(0.0, float(response.headers.get("Retry-After", "1"))))
    except ValueError:
        return 1.0


@dataclass
class Api:
    """The public API, spoken as one user or another."""

    client: httpx.AsyncClient
    say: Callable[[str], None] = print
    timeout_s: float = 60.0
    poll_s: float = 0.25
    busy_retries: int = 0
    """How many steps were sent again after a 503 `busy`."""

    async def call(
        self, method: str, path: str, token: str | None = None, expect: int = 200, **kwargs: Any
    ) -> ParsedJson:
        """Call the gateway; StepFailed unless the answer has the expected status.

        A 503 `busy` (the gateway took the request on but nothing was done: no connection or
        hashing slot came free) is sent again after its `Retry-After`, as a browser's user would,
        up to `BUSY_RETRIES` times.
        """
        response = await self.send(method, path, token, **kwargs)
        for _ in range(BUSY_RETRIES):
            if not _busy(response):
                break
            self.busy_retries += 1
            await asyncio.sleep(_retry_after(response))
            response = await self.send(method, path, token, **kwargs)
        if response.status_code != expect:
            raise StepFailed(
                f"{method} {path}: expected {expect}, got {response.status_code}: {response.text[:500]}"
            )
        return response.json() if response.content else None

    async def send(
        self, method: str, path: str, token: str | None = None, **kwargs: Any
    ) -> httpx.Response:
        """One request to the gateway's public API, whatever it answers."""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return await self.client.request(method, f"/api/v1{path}", headers=headers, **kwargs)

    async def register(self, email: str, password: str, name: str) -> str:
        """A new customer's access token."""
        body = {"email": email, "password": password, "display_name": name}
        await self.call("POST", "/accounts", json=body, expect=201)
        return await self.sign_in(email, password)

    async def sign_in(self, email: str, password: str) -> str:
        """An access token."""
        answer = await self.call("POST", "/sessions", json={"email": email, "password": password})
        return str(answer["access_token"])

    async def page(self, token: str, order_id: str) -> ParsedJson:
        """The order details page."""
        return await self.call("GET", f"/orders/{order_id}", token)

    async def wait_for(
        self, what: str, check: Callable[[], Awaitable[ParsedJson]], timeout_s: float | None = None
    ) -> ParsedJson:
        """Poll `check` until it returns something truthy."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + (timeout_s or self.timeout_s)
        while True:
            found = await check()
            if found:
                return found
            if loop.time() > deadline:
                raise StepFailed(f"timed out waiting for {what}")
            await asyncio.sleep(self.poll_s)

    async def wait_status(
        self, token: str, order_id: str, status: str, timeout_s: float | None = None
    ) -> ParsedJson:
        """The page once the order reached `status`."""

        async def reached() -> ParsedJson:
            page = await self.page(token, order_id)
            progress = page["progress"]
            return page if progress["available"] and progress["data"]["status"] == status else None

        page = await self.wait_for(f"order status {status}", reached, timeout_s)
        action = page["progress"]["data"]["action_required"]
        self.say(f"      order is {status}" + (f"; customer action: {action}" if action else ""))
        return page


@dataclass
class Actors:
    """The tokens of the people in the story."""

    customer: str
    ops: str
    warehouse: str
    customer_id: str = ""


@dataclass
class Story:
    """One order's life, step by step."""

    api: Api
    actors: Actors
    order_id: str = ""
    item_ids: list[str] = field(default_factory=list)
    pages: dict[str, ParsedJson] = field(default_factory=dict)

    def step(self, text: str) -> None:
        """Announce a step."""
        self.api.say(f"  -> {text}")

    async def place(self) -> ParsedJson:
        """The customer applies for two items."""
        self.step("customer places an order (2 items)")
        items = [
            {
                "url": "https://item.taobao.com/item.htm?id=600000000001",
                "title": "Canvas tote bag",
                "options": {"colour": "navy"},
                "quantity": 2,
                "expected_unit_price": {"amount": 45000, "currency": "CNY"},
            },
            {
                "url": "https://detail.1688.com/offer/700000000002.html",
                "title": "Enamel mug",
                "options": {"size": "350ml"},
                "quantity": 1,
                "expected_unit_price": {"amount": 28000, "currency": "CNY"},
            },
        ]
        body = {"items": items, "address": ADDRESS, "shipping_preference": "EMS"}
        order = await self.api.call("POST", "/orders", self.actors.customer, json=body, expect=201)
        self.order_id = str(order["order_id"])
        self.item_ids = [str(i["item_id"]) for i in order["items"]]
        self.api.say(f"      order {order['order_number']} ({self.order_id})")
        return await self.api.wait_status(self.actors.customer, self.order_id, "applied")

    async def estimate(self) -> ParsedJson:
        """Ops price the items; the 1st billing is issued."""
        self.step("ops estimate: unit prices, China shipping, rate 21.5 JPY/CNY")
        prices = [
            {
                "item_id": item_id,
                "unit_price": {"amount": 42000 + 5000 * n, "currency": "CNY"},
                "domestic_shipping": {"amount": 800, "currency": "CNY"},
            }
            for n, item_id in enumerate(self.item_ids)
        ]
        rate = {"base": "CNY", "quote": "JPY", "rate": "21.5", "rounding": "up"}
        await self.api.call(
            "POST",
            f"/staff/orders/{self.order_id}/estimate",
            self.actors.ops,
            json={"items": prices, "rate": rate},
        )
        await self.api.wait_status(self.actors.customer, self.order_id, "awaiting_first_payment")
        return await self.first_billing_total()

    async def first_billing_total(self, not_equal: int | None = None) -> ParsedJson:
        """The page once the 1st billing is issued (and differs from `not_equal`)."""

        async def issued() -> ParsedJson:
            page = await self.api.page(self.actors.customer, self.order_id)
            first = (part(page, "billing") or {}).get("first")
            if first and first["total"]["amount"] != not_equal:
                return page
            return None

        page = await self.api.wait_for("the 1st billing", issued)
        self.api.say(f"      1st billing: {yen(page['billing']['data']['first']['total'])}")
        return page

    async def change_quantity(self, before: int) -> ParsedJson:
        """The customer buys 3 totes instead of 2; the 1st billing follows."""
        self.step("customer changes the tote bag's quantity from 2 to 3")
        path = f"/orders/{self.order_id}/items/{self.item_ids[0]}"
        await self.api.call("PATCH", path, self.actors.customer, json={"quantity": 3})
        return await self.first_billing_total(not_equal=before)

    async def pay_first(self) -> ParsedJson:
        """Part deposit (ops credit 5,000 JPY), the rest by card through PayPal."""
        customer_id = self.actors.customer_id
        self.step("ops credit 5,000 JPY to the customer's deposit")
        top_up = {"amount": {"amount": 5000, "currency": "JPY"}, "note": "demo credit"}
        path = f"/staff/deposits/{customer_id}/top-ups"
        await self.api.call("POST", path, self.actors.ops, json=top_up, expect=201)
        page = await self.first_billing_total()
        billing_id = page["billing"]["data"]["first"]["billing_id"]
        self.step("customer pays the 1st billing: deposit first, the rest by card")
        path = f"/orders/{self.order_id}/billings/{billing_id}/payments"
        paid = await self.api.call("POST", path, self.actors.customer, json={"method": "card"})
        card = paid["card"]
        self.api.say(
            f"      deposit paid {yen(paid['paid_by_deposit_now'])}; card total with fee "
            f"{yen(card['total'])}"
        )
        await approve_on_paypal(self.api.client, card["approve_url"], card["paypal_order_id"])
        self.step("customer is back from PayPal: capture")
        capture = f"/card-payments/{card['paypal_order_id']}/capture"
        await self.api.call("POST", capture, self.actors.customer)
        return await self.api.wait_status(self.actors.customer, self.order_id, "purchasing")

    async def purchase(self) -> ParsedJson:
        """Ops buy every item from its seller."""
        self.step("ops buy each item from the seller")
        for item_id in self.item_ids:
            path = f"/staff/orders/{self.order_id}/items/{item_id}/purchased"
            await self.api.call("POST", path, self.actors.ops, json={})
        return await self.api.page(self.actors.customer, self.order_id)

    async def arrive_and_inspect(self) -> ParsedJson:
        """The warehouse receives the items and inspects each with a photo."""
        token = self.actors.warehouse
        view_path = f"/staff/orders/{self.order_id}/warehouse"

        async def expected() -> ParsedJson:
            answer = await self.api.send("GET", view_path, token)
            if answer.status_code == 404:
                return None  # the warehouse has not yet heard of the purchase
            if answer.status_code != 200:
                raise StepFailed(f"GET {view_path}: {answer.status_code} {answer.text[:300]}")
            view = answer.json()
            return view if len(view["items"]) == len(self.item_ids) else None

        view = await self.api.wait_for("the warehouse to expect the items", expected)
        quantities = {str(i["item_id"]): int(i["expected_quantity"]) for i in view["items"]}
        self.step("warehouse records the arrival of every item")
        arrival = {
            "tracking_number": "SF1234567890",
            "items": [{"item_id": i, "quantity": q} for i, q in quantities.items()],
        }
        path = f"/staff/orders/{self.order_id}/arrivals"
        await self.api.call("POST", path, token, json=arrival, expect=201)
        await self.api.wait_status(self.actors.customer, self.order_id, "at_warehouse")
        self.step("warehouse inspects each item (quantity, product type) with a photo")
        for n, (item_id, quantity) in enumerate(quantities.items()):
            form = {"quantity_received": str(quantity), "type_matches": "true", "notes": "ok"}
            files = {"photos": (f"item-{n}.png", png(40 * n, 120, 200), "image/png")}
            path = f"/staff/orders/{self.order_id}/items/{item_id}/inspection"
            await self.api.call("POST", path, token, data=form, files=files, expect=201)

        async def photos_shown() -> ParsedJson:
            page = await self.api.page(self.actors.customer, self.order_id)
            items = (part(page, "items") or {}).get("items")
            action = (part(page, "progress") or {}).get("action_required")
            shown = items and all(i["photos"] for i in items)
            return page if shown and action == "check_photos" else None

        page = await self.api.wait_for("the photos on the page", photos_shown)
        action = page["progress"]["data"]["action_required"]
        self.api.say(f"      photos shown to the customer; customer action: {action}")
        return page

    async def check_photos(self, page: ParsedJson) -> None:
        """The customer looks at a photo and says they are fine."""
        self.step("customer opens a photo and marks the photos as checked")
        photo_id = page["items"]["data"]["items"][0]["photos"][0]
        path = f"/orders/{self.order_id}/photos/{photo_id}"
        response = await self.api.send("GET", path, self.actors.customer)
        if response.status_code != 200 or not response.content.startswith(b"\x89PNG"):
            raise StepFailed(f"photo not served: {response.status_code}")
        path = f"/orders/{self.order_id}/photos-checked"
        await self.api.call("POST", path, self.actors.customer)

    async def pack(self) -> ParsedJson:
        """The warehouse packs one parcel; the 2nd billing is issued."""
        self.step("warehouse packs one parcel: 2.3 kg, 40x30x20 cm, EMS")
        parcel = {"weight_g": 2300, "length_cm": 40, "width_cm": 30, "height_cm": 20}
        body = {"method": "ems", "parcels": [parcel]}
        path = f"/staff/orders/{self.order_id}/packing"
        await self.api.call("POST", path, self.actors.warehouse, json=body, expect=201)
        await self.api.wait_status(self.actors.customer, self.order_id, "awaiting_second_payment")

        async def second() -> ParsedJson:
            page = await self.api.page(self.actors.customer, self.order_id)
            return page if (part(page, "billing") or {}).get("second") else None

        page = await self.api.wait_for("the 2nd billing", second)
        self.api.say(f"      2nd billing: {yen(page['billing']['data']['second']['total'])}")
        return page

    async def pay_second(self, page: ParsedJson) -> ParsedJson:
        """The customer reports a bank transfer; ops confirm it."""
        second = page["billing"]["data"]["second"]
        self.step("customer chooses bank transfer for the 2nd billing and reports it")
        path = f"/orders/{self.order_id}/billings/{second['billing_id']}"
        answer = await self.api.call(
            "POST", f"{path}/payments", self.actors.customer, json={"method": "transfer"}
        )
        due = answer["billing"]["amount_due"]["amount"]
        report = {"amount": due, "payer_name": "YAMADA HANAKO", "transferred_on": str(date.today())}
        transfer = await self.api.call(
            "POST", f"{path}/transfers", self.actors.customer, json=report, expect=201
        )
        self.api.say(
            f"      reported {due} JPY; expected confirmation by {transfer['expected_confirmation_by']}"
        )
        self.step("ops confirm the transfer")
        confirm = f"/staff/transfers/{transfer['transfer_id']}/confirm"
        await self.api.call("POST", confirm, self.actors.ops, json={"amount_received": due})

        async def paid() -> ParsedJson:
            page = await self.api.page(self.actors.customer, self.order_id)
            billing = (part(page, "billing") or {}).get("second")
            return page if billing and billing["status"] == "paid" else None

        return await self.api.wait_for("the 2nd billing paid", paid)

    async def ship(self) -> ParsedJson:
        """The warehouse dispatches with a tracking number."""
        self.step("warehouse ships the parcel with EMS")
        body = {"carrier": "Japan Post EMS", "tracking_numbers": ["EJ123456789CN"]}
        path = f"/staff/orders/{self.order_id}/dispatch"

        async def dispatched() -> ParsedJson:
            response = await self.api.send("POST", path, self.actors.warehouse, json=body)
            if response.status_code == 409:
                return None  # the warehouse has not heard of the payment yet
            if response.status_code != 201:
                raise StepFailed(f"dispatch: {response.status_code} {response.text[:300]}")
            return response.json()

        await self.api.wait_for("dispatch to be allowed", dispatched)
        await self.api.wait_status(self.actors.customer, self.order_id, "shipped")

        async def tracked() -> ParsedJson:
            page = await self.api.page(self.actors.customer, self.order_id)
            return page if (part(page, "shipping") or {}).get("tracking_numbers") else None

        page = await self.api.wait_for("the tracking numbers on the page", tracked)
        tracking = page["shipping"]["data"]["tracking_numbers"]
        self.api.say(f"      tracking numbers: {', '.join(tracking)}")
        return page

    async def report_reception(self) -> ParsedJson:
        """The customer got the parcel and says so; the order completes."""
        self.step("customer sends the reception report")
        body = {"result": "ok", "comment": "Arrived in very good condition.", "public": True}
        path = f"/orders/{self.order_id}/reception-report"
        await self.api.call("POST", path, self.actors.customer, json=body)
        return await self.api.wait_status(self.actors.customer, self.order_id, "completed")

    async def run(self) -> ParsedJson:
        """Every step in order; the final page."""
        await self.place()
        page = await self.estimate()
        page = await self.change_quantity(page["billing"]["data"]["first"]["total"]["amount"])
        self.pages["estimated"] = page
        self.pages["purchasing"] = await self.pay_first()
        self.pages["purchased"] = await self.purchase()
        page = await self.arrive_and_inspect()
        self.pages["inspected"] = page
        await self.check_photos(page)
        page = await self.pack()
        self.pages["packed"] = page
        self.pages["second_paid"] = await self.pay_second(page)
        self.pages["shipped"] = await self.ship()
        self.pages["completed"] = await self.report_reception()
        return self.pages["completed"]


def part(page: ParsedJson, name: str) -> ParsedJson:
    """A part of the order page, or None while the service that owns it does not answer."""
    section = page[name]
    return section["data"] if section["available"] else None


def yen(money: ParsedJson) -> str:
    """An amount for people."""
    return f"{money['amount']:,} {money['currency']}"


async def approve_on_paypal(client: httpx.AsyncClient, approve_url: str, order_id: str) -> None:
    """Approve the PayPal order as the buyer would on PayPal's page (the fake's buyer endpoint)."""
    parts = urlsplit(approve_url)
    response = await client.post(f"{parts.scheme}://{parts.netloc}/checkoutnow/{order_id}/approve")
    if response.status_code != 200:
        raise StepFailed(f"PayPal approval failed: {response.status_code} {response.text[:300]}")


def ensure_staff(email: str, role: str) -> None:
    """Create the staff account on this machine's gateway database (idempotent)."""
    command = [sys.executable, "-m", "daikou_gateway.admin", "create-staff", "--exist-ok"]
    command += ["--email", email, "--name", f"Demo {role}", "--role", role]
    command += ["--password", STAFF_PASSWORD]
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise StepFailed(f"could not create the {role} account: {done.stderr.strip()}")


async def main_async(args: argparse.Namespace) -> ParsedJson:
    """Set up the people, then tell the story."""
    async with httpx.AsyncClient(base_url=args.base_url, timeout=30) as client:
        api = Api(client, timeout_s=args.timeout)
        health = await client.get("/health")
        if health.status_code != 200:
            raise StepFailed(f"the gateway at {args.base_url} is not healthy: {health.text}")
        if args.create_staff:
            ensure_staff(args.ops_email, "ops")
            ensure_staff(args.warehouse_email, "warehouse")
        print(f"Daikou demo against {args.base_url}")
        email = f"demo-{uuid.uuid4().hex[:8]}@example.jp"
        customer = await api.register(email, CUSTOMER_PASSWORD, "Yamada Hanako")
        me = await api.call("GET", "/me", customer)
        actors = Actors(
            customer=customer,
            ops=await api.sign_in(args.ops_email, args.staff_password),
            warehouse=await api.sign_in(args.warehouse_email, args.staff_password),
            customer_id=str(me["id"]),
        )
        print(f"  customer {email} registered and signed in; staff signed in")
        story = Story(api, actors)
        page = await story.run()
        await report_mails(Path(args.mail_dir), email)
        print(
            f"\nSee the order on the web site: {args.web_url.rstrip('/')}/orders/{story.order_id}\n"
            f"  (sign in as {email}, password: {CUSTOMER_PASSWORD})"
        )
        return page


def _mails_to(folder: Path, email: str) -> int | None:
    """How many mails to `email` the folder holds (None: no such folder)."""
    return len(list(folder.glob(f"*-{email}.eml"))) if folder.is_dir() else None


async def report_mails(folder: Path, email: str, settle_s: float = 3.0) -> None:
    """Say how many e-mails the customer received in the development mail server's folder."""
    count, quiet = _mails_to(folder, email), 0.0
    while count is not None and quiet < settle_s:  # the last mails may still be on their way
        await asyncio.sleep(0.5)
        now = _mails_to(folder, email)
        quiet = quiet + 0.5 if now == count else 0.0
        count = now
    if count is not None:
        print(f"\nThe demo's customer received {count} e-mails (in {folder}/)")


def parser() -> argparse.ArgumentParser:
    """The command line."""
    cli = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    cli.add_argument("base_url", nargs="?", default="http://127.0.0.1:8000")
    cli.add_argument(
        "--web-url", default=WEB_URL, help="the web site, to say where to see the order"
    )
    cli.add_argument(
        "--mail-dir",
        default=os.environ.get(
            "DAIKOU_DEMO_MAIL_DIR", str(Path(__file__).resolve().parent.parent / "var" / "mail")
        ),
        help="the development mail server's folder, to count the customer's e-mails",
    )
    cli.add_argument("--ops-email", default="demo-ops@daikou.example")
    cli.add_argument("--warehouse-email", default="demo-warehouse@daikou.example")
    cli.add_argument("--staff-password", default=STAFF_PASSWORD)
    cli.add_argument(
        "--no-create-staff",
        dest="create_staff",
        action="store_false",
        help="the staff accounts exist already (e.g. a remote system)",
    )
    cli.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for each state")
    return cli


def main() -> int:
    """Run the demo; 0 when every step reached its state."""
    try:
        asyncio.run(main_async(parser().parse_args()))
    except StepFailed as failure:
        print(f"\nFAILED: {failure}", file=sys.stderr)
        return 1
    except httpx.HTTPError as exc:
        print(f"\nFAILED: cannot reach the system: {exc!r}", file=sys.stderr)
        return 1
    print("\nThe order went through its whole life: completed.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
