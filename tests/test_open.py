"""``open``'s ``render_html``: the group's view of the answers, as a list or as a word cloud.

The form, the checks and the dashboard are tested in ``test_views.py``; the panel's toggle and
its word cloud in ``test_woordwolk.py``.
"""

from __future__ import annotations

import base64
import html
import re
import textwrap
from typing import Any

import ipywidgets as widgets
import pytest

from samenspraak.core.charts import word_cloud_png
from samenspraak.core.messages import t
from samenspraak.core.records import Role
from samenspraak.core.text import word_counts
from samenspraak.exercises import exercise_type
from samenspraak.exercises.open.model import Open, OpenSummary, render_html, summarize
from samenspraak.exercises.open.view import OpenForm, OpenPanel

from .helpers import make_answer, modules_in_fresh_python, text_of, walk
from .panel_html import snapshot_html

SCRIPT = '"><script>alert(1)</script>'
TEXTS = (
    "Echt luisteren naar de ouder.",
    "Luisteren, luisteren!",
    f"De ouder kent het kind. {SCRIPT}",
)


def exercise(**fields: Any) -> Open:
    base = {"id": "vraag", "type": "open", "title": "Open vraag", "sources": ["bron"]}
    return Open(**{**base, "prompt": "Wat doe je <als> ouder?", **fields})


def summary() -> OpenSummary:
    answers = [
        make_answer("vraag", {"text": text}, f"p-{n}", Role.OUDER) for n, text in enumerate(TEXTS)
    ]
    answers.append(make_answer("vraag", {}, "p-9", Role.OUDER))  # nothing written
    return summarize(exercise(), answers)


def listed_answers(markup: str) -> list[str]:
    found = re.findall(r'<li class="ss-open-answer">([^<]*)</li>', markup)
    return [html.unescape(text) for text in found]


def listed_words(markup: str) -> list[tuple[str, int]]:
    return [
        (html.unescape(word), int(count))
        for word, count in re.findall(
            r'<span class="ss-woordwolk-word">([^<]*)</span>'
            r'<span class="ss-woordwolk-count" data-count="(\d+)">',
            markup,
        )
    ]


def pictures(markup: str) -> list[bytes]:
    found = re.findall(r'<img [^>]*src="data:image/png;base64,([^"]+)"', markup)
    return [base64.b64decode(data) for data in found]


def classes(markup: str) -> set[str]:
    return {css for found in re.findall(r'class="([^"]*)"', markup) for css in found.split()}


def no_controls(markup: str) -> bool:
    return not any(tag in markup for tag in ("<button", "<input", "<select", "<textarea"))


def test_open_is_registered_with_render_html():
    registered = exercise_type("open")
    assert registered.schema is Open
    assert registered.render_html is render_html
    assert registered.participant_view is OpenForm
    assert registered.dashboard_panel is OpenPanel
    assert not registered.private


def test_render_html_lists_every_answer_escaped_oldest_first():
    markup = render_html(exercise(), summary())
    assert summary().respondents == 4
    assert text_of(markup).startswith("Wat doe je <als> ouder?")
    assert "&lt;als&gt;" in markup
    assert listed_answers(markup) == list(TEXTS)
    assert "<script" not in markup
    assert html.escape(SCRIPT) in markup
    assert pictures(markup) == []
    assert no_controls(markup)
    assert t("open.view_list") not in text_of(markup)  # the toggle is the trainer's


def test_render_html_as_a_cloud_counts_each_word_once_per_answer():
    counts = word_counts(TEXTS)
    assert counts[:2] == [("luisteren", 2), ("ouder", 2)]
    for markup in (
        render_html(exercise(show_as="woordwolk"), summary()),
        render_html(exercise(), summary(), show_as="woordwolk"),  # the trainer's choice
    ):
        assert listed_words(markup) == counts
        assert pictures(markup) == [word_cloud_png(counts)]
        assert f'alt="{html.escape(t("woordwolk.cloud_alt"))}"' in markup
        assert "ss-open-answer" not in markup
        assert "<script" not in markup
        assert no_controls(markup)
    assert "ss-open-answer" in render_html(
        exercise(show_as="woordwolk"), summary(), show_as="lijst"
    )


def test_render_html_without_answers():
    assert listed_answers(render_html(exercise(), OpenSummary(0, ()))) == []
    markup = render_html(exercise(show_as="woordwolk"), OpenSummary(1, ("😀 24/7",)))
    assert pictures(markup) == []
    assert text_of(markup).endswith(t("woordwolk.none"))


@pytest.mark.parametrize("show_as", ["lijst", "woordwolk"])
def test_render_html_is_what_the_panel_shows_without_its_toggle(show_as):
    panel = OpenPanel(exercise())
    panel.update(summary(), 4)
    [toggle] = [w for w in walk(panel) if isinstance(w, widgets.ToggleButtons)]
    toggle.value = show_as
    snapshot = snapshot_html(panel.body)
    markup = render_html(exercise(), summary(), show_as=show_as)
    assert text_of(snapshot) == text_of(markup)
    assert classes(snapshot) == classes(markup)
    assert listed_answers(snapshot) == listed_answers(markup)
    assert listed_words(snapshot) == listed_words(markup)
    assert pictures(snapshot) == pictures(markup)
    # and with the exercise's own choice, render_html is the panel as it first shows
    first = OpenPanel(exercise(show_as=show_as))
    first.update(summary(), 4)
    assert text_of(snapshot_html(first.body)) == text_of(render_html(first.exercise, summary()))


def test_model_imports_no_widgets_and_not_woordwolk():
    script = textwrap.dedent(
        """
        import samenspraak.exercises.open.model
        import samenspraak.exercises.open.view
        """
    )
    loaded = modules_in_fresh_python(script)
    assert not {m for m in loaded if m.startswith("samenspraak.exercises.woordwolk")}
    assert "wordcloud" not in loaded  # drawn only when a cloud is shown
    loaded = modules_in_fresh_python("import samenspraak.exercises.open.model")
    assert "ipywidgets" not in loaded
