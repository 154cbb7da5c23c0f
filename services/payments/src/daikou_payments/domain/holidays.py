"""Japanese public holidays (National Holiday Act rules in force since 2020)."""

from __future__ import annotations

from datetime import date, timedelta

_FIXED = {
    (1, 1): "New Year's Day",
    (2, 11): "National Foundation Day",
    (2, 23): "Emperor's Birthday",
    (4, 29): "Showa Day",
    (5, 3): "Constitution Memorial Day",
    (5, 4): "Greenery Day",
    (5, 5): "Children's Day",
    (8, 11): "Mountain Day",
    (11, 3): "Culture Day",
    (11, 23): "Labour Thanksgiving Day",
}
# (month, which Monday, name): the "Happy Monday" holidays.
_MONDAYS = (
    (1, 2, "Coming of Age Day"),
    (7, 3, "Marine Day"),
    (9, 3, "Respect for the Aged Day"),
    (10, 2, "Sports Day"),
)


def _nth_monday(year: int, month: int, n: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(7 - first.weekday()) % 7 + 7 * (n - 1))


def _equinox_day(year: int, base_micro: int) -> int:
    """The equinox day of month by the standard approximation, valid 1980-2099 (in millionths)."""
    years = year - 1980
    return (base_micro + 242_194 * years) // 1_000_000 - years // 4


def japanese_holidays(year: int) -> dict[date, str]:
    """Every public holiday of a year, substitute and citizens' holidays included."""
    if not 2020 <= year <= 2099:
        raise ValueError(f"holiday rules are known for 2020-2099, not {year}")
    days = {date(year, m, d): name for (m, d), name in _FIXED.items()}
    days.update({_nth_monday(year, m, n): name for m, n, name in _MONDAYS})
    days[date(year, 3, _equinox_day(year, 20_843_100))] = "Vernal Equinox Day"
    days[date(year, 9, _equinox_day(year, 23_248_800))] = "Autumnal Equinox Day"
    _add_citizens_holidays(days)
    _add_substitutes(days)
    return days


def _add_citizens_holidays(days: dict[date, str]) -> None:
    """A weekday between two holidays is a holiday too."""
    for day in sorted(days):
        between = day + timedelta(days=1)
        after = day + timedelta(days=2)
        if after in days and between not in days and between.weekday() != 6:
            days[between] = "Citizens' Holiday"


def _add_substitutes(days: dict[date, str]) -> None:
    """A holiday on a Sunday moves its rest to the next day that is not a holiday."""
    for day in sorted(days):
        if day.weekday() == 6:
            substitute = day + timedelta(days=1)
            while substitute in days:
                substitute += timedelta(days=1)
            days[substitute] = "Substitute Holiday"
