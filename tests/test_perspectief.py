"""The ``perspectief`` type: schema, answers, the summary, the form and the dashboard panel."""

from __future__ import annotations

import base64
import html
import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from samenspraak.app.participant import WorkshopPage
from samenspraak.catalog import load_workshop
from samenspraak.core.aggregate import with_minimum
from samenspraak.core.answers import AnswerProblem
from samenspraak.core.messages import t
from samenspraak.core.records import Answer, Role
from samenspraak.core.store import Store
from samenspraak.exercises import exercise_type
from samenspraak.exercises._shared.base import ResultsPanel
from samenspraak.exercises.perspectief.model import (
    DEFAULT_SCALE,
    Perspectief,
    PerspectiefSummary,
    check_answer,
    dumbbell_png,
    largest_gaps,
    render_html,
    signed,
    summarize,
)
from samenspraak.exercises.perspectief.view import PerspectiefForm, PerspectiefPanel

from .helpers import (
    CONTENT,
    PNG_SIGNATURE,
    answer_rows,
    demo_dashboard,
    html_of,
    join_page,
    load,
    problems,
    replace_once,
    shown,
    status,
    text_of,
    walk,
    workshop_yaml,
    write_yaml,
)
from .panel_html import snapshot_html

XSS = "<script>alert(1)</script>"

# A small valid workshop with one perspectief. The line numbers in the comment below are
# asserted exactly by the tests.
MINI = workshop_yaml(
    """\
  - id: kijk
    type: perspectief
    title: Perspectief
    sources: [bron-een]
    prompt: Hoe zie jij het?
    perspective: ouder
    items:
      - id: een
        label: Een
        text: Eerste uitspraak.
      - id: twee
        label: Twee
        text: Tweede uitspraak.
      - id: drie
        label: Drie
        text: Derde uitspraak.
""",
    title="Mini perspectief",
    description="Een kleine workshop om te testen.",
    source="bron-een",
)
# 10 - id: kijk   15 perspective   16 items   17 - id: een   18 label   19 text
# 20 - id: twee   23 - id: drie


def mutate(*pairs: str) -> str:
    return replace_once(MINI, *pairs)


# --- schema ----------------------------------------------------------------------------------


def test_mini_perspectief_is_valid_with_the_default_scale(tmp_path: Path):
    exercise = load(tmp_path, MINI).exercise("kijk")
    assert isinstance(exercise, Perspectief)
    assert exercise.perspective == "ouder"
    assert exercise.scale == DEFAULT_SCALE
    assert exercise.scale[0] == "Helemaal oneens"
    assert exercise.scale[4] == "Helemaal eens"
    assert [item.id for item in exercise.items] == ["een", "twee", "drie"]


SCHEMA_CASES = {
    "duplicate item id": (
        mutate("      - id: drie\n", "      - id: een\n"),
        (23, "exercises[0].items[2].id", "de id een komt vaker voor in deze oefening"),
    ),
    "missing perspective": (
        mutate("    perspective: ouder\n", ""),
        (10, "exercises[0].perspective", "dit veld ontbreekt"),
    ),
    "label too long": (
        mutate("label: Een", "label: " + "x" * 25),
        (18, "exercises[0].items[0].label", "te lang: maximaal 24 tekens"),
    ),
    "text too long": (
        mutate("text: Eerste uitspraak.", "text: " + "x" * 161),
        (19, "exercises[0].items[0].text", "te lang: maximaal 160 tekens"),
    ),
    "too few items": (
        mutate("      - id: drie\n        label: Drie\n        text: Derde uitspraak.\n", ""),
        (17, "exercises[0].items", "te weinig: minimaal 3"),
    ),
    "too many items": (
        mutate(
            "    items:\n",
            "    items:\n"
            + "".join(
                f"      - id: extra-{i}\n        label: L\n        text: T\n" for i in range(8)
            ),
        ),
        (17, "exercises[0].items", "te veel: maximaal 10"),
    ),
    "scale with four labels": (
        mutate("    perspective: ouder\n", "    perspective: ouder\n    scale: [a, b, c, d]\n"),
        (16, "exercises[0].scale[4]", "dit veld ontbreekt"),
    ),
    "unknown field": (
        mutate("    perspective: ouder\n", "    perspective: ouder\n    perspectief: kind\n"),
        (16, "exercises[0].perspectief", "dit veld kennen we niet; controleer de spelling"),
    ),
    "invalid item id": (
        mutate("id: twee", "id: Twee Twee"),
        (
            20,
            "exercises[0].items[1].id",
            "gebruik alleen kleine letters, cijfers en streepjes (zoals mijn-oefening)",
        ),
    ),
}


