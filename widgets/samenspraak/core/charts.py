"""Charts for the trainer's dashboard and reports.

Imports matplotlib, so never from a participant view.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from pathlib import Path

import matplotlib as mpl

mpl.use("Agg")  # no display in a Voila kernel
import matplotlib.pyplot as plt


def radar_png(
    labels: Sequence[str], values: Sequence[float], *, title: str, maximum: float = 5
) -> bytes:
    """A radar chart of ``values`` (0..maximum) as PNG bytes."""
    angles = [2 * math.pi * i / len(labels) for i in range(len(labels))]
    fig, ax = plt.subplots(figsize=(4.6, 4.6), subplot_kw={"polar": True}, dpi=100)
    try:
        closed_angles = [*angles, angles[0]]
        closed_values = [*values, values[0]]
        ax.plot(closed_angles, closed_values, color="#1f5f8b", linewidth=2)
        ax.fill(closed_angles, closed_values, color="#1f5f8b", alpha=0.25)
        ax.set_xticks(angles, labels, fontsize=8)
        ax.set_ylim(0, maximum)
        ax.set_yticks(range(1, int(maximum) + 1))
        ax.set_title(title, fontsize=10, pad=18)
        fig.tight_layout()
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")
    finally:
        plt.close(fig)
    return buffer.getvalue()


# Dark to lighter blues of the kit, all readable on white; the most named words get the first.
CLOUD_COLOURS = ("#1f3b57", "#1f5f8b", "#2b6f9e", "#28557a", "#3a7cab")


def word_cloud_png(
    counts: Sequence[tuple[str, int]], *, width: int = 1200, height: int = 600
) -> bytes:
    """A word cloud of ``(word, count)`` pairs as PNG bytes, sized for a projector.

    The layout is fixed by a seed, so the same counts always give the same picture. Words are
    horizontal (phrases stay readable). With one or two words the picture is less tall, so
    they fill it instead of floating in white space.
    """
    if not counts:
        raise ValueError("a word cloud needs at least one word")
    # Imported here: wordcloud pulls in numpy and Pillow, which only this drawing needs.
    from wordcloud import WordCloud

    ranked = sorted(counts, key=lambda item: (-item[1], item[0]))
    colour = {
        word: CLOUD_COLOURS[rank % len(CLOUD_COLOURS)] for rank, (word, _) in enumerate(ranked)
    }

    def colour_of(word: str, **_kwargs: object) -> str:
        return colour.get(word, CLOUD_COLOURS[0])

    font_size = height // 4
    height = min(height, font_size * (len(ranked) + 1))
    cloud = WordCloud(
        width=width,
        height=height,
        background_color="white",
        mode="RGB",
        font_path=str(Path(mpl.get_data_path()) / "fonts" / "ttf" / "DejaVuSans-Bold.ttf"),
        max_words=len(ranked),
        max_font_size=font_size,
        min_font_size=12,
        prefer_horizontal=1.0,
        relative_scaling=0.5,
        margin=8,
        random_state=7,
        color_func=colour_of,
    ).generate_from_frequencies(dict(ranked))
    buffer = io.BytesIO()
    cloud.to_image().save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
