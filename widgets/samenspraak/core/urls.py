"""Addresses participants use; one place, so the dashboard, the CLI and serve agree."""

from __future__ import annotations

# The dashboard's token reaches its server through the environment, never the command line.
DASHBOARD_TOKEN_ENV = "SAMENSPRAAK_DASHBOARD_TOKEN"  # noqa: S105 - a variable name


def join_url(public_url: str, workshop_id: str, code: str) -> str:
    """The workshop's page on the participant server, with the join code filled in."""
    return f"{public_url.rstrip('/')}/voila/render/{workshop_id}.ipynb?code={code}"
