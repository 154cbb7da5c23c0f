"""`python -m daikou_messaging`: run the messaging service."""

from daikou_kit.runtime import serve
from daikou_messaging.settings import MessagingSettings
from daikou_messaging.wiring import build


def main() -> None:
    """Run the service until SIGINT or SIGTERM."""
    settings = MessagingSettings()
    _, app = build(settings)
    serve(app, settings)


if __name__ == "__main__":
    main()
