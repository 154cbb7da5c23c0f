"""Look up a payload class by the (type, version) an envelope names."""

from __future__ import annotations

from daikou_contracts.message import Payload


class UnknownMessageTypeError(LookupError):
    """No payload class is registered for an envelope's type and version."""


_REGISTRY: dict[tuple[str, int], type[Payload]] = {}


def register(cls: type[Payload]) -> type[Payload]:
    """Class decorator adding a payload class to the catalogue."""
    key = (cls.TYPE, cls.VERSION)
    if key in _REGISTRY and _REGISTRY[key] is not cls:
        raise ValueError(f"{cls.TYPE} v{cls.VERSION} registered twice")
    _REGISTRY[key] = cls
    return cls


def payload_class(message_type: str, version: int) -> type[Payload]:
    """The payload class for a type and version."""
    try:
        return _REGISTRY[(message_type, version)]
    except KeyError:
        raise UnknownMessageTypeError(f"{message_type} v{version}") from None


def all_payload_classes() -> list[type[Payload]]:
    """Every registered payload class, sorted by type and version."""
    return [_REGISTRY[key] for key in sorted(_REGISTRY)]
