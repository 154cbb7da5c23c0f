"""`python -m daikou_orders`: run the orders service."""

from daikou_kit.runtime import serve
from daikou_orders.settings import OrdersSettings
from daikou_orders.wiring import build


def main() -> None:
    """Run the service until SIGINT or SIGTERM."""
    settings = OrdersSettings()
    _, app = build(settings)
    serve(app, settings)


if __name__ == "__main__":
    main()
