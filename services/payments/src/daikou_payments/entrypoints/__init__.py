"""Thin HTTP routes and message consumers of the payments service."""
