"""The templates' gettext gives what Jinja's own newstyle gettext gives; amounts in minor units are
shown without a float."""

from __future__ import annotations

import pytest
from jinja2 import Environment
from jinja2.ext import _make_new_gettext  # type: ignore[attr-defined]

from daikou_web import i18n, pages

MESSAGES = [
    ("Sign in", {}),
    ("Order %(number)s", {"number": "<b>42</b> & more"}),
    ("100%% refunded", {}),
    ("Not a catalogue string: <i>kept</i>", {}),
]


@pytest.mark.parametrize("autoescape", [True, False])
@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_template_gettext_matches_jinjas(lang: str, autoescape: bool) -> None:
    ours = Environment(autoescape=autoescape)
    ours.globals["_"] = pages.template_gettext
    theirs = Environment(autoescape=autoescape)
    theirs.globals["_"] = _make_new_gettext(i18n.gettext)
    source = "{{ _(message, **variables) }}|{{ _(message, **variables) }}"
    token = i18n.set_language(lang)
    try:
        for message, variables in MESSAGES:
            expected = theirs.from_string(source).render(message=message, variables=variables)
            assert ours.from_string(source).render(message=message, variables=variables) == expected
    finally:
        i18n.reset_language(token)


def test_a_cached_string_follows_the_language() -> None:
    rendered = {}
    for lang in ("ja", "en", "ja"):
        token = i18n.set_language(lang)
        try:
            rendered.setdefault(lang, set()).add(
                str(pages.environment().from_string("{{ _('Sign in') }}").render())
            )
        finally:
            i18n.reset_language(token)
    assert rendered["en"] == {"Sign in"}
    assert len(rendered["ja"]) == 1
    assert rendered["ja"] != rendered["en"]


@pytest.mark.parametrize(
    ("amount", "en", "ja"),
    [
        (123456, "CN¥1,234.56", "1,234.56元"),
        (5, "CN¥0.05", "0.05元"),
        (-1999, "CN¥-19.99", "-19.99元"),
        (10**17 + 1, "CN¥1,000,000,000,000,000.01", "1,000,000,000,000,000.01元"),
    ],
)
def test_yuan_are_shown_from_minor_units_exactly(amount: int, en: str, ja: str) -> None:
    for lang, expected in (("en", en), ("ja", ja)):
        token = i18n.set_language(lang)
        try:
            assert i18n.money(amount, "CNY") == expected
        finally:
            i18n.reset_language(token)
    assert i18n.money(10**17 + 1, "USD") == "1,000,000,000,000,000.01 USD"
