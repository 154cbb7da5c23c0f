"""The orders service's message consumers: they only translate messages into use cases."""

from daikou_kit.consumer import QueueSpec


def queues() -> list[QueueSpec]:
    """The queues the orders service consumes, and what each handles."""
    return []
