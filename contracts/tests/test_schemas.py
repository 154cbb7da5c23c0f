"""Published schemas only change compatibly; breaking changes need a new version."""

import copy
import json
from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from daikou_contracts.catalogue.scheduler import MAX_PAYLOAD_BYTES, ScheduleDeadline
from daikou_contracts.compat import breaking_changes, check_all, current_schemas, snapshot_path


def test_every_published_schema_matches_its_snapshot_compatibly() -> None:
    assert check_all() == {}


def test_every_message_has_a_snapshot() -> None:
    keys = current_schemas().keys()
    assert keys, "the catalogue is empty"
    assert all(snapshot_path(k).exists() for k in keys)


@pytest.fixture
def placed() -> dict:
    return json.loads(snapshot_path("orders.order_placed.v1").read_text())


def test_adding_an_optional_field_is_compatible(placed: dict) -> None:
    new = copy.deepcopy(placed)
    new["properties"]["gift_note"] = {"type": "string", "default": ""}
    assert breaking_changes(placed, new) == []


def test_removing_a_field_is_breaking(placed: dict) -> None:
    new = copy.deepcopy(placed)
    del new["properties"]["shipping_preference"]
    assert any("shipping_preference: removed" in p for p in breaking_changes(placed, new))


def test_changing_a_field_type_is_breaking(placed: dict) -> None:
    new = copy.deepcopy(placed)
    new["properties"]["order_number"] = {"type": "integer"}
    assert any("order_number" in p for p in breaking_changes(placed, new))


def test_a_new_required_field_is_breaking(placed: dict) -> None:
    new = copy.deepcopy(placed)
    new["properties"]["channel"] = {"type": "string"}
    new["required"].append("channel")
    assert breaking_changes(placed, new) == ["$.channel: newly required"]


def test_a_breaking_change_in_a_nested_model_is_found(placed: dict) -> None:
    new = copy.deepcopy(placed)
    del new["$defs"]["Money"]["properties"]["currency"]
    problems = breaking_changes(placed, new)
    assert any(p.startswith("$.items[].expected_unit_price.currency") for p in problems)


def test_removing_an_enum_value_is_breaking(placed: dict) -> None:
    new = copy.deepcopy(placed)
    new["$defs"]["Marketplace"]["enum"].remove("1688")
    assert any("enum values removed" in p for p in breaking_changes(placed, new))


def test_a_deadline_payload_is_bounded() -> None:
    fields = {
        "deadline_id": "order:1:payment-deadline",
        "requester": "orders",
        "kind": "payment-deadline",
        "due_at": datetime(2026, 1, 1, tzinfo=UTC),
    }
    ok = ScheduleDeadline(**fields, payload={"order_id": "1"})
    assert ok.payload == {"order_id": "1"}
    with pytest.raises(ValidationError, match="at most"):
        ScheduleDeadline(**fields, payload={"blob": "x" * MAX_PAYLOAD_BYTES})
