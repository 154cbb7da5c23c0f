"""How figures read in an e-mail: money as `¥4,184`, times in Japan time (JST)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from babel.numbers import format_decimal

from daikou_contracts.money import MINOR_UNITS, Money

JST = ZoneInfo("Asia/Tokyo")
SYMBOLS = {"JPY": "¥", "CNY": "CN¥"}
TIME_PATTERNS = {"ja": "yyyy年M月d日 HH:mm", "en": "d MMM yyyy, HH:mm"}


def money(amount: Money, language: str) -> str:
    """`¥4,184` (yen), `CN¥45.00` (yuan); a negative amount keeps its sign in front."""
    exp = MINOR_UNITS[amount.currency]
    major = Decimal(abs(amount.amount)).scaleb(-exp)
    pattern = "#,##0" + ("." + "0" * exp if exp else "")
    figure = format_decimal(major, format=pattern, locale=language)
    sign = "-" if amount.amount < 0 else ""
    return f"{sign}{SYMBOLS.get(amount.currency, amount.currency + ' ')}{figure}"


def jst(moment: datetime, language: str) -> str:
    """A moment in Japan time: `2026年3月9日 18:00 JST` or `9 Mar 2026, 18:00 JST`."""
    local = moment.astimezone(JST)
    return f"{format_datetime(local, TIME_PATTERNS[language], tzinfo=JST, locale=language)} JST"
