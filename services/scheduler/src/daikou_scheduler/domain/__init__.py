"""Framework-free rules of the scheduler service."""
