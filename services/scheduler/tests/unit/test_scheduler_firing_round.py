"""A firing round adds up its batches: how many fired, how many late, the worst lateness."""

from daikou_scheduler.application.firing import Round


def test_rounds_add_counts_and_keep_the_worst_lateness() -> None:
    total = Round() + Round(fired=500, late=2, max_lateness_ms=90_000) + Round(fired=12)
    assert total == Round(fired=512, late=2, max_lateness_ms=90_000)
