"""Use cases: one transaction each of the orders service."""
