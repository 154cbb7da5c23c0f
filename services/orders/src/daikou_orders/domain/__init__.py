"""Framework-free rules of the orders service."""
