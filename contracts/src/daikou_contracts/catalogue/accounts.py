"""Facts published by the gateway about customer accounts (`gateway.*`)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated
from uuid import UUID

from pydantic import AwareDatetime, Field

from daikou_contracts.catalogue.common import ShortText
from daikou_contracts.message import Event
from daikou_contracts.registry import register


class Language(StrEnum):
    """The language a customer reads the service in."""

    JA = "ja"
    EN = "en"


@register
class AccountRegistered(Event):
    """A customer registered: where and in which language to write to them."""

    TYPE = "gateway.account_registered"
    VERSION = 1

    customer_id: UUID
    email: Annotated[str, Field(min_length=3, max_length=254)]
    display_name: ShortText
    language: Language
    registered_at: AwareDatetime


@register
class AccountChanged(Event):
    """A customer changed their e-mail address, language or name: write to them there, so."""

    TYPE = "gateway.account_changed"
    VERSION = 1

    customer_id: UUID
    email: Annotated[str, Field(min_length=3, max_length=254)]
    display_name: ShortText
    language: Language
    changed_at: AwareDatetime
