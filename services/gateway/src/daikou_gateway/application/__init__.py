"""Use cases: one transaction each of the gateway service."""
