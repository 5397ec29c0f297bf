"""Charts for the trainer's dashboard and reports.

Imports matplotlib, so never from a participant view.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence

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