@pytest.mark.parametrize("case", SCHEMA_CASES, ids=list(SCHEMA_CASES))
def test_schema_problems_name_file_line_field_and_message(tmp_path: Path, case: str):
    text, expected = SCHEMA_CASES[case]
    assert problems(tmp_path, text) == [expected]


def test_unknown_perspective_lists_the_choices(tmp_path: Path):
    [(line, field, message)] = problems(
        tmp_path, mutate("perspective: ouder", "perspective: buurman")
    )
    assert (line, field) == (15, "exercises[0].perspective")
    assert message == "kies uit 'ouder' of 'kind'"


def test_check_prints_file_line_field_message(tmp_path: Path, capsys: pytest.CaptureFixture):
    from samenspraak.cli import main

    path = write_yaml(tmp_path, mutate("      - id: drie\n", "      - id: een\n"))
    assert main(["check", str(path)]) != 0
    out = capsys.readouterr()
    assert (
        f"{path}:23: exercises[0].items[2].id: de id een komt vaker voor in deze oefening"
        in out.out + out.err
    )


def test_demo_has_a_perspectief_with_trainer_prompts():
    demo = load_workshop("demo", CONTENT)
    exercise = demo.exercise("demo-perspectief")
    assert isinstance(exercise, Perspectief)
    assert exercise.intro.startswith("**Type perspectief.**")
    assert exercise.perspective == "ouder"
    assert 3 <= len(exercise.items) <= 10
    assert "Waar denk je dat ouders anders kijken dan jij? Hoe kun je dat navragen?" in (
        exercise.trainer_notes
    )


# --- answers ---------------------------------------------------------------------------------


@pytest.fixture
def exercise(tmp_path: Path) -> Perspectief:
    return load(tmp_path, MINI).exercise("kijk")


@pytest.fixture
def child(tmp_path: Path) -> Perspectief:
    return load(tmp_path, mutate("perspective: ouder", "perspective: kind")).exercise("kijk")


FULL = {"een": 1, "twee": 3, "drie": 5}


def test_complete_answer_with_guess(exercise):
    raw = {"self": FULL, "guess": {"een": 2, "twee": 2, "drie": 4}}
    assert check_answer(exercise, raw) == raw


def test_answer_as_self_only_has_no_guess(exercise):
    assert check_answer(exercise, {"self": FULL}) == {"self": FULL}


def test_unknown_ids_and_extra_keys_are_dropped(exercise):
    raw = {
        "self": {**FULL, "vier": 2, XSS: 3, "jan@example.nl": 4},
        "guess": {**FULL, "06-12345678": 1},
        "note": XSS,
    }
    assert check_answer(exercise, raw) == {"self": FULL, "guess": FULL}


def incomplete(missing: str) -> str:
    return t("answer.incomplete", missing=missing)


@pytest.mark.parametrize(
    ("raw", "missing"),
    [
        (None, "1, 2, 3"),
        ("3", "1, 2, 3"),
        ([1, 2, 3], "1, 2, 3"),
        (42, "1, 2, 3"),
        ({}, "1, 2, 3"),
        ({"self": None}, "1, 2, 3"),
        ({"self": "alles eens"}, "1, 2, 3"),
        ({"self": {"een": 1}}, "2, 3"),
        ({"self": {"een": 0, "twee": 6, "drie": 3}}, "1, 2"),
        ({"self": {"een": True, "twee": 3.0, "drie": "3"}}, "1, 2, 3"),
        ({"self": {"een": None, "twee": [3], "drie": {"x": 3}}}, "1, 2, 3"),
        ({"self": {"een": "😀", "twee": XSS, "drie": "jan@example.nl"}}, "1, 2, 3"),
        ({"self": FULL, "guess": {}}, "1, 2, 3 (ouder)"),
        ({"self": FULL, "guess": None}, "1, 2, 3 (ouder)"),
        ({"self": FULL, "guess": {"twee": 2}}, "1, 3 (ouder)"),
        ({"self": {"een": 1}, "guess": {"een": 1, "twee": 2}}, "2, 3 (zelf); 3 (ouder)"),
    ],
)
def test_incomplete_and_garbage_answers_are_refused(exercise, raw, missing):
    with pytest.raises(AnswerProblem) as info:
        check_answer(exercise, raw)
    assert info.value.message == incomplete(missing)


def test_the_child_perspective_names_the_child(child):
    with pytest.raises(AnswerProblem) as info:
        check_answer(child, {"self": FULL, "guess": {"een": 2}})
    assert info.value.message == incomplete("2, 3 (kind)")


