"""`python -m daikou_warehouse`: run the warehouse service."""

from daikou_kit.runtime import serve
from daikou_warehouse.settings import WarehouseSettings
from daikou_warehouse.wiring import build


def main() -> None:
    """Run the service until SIGINT or SIGTERM."""
    settings = WarehouseSettings()
    _, app = build(settings)
    serve(app, settings)


if __name__ == "__main__":
    main()
