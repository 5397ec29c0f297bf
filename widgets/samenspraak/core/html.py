"""HTML for participants' and trainers' pages, reports and files: escaping, Markdown,
status lines, bars and lists, downloads and printable pages. Pure functions, no widgets.

Participant text is always escaped before it reaches HTML: ``widgets.HTML`` does not
sanitise, so unescaped text would run as script in the trainer's browser.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Callable
from functools import cache
from pathlib import Path

from .messages import t


@cache
def _markdown_renderer() -> Callable[[str], str]:
    """Trainer-written Markdown; raw HTML in it is escaped, never rendered.

    Made on first use: a participant kernel whose page shows no Markdown yet need not load
    mistune.
    """
    import mistune

    return mistune.create_markdown(escape=True)


def escape(text: str) -> str:
    """Participant or content text, safe to put inside an ``HTML`` widget."""
    return html.escape(text, quote=True)


def dutch_number(value: float, decimals: int) -> str:
    """``0,72``: a decimal comma, as Dutch readers expect."""
    return f"{value:.{decimals}f}".replace(".", ",")


def markdown(text: str | None) -> str:
    return _markdown_renderer()(text) if text else ""


def status_html(message: str, state: str) -> str:
    """A status line; ``state`` (ok, problem, pending, waiting, count) is its CSS class."""
    return f'<div class="ss-status ss-{state}" role="status">{escape(message)}</div>'


def warning_html(before: str = "") -> str:
    """The note above free-text fields: write nothing that identifies a family.

    ``before`` (plain text) comes first, e.g. why the note matters here.
    """
    lead = f"{escape(before)} " if before else ""
    return f'<p class="ss-warning" role="note">⚠ {lead}{escape(t("text.warning"))}</p>'


def chars_left_html(text: str, limit: int) -> str:
    """How many characters are left of ``limit``, or how many too many."""
    left = limit - len(text)
    if left < 0:
        over = escape(t("text.chars_over", over=-left))
        return f'<small class="ss-counter ss-over">{over}</small>'
    return f'<small class="ss-counter">{escape(t("text.chars_left", left=left))}</small>'


def bar_rows(rows: list[tuple[str, int]], total: int, css: str = "") -> str:
    """Horizontal bars as HTML: ``(label, count)`` rows; labels are escaped here."""
    lines = []
    for label, count in rows:
        share = round(100 * count / total) if total else 0
        lines.append(
            f'<div class="ss-bar-row {css}"><span class="ss-bar-label">{escape(label)}</span>'
            f'<span class="ss-track"><span class="ss-bar" style="width:{share}%"></span></span>'
            f'<span class="ss-bar-count" data-count="{count}">{count} ({share}%)</span></div>'
        )
    return "".join(lines)


def text_list(texts: list[str], css: str) -> str:
    """Participant texts as an escaped HTML list."""
    items = "".join(f'<li class="{css}">{escape(text)}</li>' for text in texts)
    return f'<ul class="ss-texts">{items}</ul>'


def png_image(
    png: bytes,
    alt: str,
    css_class: str,
    *,
    style: str = "",
    width: int | None = None,
    height: int | None = None,
) -> str:
    """A PNG inside the page: an ``<img>`` that carries it (a ``data:`` URL), with its text
    alternative ``alt`` (escaped here)."""
    payload = base64.b64encode(png).decode("ascii")
    sizes = "".join(
        f' {name}="{value}"' for name, value in (("width", width), ("height", height)) if value
    )
    styled = f' style="{escape(style)}"' if style else ""
    return (
        f'<img src="data:image/png;base64,{payload}"{sizes} alt="{escape(alt)}" '
        f'class="{escape(css_class)}"{styled}>'
    )


def download_link(
    label: str, filename: str, content: str | bytes, mime: str = "text/html", css: str = ""
) -> str:
    """A link that saves ``content`` (text, or the bytes of a file) in the person's browser.

    The file travels inside the link (a ``data:`` URL), so nothing is stored on the server.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    charset = ";charset=utf-8" if isinstance(content, str) else ""
    payload = base64.b64encode(data).decode("ascii")
    return (
        f'<a class="ss-download {escape(css)}" download="{escape(filename)}" '
        f'href="data:{mime}{charset};base64,{payload}">⤓ {escape(label)}</a>'
    )


def css_beside(module_file: str, name: str) -> str:
    """The style rules in the file ``name`` beside a module (``css_beside(__file__, ...)``)."""
    return Path(module_file).with_name(name).read_text(encoding="utf-8")


def style_tag(css: str) -> str:
    return f"<style>\n{css}</style>\n"


PRINT_CSS = css_beside(__file__, "print.css")


def printable_html(title: str, body: str, footer: str = "") -> str:
    """A complete HTML page that prints well; ``body`` must already be escaped markup."""
    return (
        f'<!DOCTYPE html>\n<html lang="nl"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{PRINT_CSS}</style></head>"
        f"<body><main><h1>{escape(title)}</h1>{body}</main>"
        f"{f'<footer>{footer}</footer>' if footer else ''}</body></html>\n"
    )
