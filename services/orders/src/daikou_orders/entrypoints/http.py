"""The orders service's internal HTTP API (called by the gateway only)."""

from fastapi import APIRouter


def router() -> APIRouter:
    """Routes of the orders service."""
    return APIRouter()
