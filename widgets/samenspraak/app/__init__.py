"""Composition of the apps: the participant's workshop page and the trainer's dashboard."""

from .dashboard import TrainerDashboard
from .participant import WorkshopPage

__all__ = ["TrainerDashboard", "WorkshopPage"]
