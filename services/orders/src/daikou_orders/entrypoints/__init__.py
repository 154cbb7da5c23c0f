"""Thin HTTP routes and message consumers of the orders service."""
