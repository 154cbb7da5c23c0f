"""Thin HTTP routes and message consumers of the messaging service."""
