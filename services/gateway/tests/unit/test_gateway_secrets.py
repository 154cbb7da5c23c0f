"""The gateway refuses to start with the placeholder token secret unless in development mode."""

import pytest
from pydantic import SecretStr

from daikou_gateway.settings import GatewaySettings
from daikou_kit.runtime import refuse_placeholder_secrets

RANDOM = "q8Jx3kP0v7yT1bN5mZ2cW9hR4sL6dF0a"


def test_the_gateway_also_needs_a_random_token_secret() -> None:
    settings = GatewaySettings(internal_token=SecretStr(RANDOM))
    assert settings.placeholder_secrets() == ["DAIKOU_GATEWAY_TOKEN_SECRET"]
    with pytest.raises(SystemExit):
        refuse_placeholder_secrets(settings)
    ready = GatewaySettings(internal_token=SecretStr(RANDOM), token_secret=SecretStr(RANDOM[::-1]))
    assert ready.placeholder_secrets() == []


def test_development_mode_allows_the_placeholders() -> None:
    refuse_placeholder_secrets(GatewaySettings(dev_mode=True))
