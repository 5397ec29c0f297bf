"""The one stylesheet of participant pages, the dashboard and the report: the shared rules
(``_shared/page.css``), then each exercise type's own (its ``style.css``), each once."""

from __future__ import annotations

from .registry import SHARED, exercise_types


def style_rules() -> str:
    """All rules as CSS text (no ``<style>`` tag)."""
    parts = [(SHARED / "page.css").read_text(encoding="utf-8")]
    parts += [part for registered in exercise_types().values() for part in registered.css]
    return "".join(dict.fromkeys(parts))  # rules two types share (voting) appear once
