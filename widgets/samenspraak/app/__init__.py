"""Composition of the apps: the participant's workshop page and the trainer's dashboard.

The two are imported on first use (PEP 562), so a participant's kernel, which only needs
:class:`WorkshopPage`, never loads the dashboard and what only it needs (QR codes, the
trainer's guide, retention notices): less memory and a faster start per kernel.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .dashboard import TrainerDashboard
    from .participant import WorkshopPage

__all__ = ["TrainerDashboard", "WorkshopPage"]

_HOMES = {"TrainerDashboard": ".dashboard", "WorkshopPage": ".participant"}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_HOMES[name], __name__), name)
    globals()[name] = value  # found once; later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
