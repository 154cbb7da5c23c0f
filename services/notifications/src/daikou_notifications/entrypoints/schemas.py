"""The bodies the notifications service's routes accept."""

from pydantic import BaseModel, ConfigDict

from daikou_notifications.domain.notice import Kind


class PreferenceIn(BaseModel):
    """Whether to get a kind by e-mail."""

    model_config = ConfigDict(extra="forbid")

    email: bool


class PreferencesIn(BaseModel):
    """Whether to get each named kind by e-mail (kinds not named are left as they are)."""

    model_config = ConfigDict(extra="forbid")

    email: dict[Kind, bool]
