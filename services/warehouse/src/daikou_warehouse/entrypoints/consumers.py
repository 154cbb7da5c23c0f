"""The warehouse service's message consumers: they only translate messages into use cases."""

from daikou_kit.consumer import QueueSpec


def queues() -> list[QueueSpec]:
    """The queues the warehouse service consumes, and what each handles."""
    return []
