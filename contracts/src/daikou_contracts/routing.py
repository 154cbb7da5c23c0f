"""The routing convention: one durable topic exchange, keys `<producer>.<fact>.v<version>`."""

EVENTS_EXCHANGE = "events"
"""Name of the topic exchange (prefixed by the deployment's namespace)."""


def routing_key(message_type: str, version: int) -> str:
    """`orders.order_placed` v1 -> `orders.order_placed.v1`."""
    return f"{message_type}.v{version}"


def addressed_routing_key(message_type: str, version: int, audience: str) -> str:
    """A key for a message meant for one service: the convention's key plus the audience's name.

    Deadline-reached events use it so each requester binds only its own deadlines.
    """
    return f"{routing_key(message_type, version)}.{audience}"
