"""Database and other adapters of the messaging service."""
