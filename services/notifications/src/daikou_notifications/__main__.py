"""`python -m daikou_notifications`: run the notifications service."""

from daikou_kit.runtime import serve
from daikou_notifications.settings import NotificationsSettings
from daikou_notifications.wiring import build


def main() -> None:
    """Run the service until SIGINT or SIGTERM."""
    settings = NotificationsSettings()
    _, app = build(settings)
    serve(app, settings)


if __name__ == "__main__":
    main()
