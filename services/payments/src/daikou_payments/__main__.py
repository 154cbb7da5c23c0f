"""`python -m daikou_payments`: run the payments service."""

from daikou_kit.runtime import serve
from daikou_payments.settings import PaymentsSettings
from daikou_payments.wiring import build


def main() -> None:
    """Run the service until SIGINT or SIGTERM."""
    settings = PaymentsSettings()
    _, app = build(settings)
    serve(app, settings)


if __name__ == "__main__":
    main()
