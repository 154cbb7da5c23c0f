"""The gateway service's internal HTTP API (called by the gateway only)."""

from fastapi import APIRouter


def router() -> APIRouter:
    """Routes of the gateway service."""
    return APIRouter()
