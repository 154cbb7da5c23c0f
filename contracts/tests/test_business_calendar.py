"""The shared business-day rule: deadlines end at the end of a business day in Japan."""

from datetime import UTC, date, datetime

import pytest

from daikou_contracts.business_calendar import BusinessCalendar, end_of_day


def utc(y: int, m: int, d: int, h: int = 0) -> datetime:
    return datetime(y, m, d, h, tzinfo=UTC)


def test_seventh_day_on_a_business_day_ends_at_its_jst_midnight() -> None:
    cal = BusinessCalendar()
    # Tuesday 2026-12-01 10:00 JST + 7 days = Tuesday 12-08, ends 12-09 00:00 JST = 12-08 15:00 UTC
    assert cal.deadline_after_days(utc(2026, 12, 1, 1), 7) == utc(2026, 12, 8, 15)


def test_the_jst_date_counts_not_the_utc_one() -> None:
    cal = BusinessCalendar()
    # 2026-12-01 20:00 UTC is already Wednesday 12-02 in Japan: 7 days later is Wednesday 12-09
    assert cal.deadline_after_days(utc(2026, 12, 1, 20), 7) == end_of_day(date(2026, 12, 9))


def test_seventh_day_on_a_public_holiday_moves_to_the_next_business_day() -> None:
    cal = BusinessCalendar()
    # 2026-04-22 + 7 = Wednesday 04-29, Showa Day -> Thursday 04-30
    assert cal.deadline_after_days(utc(2026, 4, 22, 3), 7) == end_of_day(date(2026, 4, 30))


def test_golden_week_and_a_weekend_are_all_skipped() -> None:
    cal = BusinessCalendar()
    # 2026-04-26 + 7 = Sunday 05-03; 05-04, 05-05, 05-06 holidays -> Thursday 05-07
    assert cal.deadline_after_days(utc(2026, 4, 26, 3), 7) == end_of_day(date(2026, 5, 7))


def test_a_closed_day_of_the_service_moves_it_too() -> None:
    cal = BusinessCalendar(closed_dates={date(2026, 12, 8): "stocktaking"})
    assert cal.deadline_after_days(utc(2026, 12, 1, 1), 7) == end_of_day(date(2026, 12, 9))


def test_yearly_closures_apply_every_year() -> None:
    cal = BusinessCalendar(closed_every_year={(12, 29): "year-end", (12, 30): "year-end"})
    # 2027-12-22 + 7 = Wednesday 12-29 -> 12-31 (Friday)
    assert cal.deadline_after_days(utc(2027, 12, 22, 3), 7) == end_of_day(date(2027, 12, 31))


def test_business_days_after_skip_closed_days() -> None:
    cal = BusinessCalendar()
    # from Friday 2026-05-01: the 1st business day after is Thursday 05-07, the 2nd Friday 05-08
    assert cal.deadline_after_business_days(utc(2026, 5, 1, 3), 1) == end_of_day(date(2026, 5, 7))
    assert cal.deadline_after_business_days(utc(2026, 5, 1, 3), 2) == end_of_day(date(2026, 5, 8))


def test_a_calendar_with_no_business_day_is_a_data_error() -> None:
    cal = BusinessCalendar(
        closed_every_year={(m, d): "x" for m in range(1, 13) for d in range(1, 32)}
    )
    with pytest.raises(ValueError, match="no business day"):
        cal.business_day_on_or_after(date(2026, 1, 5))
