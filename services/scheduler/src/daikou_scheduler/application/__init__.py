"""Use cases: one transaction each of the scheduler service."""
