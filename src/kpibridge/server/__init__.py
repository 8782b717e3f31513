"""The web server: one ASGI app for the dashboard and the JSON API."""

from kpibridge.server.app import create_app, serve

__all__ = ["create_app", "serve"]
