"""The payments service's message consumers: they only translate messages into use cases."""

from daikou_kit.consumer import QueueSpec


def queues() -> list[QueueSpec]:
    """The queues the payments service consumes, and what each handles."""
    return []
