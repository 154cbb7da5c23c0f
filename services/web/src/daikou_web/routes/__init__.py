"""Every area's routes. Each module here is one area (`public`, `auth`, `customer_*`, `staff_*`,
`ops_*`...) and exposes `router() -> APIRouter`; they are found by name, so adding an area is
adding a module, with no shared list to edit."""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def _areas() -> list[ModuleType]:
    found = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "router"):
            found.append(module)
    return found


AREAS = _areas()
