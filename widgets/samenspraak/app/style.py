"""One stylesheet for participant pages and the dashboard: readable at phone width."""

from __future__ import annotations

import ipywidgets as widgets

from ..exercises.styles import style_rules


def stylesheet() -> widgets.HTML:
    """The shared rules, then each exercise type's own, in one ``<style>``."""
    return widgets.HTML(f"<style>\n{style_rules()}</style>\n")
