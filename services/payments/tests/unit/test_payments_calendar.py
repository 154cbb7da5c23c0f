"""Japanese public holidays and the business calendar (no I/O)."""

from datetime import UTC, date, datetime, time, timedelta

from daikou_contracts.business_calendar import public_holiday
from daikou_payments.adapters.calendar_file import load_calendar
from daikou_payments.domain.calendar import BusinessCalendar

OFFICIAL_2026 = {
    date(2026, 1, 1), date(2026, 1, 12), date(2026, 2, 11), date(2026, 2, 23),
    date(2026, 3, 20), date(2026, 4, 29), date(2026, 5, 3), date(2026, 5, 4),
    date(2026, 5, 5), date(2026, 5, 6), date(2026, 7, 20), date(2026, 8, 11),
    date(2026, 9, 21), date(2026, 9, 22), date(2026, 9, 23), date(2026, 10, 12),
    date(2026, 11, 3), date(2026, 11, 23),
}  # fmt: skip


def test_2026_holidays_match_the_official_list() -> None:
    days = [date(2026, 1, 1) + timedelta(days=n) for n in range(365)]
    holidays = {d for d in days if public_holiday(d)}
    assert holidays == OFFICIAL_2026


def test_substitute_holiday_2025_comes_from_the_library() -> None:
    assert public_holiday(date(2025, 2, 24)) is not None  # for Sunday 23 February
    assert public_holiday(date(2025, 2, 25)) is None


def test_month_marks_weekends_holidays_and_closed_days() -> None:
    cal = BusinessCalendar(closed_dates={date(2026, 5, 1): "company day"})
    may = {d.day: d for d in cal.month(2026, 5)}
    assert len(may) == 31
    assert may[date(2026, 5, 1)].reason == "closed: company day"
    assert may[date(2026, 5, 2)].reason == "weekend"
    assert may[date(2026, 5, 6)].reason.startswith("public holiday: ")
    assert may[date(2026, 5, 7)].business_day


def test_packaged_closed_days_are_loaded() -> None:
    cal = load_calendar()
    assert cal.day(date(2026, 12, 29)).reason == "closed: year-end closure"
    assert cal.day(date(2027, 1, 4)).business_day


def jst(y: int, m: int, d: int, h: int, minute: int = 0) -> datetime:
    return (
        datetime(y, m, d, h - 9, minute, tzinfo=UTC)
        if h >= 9
        else datetime(y, m, d - 1, h + 15, minute, tzinfo=UTC)
    )


def test_report_within_business_hours_is_confirmed_hours_later() -> None:
    cal = BusinessCalendar()
    # Tuesday 2026-01-06 11:00 JST -> 14:00 JST
    assert cal.expected_done(jst(2026, 1, 6, 11), timedelta(hours=3)) == jst(2026, 1, 6, 14)


def test_report_late_in_the_day_carries_to_the_next_business_morning() -> None:
    cal = BusinessCalendar()
    # Friday 2026-01-09 17:00 JST: 1 h Friday, then Monday 12th is a holiday -> Tuesday 12:00
    assert cal.expected_done(jst(2026, 1, 9, 17), timedelta(hours=3)) == jst(2026, 1, 13, 12)


def test_report_on_a_weekend_waits_for_the_opening() -> None:
    cal = BusinessCalendar(opens_at=time(9, 30), closes_at=time(17, 0))
    # Saturday 2026-01-10 -> Tuesday 13th 9:30 + 3 h
    assert cal.expected_done(jst(2026, 1, 10, 15), timedelta(hours=3)) == jst(2026, 1, 13, 12, 30)
