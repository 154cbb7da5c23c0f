"""The notifications service's domain."""
