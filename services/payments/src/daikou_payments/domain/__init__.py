"""Framework-free rules of the payments service."""