def test_checked_answers_are_json(exercise):
    raw = {"self": FULL, "guess": FULL}
    assert json.loads(json.dumps(check_answer(exercise, raw))) == raw


# --- summary ---------------------------------------------------------------------------------

NOW = datetime(2025, 3, 1, 12, tzinfo=UTC)


def answer(role: Role, value: Any, n: int = 0) -> Answer:
    return Answer(f"p-{n:08x}", role, "kijk", 1, value, NOW, NOW)


def points(a: int, b: int, c: int) -> dict[str, int]:
    return {"een": a, "twee": b, "drie": c}


GROUP = [
    answer(Role.PROFESSIONAL, {"self": points(4, 2, 5), "guess": points(2, 2, 3)}, 1),
    answer(Role.PROFESSIONAL, {"self": points(5, 3, 4), "guess": points(3, 4, 3)}, 2),
    answer(Role.ANDERS, {"self": points(3, 1, 5), "guess": points(1, 3, 2)}, 3),
    answer(Role.JONGERE, {"self": points(4, 2, 4), "guess": points(2, 1, 4)}, 4),
    answer(Role.OUDER, {"self": points(5, 5, 2)}, 5),
    answer(Role.OUDER, {"self": points(4, 4, 1), "guess": points(1, 1, 1)}, 6),
]
# A professional whose answer lost an item (the content changed): left out entirely.
BROKEN = answer(Role.PROFESSIONAL, {"self": {"een": 5}, "guess": points(5, 5, 5)}, 8)


def test_summary_splits_guessers_and_parents_with_hand_computed_means(exercise):
    summary = summarize(exercise, [*GROUP, BROKEN])
    assert (summary.respondents, summary.guessers, summary.family) == (6, 4, 2)
    een, twee, drie = summary.items
    # Guessers (professional, professional, anders, jongere):
    # een own 4,5,3,4 = 4.0; guess 2,3,1,2 = 2.0; gap -2.0
    assert (een.own_mean, een.own_count, een.guess_mean, een.guess_count, een.gap) == (
        4.0,
        4,
        2.0,
        4,
        -2.0,
    )
    # twee own 2,3,1,2 = 2.0; guess 2,4,3,1 = 2.5; gap +0.5
    assert (twee.own_mean, twee.guess_mean, twee.gap) == (2.0, 2.5, 0.5)
    # drie own 5,4,5,4 = 4.5; guess 3,3,2,4 = 3.0; gap -1.5
    assert (drie.own_mean, drie.guess_mean, drie.gap) == (4.5, 3.0, -1.5)
    # Parents' own view; a parent's guess never counts as a guess.
    assert [(i.family_mean, i.family_count) for i in summary.items] == [
        (4.5, 2),
        (4.5, 2),
        (1.5, 2),
    ]
    assert [i.label for i in summary.items] == ["Een", "Twee", "Drie"]


def test_summary_for_the_child_counts_young_people_as_the_family(child):
    summary = summarize(child, GROUP)
    assert (summary.guessers, summary.family) == (5, 1)
    een = summary.items[0]
    # Guessers now include both parents (5 and 4 own; only the second guessed: 1).
    # own 4,5,3,5,4 = 4.2; guess 2,3,1,1 = 1.75; gap 1.75 - 4.2 = -2.45
    assert (een.own_mean, een.own_count, een.guess_mean, een.guess_count) == (4.2, 5, 1.75, 4)
    assert een.gap == -2.45
    assert (een.family_mean, een.family_count) == (4.0, 1)


def test_gap_is_rounded_from_exact_means(exercise):
    group = [
        answer(Role.PROFESSIONAL, {"self": points(1, 1, 1), "guess": points(2, 1, 1)}, 1),
        answer(Role.PROFESSIONAL, {"self": points(1, 1, 1), "guess": points(2, 1, 1)}, 2),
        answer(Role.PROFESSIONAL, {"self": points(2, 1, 1), "guess": points(3, 1, 1)}, 3),
    ]
    een = summarize(exercise, group).items[0]
    # own 4/3 = 1.33; guess 7/3 = 2.33; gap exactly 1.0
    assert (een.own_mean, een.guess_mean, een.gap) == (1.33, 2.33, 1.0)


def test_summary_of_nobody(exercise):
    summary = summarize(exercise, [])
    assert (summary.respondents, summary.guessers, summary.family) == (0, 0, 0)
    assert all(
        (i.own_mean, i.own_count, i.guess_mean, i.gap, i.family_mean) == (0.0, 0, 0.0, 0.0, 0.0)
        for i in summary.items
    )


