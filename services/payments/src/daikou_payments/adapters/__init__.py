"""Database and other adapters of the payments service."""
