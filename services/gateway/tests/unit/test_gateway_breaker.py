"""The circuit breaker: opens after a run of failures, fails fast, lets one trial through later."""

from daikou_gateway.adapters.breaker import CircuitBreaker


class Clock:
    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


def test_it_stays_closed_below_the_threshold_and_a_success_resets_the_run() -> None:
    breaker = CircuitBreaker(3, 10.0, Clock())
    breaker.failed()
    breaker.failed()
    breaker.succeeded()
    breaker.failed()
    breaker.failed()
    assert breaker.state == "closed"
    assert breaker.allow()


def test_it_opens_after_failures_in_a_row_and_fails_fast_for_a_while() -> None:
    clock = Clock()
    breaker = CircuitBreaker(3, 10.0, clock)
    for _ in range(3):
        breaker.failed()
    assert breaker.state == "open"
    assert not breaker.allow()
    clock.t += 9.9
    assert not breaker.allow()


def test_after_the_period_one_trial_goes_through_and_its_success_closes() -> None:
    clock = Clock()
    breaker = CircuitBreaker(2, 10.0, clock)
    breaker.failed()
    breaker.failed()
    clock.t += 10.0
    assert breaker.state == "half-open"
    assert breaker.allow()  # the trial
    assert not breaker.allow()  # the others still fail fast while it runs
    breaker.succeeded()
    assert breaker.state == "closed"
    assert breaker.allow()


def test_a_failed_trial_opens_it_again_for_a_whole_period() -> None:
    clock = Clock()
    breaker = CircuitBreaker(2, 10.0, clock)
    breaker.failed()
    breaker.failed()
    clock.t += 10.0
    assert breaker.allow()
    breaker.failed()
    assert breaker.state == "open"
    clock.t += 9.0
    assert not breaker.allow()
    clock.t += 1.0
    assert breaker.allow()