def test_summary_of_parents_only_has_no_gap(exercise):
    summary = summarize(exercise, [a for a in GROUP if a.role == Role.OUDER])
    assert (summary.guessers, summary.family) == (0, 2)
    assert all(i.gap == 0.0 and i.guess_count == 0 for i in summary.items)


def test_largest_gaps_marks_the_two_biggest_and_ties():
    summary = summarize_of_gaps([-2.0, 0.5, -1.5])
    assert largest_gaps(summary.items) == {"een", "drie"}
    summary = summarize_of_gaps([1.0, -1.0, 1.0])
    assert largest_gaps(summary.items) == {"een", "twee", "drie"}
    summary = summarize_of_gaps([0.0, 0.25, 0.0])
    assert largest_gaps(summary.items) == frozenset()  # too small to discuss
    summary = summarize_of_gaps([0.0, 3.0, 0.25])
    assert largest_gaps(summary.items) == {"twee"}


def summarize_of_gaps(gaps: list[float]) -> PerspectiefSummary:
    from samenspraak.exercises.perspectief.model import ItemResult

    items = tuple(
        ItemResult(iid, iid, iid, 3.0, 5, 3.0 + gap, 5, gap, 0.0, 0)
        for iid, gap in zip(("een", "twee", "drie"), gaps, strict=True)
    )
    return PerspectiefSummary(5, 5, 0, items)


def test_signed_numbers_use_a_comma_and_a_sign():
    assert signed(1.5) == "+1,5"
    assert signed(-0.5) == "−0,5"
    assert signed(0.0) == "0,0"
    assert signed(-0.04) == "0,0"


# --- the dashboard panel ---------------------------------------------------------------------


def rows_of(markup: str) -> dict[str, dict[str, str]]:
    """The data attributes of each result row, by item id."""
    rows = {}
    for tag in re.findall(r'<tr class="ss-perspectief-result[^"]*"[^>]*>', markup):
        attributes = dict(re.findall(r'data-([a-z-]+)="([^"]*)"', tag))
        rows[attributes.pop("item")] = attributes
    return rows


def panel(exercise: Perspectief, minimum: int, answers: list[Answer]) -> PerspectiefPanel:
    view = PerspectiefPanel(exercise)
    view.minimum = minimum
    view.update(with_minimum(summarize, exercise, answers, minimum), len(answers))
    return view


def test_panel_shows_own_guess_gap_and_parents(exercise):
    view = panel(exercise, 2, GROUP)
    markup = html_of(view)
    assert rows_of(markup) == {
        "een": {
            "own": "4.00",
            "own-n": "4",
            "guess": "2.00",
            "guess-n": "4",
            "gap": "-2.00",
            "family": "4.50",
            "family-n": "2",
        },
        "twee": {
            "own": "2.00",
            "own-n": "4",
            "guess": "2.50",
            "guess-n": "4",
            "gap": "0.50",
            "family": "4.50",
            "family-n": "2",
        },
        "drie": {
            "own": "4.50",
            "own-n": "4",
            "guess": "3.00",
            "guess-n": "4",
            "gap": "-1.50",
            "family": "1.50",
            "family-n": "2",
        },
    }
    assert 'data-guessers="4" data-family="2"' in markup
    text = text_of(markup)
    for header in ("Zelf", "Gok: zo ziet de ouder het", "Verschil", "Ouders zelf"):
        assert header in text
    assert "−2,0 ★" in text
    assert "−1,5 ★" in text
    assert "+0,5" in text
    assert "+0,5 ★" not in text
    assert markup.count("ss-perspectief-big") == 2
    assert t("perspectief.counts", guessers=4, groups="ouders", family=2) in text
    charts = [
        w.value
        for w in walk(view)
        if 'class="ss-perspectief-chart"' in str(getattr(w, "value", ""))
    ]
    assert len(charts) == 1
    data = re.search(r'src="data:image/png;base64,([^"]+)"', charts[0])[1]
    assert base64.b64decode(data).startswith(PNG_SIGNATURE)
    assert html.escape(t("perspectief.chart_alt")) in charts[0]


def test_panel_hides_the_parents_until_the_minimum(exercise):
    view = panel(exercise, 3, GROUP)  # 2 parents, 4 guessers
    markup = html_of(view)
    text = text_of(markup)
    assert "2 ouders deden mee. Hun eigen antwoorden verschijnen vanaf 3." in text
    assert "Ouders zelf" not in text
    assert "data-family=" not in markup.split("ss-perspectief-counts", 1)[1].split("</p>", 1)[1]
    assert all("family" not in row for row in rows_of(markup).values())
    assert rows_of(markup)["een"]["gap"] == "-2.00"


