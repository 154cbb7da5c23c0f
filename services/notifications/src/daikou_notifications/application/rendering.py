"""Notices rendered from the Jinja2 templates (`templates/<language>/<kind>.txt`).

A template's first line is the subject, the rest the plain-text body.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from daikou_notifications.domain import formatting
from daikou_notifications.domain.notice import LANGUAGES, Contact, Kind


@dataclass(frozen=True)
class Mail:
    """A rendered e-mail."""

    subject: str
    body: str


class Renderer:
    """One Jinja2 environment per language, with its money and time filters."""

    def __init__(self) -> None:
        self._envs: dict[str, Environment] = {}
        for language in LANGUAGES:
            env = Environment(
                loader=PackageLoader("daikou_notifications", f"templates/{language}"),
                undefined=StrictUndefined,
                autoescape=False,  # noqa: S701  (plain-text mail, never HTML)
                keep_trailing_newline=True,
            )
            env.filters["money"] = partial(formatting.money, language=language)
            env.filters["jst"] = partial(formatting.jst, language=language)
            self._envs[language] = env

    def render(
        self, kind: Kind, contact: Contact, order_number: str, link: str, params: dict[str, Any]
    ) -> Mail:
        """The subject and body of a notice in the contact's language."""
        language = contact.language if contact.language in self._envs else "ja"
        template = self._envs[language].get_template(f"{kind.value}.txt")
        text = template.render(
            name=contact.display_name, order_number=order_number, link=link, **params
        )
        subject, _, body = text.partition("\n")
        return Mail(subject.strip(), body.lstrip("\n"))
