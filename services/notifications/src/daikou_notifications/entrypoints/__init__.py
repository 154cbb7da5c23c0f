"""The notifications service's entrypoints."""
