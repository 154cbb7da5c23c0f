"""A refusal of the API shown next to the field it concerns, in the page's language, with the API's
own reason after it (`Email already registered. (an account with this email already exists)`)."""

from __future__ import annotations

from daikou_web.gateway import GatewayError
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
    }
    return messages.get(code)


def said(reason: str) -> str:
    """The API's reason for one field, in the page's language when the site knows it."""
    if "must not be blank" in reason:
        return _("Enter something other than spaces.")
    return reason


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
    """The status of a page showing the API's refusal: the API's own, or 502 when it failed."""
    return exc.status if exc.status < 500 else 502
