"""Framework-free rules of the gateway service."""