def test_panel_with_one_parent_and_with_none(exercise):
    one = [a for a in GROUP if a.pseudonym != "p-00000006"]
    assert "1 ouder deed mee. De eigen antwoorden van ouders verschijnen vanaf 2." in text_of(
        html_of(panel(exercise, 2, one))
    )
    none = [a for a in GROUP if a.role != Role.OUDER]
    assert "Doen er ouders mee? Dan verschijnen hun eigen antwoorden hier vanaf 2." in text_of(
        html_of(panel(exercise, 2, none))
    )


def test_panel_hides_a_small_group_of_guessers_too(exercise):
    """Three parents and one professional: the one professional's answers stay hidden."""
    group = [
        answer(Role.OUDER, {"self": points(5, 5, 2)}, 1),
        answer(Role.OUDER, {"self": points(4, 4, 1)}, 2),
        answer(Role.OUDER, {"self": points(3, 3, 3)}, 3),
        answer(Role.PROFESSIONAL, {"self": points(1, 2, 3), "guess": points(5, 4, 3)}, 4),
    ]
    view = panel(exercise, 3, group)
    markup = html_of(view)
    assert "Zelf en gok verschijnen vanaf 3 antwoorden met een gok. Nu zijn het er 1." in (
        text_of(markup)
    )
    rows = rows_of(markup)
    assert rows["een"] == {"family": "4.00", "family-n": "3"}
    assert "data-own=" not in markup
    assert "data-gap=" not in markup


def test_panel_waits_for_the_whole_minimum(exercise):
    view = panel(exercise, 5, GROUP[:2])
    assert text_of(view.status.value) == t("dash.waiting", count=2, minimum=5)
    assert view.body.children == ()


def test_panel_escapes_content_text(tmp_path: Path):
    text = mutate("label: Een", "label: <b>x</b>", "text: Eerste uitspraak.", f'text: "{XSS}"')
    exercise = load(tmp_path, text).exercise("kijk")
    markup = html_of(panel(exercise, 1, GROUP))
    assert "<script>" not in markup
    assert "<b>x</b>" not in markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    assert "&lt;b&gt;x&lt;/b&gt;" in markup


def test_panel_never_shows_keys_a_participant_made_up(exercise):
    group = [
        answer(
            Role.PROFESSIONAL, {"self": {**points(3, 3, 3), XSS: 5}, "guess": points(3, 3, 3)}, n
        )
        for n in range(3)
    ]
    markup = html_of(panel(exercise, 1, group))
    assert "alert" not in markup


def test_chart_is_drawn_again_only_when_the_numbers_change(exercise, monkeypatch):
    import samenspraak.exercises.perspectief.view as module

    calls = []
    real = module.dumbbell_png

    def counting(*args: Any) -> bytes:
        calls.append(args)
        return real(*args)

    monkeypatch.setattr(module, "dumbbell_png", counting)
    view = panel(exercise, 2, GROUP)
    view.update(summarize(exercise, GROUP), len(GROUP))
    assert len(calls) == 1
    view.update(summarize(exercise, GROUP[:-1]), len(GROUP) - 1)  # one parent fewer
    assert len(calls) == 2


def test_dumbbell_png_draws_every_combination(exercise):
    summary = summarize(exercise, GROUP)
    for own, family in ((True, True), (True, False), (False, True)):
        png = dumbbell_png(exercise, summary, own, family)
        assert png.startswith(PNG_SIGNATURE)
        assert len(png) > 5000


# --- render_html: the group's results as static HTML -----------------------------------------

IMG = re.compile(r'<img [^>]*src="data:image/png;base64,([A-Za-z0-9+/=]+)"[^>]*>')


def pictures(markup: str) -> list[bytes]:
    return [base64.b64decode(data) for data in IMG.findall(markup)]


def body_snapshot(panel: ResultsPanel) -> str:
    """What ``snapshot`` made of the panel's results (the old way to share them)."""
    return "".join(snapshot_html(child) for child in panel.body.children)


