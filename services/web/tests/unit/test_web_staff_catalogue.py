"""Every message of the staff pages and the dashboard has its Japanese translation."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from daikou_web.i18n import LOCALE_DIR

ROOT = Path(__file__).parents[2]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2)}
PLACEHOLDER = re.compile(r"%\(\w+\)s")


def test_every_staff_message_is_translated_to_japanese() -> None:
    with (ROOT / "babel-staff.cfg").open() as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    messages = {
        m if isinstance(m, str) else m[0]
        for _, _, m, _, _ in extract_from_dir(str(ROOT), method_map, options_map, keywords=KEYWORDS)
    }
    with (LOCALE_DIR / "ja" / "LC_MESSAGES" / "staff.po").open("rb") as handle:
        translated = {m.id: m.string for m in read_po(handle) if m.id and m.string}
    assert len(messages) > 100
    missing = sorted(messages - translated.keys())
    assert not missing, f"untranslated (DOMAIN=staff CFG=babel-staff.cfg): {missing}"
    for msgid in messages:
        assert set(PLACEHOLDER.findall(msgid)) == set(PLACEHOLDER.findall(translated[msgid])), msgid
