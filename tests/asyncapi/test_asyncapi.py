"""The AsyncAPI document covers every message and every queue, and goes stale with the contracts."""

from typing import ClassVar

import asyncapi
import pytest

from daikou_contracts import registry
from daikou_contracts.message import Event
from daikou_contracts.registry import all_payload_classes


@pytest.fixture(scope="module")
def found() -> list[asyncapi.Binding]:
    return asyncapi.bindings()


@pytest.fixture(scope="module")
def doc(found: list[asyncapi.Binding]) -> dict:
    return asyncapi.document(found)


def test_every_message_in_the_contracts_has_a_channel_and_a_message(doc: dict) -> None:
    classes = [c for c in all_payload_classes() if c.__module__.startswith("daikou_contracts.")]
    assert len(classes) > 30
    for cls in classes:
        key = cls.routing_key()
        assert key in doc["channels"], key
        message = doc["components"]["messages"][key]
        assert message["payload"]["allOf"][1]["properties"]["type"] == {"const": cls.TYPE}
        ref = message["payload"]["allOf"][1]["properties"]["payload"]["$ref"]
        assert ref.rsplit("/", 1)[-1] in doc["components"]["schemas"]


def test_every_event_has_its_producers_send_operation(doc: dict) -> None:
    events = [
        c
        for c in all_payload_classes()
        if issubclass(c, Event) and c.__module__.startswith("daikou_contracts.")
    ]
    for cls in events:
        producer = cls.TYPE.split(".", 1)[0]
        if producer == "kit":  # the kit's facts: sent by every consuming service's wiring
            assert f"orders.sends.{cls.routing_key()}" in doc["operations"]
            assert f"kit.sends.{cls.routing_key()}" not in doc["operations"]
        else:
            assert f"{producer}.sends.{cls.routing_key()}" in doc["operations"]


def test_every_queue_binding_is_a_receive_operation(
    doc: dict, found: list[asyncapi.Binding]
) -> None:
    assert {b.service for b in found} >= {"orders", "payments", "scheduler", "notifications"}
    for b in found:
        op = doc["operations"][f"{b.service}.receives.{b.key}"]
        assert op["action"] == "receive"
        assert op["x-daikou-queue"] == b.queue
        assert op["channel"] == {"$ref": f"#/channels/{b.key}"}


def test_an_addressed_deadline_key_is_a_channel_of_its_own(doc: dict) -> None:
    assert "scheduler.deadline_reached.v1.orders" in doc["channels"]
    assert "orders.receives.scheduler.deadline_reached.v1.orders" in doc["operations"]


def test_the_committed_document_is_current(found: list[asyncapi.Binding]) -> None:
    assert asyncapi.DOCUMENT.read_text() == asyncapi.render(asyncapi.document(found))


def test_a_contract_added_without_regenerating_makes_the_document_stale(
    found: list[asyncapi.Binding], monkeypatch: pytest.MonkeyPatch
) -> None:
    class ParcelWeighed(Event):
        TYPE: ClassVar[str] = "warehouse.parcel_weighed"
        VERSION: ClassVar[int] = 1
        grams: int

    ParcelWeighed.__module__ = "daikou_contracts.catalogue.warehouse"
    monkeypatch.setitem(registry._REGISTRY, (ParcelWeighed.TYPE, 1), ParcelWeighed)
    text = asyncapi.render(asyncapi.document(found))
    assert "warehouse.parcel_weighed.v1" in text
    assert asyncapi.DOCUMENT.read_text() != text