def test_render_html_shows_the_table_and_the_chart_as_the_panel_does(exercise):
    summary = summarize(exercise, GROUP)
    markup = render_html(exercise, summary, minimum=2)
    view = panel(exercise, 2, GROUP)
    assert rows_of(markup) == rows_of(html_of(view))
    assert rows_of(markup)["een"]["gap"] == "-2.00"
    assert rows_of(markup)["drie"]["family"] == "1.50"
    assert 'data-guessers="4" data-family="2"' in markup
    text = text_of(markup)
    for shown_text in ("Zelf", "Gok: zo ziet de ouder het", "Ouders zelf", "−2,0 ★", "+0,5"):
        assert shown_text in text
    assert t("perspectief.legend", who="de ouder") in text
    # the same visible text, classes and numbers as the panel's snapshot; the chart a picture
    snapshot = body_snapshot(view)
    assert text_of(markup) == text_of(snapshot)
    assert IMG.sub("", markup) == IMG.sub("", snapshot)
    [png] = pictures(markup)
    assert png.startswith(PNG_SIGNATURE)
    assert pictures(snapshot) == [png]
    assert f'alt="{html.escape(t("perspectief.chart_alt"))}"' in markup
    assert "ss-perspectief-chart" in markup
    for control in ("<button", "<input", "<select", "<textarea"):
        assert control not in markup


def test_render_html_applies_the_minimum_to_each_subgroup(exercise):
    summary = summarize(exercise, GROUP)  # 4 guessers, 2 parents
    markup = render_html(exercise, summary, minimum=3)
    assert text_of(markup) == text_of(body_snapshot(panel(exercise, 3, GROUP)))
    assert "2 ouders deden mee. Hun eigen antwoorden verschijnen vanaf 3." in text_of(markup)
    assert "Ouders zelf" not in text_of(markup)
    assert all("family" not in row for row in rows_of(markup).values())
    assert len(pictures(markup)) == 1
    markup = render_html(exercise, summary, minimum=5)  # neither subgroup is big enough
    assert rows_of(markup) == {}
    assert pictures(markup) == []
    assert "Nu zijn het er 4." in text_of(markup)
    # the default minimum of 1 shows everything; nothing can be hidden here
    assert render_html(exercise, summary, hidden=frozenset({"een"})).count('data-item="een"') == 1


def test_render_html_escapes_content_and_drops_made_up_keys(tmp_path: Path):
    text = mutate("label: Een", "label: <b>x</b>", "text: Eerste uitspraak.", f'text: "{XSS}"')
    exercise = load(tmp_path, text).exercise("kijk")
    group = [
        *GROUP,
        answer(Role.PROFESSIONAL, {"self": {**points(3, 3, 3), XSS: 5}, "guess": points(3, 3, 3)}),
    ]
    markup = render_html(exercise, summarize(exercise, group), minimum=1)
    assert "<script>" not in markup
    assert "<b>x</b>" not in markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    assert "&lt;b&gt;x&lt;/b&gt;" in markup
    assert markup.count("alert") == 1  # the content's text only, never the made-up key


# --- the participant's form ------------------------------------------------------------------

DEMO = load_workshop("demo", CONTENT)
DEMO_ID = "demo-perspectief"
DEMO_ITEMS = [item.id for item in DEMO.exercise(DEMO_ID).items]


def stored(store: Store) -> list[Any]:
    """The value of each answer to the demo perspectief in the SQLite file."""
    return [value for _pid, _eid, value in answer_rows(store, DEMO_ID)]


@pytest.fixture
def session(store: Store):
    return store.create_session("demo", min_group_size=2)


def joined(store: Store, code: str, role: str | None, personal: str = "") -> WorkshopPage:
    return join_page(DEMO, store, code, role, personal=personal, show=[DEMO_ID])


def form_of(page: WorkshopPage) -> PerspectiefForm:
    form = page.show(DEMO_ID)
    assert isinstance(form, PerspectiefForm)
    return form


def fill(form: PerspectiefForm, own: list[int], guess: list[int] | None = None) -> None:
    for iid, point in zip(DEMO_ITEMS, own, strict=True):
        form.own[iid].value = point
    for iid, point in zip(DEMO_ITEMS, guess or [], strict=bool(guess)):
        form.guess[iid].value = point


OWN = [4, 5, 2, 5, 3, 5]
GUESS = [5, 3, 3, 2, 4, 2]


def test_a_professional_sees_both_rows(store, session):
    form = form_of(joined(store, session.code, "professional"))
    assert all(shown(row) for row in form.guess_rows)
    markup = text_of(html_of(form))
    assert "Zelf: zo zie ik het" in markup
    assert "Zoals de ouder het ziet" in markup
    assert "hoe denk je dat de ouder het ziet?" in markup
    assert "1 = Helemaal oneens" in markup
    assert "5 = Helemaal eens" in markup
    toggle = form.own[DEMO_ITEMS[0]]
    assert tuple(toggle._options_labels) == ("1", "2", "3", "4", "5")
    assert toggle.tooltips[0] == "1 = Helemaal oneens"
    assert "ss-perspectief-self" in toggle._dom_classes
    assert "ss-perspectief-guess" in form.guess[DEMO_ITEMS[0]]._dom_classes


