"""Thin HTTP routes and message consumers of the scheduler service."""
