"""Database and other adapters of the orders service."""
