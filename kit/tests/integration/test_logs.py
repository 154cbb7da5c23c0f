"""A consumed message's log lines carry its correlation id, message id and order id; a delivery
writes no line of its own at INFO."""

from __future__ import annotations

import io
import json
import logging
import uuid

import aio_pika
import pytest
from kit_harness import MakeKitService, Ping, eventually

from daikou_kit.logs import log_handler
from daikou_kit.relay import OutboxRelay

pytestmark = pytest.mark.integration


async def test_the_log_line_of_a_consumed_message_carries_its_correlation_and_order_ids(
    kit_service: MakeKitService, amqp_connection: aio_pika.abc.AbstractRobustConnection
) -> None:
    stream = io.StringIO()
    handler = log_handler("kittest", stream, json_lines=True)
    logger = logging.getLogger()  # every library's lines, as a service's log has them
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        svc = await kit_service()
        await svc.start_consumer()
        order_id = uuid.uuid4()
        async with svc.database.unit_of_work(correlation_id="flow-42") as uow:
            message_id = uow.emit(Ping(n=700, order_id=order_id))
            uow.emit(Ping(n=701))
        await OutboxRelay(svc.engine, amqp_connection, svc.names).drain_once()

        async def both_recorded() -> bool:
            return sorted(await svc.effects()) == [700, 701]

        await eventually(both_recorded)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    written = [json.loads(line) for line in stream.getvalue().splitlines()]
    lines = {line["message"]: line for line in written}
    # the delivery itself writes nothing at INFO: its only line is the handler's own
    assert [ln["message"] for ln in written if ln.get("message_id") == str(message_id)] == [
        "ping 700 recorded"
    ]
    assert lines["ping 700 recorded"] == {
        **lines["ping 700 recorded"],
        "service": "kittest",
        "level": "INFO",
        "correlation_id": "flow-42",
        "message_id": str(message_id),
        "order_id": str(order_id),
    }
    assert lines["ping 701 recorded"]["correlation_id"] == "flow-42"
    assert "order_id" not in lines["ping 701 recorded"]
