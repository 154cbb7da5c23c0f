"""Database and other adapters of the gateway service."""
