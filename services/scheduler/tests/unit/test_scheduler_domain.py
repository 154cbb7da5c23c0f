"""The deadline rules: the latest intent per id wins, cancels are harmless, lateness is exact."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from daikou_scheduler.domain.deadline import (
    Outcome,
    ScheduleRequest,
    Status,
    cancel,
    is_soon,
    lateness_ms,
    new_deadline,
    schedule,
    tombstone,
)

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def _request(issued_at: datetime, due_at: datetime, **payload: int) -> ScheduleRequest:
    return ScheduleRequest(
        deadline_id="order:1:payment-deadline",
        requester="orders",
        kind="payment_deadline",
        due_at=due_at,
        payload=dict(payload),
        issued_at=issued_at,
        correlation_id="order-1",
        causation_id="cmd",
    )


def test_a_first_request_makes_a_pending_deadline() -> None:
    deadline = new_deadline(_request(T0, T0 + timedelta(days=7), n=1), T0)
    assert deadline.status is Status.PENDING
    assert (deadline.due_at, deadline.payload, deadline.revision) == (
        T0 + timedelta(days=7),
        {"n": 1},
        1,
    )
    assert deadline.intent_at == T0


def test_a_newer_request_replaces_due_time_and_payload() -> None:
    deadline = new_deadline(_request(T0, T0 + timedelta(days=7), n=1), T0)
    newer = _request(T0 + timedelta(hours=1), T0 + timedelta(days=8), n=2)
    replaced, outcome = schedule(deadline, newer, T0 + timedelta(hours=1))
    assert outcome is Outcome.REPLACED
    assert (replaced.due_at, replaced.payload, replaced.revision) == (
        T0 + timedelta(days=8),
        {"n": 2},
        2,
    )


def test_an_older_request_arriving_late_changes_nothing() -> None:
    deadline = new_deadline(_request(T0 + timedelta(hours=1), T0 + timedelta(days=8)), T0)
    older = _request(T0, T0 + timedelta(days=7))
    same, outcome = schedule(deadline, older, T0 + timedelta(hours=2))
    assert outcome is Outcome.STALE
    assert same == deadline


def test_cancelling_a_pending_deadline_cancels_it() -> None:
    deadline = new_deadline(_request(T0, T0 + timedelta(days=7)), T0)
    cancelled, outcome = cancel(deadline, T0 + timedelta(minutes=1), T0 + timedelta(minutes=2))
    assert outcome is Outcome.CANCELLED
    assert cancelled.status is Status.CANCELLED
    assert cancelled.cancelled_at == T0 + timedelta(minutes=2)


def test_a_cancel_issued_before_the_schedule_does_not_cancel_it() -> None:
    deadline = new_deadline(_request(T0 + timedelta(minutes=5), T0 + timedelta(days=7)), T0)
    same, outcome = cancel(deadline, T0, T0 + timedelta(minutes=6))
    assert outcome is Outcome.STALE
    assert same.status is Status.PENDING


def test_a_schedule_issued_before_a_cancel_of_an_unknown_id_stays_cancelled() -> None:
    marker = tombstone("order:1:payment-deadline", T0 + timedelta(seconds=1), "order-1", T0)
    same, outcome = schedule(marker, _request(T0, T0 + timedelta(days=7)), T0)
    assert outcome is Outcome.STALE
    assert same.status is Status.CANCELLED


def test_a_schedule_issued_after_a_cancel_arms_the_deadline_again() -> None:
    marker = tombstone("order:1:payment-deadline", T0, "order-1", T0)
    armed, outcome = schedule(
        marker, _request(T0 + timedelta(seconds=1), T0 + timedelta(days=7)), T0
    )
    assert outcome is Outcome.REPLACED
    assert armed.status is Status.PENDING
    assert armed.cancelled_at is None


def test_cancelling_a_fired_deadline_is_harmless_but_remembers_the_newer_intent() -> None:
    fired = new_deadline(_request(T0, T0), T0)
    fired = replace(fired, status=Status.FIRED, fired_at=T0)
    later = T0 + timedelta(hours=1)
    after, outcome = cancel(fired, later, later)
    assert outcome is Outcome.ALREADY_SETTLED
    assert (after.status, after.intent_at) == (Status.FIRED, later)
    # a schedule issued between the firing and the cancel is now stale
    _, again = schedule(after, _request(T0 + timedelta(minutes=30), T0 + timedelta(days=1)), later)
    assert again is Outcome.STALE


def test_the_very_intent_that_fired_does_not_arm_it_again() -> None:
    first = _request(T0, T0)
    fired = new_deadline(first, T0)
    fired = replace(fired, status=Status.FIRED, fired_at=T0)
    _, outcome = schedule(fired, first, T0 + timedelta(minutes=1))
    assert outcome is Outcome.STALE


def test_lateness_is_whole_milliseconds_and_never_negative() -> None:
    assert lateness_ms(T0, T0 + timedelta(seconds=2, microseconds=1999)) == 2001
    assert lateness_ms(T0, T0 - timedelta(seconds=1)) == 0


def test_only_deadlines_before_the_next_regular_look_wake_the_loop() -> None:
    horizon = timedelta(seconds=5)
    assert is_soon(T0 + timedelta(seconds=5), T0, horizon)
    assert not is_soon(T0 + timedelta(seconds=6), T0, horizon)
