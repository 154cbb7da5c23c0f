"""Languages: Babel/gettext catalogues (Japanese first, English by a remembered switch), money in
yen and dates and times in JST.

The source strings are English; `locale/<lang>/LC_MESSAGES/<domain>.po` translates them. Each area
has its own domain (`web` for the public and customer pages, `staff` for the staff pages), so
catalogues of different areas never touch the same file. The `.po` files are compiled in memory
when the app starts: nothing to build, and an edited catalogue takes effect on the next start.
"""

from __future__ import annotations

import contextvars
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

LANGUAGES = ("ja", "en")
DOMAINS = ("web", "staff")
LOCALE_DIR = Path(__file__).parent / "locale"
JST = ZoneInfo("Asia/Tokyo")

_current: contextvars.ContextVar[str] = contextvars.ContextVar("daikou_web_lang", default="ja")


def compile_catalogue(po_path: Path) -> Translations:
    """A `.po` file compiled in memory."""
    import io

    with po_path.open("rb") as handle:
        catalogue = read_po(handle)
    buffer = io.BytesIO()
    write_mo(buffer, catalogue)
    buffer.seek(0)
    return Translations(fp=buffer, domain=po_path.stem)


def load_catalogues(locale_dir: Path = LOCALE_DIR) -> dict[str, NullTranslations]:
    """Every language's translations, all domains merged (English is the source language)."""
    loaded: dict[str, NullTranslations] = {"en": NullTranslations()}
    for lang in LANGUAGES:
        if lang == "en":
            continue
        merged: Translations | None = None
        # The first domain wins where two translate the same message (`web` before `staff`), so a
        # customer page says "1st billing" one way whichever catalogue also has it.
        for domain in reversed(DOMAINS):
            po = locale_dir / lang / "LC_MESSAGES" / f"{domain}.po"
            if not po.exists():
                continue
            translations = compile_catalogue(po)
            merged = translations if merged is None else merged.merge(translations)
        loaded[lang] = merged or NullTranslations()
    return loaded


CATALOGUES = load_catalogues()


def set_language(lang: str) -> contextvars.Token[str]:
    """The language of the request being handled."""
    return _current.set(lang if lang in LANGUAGES else "ja")


def reset_language(token: contextvars.Token[str]) -> None:
    """Back to the language before `set_language` gave `token` (the request is done)."""
    _current.reset(token)


def language() -> str:
    """The current request's language."""
    return _current.get()


def gettext(message: str, **variables: Any) -> str:
    """`message` in the current language; `%(name)s` placeholders filled from `variables`."""
    text = CATALOGUES[language()].gettext(message)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, n: int, **variables: Any) -> str:
    """The singular or plural form in the current language."""
    text = CATALOGUES[language()].ngettext(singular, plural, n)
    variables.setdefault("num", n)
    return text % variables


def money(amount: Any, currency: str = "JPY") -> str:
    """`¥4,184` (yen have no minor unit); accepts an int or the API's `{"amount", "currency"}`."""
    if isinstance(amount, dict):
        currency = str(amount.get("currency", currency))
        amount = amount.get("amount", 0)
    value = int(amount)
    if currency == "JPY":
        sign = "-" if value < 0 else ""
        return f"{sign}¥{abs(value):,}"
    if currency == "CNY":
        yuan = _hundredths(value)
        return f"{yuan}元" if language() == "ja" else f"CN¥{yuan}"
    return f"{_hundredths(value)} {currency}"


def _hundredths(value: int) -> str:
    """Minor units as `1,234.05` (integers only: no float between the amount and the page)."""
    whole, cents = divmod(abs(value), 100)
    return f"{'-' if value < 0 else ''}{whole:,}.{cents:02d}"


def _as_datetime(value: Any) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def when(value: Any) -> str:
    """A moment in JST: `2026/12/03 10:55` (ja) or `3 Dec 2026, 10:55 JST` (en)."""
    moment = _as_datetime(value)
    if moment is None:
        return "—"
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo("UTC"))
    if language() == "ja":
        return format_datetime(moment, "yyyy/MM/dd HH:mm", tzinfo=JST, locale="ja")
    return format_datetime(moment, "d MMM yyyy, HH:mm 'JST'", tzinfo=JST, locale="en")


def day(value: Any) -> str:
    """A calendar day: `2026年12月3日` or `3 Dec 2026`."""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    if language() == "ja":
        return format_date(value, "yyyy年M月d日", locale="ja")
    return format_date(value, "d MMM yyyy", locale="en")
