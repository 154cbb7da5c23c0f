"""Use cases: one transaction each of the warehouse service."""
