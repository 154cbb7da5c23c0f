"""Daikou's web client: server-rendered pages (FastAPI + Jinja2 + htmx) over the gateway's public API."""
