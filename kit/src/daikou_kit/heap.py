"""Start-up's objects, out of the garbage collector's way.

CPython's full collection walks every object the collector tracks. A service holds a few hundred
thousand from start-up alone (its imports: FastAPI, pydantic, SQLAlchemy, aio-pika; its routes,
schemas and statements), and every message or request in flight waits while they are walked:
40-150 ms at a time in `make bench`'s processes, a few times in a run of some seconds under load.

Once a process has started, `settle()` collects what start-up left behind and freezes the rest:
later collections walk only what was made since (the objects of the requests and messages being
handled), and start-up's objects, which live as long as the process, are never walked again. A
frozen object that later becomes unreachable in a cycle is kept (not freed) until the process
exits; start-up's objects do not.
"""

from __future__ import annotations

import gc


def settle() -> None:
    """Collect start-up's garbage, then exempt every object still alive from later collections."""
    gc.collect()
    gc.freeze()