def test_a_professional_must_answer_both_rows(store, session):
    form = form_of(joined(store, session.code, "professional"))
    fill(form, OWN)
    form.guess[DEMO_ITEMS[1]].value = 3
    form.save_button.click()
    assert status(form) == incomplete("1, 3, 4, 5, 6 (ouder)")
    assert stored(store) == []
    fill(form, OWN, GUESS)
    form.own[DEMO_ITEMS[2]].value = None
    form.save_button.click()
    assert status(form) == incomplete("3 (zelf)")
    form.own[DEMO_ITEMS[2]].value = 2
    form.save_button.click()
    assert status(form) == t("answer.saved")
    assert stored(store) == [
        {
            "self": dict(zip(DEMO_ITEMS, OWN, strict=True)),
            "guess": dict(zip(DEMO_ITEMS, GUESS, strict=True)),
        }
    ]
    form.guess[DEMO_ITEMS[0]].value = 1
    assert status(form) == t("answer.unsaved")
    form.save_button.click()
    assert status(form) == t("answer.updated")
    assert len(stored(store)) == 1
    assert stored(store)[0]["guess"][DEMO_ITEMS[0]] == 1


def test_a_parent_answers_only_as_themselves(store, session):
    form = form_of(joined(store, session.code, "ouder"))
    assert not any(shown(row) for row in form.guess_rows)
    markup = text_of(html_of(form))
    assert "Zo zie ik het" in markup
    assert "Zelf: zo zie ik het" not in markup
    assert t("perspectief.help_self") in markup
    form.save_button.click()
    assert status(form) == incomplete("1, 2, 3, 4, 5, 6")
    fill(form, OWN)
    form.save_button.click()
    assert status(form) == t("answer.saved")
    assert stored(store) == [{"self": dict(zip(DEMO_ITEMS, OWN, strict=True))}]


def test_young_people_guess_the_parent_and_answer_the_child_perspective(store, session, child):
    form = form_of(joined(store, session.code, "jongere"))
    assert all(shown(row) for row in form.guess_rows)
    registered = PerspectiefForm(child, check_answer)
    assert all(shown(row) for row in registered.guess_rows)
    assert "Zoals het kind het ziet" in text_of(html_of(registered))
    registered.set_role(Role.JONGERE)
    assert not any(shown(row) for row in registered.guess_rows)
    assert registered.raw_value() == {"self": {}}
    registered.set_role(Role.OUDER)
    assert all(shown(row) for row in registered.guess_rows)
    assert registered.raw_value() == {"self": {}, "guess": {}}


def test_working_alone_shows_both_rows_and_asks_to_join(store):
    page = WorkshopPage(DEMO, store)
    form = form_of(page)
    assert all(shown(row) for row in form.guess_rows)
    fill(form, OWN, GUESS)
    form.save_button.click()
    assert status(form) == t("join.first")
    assert stored(store) == []


def test_rejoining_puts_the_answers_back(store, session):
    page = joined(store, session.code, "professional")
    form = form_of(page)
    fill(form, OWN, GUESS)
    form.save_button.click()
    again = form_of(joined(store, session.code, None, personal=page.participant.personal_code))
    assert again.raw_value() == {
        "self": dict(zip(DEMO_ITEMS, OWN, strict=True)),
        "guess": dict(zip(DEMO_ITEMS, GUESS, strict=True)),
    }
    assert status(again) == t("answer.restored")

    parent = joined(store, session.code, "ouder")
    form = form_of(parent)
    fill(form, OWN)
    form.save_button.click()
    back = form_of(joined(store, session.code, None, personal=parent.participant.personal_code))
    assert not any(shown(row) for row in back.guess_rows)
    assert back.raw_value() == {"self": dict(zip(DEMO_ITEMS, OWN, strict=True))}


def test_set_value_ignores_garbage(store, session):
    form = form_of(joined(store, session.code, "professional"))
    form.set_value(None)
    form.set_value({"self": "kapot", "guess": {DEMO_ITEMS[0]: 9, "onbekend": 3, DEMO_ITEMS[1]: 2}})
    assert form.raw_value() == {"self": {}, "guess": {DEMO_ITEMS[1]: 2}}


