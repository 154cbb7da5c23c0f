"""Database and other adapters of the warehouse service."""
