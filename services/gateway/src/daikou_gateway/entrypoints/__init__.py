"""Thin HTTP routes and message consumers of the gateway service."""
