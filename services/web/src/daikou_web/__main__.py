"""`python -m daikou_web`: run the web client."""

import logging

import uvicorn

from daikou_web.settings import WebSettings
from daikou_web.wiring import build


def main() -> None:
    """Serve the site until SIGINT or SIGTERM."""
    settings = WebSettings()
    logging.basicConfig(level=settings.log_level)
    uvicorn.run(
        build(settings), host=settings.http_host, port=settings.http_port, log_level="warning"
    )


if __name__ == "__main__":
    main()
