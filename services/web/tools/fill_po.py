"""Fill a `.po` catalogue from `msgid<TAB>msgstr` lines on stdin (only entries still empty):
`python tools/fill_po.py src/daikou_web/locale/ja/LC_MESSAGES/web.po < new.tsv`."""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po


def main() -> None:
    """Read the pairs, set the empty translations, write the catalogue back."""
    path = Path(sys.argv[1])
    with path.open("rb") as handle:
        catalogue = read_po(handle)
    for line in sys.stdin.read().splitlines():
        if "\t" not in line:
            continue
        msgid, msgstr = line.split("\t", 1)
        msgid = msgid.replace("\\n", "\n")
        message = catalogue.get(msgid)
        if message is not None and not message.string:
            message.string = msgstr.replace("\\n", "\n")
    with path.open("wb") as handle:
        write_po(handle, catalogue, width=100, omit_header=False)
    missing = [m.id for m in catalogue if m.id and not m.string]
    for msgid in missing:
        print(f"untranslated: {msgid!r}")


if __name__ == "__main__":
    main()
