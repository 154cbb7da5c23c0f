"""`python -m daikou_gateway.openapi [--out FILE]`: the public API's OpenAPI document (JSON).

Built from the routes themselves, without starting anything: no database or broker is needed.
Generate a client from it, or feed it to a schema-driven test.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from daikou_gateway.settings import GatewaySettings
from daikou_gateway.wiring import build


def document() -> dict[str, Any]:
    """The gateway's OpenAPI document."""
    _, app = build(GatewaySettings())
    return app.openapi()


def main(argv: list[str] | None = None) -> int:
    """Print the document, or write it to `--out`."""
    parser = argparse.ArgumentParser(prog="python -m daikou_gateway.openapi", description=__doc__)
    parser.add_argument("--out", type=Path, help="write here instead of printing")
    args = parser.parse_args(argv)
    text = json.dumps(document(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"
    if args.out:
        args.out.write_text(text, encoding="utf-8")
        print(f"wrote {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
