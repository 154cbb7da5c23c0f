"""`python -m daikou_web`: run the web client."""

import logging

import uvicorn

from daikou_kit.heap import settle
from daikou_kit.logs import configure_logging
from daikou_kit.tracing import configure_tracing
from daikou_web.settings import WebSettings
from daikou_web.wiring import build


def main() -> None:
    """Serve the site until SIGINT or SIGTERM."""
    settings = WebSettings()
    configure_logging("web", settings.log_level)
    configure_tracing("web")
    if weak := settings.placeholder_secrets():
        if not settings.dev_mode:
            logging.critical(
                "%s is not set to a random secret; refusing to start "
                "(`make run` generates it in var/secrets.env; DAIKOU_DEV_MODE=true allows it)",
                ", ".join(weak),
            )
            raise SystemExit(2)
        logging.warning("development mode: %s is a placeholder secret", ", ".join(weak))
    app = build(settings)
    settle()  # the imports' and the app's objects, out of every later collection
    uvicorn.run(
        app,
        host=settings.http_host,
        port=settings.http_port,
        log_level="warning",
        log_config=None,
    )


if __name__ == "__main__":
    main()
