"""The ``schaal`` type's results as static HTML: the table of counts and means, and the radar."""

from __future__ import annotations

import base64
import re
from datetime import UTC, datetime

from samenspraak.core.messages import t
from samenspraak.core.records import Answer, Role
from samenspraak.exercises import exercise_type
from samenspraak.exercises._shared.base import ResultsPanel
from samenspraak.exercises.schaal.model import Schaal, render_html, summarize
from samenspraak.exercises.schaal.view import SchaalForm

from .helpers import PNG_SIGNATURE, text_of
from .panel_html import snapshot_html

SCRIPT = "<script>alert(1)</script>"
LABEL = "<script>3</script>"  # a label is at most 24 characters
NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def schaal() -> Schaal:
    return Schaal.model_validate(
        {
            "id": "zelfscan",
            "type": "schaal",
            "title": "Zelfscan",
            "sources": ["bron"],
            "prompt": "Hoe vaak?",
            "scale": ["Nooit", "Zelden", "Soms", "Vaak", SCRIPT],
            "statements": [
                {"id": "een", "label": "Een", "text": "Eerste."},
                {"id": "twee", "label": "Twee", "text": f"Tweede {SCRIPT}"},
                {"id": "drie", "label": LABEL, "text": "Derde."},
            ],
        }
    )


def answers(*rows: tuple[int, int, int]) -> list[Answer]:
    return [
        Answer(
            f"p-{n:08x}",
            Role.PROFESSIONAL,
            "zelfscan",
            1,
            {"scores": dict(zip(("een", "twee", "drie"), row, strict=True))},
            NOW,
            NOW,
        )
        for n, row in enumerate(rows)
    ]


GROUP = answers((1, 5, 3), (2, 5, 3), (2, 4, 3))


def rows_of(markup: str) -> dict[str, tuple[str, list[int]]]:
    """Per statement: the mean shown and the counts of 1..5."""
    found = {}
    for chunk in markup.split('<tr class="ss-dist"')[1:]:
        statement = re.search(r'data-statement="([^"]+)"', chunk).group(1)
        mean = re.search(r'<td class="ss-mean">([^<]+)</td>', chunk).group(1)
        counts = [int(c) for c in re.findall(r'data-count="(\d+)"', chunk)]
        found[statement] = (mean, counts)
    return found


def test_render_html_shows_the_counts_the_means_and_the_radar():
    exercise = schaal()
    markup = render_html(exercise, summarize(exercise, GROUP))
    assert rows_of(markup) == {
        "een": ("1,7", [1, 2, 0, 0, 0]),
        "twee": ("4,7", [0, 0, 0, 1, 2]),
        "drie": ("3,0", [0, 0, 3, 0, 0]),
    }
    assert t("dash.mean") in text_of(markup)
    assert "Zelden" in text_of(markup)
    images = re.findall(r'<img src="data:image/png;base64,([^"]+)" alt="([^"]*)"', markup)
    assert len(images) == 1
    data, alt = images[0]
    assert base64.b64decode(data).startswith(PNG_SIGNATURE)
    # The text alternative holds the numbers the chart shows: each statement's mean.
    assert (
        alt == f"{t('dash.radar_title')}. Een: 1,7; Twee: 4,7; &lt;script&gt;3&lt;/script&gt;: 3,0."
    )
    assert 'class="ss-radar"' in markup


def test_render_html_escapes_and_has_no_controls():
    exercise = schaal()
    summary = summarize(exercise, GROUP)
    markup = render_html(exercise, summary)
    assert "<script" not in markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    assert "&lt;script&gt;3&lt;/script&gt;" in markup
    assert LABEL in text_of(markup)
    assert f'title="Tweede {SCRIPT.replace("<", "&lt;").replace(">", "&gt;")}"' in markup
    assert "<button" not in markup
    assert "<input" not in markup
    assert t("dash.notes") not in text_of(markup)
    # a schaal hides nothing and shows no subgroups
    assert render_html(exercise, summary, hidden=frozenset({"een"}), minimum=3) == markup


def test_render_html_of_nobody_shows_zeros():
    exercise = schaal()
    markup = render_html(exercise, summarize(exercise, []))
    assert rows_of(markup) == {sid: ("0,0", [0] * 5) for sid in ("een", "twee", "drie")}
    assert markup.count("<img") == 1


def test_the_panel_draws_render_html():
    exercise = schaal()
    summary = summarize(exercise, GROUP)
    panel = ResultsPanel(exercise)
    panel.update(summary, len(GROUP))
    assert text_of(panel.status.value) == t("dash.answers", count=3)
    assert render_html(exercise, summary) in snapshot_html(panel.body)


def test_schaal_is_registered_with_its_views():
    registered = exercise_type("schaal")
    assert registered.schema is Schaal
    assert registered.render_html is render_html
    assert registered.participant_view is SchaalForm
    assert registered.dashboard_panel is ResultsPanel
