"""Use cases: one transaction each of the messaging service."""
