"""Errors use cases raise; the HTTP layer maps each kind to a status code with its reason."""

from __future__ import annotations

import re

_WORD_START = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def snake_case(name: str) -> str:
    """`InvalidInput` -> `invalid_input`: an error class's name as a code."""
    return _WORD_START.sub("_", name).lower()


class DomainError(Exception):
    """A request the domain refuses, with a machine-readable code and a human reason.

    Codes are snake_case (`order_not_found`); without one of its own, an error's code is its class's
    name in that style (`Conflict` -> `conflict`, `InvalidInput` -> `invalid_input`).
    """

    status = 422

    def __init__(self, reason: str, *, code: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code or snake_case(type(self).__name__)


class InvalidInput(DomainError):
    """The request is malformed or out of bounds."""

    status = 400


class Forbidden(DomainError):
    """The actor may not do this."""

    status = 403


class NotFound(DomainError):
    """The thing does not exist (or is not the actor's to see)."""

    status = 404


class Conflict(DomainError):
    """The request conflicts with the current state (refused by a state-machine guard)."""

    status = 409


class PayloadTooLarge(DomainError):
    """An upload is larger than allowed."""

    status = 413


class UnsupportedMedia(DomainError):
    """An upload's content is of a type that is not accepted."""

    status = 415


class PermanentFailure(Exception):
    """Raised by a message handler when retrying can never help: the message is dead-lettered at once."""
