"""What a panel's widgets show, as static HTML: the tests' witness that a type's pure
``render_html`` draws what the trainer's panel shows.

(Until the exercise types drew ``render_html``, the kit made the group's view and the report
this way, by walking the widget tree; now only the tests do.)
"""

from __future__ import annotations

import base64
from html import escape

import ipywidgets as widgets

from samenspraak.exercises._shared.base import TRAINER_ONLY

# Things a trainer clicks (Verberg, Lijst/Woordwolk, folding toggles) are not results.
_CONTROLS = (widgets.Button, widgets.ValueWidget)
_SHOWN = (widgets.HTML, widgets.HTMLMath, widgets.Label, widgets.Image)


"""The class of widgets that only the trainer sees: notes, moderation, controls."""


def _hidden(widget: widgets.Widget) -> bool:
    if TRAINER_ONLY in getattr(widget, "_dom_classes", ()):
        return True
    layout = getattr(widget, "layout", None)
    return layout is not None and (layout.display == "none" or layout.visibility == "hidden")


def _image_html(image: widgets.Image) -> str:
    data = base64.b64encode(bytes(image.value)).decode("ascii")
    width = f"width:{image.layout.width};" if image.layout.width else ""
    return (
        f'<img alt="" src="data:image/{image.format};base64,{data}" style="{width}max-width:100%">'
    )


def _box_html(box: widgets.Box) -> str:
    inner = "".join(snapshot_html(child) for child in box.children)
    if not inner:
        return ""
    row = isinstance(box, widgets.HBox) or box.layout.flex_flow in {"row", "row wrap"}
    css = " ".join(c for c in box._dom_classes if c.startswith("ss-"))
    style = ' style="display:flex;flex-wrap:wrap;gap:0.5em;align-items:flex-start"' if row else ""
    return f'<div class="{css}"{style}>{inner}</div>'


def snapshot_html(widget: widgets.Widget) -> str:
    """``widget`` and what it contains as HTML; hidden parts and controls are left out."""
    if _hidden(widget) or (isinstance(widget, _CONTROLS) and not isinstance(widget, _SHOWN)):
        return ""
    if isinstance(widget, widgets.HTML | widgets.HTMLMath):
        return widget.value
    if isinstance(widget, widgets.Label):
        return f"<span>{escape(widget.value)}</span>"
    if isinstance(widget, widgets.Image):
        return _image_html(widget)
    if isinstance(widget, widgets.Box):
        return _box_html(widget)
    return ""
