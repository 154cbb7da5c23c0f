"""Use cases: one transaction each of the payments service."""
