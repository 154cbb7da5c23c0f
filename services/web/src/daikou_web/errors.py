"""A refusal of the API shown next to the field it concerns, in the page's language, with the API's
own reason after it (`Email already registered. (an account with this email already exists)`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from daikou_web.gateway import FieldProblem, GatewayError
from daikou_web.i18n import gettext as _

# The API's error code -> the form field it concerns.
FIELD_OF_CODE = {
    "invalid_email": "email",
    "email_taken": "email",
    "weak_password": "password",
    "invalid_password": "password",
    "invalid_name": "display_name",
    "unauthenticated": "password",
}


def message_of(code: str) -> str | None:
    """The API's error code said in the page's language (None when there is nothing to add)."""
    messages = {
        "invalid_email": _("This email address is not valid."),
        "email_taken": _("An account with this email already exists."),
        "weak_password": _("The password is too short."),
        "invalid_password": _("The password is too long."),
        "invalid_name": _("Enter a name of 1 to 100 characters."),
        "unauthenticated": _("Wrong email or password."),
        "wrong_password": _("The current password is wrong."),
        "csrf": _("The form expired; please try again."),
        "unsupported_attachment_type": _(
            "Not accepted: only JPG, PNG, GIF, WEBP images and PDF files can be attached."
        ),
        "attachment_too_large": _("The file is larger than 10 MB."),
        "upload_too_large": _("The file is larger than 10 MB."),
        "too_many_attachments": _("At most 3 files per message."),
        "window_closed": _("Messages can no longer be sent for this order."),
        "stale_revision": _("The billing changed meanwhile; check the new amount and pay again."),
        "busy": _("The service is busy; please try again in a moment."),
        "database_unavailable": _("The service is briefly unavailable; please try again shortly."),
    }
    return messages.get(code)


def said(problem: FieldProblem) -> str:
    """The API's reason for one field, in the page's language when the site knows it."""
    if "must not be blank" in problem.msg:
        return _("Enter something other than spaces.")
    saying = _SAYINGS.get(problem.type)
    if saying is not None:
        try:
            return saying(problem.ctx)
        except (KeyError, TypeError, ValueError):  # a context without the value the saying needs
            pass
    return problem.msg.removeprefix("Value error, ")


Saying = Callable[[Mapping[str, Any]], str]

# The API's validation error types (pydantic's) said in the page's language; the others are shown
# as the API said them.
_SAYINGS: dict[str, Saying] = {
    "missing": lambda _ctx: _("This field is required."),
    "string_too_long": lambda ctx: _("Enter at most %(n)s characters.", n=ctx["max_length"]),
    "string_too_short": lambda ctx: _("Enter at least %(n)s characters.", n=ctx["min_length"]),
    "too_long": lambda ctx: _("Give at most %(n)s entries.", n=ctx["max_length"]),
    "too_short": lambda ctx: _("Give at least %(n)s entries.", n=ctx["min_length"]),
    "greater_than": lambda ctx: _("Enter a number greater than %(n)s.", n=ctx["gt"]),
    "greater_than_equal": lambda ctx: _("Enter a number of at least %(n)s.", n=ctx["ge"]),
    "less_than": lambda ctx: _("Enter a number less than %(n)s.", n=ctx["lt"]),
    "less_than_equal": lambda ctx: _("Enter a number of at most %(n)s.", n=ctx["le"]),
    "int_parsing": lambda _ctx: _("Enter a whole number."),
    "int_from_float": lambda _ctx: _("Enter a whole number."),
    "int_type": lambda _ctx: _("Enter a whole number."),
    "url_parsing": lambda _ctx: _("Enter a web address starting with http:// or https://."),
    "url_scheme": lambda _ctx: _("Enter a web address starting with http:// or https://."),
    "url_type": lambda _ctx: _("Enter a web address starting with http:// or https://."),
    "enum": lambda _ctx: _("Choose one of the options offered."),
    "literal_error": lambda _ctx: _("Choose one of the options offered."),
    "date_parsing": lambda _ctx: _("Enter a date as YYYY-MM-DD."),
    "date_from_datetime_parsing": lambda _ctx: _("Enter a date as YYYY-MM-DD."),
    "string_type": lambda _ctx: _("Enter text here."),
    "nul_character": lambda _ctx: _("Remove the control characters from this field."),
}


def explain(exc: GatewayError) -> str:
    """The translated message followed by the API's reason."""
    translated = message_of(exc.code)
    if translated and exc.detail:
        return f"{translated} ({exc.detail})"
    return translated or exc.detail


def field_errors(exc: GatewayError, field_of: dict[str, str] | None = None) -> dict[str, str]:
    """`{field: message}` for a form; `_` is the form as a whole."""
    if exc.fields:
        return {name.split(".")[-1]: said(reason) for name, reason in exc.fields.items()}
    mapping = {**FIELD_OF_CODE, **(field_of or {})}
    return {mapping.get(exc.code, "_"): explain(exc)}


def shown_status(exc: GatewayError) -> int:
    """The status of a page showing the API's refusal: the API's own; 503 when the API was busy,
    briefly unavailable or unreachable (worth trying again); 502 when it failed otherwise."""
    return exc.status if exc.status < 500 or exc.status == 503 else 502