def test_four_pages_feed_the_dashboard(store):
    dashboard, session = demo_dashboard(store, 2)
    view = dashboard.session_view
    pros = [form_of(joined(store, session.code, "professional")) for _ in range(2)]
    parents = [form_of(joined(store, session.code, "ouder")) for _ in range(2)]
    fill(pros[0], [4, 5, 2, 5, 4, 5], [5, 3, 3, 2, 4, 3])
    fill(pros[1], [3, 4, 2, 4, 3, 5], [5, 3, 2, 3, 5, 2])
    fill(parents[0], [5, 5, 1, 5, 2, 4])
    fill(parents[1], [5, 4, 1, 5, 3, 5])
    for form in (*pros, *parents):
        assert form.submit()
    view.refresh()
    rows = rows_of(html_of(view.panels[DEMO_ID]))
    assert rows["ouder-kent-kind"] == {
        "own": "3.50",
        "own-n": "2",
        "guess": "5.00",
        "guess-n": "2",
        "gap": "1.50",
        "family": "5.00",
        "family-n": "2",
    }
    assert (rows["leefkennis"]["gap"], rows["leefkennis"]["family"]) == ("-2.50", "4.50")
    assert (rows["gesprek-thuis"]["guess"], rows["gesprek-thuis"]["family"]) == ("4.50", "2.50")


def test_perspectief_is_registered_with_its_css():
    registered = exercise_type("perspectief")
    assert registered.schema is Perspectief
    assert registered.participant_view is PerspectiefForm
    assert registered.dashboard_panel is PerspectiefPanel
    assert ".ss-perspectief-row" in "".join(registered.css)
    assert "@media (max-width: 600px)" in "".join(registered.css)
    assert not re.search(
        r"(?<![-a-z])width:\s*\d+px", "".join(registered.css)
    )  # nothing fixed and wide


# --- on paper --------------------------------------------------------------------------------


def paper_of(exercise: Perspectief, *, answer_key: bool = False) -> str:
    from samenspraak.exercises.perspectief.model import paper_html

    return paper_html(exercise, answer_key=answer_key)


def test_paper_shows_every_statement_with_both_rows_and_the_scale():
    from samenspraak.core.html import escape

    demo = load_workshop("demo").exercise(DEMO_ID)
    paper = paper_of(demo)
    assert escape(demo.prompt) in paper
    assert escape(t("perspectief.help_both", who=t("perspectief.who_ouder"))) in paper
    for n, item in enumerate(demo.items, start=1):
        assert f"<b>{n}.</b> {escape(item.text)}" in paper
    for label in demo.scale:
        assert escape(label) in paper
    # per statement a row for one's own view and one for the guess, each with a box per point
    assert paper.count(escape(t("perspectief.self"))) == len(demo.items) + 1  # and in the hint
    assert paper.count(escape(t("perspectief.guess_ouder"))) == len(demo.items)
    assert paper.count("<td>1 ☐</td>") == paper.count("<td>5 ☐</td>") == 2 * len(demo.items)
    # a parent joining in fills in only their own view, as the form asks
    assert escape(t("perspectief.paper_self_only_ouder", row=t("perspectief.self"))) in paper
    assert "<button" not in paper
    assert "<input" not in paper


def test_paper_for_the_child_names_the_child(child):
    paper = paper_of(child)
    assert t("perspectief.guess_kind") in paper
    assert t("perspectief.guess_ouder") not in paper
    assert t("perspectief.paper_self_only_kind", row="")[:20] in paper


def test_only_the_answer_key_names_the_dashboard_labels():
    from samenspraak.core.html import escape

    demo = load_workshop("demo").exercise(DEMO_ID)
    paper, key = paper_of(demo), paper_of(demo, answer_key=True)
    assert "ss-paper-key" not in paper
    assert 'class="ss-paper-key"' in key
    assert t("perspectief.paper_key_text") in key
    assert t("perspectief.paper_key_text") not in paper
    labels = "".join(f"<li>{escape(item.label)}</li>" for item in demo.items)
    assert f"<ol>{labels}</ol>" in key
    for item in demo.items:
        assert escape(item.label) not in paper
    assert key.startswith(paper.removesuffix("</div>"))  # the same sheet, then the key


def test_paper_escapes_content_text():
    demo = load_workshop("demo").exercise(DEMO_ID)
    items = [demo.items[0].model_copy(update={"text": XSS, "label": XSS}), *demo.items[1:]]
    scale = (XSS, *demo.scale[1:])
    exercise = demo.model_copy(update={"prompt": XSS, "items": items, "scale": scale})
    for answer_key in (False, True):
        paper = paper_of(exercise, answer_key=answer_key)
        assert "<script>" not in paper
        assert paper.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 3 + answer_key


def test_perspectief_draws_itself_on_paper():
    from samenspraak.exercises.perspectief.model import paper_html

    assert exercise_type("perspectief").paper_html is paper_html
    assert ".ss-paper-perspectief" in "".join(exercise_type("perspectief").css)
