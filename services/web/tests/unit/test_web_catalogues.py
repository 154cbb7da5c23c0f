"""Every message of the pages has its Japanese translation, and every placeholder survives."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from daikou_web.i18n import LOCALE_DIR, load_catalogues

ROOT = Path(__file__).parents[2]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2)}
PLACEHOLDER = re.compile(r"%\(\w+\)s")


def extracted(config: str) -> set[str]:
    with (ROOT / config).open() as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found = set()
    for _, _, message, _, _ in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def test_every_web_message_is_translated_to_japanese() -> None:
    with (LOCALE_DIR / "ja" / "LC_MESSAGES" / "web.po").open("rb") as handle:
        catalogue = read_po(handle)
    translated = {m.id: m.string for m in catalogue if m.id and m.string}
    messages = extracted("babel.cfg")
    assert len(messages) > 50
    missing = sorted(messages - translated.keys())
    assert not missing, f"untranslated (run tools/update_catalogues.sh): {missing}"
    for msgid in messages:
        assert set(PLACEHOLDER.findall(msgid)) == set(PLACEHOLDER.findall(translated[msgid])), msgid


def test_the_web_catalogue_wins_where_the_staff_one_translates_the_same_message() -> None:
    web_po = LOCALE_DIR / "ja" / "LC_MESSAGES" / "web.po"
    with web_po.open("rb") as handle:
        web = {m.id: m.string for m in read_po(handle) if m.id and m.string}
    loaded = load_catalogues()["ja"]
    for msgid in ("1st billing", "Placed", "Status", "Shipping preference"):
        assert loaded.gettext(msgid) == web[msgid], msgid
