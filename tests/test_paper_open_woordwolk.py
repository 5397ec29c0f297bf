"""``open`` and ``woordwolk`` on paper (``paper_html``): the question, the privacy note and
ruled lines to write on; the trainer's note only with the answer key."""

from __future__ import annotations

from typing import Any

import pytest

from samenspraak.core.html import escape
from samenspraak.core.messages import t
from samenspraak.exercises import exercise_type
from samenspraak.exercises.open.model import PAPER_LINES, Open, paper_lines
from samenspraak.exercises.open.model import paper_html as open_paper
from samenspraak.exercises.woordwolk.model import Woordwolk
from samenspraak.exercises.woordwolk.model import paper_html as woordwolk_paper
from samenspraak.render.paper import exercise_on_paper

from .helpers import assert_no_form_controls, demo_exercise

SCRIPT = "<script>alert(1)</script>"


# --- open ------------------------------------------------------------------------------------


def open_question(**fields: Any) -> Open:
    return Open.model_validate(
        {"id": "vraag", "type": "open", "title": "O", "sources": ["bron"], "prompt": "Wat?"}
        | fields
    )


def test_open_is_registered_with_its_paper_version() -> None:
    assert exercise_type("open").paper_html is open_paper


def test_open_on_paper_shows_the_prompt_the_warning_the_example_and_lines() -> None:
    exercise = demo_exercise("open")
    assert exercise.placeholder
    html = open_paper(exercise)
    assert escape(exercise.prompt) in html
    assert escape(t("text.warning")) in html
    assert escape(t("open.paper_example")) in html
    assert escape(exercise.placeholder) in html
    lines = paper_lines(exercise.max_length)
    assert f'<div class="ss-paper-lines" style="height:{2 * lines}em"></div>' in html
    assert escape(exercise.title) not in html
    assert_no_form_controls(html)
    assert exercise_on_paper(exercise, answer_key=False) == html


def test_open_gets_more_lines_for_a_longer_answer_within_bounds() -> None:
    fewest, most = PAPER_LINES
    assert paper_lines(20) == fewest
    assert paper_lines(300) == 5
    assert paper_lines(600) > paper_lines(300)
    assert paper_lines(100_000) == most


def test_open_without_a_placeholder_shows_no_example() -> None:
    html = open_paper(open_question())
    assert "Wat?" in html
    assert escape(t("open.paper_example")) not in html


@pytest.mark.parametrize(
    ("show_as", "key"), [("lijst", "open.paper_key_list"), ("woordwolk", "open.paper_key_cloud")]
)
def test_open_answer_key_only_for_the_trainer(show_as: str, key: str) -> None:
    exercise = open_question(placeholder="Ik denk ...", show_as=show_as)
    plain = open_paper(exercise)
    keyed = open_paper(exercise, answer_key=True)
    for text in (t("open.paper_key"), t("open.paper_key_text"), t(key)):
        assert escape(text) in keyed
        assert escape(text) not in plain
    assert "ss-paper-key" not in plain
    assert keyed.startswith(plain.removesuffix("</div>"))
    assert_no_form_controls(keyed)


def test_open_demo_answer_key() -> None:
    exercise = demo_exercise("open")
    keyed = open_paper(exercise, answer_key=True)
    assert escape(t("open.paper_key_text")) in keyed
    assert escape(t("open.paper_key_text")) not in open_paper(exercise)


@pytest.mark.parametrize("answer_key", [False, True])
def test_open_on_paper_escapes_prompt_and_placeholder(answer_key: bool) -> None:
    exercise = open_question(prompt=f"Wat? {SCRIPT}", placeholder=f"Bv {SCRIPT}")
    html = open_paper(exercise, answer_key=answer_key)
    assert "<script" not in html
    assert escape(f"Wat? {SCRIPT}") in html
    assert escape(f"Bv {SCRIPT}") in html


# --- woordwolk -------------------------------------------------------------------------------


def woordwolk(**fields: Any) -> Woordwolk:
    return Woordwolk.model_validate(
        {"id": "wolk", "type": "woordwolk", "title": "W", "sources": ["bron"], "prompt": "Wat?"}
        | fields
    )


def test_woordwolk_is_registered_with_its_paper_version() -> None:
    assert exercise_type("woordwolk").paper_html is woordwolk_paper


def test_woordwolk_on_paper_shows_the_prompt_the_warning_and_a_line_per_word() -> None:
    exercise = demo_exercise("woordwolk")
    assert exercise.max_words > 1
    html = woordwolk_paper(exercise)
    assert escape(exercise.prompt) in html
    assert escape(t("text.warning")) in html
    assert escape(t("woordwolk.paper_hint", limit=exercise.max_words)) in html
    assert f'style="height:{2 * exercise.max_words}em"' in html
    assert "ss-paper-lines" in html
    assert escape(exercise.title) not in html
    assert_no_form_controls(html)
    assert exercise_on_paper(exercise, answer_key=False) == html


def test_woordwolk_with_one_word_asks_for_one() -> None:
    html = woordwolk_paper(woordwolk(max_words=1))
    assert escape(t("woordwolk.paper_hint_one")) in html
    assert 'style="height:2em"' in html


def test_woordwolk_answer_key_only_for_the_trainer() -> None:
    exercise = demo_exercise("woordwolk")
    plain = woordwolk_paper(exercise)
    keyed = woordwolk_paper(exercise, answer_key=True)
    for text in (t("woordwolk.paper_key"), t("woordwolk.paper_key_text")):
        assert escape(text) in keyed
        assert escape(text) not in plain
    assert "ss-paper-key" not in plain
    assert keyed.startswith(plain.removesuffix("</div>"))
    assert_no_form_controls(keyed)


@pytest.mark.parametrize("answer_key", [False, True])
def test_woordwolk_on_paper_escapes_the_prompt(answer_key: bool) -> None:
    html = woordwolk_paper(woordwolk(prompt=f"Wat? {SCRIPT}"), answer_key=answer_key)
    assert "<script" not in html
    assert escape(f"Wat? {SCRIPT}") in html
