"""What the account rules apply: how tokens are signed and how many sign-in attempts are allowed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import NamedTuple

from daikou_gateway.settings import GatewaySettings


@dataclass(frozen=True)
class TokenPolicy:
    """How access tokens are signed and how long they last."""

    secret: str
    ttl: timedelta


class AttemptLimit(NamedTuple):
    """A counter of sign-in attempts: its key, how many it allows, and its window."""

    key: str
    maximum: int
    window: timedelta


@dataclass(frozen=True)
class SignInLimits:
    """At most `per_account` attempts per account in `account_window`, `per_client` per address."""

    per_account: int
    account_window: timedelta
    per_client: int
    client_window: timedelta

    def keys(self, email: str, client: str) -> list[AttemptLimit]:
        """The counters one attempt counts under."""
        return [
            AttemptLimit(
                f"account:{email.strip().lower()[:254]}", self.per_account, self.account_window
            ),
            AttemptLimit(f"client:{client[:100]}", self.per_client, self.client_window),
        ]


@dataclass(frozen=True)
class AccountPolicy:
    """The token policy and the sign-in limits, from the settings."""

    tokens: TokenPolicy
    sign_in: SignInLimits

    @classmethod
    def from_settings(cls, s: GatewaySettings) -> AccountPolicy:
        """The policy the settings describe."""
        return cls(
            TokenPolicy(s.token_secret.get_secret_value(), s.token_ttl),
            SignInLimits(
                s.sign_in_max_per_account,
                s.sign_in_account_window,
                s.sign_in_max_per_client,
                s.sign_in_client_window,
            ),
        )
