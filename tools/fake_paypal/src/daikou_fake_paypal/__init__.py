"""A local fake of PayPal's Checkout REST endpoints, for tests and the demo (no real money)."""

from daikou_fake_paypal.app import FakePayPalConfig, create_app

__all__ = ["FakePayPalConfig", "create_app"]
