"""Framework-free rules of the warehouse service."""
