"""The notifications service's adapters."""
