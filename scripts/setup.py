"""`make setup`: create every service's database, apply migrations, declare the broker topology.

Safe to run any number of times.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from system import entries


async def main() -> None:
    """Set up each service in turn."""
    for entry in entries():
        service = entry.build()
        try:
            await service.setup()
        finally:
            await service.engine.dispose()
        print(
            f"  {entry.name:<10} database {service.settings.database_url.rsplit('/', 1)[1]} ready"
        )


if __name__ == "__main__":
    asyncio.run(main())
