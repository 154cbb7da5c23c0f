"""`python -m daikou_gateway`: run the gateway service."""

from daikou_gateway.settings import GatewaySettings
from daikou_gateway.wiring import build
from daikou_kit.runtime import serve


def main() -> None:
    """Run the service until SIGINT or SIGTERM."""
    settings = GatewaySettings()
    _, app = build(settings)
    serve(app, settings)


if __name__ == "__main__":
    main()
