"""A word cloud as static HTML: the picture, then the most named words with their counts.

Shared by ``woordwolk`` and ``open``'s cloud view, so neither type imports the other. Pure: no
widgets. The picture is drawn by ``core.charts.word_cloud_png``, imported only when a cloud is
drawn (it loads wordcloud, numpy and Pillow, which only the trainer's kernel needs).

The texts are woordwolk's (``woordwolk.*`` in ``woordwolk/nl.po``); this module loads that
catalogue itself, so ``open`` can draw a cloud in a kernel where woordwolk never registered.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from ...core import messages
from ...core.html import escape
from ...core.messages import t

CLOUD_WORDS = 60  # at most this many words in the picture
TOP_WORDS = 15  # the most named words, listed under the picture with their counts

messages.load_catalogue(Path(__file__).resolve().parents[1] / "woordwolk")


def word_chip(word: str, count: int) -> str:
    """One counted word as an escaped label with its count."""
    return (
        f'<span class="ss-woordwolk-word">{escape(word)}</span>'
        f'<span class="ss-woordwolk-count" data-count="{count}">{count}</span>'
    )


@lru_cache(maxsize=8)
def _png(counts: tuple[tuple[str, int], ...]) -> bytes:
    """The picture of ``counts``; the same counts (a redraw, the group's view, the report)
    are drawn once."""
    # Imported here: drawing loads wordcloud, numpy and Pillow, for the trainer's kernel only.
    from ...core.charts import word_cloud_png

    return word_cloud_png(list(counts))


def cloud_png(counts: Sequence[tuple[str, int]]) -> bytes:
    """The word cloud of the ``CLOUD_WORDS`` most named words as PNG bytes."""
    return _png(tuple(counts[:CLOUD_WORDS]))


def picture_html(counts: Sequence[tuple[str, int]]) -> str:
    """The word cloud as an ``<img>`` that carries its PNG."""
    data = base64.b64encode(cloud_png(counts)).decode("ascii")
    return (
        f'<img class="ss-woordwolk-cloud" src="data:image/png;base64,{data}" '
        f'alt="{escape(t("woordwolk.cloud_alt"))}" style="width:100%;max-width:960px;height:auto">'
    )


def top_html(counts: Sequence[tuple[str, int]]) -> str:
    """The caption, then the ``TOP_WORDS`` most named words with their counts.

    The list is the cloud in words, for screen readers and for reading exact numbers.
    """
    items = "".join(
        f'<li class="ss-woordwolk-item" data-word="{escape(word)}" data-count="{count}">'
        f"{word_chip(word, count)}</li>"
        for word, count in counts[:TOP_WORDS]
    )
    return (
        f'<p class="ss-woordwolk-caption"><small>{escape(t("woordwolk.caption"))}</small></p>'
        f'<h4 class="ss-woordwolk-top-title">{escape(t("woordwolk.top"))}</h4>'
        f'<ol class="ss-woordwolk-top">{items}</ol>'
    )


def cloud_html(counts: Sequence[tuple[str, int]]) -> str:
    """``(word, count)`` pairs, most named first: the picture and the list, or a line saying
    there are no words yet."""
    if not counts:
        return f'<p class="ss-woordwolk-none">{escape(t("woordwolk.none"))}</p>'
    return picture_html(counts) + top_html(counts)
