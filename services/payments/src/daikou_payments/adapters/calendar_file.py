"""Load the service's own closed days from its JSON data file."""

from __future__ import annotations

import json
from datetime import date, time
from pathlib import Path

from daikou_payments.domain.calendar import BusinessCalendar

DEFAULT_FILE = Path(__file__).resolve().parent.parent / "data" / "closed_days.json"


def load_calendar(
    path: str | Path = "", opens_at: str = "10:00", closes_at: str = "18:00"
) -> BusinessCalendar:
    """A business calendar from `{"every_year": {"MM-DD": why}, "dates": {"YYYY-MM-DD": why}}`."""
    data = json.loads(Path(path or DEFAULT_FILE).read_text(encoding="utf-8"))
    every_year = {
        (int(key[:2]), int(key[3:])): str(why) for key, why in data.get("every_year", {}).items()
    }
    dates = {date.fromisoformat(key): str(why) for key, why in data.get("dates", {}).items()}
    return BusinessCalendar(
        dates, every_year, time.fromisoformat(opens_at), time.fromisoformat(closes_at)
    )
