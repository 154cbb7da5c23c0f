"""The reception report completes a shipped order; its input rules."""

from uuid import UUID, uuid4

import pytest
from orders_builders import T0, bought, shipped

from daikou_contracts.catalogue.common import OrderStatus
from daikou_contracts.catalogue.orders import ReceptionResult
from daikou_kit.errors import Conflict, InvalidInput
from daikou_orders.domain.model import Order
from daikou_orders.domain.reception import ReceptionReport, report_reception


def _report(
    order: Order,
    result: ReceptionResult = ReceptionResult.OK,
    comment: str = "",
    public: bool = False,
    attachments: list[UUID] | None = None,
) -> ReceptionReport:
    return report_reception(
        order,
        result=result,
        comment=comment,
        public=public,
        attachment_ids=attachments or [],
        at=T0,
        actor="customer:x",
    )


def test_an_ok_report_completes_the_order_and_may_be_public_feedback() -> None:
    order = shipped()
    report = _report(order, comment="  Arrived in very good condition. ", public=True)
    assert order.status is OrderStatus.COMPLETED
    assert order.completion_reason == "reception_report"
    assert report.comment == "Arrived in very good condition."
    assert report.public


def test_an_empty_comment_is_never_public() -> None:
    assert not _report(shipped(), public=True).public


def test_a_problem_report_needs_a_description_and_stays_private() -> None:
    with pytest.raises(InvalidInput, match="description"):
        _report(shipped(), ReceptionResult.PROBLEM)
    with pytest.raises(InvalidInput, match="feedback"):
        _report(shipped(), ReceptionResult.PROBLEM, comment="Broken", public=True)
    order = shipped()
    photos = [uuid4(), uuid4()]
    report = _report(order, ReceptionResult.PROBLEM, comment="Broken", attachments=photos)
    assert report.attachment_ids == photos
    assert order.status is OrderStatus.COMPLETED


def test_at_most_three_distinct_attachments() -> None:
    with pytest.raises(InvalidInput):
        _report(
            shipped(), ReceptionResult.PROBLEM, comment="x", attachments=[uuid4() for _ in range(4)]
        )
    same = uuid4()
    with pytest.raises(InvalidInput):
        _report(shipped(), ReceptionResult.PROBLEM, comment="x", attachments=[same, same])


def test_a_report_before_shipment_or_twice_is_refused() -> None:
    with pytest.raises(Conflict):
        _report(bought())
    order = shipped()
    _report(order)
    with pytest.raises(Conflict):
        _report(order)
