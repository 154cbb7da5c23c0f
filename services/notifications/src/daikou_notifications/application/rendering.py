"""Notices rendered from the Jinja2 templates (`templates/<language>/<kind>.txt`).

A template's first line is the subject, the rest the plain-text body. The HTML part is the same
text laid out by `templates/html/mail.html` (escaped, paragraphs kept, addresses made links, a
button to the order): one wording per language, so the two parts never say different things.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial

from jinja2 import Environment, PackageLoader, StrictUndefined, TemplateError
from markupsafe import Markup, escape

from daikou_notifications.domain import formatting
from daikou_notifications.domain.content import NoticeContent
from daikou_notifications.domain.notice import LANGUAGES, Contact, Kind

URL = re.compile(r"https?://[^\s<>\"']+")
BUTTON = {"ja": "ご注文を見る", "en": "See your order"}


@dataclass(frozen=True)
class Mail:
    """A rendered e-mail: its subject, plain-text body and HTML body."""

    subject: str
    body: str
    html: str = ""


def linkify(text: str) -> Markup:
    """The text, escaped, with each web address made a link."""
    parts: list[Markup] = []
    position = 0
    for found in URL.finditer(text):
        parts.append(escape(text[position : found.start()]))
        parts.append(Markup('<a href="{0}">{0}</a>').format(found.group(0)))
        position = found.end()
    parts.append(escape(text[position:]))
    return Markup("").join(parts)


def paragraphs(body: str) -> list[list[str]]:
    """The body's paragraphs (split on blank lines), each a list of its lines."""
    return [block.splitlines() for block in re.split(r"\n\s*\n", body.strip()) if block.strip()]


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
        self._html = Environment(
            loader=PackageLoader("daikou_notifications", "templates/html"),
            undefined=StrictUndefined,
            autoescape=True,
        )
        self._html.filters["linkify"] = linkify

    def render(
        self,
        kind: Kind,
        contact: Contact,
        order_number: str,
        link: str,
        params: Mapping[str, object],
    ) -> Mail:
        """The subject and body of a notice in the contact's language."""
        language = contact.language if contact.language in self._envs else "ja"
        content = NoticeContent(contact.display_name, order_number, link, params)
        subject, body = self.words(kind, language, content)
        return Mail(subject, body, self.html(language, subject, body, link))

    def words(self, kind: Kind, language: str, content: NoticeContent) -> tuple[str, str]:
        """A notice's subject and plain-text body in `language`, from what it was made of."""
        template = self._envs[language].get_template(f"{kind.value}.txt")
        text = template.render(
            name=content.name,
            order_number=content.order_number,
            link=content.link,
            **content.params,
        )
        subject, _, body = text.partition("\n")
        return subject.strip(), body.lstrip("\n")

    def again(self, kind: str, language: str, content: NoticeContent) -> tuple[str, str] | None:
        """A kept notice said in `language`; None when that cannot be (a language or kind this
        service no longer has, or values its template now lacks)."""
        if language not in self._envs:
            return None
        try:
            return self.words(Kind(kind), language, content)
        except (TemplateError, TypeError, ValueError):  # an unknown kind is a ValueError too
            return None

    def html(self, language: str, subject: str, body: str, link: str) -> str:
        """The HTML part of a mail: the plain text laid out, with a button to the order."""
        return self._html.get_template("mail.html").render(
            lang=language,
            subject=subject,
            paragraphs=paragraphs(body),
            link=link,
            link_label=BUTTON.get(language, BUTTON["ja"]),
        )
