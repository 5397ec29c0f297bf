"""One stylesheet for participant pages and the dashboard: readable at phone width.

Under ``samenspraak serve`` the participant pages get their rules as a file: the page template
links ``/samenspraak/style.css`` (:func:`participant_css`, served by the participant server,
which sets ``SAMENSPRAAK_STYLE_SERVED`` for its kernels). The browser fetches and caches it
once, and a page's kernel sends no ``<style>`` widgets: about 27 KB less widget state per page.
Everywhere else (the dashboard, JupyterLab, Binder, plain Voila) the rules travel in the
widgets as before.
"""

from __future__ import annotations

import os

import ipywidgets as widgets

from ..core.html import css_beside
from ..exercises.styles import style_rules

STYLE_SERVED_ENV = "SAMENSPRAAK_STYLE_SERVED"
# The rules of the participant page's own parts, beside this file.
PAGE_PARTS_CSS = ("following.css", "selfstudy.css")


def stylesheet_html() -> str:
    """The shared rules, then each exercise type's own, in one ``<style>``."""
    return f"<style>\n{style_rules()}</style>\n"


def stylesheet() -> widgets.HTML:
    return widgets.HTML(stylesheet_html())


def participant_css() -> str:
    """Every rule a participant page uses, as the CSS file the page template links."""
    return style_rules() + "".join(css_beside(__file__, name) for name in PAGE_PARTS_CSS)


def style_served() -> bool:
    """Whether this kernel's page links the stylesheet (the participant server's pages)."""
    return os.environ.get(STYLE_SERVED_ENV) == "1"


def unless_served(style_html: str) -> list[widgets.HTML]:
    """A ``<style>`` widget for a page part, or none where the page links the stylesheet."""
    return [] if style_served() else [widgets.HTML(style_html)]
