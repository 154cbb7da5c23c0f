"""The notifications service's application."""
