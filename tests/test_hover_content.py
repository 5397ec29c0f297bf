"""WCAG 1.4.13, content on hover or focus: none of the kit's own style sheets shows, hides or
uncovers anything on hover or focus. So the only content that appears that way is the
browser's own tooltip of a ``title`` attribute, which the criterion leaves to the browser.
Each sheet is read with tinycss2 (WeasyPrint's CSS parser), ``@media`` blocks included."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import tinycss2

WIDGETS = Path(__file__).resolve().parent.parent / "widgets" / "samenspraak"
SHEETS = sorted(WIDGETS.rglob("*.css"))

# Properties that make something appear, disappear or uncover more of itself.
REVEALING = frozenset(
    {"display", "visibility", "opacity", "content", "max-height", "height", "clip", "clip-path"}
)


def rules(css: str) -> Iterator[tuple[str, set[str]]]:
    """Each rule's selector and the properties it sets, inside @media and @supports too."""
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type == "qualified-rule":
            declarations = tinycss2.parse_blocks_contents(
                rule.content, skip_comments=True, skip_whitespace=True
            )
            names = {d.lower_name for d in declarations if d.type == "declaration"}
            yield tinycss2.serialize(rule.prelude).strip(), names
        elif rule.type == "at-rule" and rule.content is not None:
            yield from rules(tinycss2.serialize(rule.content))


def revealed_on_hover_or_focus(css: str) -> list[str]:
    return [
        f"{selector} {{{', '.join(sorted(names & REVEALING))}}}"
        for selector, names in rules(css)
        if (":hover" in selector or ":focus" in selector) and names & REVEALING
    ]


def test_every_sheet_of_the_kit_is_read() -> None:
    names = {path.name for path in SHEETS}
    assert {"samenspraak.css", "dashboard.css", "presenter.css", "style.css"} <= names
    assert sum(1 for path in SHEETS for _ in rules(path.read_text(encoding="utf-8"))) > 100


@pytest.mark.parametrize("sheet", SHEETS, ids=lambda path: str(path.relative_to(WIDGETS)))
def test_nothing_appears_on_hover_or_focus(sheet: Path) -> None:
    assert revealed_on_hover_or_focus(sheet.read_text(encoding="utf-8")) == []


def test_the_check_finds_a_tooltip_made_in_css() -> None:
    css = """
    .tip { display: none; }
    .ss-button:hover .tip { display: block; }
    @media (min-width: 600px) { .ss-item:focus-within .more { max-height: 10em; } }
    .ss-button:focus-visible { outline: 3px solid #000; }
    """
    assert revealed_on_hover_or_focus(css) == [
        ".ss-button:hover .tip {display}",
        ".ss-item:focus-within .more {max-height}",
    ]
