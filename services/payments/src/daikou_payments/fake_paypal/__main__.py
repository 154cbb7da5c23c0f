"""`python -m daikou_payments.fake_paypal`: serve the fake PayPal on 127.0.0.1."""

import logging
import os

import uvicorn

from daikou_payments.fake_paypal.app import FakePayPalConfig, create_app


def main() -> None:
    """Serve until interrupted; the port comes from `DAIKOU_FAKE_PAYPAL_PORT` (default 8090)."""
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    port = int(os.environ.get("DAIKOU_FAKE_PAYPAL_PORT", "8090"))
    config = FakePayPalConfig.from_env(f"http://127.0.0.1:{port}")
    uvicorn.run(create_app(config), host="127.0.0.1", port=port, log_level="warning")


if __name__ == "__main__":
    main()
