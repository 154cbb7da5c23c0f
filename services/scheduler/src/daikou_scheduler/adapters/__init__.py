"""Database and other adapters of the scheduler service."""
