"""Framework-free rules of the messaging service."""
