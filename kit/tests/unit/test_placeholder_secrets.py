"""No service starts with a placeholder secret unless development mode says so."""

import pytest
from pydantic import SecretStr

from daikou_kit.runtime import refuse_placeholder_secrets
from daikou_kit.settings import ServiceSettings

RANDOM = "q8Jx3kP0v7yT1bN5mZ2cW9hR4sL6dF0a"


def test_the_placeholder_internal_token_refuses_to_start() -> None:
    with pytest.raises(SystemExit):
        refuse_placeholder_secrets(ServiceSettings())
    with pytest.raises(SystemExit):
        refuse_placeholder_secrets(ServiceSettings(internal_token=SecretStr("short")))
    refuse_placeholder_secrets(ServiceSettings(internal_token=SecretStr(RANDOM)))


def test_development_mode_allows_the_placeholder() -> None:
    refuse_placeholder_secrets(ServiceSettings(dev_mode=True))


def test_a_short_metrics_token_refuses_to_start() -> None:
    short = ServiceSettings(internal_token=SecretStr(RANDOM), metrics_token=SecretStr("short"))
    assert short.placeholder_secrets() == ["DAIKOU_METRICS_TOKEN"]
    with pytest.raises(SystemExit):
        refuse_placeholder_secrets(short)
    refuse_placeholder_secrets(
        ServiceSettings(internal_token=SecretStr(RANDOM), metrics_token=SecretStr(RANDOM))
    )
