"""``stelling`` and ``schaal`` on paper (``paper_html``): everything a participant sees, with
a box to tick for each choice; the trainer's note only with the answer key."""

from __future__ import annotations

from typing import Any

import pytest

from samenspraak.core.html import escape
from samenspraak.core.messages import t
from samenspraak.exercises import exercise_type
from samenspraak.exercises.schaal.model import POINTS, Schaal
from samenspraak.exercises.schaal.model import paper_html as schaal_paper
from samenspraak.exercises.stelling.model import CHOICES, Stelling
from samenspraak.exercises.stelling.model import paper_html as stelling_paper
from samenspraak.render.paper import exercise_on_paper

from .helpers import assert_no_form_controls, demo_exercise

SCRIPT = "<script>alert(1)</script>"
LABEL = "<script>3</script>"  # a schaal label is at most 24 characters


# --- stelling --------------------------------------------------------------------------------


def stelling(**fields: Any) -> Stelling:
    return Stelling.model_validate(
        {"id": "stelling", "type": "stelling", "title": "S", "sources": ["bron"], **fields}
    )


def test_stelling_is_registered_with_its_paper_version() -> None:
    assert exercise_type("stelling").paper_html is stelling_paper


def test_stelling_on_paper_shows_the_statement_a_box_per_choice_and_lines_for_the_reason() -> None:
    exercise = demo_exercise("stelling")
    assert exercise.ask_reason
    html = stelling_paper(exercise)
    assert escape(exercise.statement) in html
    assert escape(t("stelling.paper_choose")) in html
    for choice in CHOICES:
        assert f"☐ {escape(t(f'stelling.{choice}'))}" in html
    assert html.count("☐") == len(CHOICES)
    assert escape(t("stelling.reason")) in html
    assert escape(t("text.warning")) in html
    assert '<div class="ss-paper-lines"></div>' in html
    # the caller prints the title and intro
    assert escape(exercise.title) not in html
    assert_no_form_controls(html)
    assert exercise_on_paper(exercise, answer_key=False) == html


def test_stelling_without_a_reason_has_no_lines() -> None:
    html = stelling_paper(stelling(statement="Zo is het.", ask_reason=False))
    assert "Zo is het." in html
    assert "ss-paper-lines" not in html
    assert escape(t("stelling.reason")) not in html


def test_stelling_answer_key_only_for_the_trainer() -> None:
    exercise = demo_exercise("stelling")
    plain = stelling_paper(exercise)
    keyed = stelling_paper(exercise, answer_key=True)
    key_text = escape(t("stelling.paper_key_text"))
    assert key_text in keyed
    assert 'class="ss-paper-key"' in keyed
    assert escape(t("stelling.paper_key")) in keyed
    assert key_text not in plain
    assert "ss-paper-key" not in plain
    # the key adds to the paper version, it leaves out nothing
    assert keyed.startswith(plain.removesuffix("</div>"))
    assert_no_form_controls(keyed)


@pytest.mark.parametrize("answer_key", [False, True])
def test_stelling_on_paper_escapes_the_statement(answer_key: bool) -> None:
    html = stelling_paper(stelling(statement=f"Zeg {SCRIPT}"), answer_key=answer_key)
    assert "<script" not in html
    assert escape(f"Zeg {SCRIPT}") in html


# --- schaal ----------------------------------------------------------------------------------


def schaal(**fields: Any) -> Schaal:
    return Schaal.model_validate(
        {
            "id": "zelfscan",
            "type": "schaal",
            "title": "Zelfscan",
            "sources": ["bron"],
            "prompt": f"Hoe vaak? {SCRIPT}",
            "scale": ["Nooit", "Zelden", "Soms", "Vaak", SCRIPT],
            "statements": [
                {"id": "een", "label": "Een", "text": "Eerste."},
                {"id": "twee", "label": "Twee", "text": f"Tweede {SCRIPT}"},
                {"id": "drie", "label": LABEL, "text": "Derde."},
            ],
            **fields,
        }
    )


def test_schaal_is_registered_with_its_paper_version() -> None:
    assert exercise_type("schaal").paper_html is schaal_paper


def test_schaal_on_paper_shows_the_prompt_the_scale_and_a_row_of_boxes_per_statement() -> None:
    exercise = demo_exercise("schaal")
    html = schaal_paper(exercise)
    assert escape(exercise.prompt) in html
    assert escape(t("schaal.paper_choose")) in html
    for point, label in zip(POINTS, exercise.scale, strict=True):
        assert f"{point}<br><small>{escape(label)}</small>" in html
    # every statement, numbered and in order, each with a box under every point
    places = []
    for n, statement in enumerate(exercise.statements, start=1):
        row = f"<b>{n}.</b> {escape(statement.text)}"
        assert row in html
        places.append(html.index(row))
    assert places == sorted(places)
    assert html.count("<tr>") == 1 + len(exercise.statements)
    assert html.count("☐") == len(POINTS) * len(exercise.statements)
    assert escape(exercise.title) not in html
    assert_no_form_controls(html)
    assert exercise_on_paper(exercise, answer_key=False) == html


def test_schaal_answer_key_names_each_statement_as_the_dashboard_does() -> None:
    exercise = demo_exercise("schaal")
    plain = schaal_paper(exercise)
    keyed = schaal_paper(exercise, answer_key=True)
    assert escape(t("schaal.paper_key")) in keyed
    assert escape(t("schaal.paper_key_text")) in keyed
    labels = "".join(f"<li>{escape(s.label)}</li>" for s in exercise.statements)
    assert f"<ol>{labels}</ol>" in keyed
    assert "ss-paper-key" not in plain
    assert escape(t("schaal.paper_key_text")) not in plain
    for statement in exercise.statements:
        assert escape(statement.label) not in plain
    assert keyed.startswith(plain.removesuffix("</div>"))
    assert_no_form_controls(keyed)


@pytest.mark.parametrize("answer_key", [False, True])
def test_schaal_on_paper_escapes_prompt_scale_statements_and_labels(answer_key: bool) -> None:
    html = schaal_paper(schaal(), answer_key=answer_key)
    assert "<script" not in html
    assert escape(f"Hoe vaak? {SCRIPT}") in html
    assert f"5<br><small>{escape(SCRIPT)}</small>" in html
    assert escape(f"Tweede {SCRIPT}") in html
    assert (escape(LABEL) in html) is answer_key
