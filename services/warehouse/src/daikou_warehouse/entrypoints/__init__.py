"""Thin HTTP routes and message consumers of the warehouse service."""
