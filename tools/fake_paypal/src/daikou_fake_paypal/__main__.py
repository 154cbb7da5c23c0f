"""`python -m daikou_fake_paypal`: serve the fake PayPal on 127.0.0.1."""

import os

import uvicorn

from daikou_fake_paypal.app import FakePayPalConfig, create_app
from daikou_kit.logs import configure_logging


def main() -> None:
    """Serve until interrupted on `DAIKOU_FAKE_PAYPAL_HOST`:`DAIKOU_FAKE_PAYPAL_PORT` (127.0.0.1:8090)."""
    configure_logging("fake-paypal")
    port = int(os.environ.get("DAIKOU_FAKE_PAYPAL_PORT", "8090"))
    host = os.environ.get("DAIKOU_FAKE_PAYPAL_HOST", "127.0.0.1")
    public = os.environ.get("DAIKOU_FAKE_PAYPAL_PUBLIC_URL", f"http://127.0.0.1:{port}")
    uvicorn.run(
        create_app(FakePayPalConfig.from_env(public)),
        host=host,
        port=port,
        log_level="warning",
        log_config=None,
    )


if __name__ == "__main__":
    main()
