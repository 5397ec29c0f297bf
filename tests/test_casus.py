"""The ``casus`` type: schema and its cross-checks, answers, the summary, the form and the panel."""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pytest

from samenspraak.app.participant import WorkshopPage
from samenspraak.catalog import load_workshop
from samenspraak.core.answers import AnswerProblem
from samenspraak.core.messages import t
from samenspraak.core.records import Answer, Role
from samenspraak.core.store import Store
from samenspraak.exercises import exercise_type
from samenspraak.exercises._shared.base import ResultsPanel
from samenspraak.exercises.casus.model import (
    Casus,
    CasusSummary,
    RouteNode,
    check_answer,
    excerpt,
    render_html,
    summarize,
)
from samenspraak.exercises.casus.view import CasusForm

from .helpers import (
    CONTENT,
    answer_rows,
    check_lines,
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
)
from .panel_html import snapshot_html

XSS = "<img src=x onerror=alert(1)>"

# A small valid workshop with one casus. Line numbers are on the right of the comment below,
# because the tests assert them exactly.
MINI = workshop_yaml(
    """\
  - id: de-casus
    type: casus
    title: Casus
    sources: [bron-een]
    case: Een verzonnen gezin.
    start: begin
    steps:
      - id: begin
        text: Moeder is het niet eens met het plan.
        choices:
          - label: Uitleggen
            next: uitleg
            consequence: Moeder hangt op.
          - label: Luisteren
            next: einde-samen
      - id: uitleg
        text: Moeder komt niet.
        choices:
          - label: Dreigen
            next: einde-ver
          - label: Sorry zeggen
            next: einde-samen
      - id: einde-ver
        text: Het contact is weg.
      - id: einde-samen
        text: Jullie maken samen een plan.
    debrief:
      - id: overgenomen
        text: Waar nam jij het over?
      - id: nodig
        text: Wat had de ouder nodig?
""",
    title="Mini casus",
    description="Een kleine workshop om te testen.",
    source="bron-een",
)
# 10 - id: de-casus    17 - id: begin      25 - id: uitleg        32 - id: einde-ver
# 14   case            19   choices:       27   choices:          34 - id: einde-samen
# 15   start           20   - label        28   - label Dreigen   36 debrief:
# 16   steps:          21     next         29     next einde-ver  37 - id: overgenomen
#                      23   - label        30   - label Sorry     39 - id: nodig
#                                          31     next einde-samen

ENDINGS = (
    "      - id: einde-ver\n        text: Het contact is weg.\n"
    "      - id: einde-samen\n        text: Jullie maken samen een plan.\n"
)
EXTRA_STEP = "        text: Jullie maken samen een plan.\n"
LOOPING_ENDINGS = (
    "      - id: einde-ver\n        text: Het contact is weg.\n        choices:\n"
    "          - label: Nog eens\n            next: begin\n"
    "      - id: einde-samen\n        text: Jullie maken samen een plan.\n        choices:\n"
    "          - label: Nog eens\n            next: begin\n"
)


def mutate(*pairs: str) -> str:
    """``MINI`` with ``old, new`` pairs replaced; each ``old`` must occur exactly once."""
    return replace_once(MINI, *pairs)


def mini(tmp_path: Path) -> Casus:
    exercise = load(tmp_path, MINI).exercise("de-casus")
    assert isinstance(exercise, Casus)
    return exercise


# --- schema --------------------------------------------------------------------------------


def test_mini_casus_is_valid(tmp_path: Path):
    exercise = mini(tmp_path)
    assert [s.id for s in exercise.steps] == ["begin", "uitleg", "einde-ver", "einde-samen"]
    assert [s.is_ending for s in exercise.steps] == [False, False, True, True]
    assert exercise.steps[0].choices[0].consequence == "Moeder hangt op."
    assert exercise.steps[0].choices[1].consequence is None


STEPS = "exercises[0].steps"
CROSS_CASES = {
    "duplicate step id": (
        mutate(EXTRA_STEP, EXTRA_STEP + "      - id: einde-samen\n        text: Nog een.\n"),
        {(36, f"{STEPS}[4].id", "de stap einde-samen komt vaker voor in deze casus")},
    ),
    "start that does not exist": (
        mutate("start: begin", "start: beginnen"),
        {
            (
                15,
                "exercises[0].start",
                "de startstap beginnen bestaat niet; stappen: begin, uitleg, einde-ver, "
                "einde-samen",
            )
        },
    ),
    "next that does not exist": (
        mutate("next: einde-ver", "next: einde-weg"),
        {
            (
                29,
                f"{STEPS}[1].choices[0].next",
                "de stap einde-weg bestaat niet; stappen: begin, uitleg, einde-ver, einde-samen",
            ),
            # einde-ver lost its only way in
            (32, f"{STEPS}[2].id", "deze stap is vanaf de start (begin) niet te bereiken"),
        },
    ),
    "step that cannot be reached": (
        mutate(EXTRA_STEP, EXTRA_STEP + "      - id: los\n        text: Niemand komt hier.\n"),
        {(36, f"{STEPS}[4].id", "deze stap is vanaf de start (begin) niet te bereiken")},
    ),
    "choice that leads back": (
        mutate(
            "            next: einde-samen\n      - id: einde-ver",
            "            next: begin\n      - id: einde-ver",
        ),
        {
            (
                31,
                f"{STEPS}[1].choices[1].next",
                "deze keuze leidt terug naar stap begin; een route mag niet rondlopen",
            )
        },
    ),
    "choice that leads to its own step": (
        mutate("next: uitleg", "next: begin"),
        {
            (
                21,
                f"{STEPS}[0].choices[0].next",
                "deze keuze leidt terug naar stap begin; een route mag niet rondlopen",
            ),
            (25, f"{STEPS}[1].id", "deze stap is vanaf de start (begin) niet te bereiken"),
            (32, f"{STEPS}[2].id", "deze stap is vanaf de start (begin) niet te bereiken"),
        },
    ),
    "no ending": (
        mutate(ENDINGS, LOOPING_ENDINGS),
        {
            (17, STEPS, "er is geen einde: geef minstens één stap geen keuzes"),
            (
                36,
                f"{STEPS}[2].choices[0].next",
                "deze keuze leidt terug naar stap begin; een route mag niet rondlopen",
            ),
            (
                41,
                f"{STEPS}[3].choices[0].next",
                "deze keuze leidt terug naar stap begin; een route mag niet rondlopen",
            ),
        },
    ),
    "duplicate debrief question": (
        mutate("id: nodig", "id: overgenomen"),
        {(39, "exercises[0].debrief[1].id", "de vraag overgenomen komt vaker voor in deze casus")},
    ),
}


@pytest.mark.parametrize("case", CROSS_CASES.values(), ids=CROSS_CASES.keys())
def test_cross_check_problems_are_located(tmp_path: Path, case):
    text, expected = case
    assert set(problems(tmp_path, text)) == expected


def _choices(n: int) -> str:
    return "".join(f"          - label: Keuze {i}\n            next: einde-ver\n" for i in range(n))


FIELD_CASES = {
    "five choices": (
        mutate(
            "            consequence: Moeder hangt op.\n",
            "            consequence: Moeder hangt op.\n" + _choices(3),
        ),
        (20, f"{STEPS}[0].choices", "te veel: maximaal 4"),
    ),
    "one step": (
        mutate(
            "      - id: begin\n        text: Moeder is het niet eens met het plan.\n"
            "        choices:\n          - label: Uitleggen\n            next: uitleg\n"
            "            consequence: Moeder hangt op.\n          - label: Luisteren\n"
            "            next: einde-samen\n      - id: uitleg\n        text: Moeder komt niet.\n"
            "        choices:\n          - label: Dreigen\n            next: einde-ver\n"
            "          - label: Sorry zeggen\n            next: einde-samen\n" + ENDINGS,
            "      - id: begin\n        text: Alleen een begin.\n",
        ),
        (17, STEPS, "te weinig: minimaal 2"),
    ),
    "label too long": (
        mutate("label: Dreigen", "label: " + "d" * 121),
        (28, f"{STEPS}[1].choices[0].label", "te lang: maximaal 120 tekens"),
    ),
    "consequence too long": (
        mutate("consequence: Moeder hangt op.", "consequence: " + "c" * 401),
        (22, f"{STEPS}[0].choices[0].consequence", "te lang: maximaal 400 tekens"),
    ),
    "step text too long": (
        mutate("text: Moeder komt niet.", "text: " + "m" * 1001),
        (26, f"{STEPS}[1].text", "te lang: maximaal 1000 tekens"),
    ),
    "step id not a slug": (
        mutate("- id: uitleg", "- id: Uit_leg"),
        (
            25,
            f"{STEPS}[1].id",
            "gebruik alleen kleine letters, cijfers en streepjes (zoals mijn-oefening)",
        ),
    ),
    "choice without next": (
        mutate("            next: einde-ver\n", ""),
        (28, f"{STEPS}[1].choices[0].next", "dit veld ontbreekt"),
    ),
    "unknown field in a step": (
        mutate(
            "        text: Moeder komt niet.\n",
            "        text: Moeder komt niet.\n        titel: x\n",
        ),
        (27, f"{STEPS}[1].titel", "dit veld kennen we niet; controleer de spelling"),
    ),
    "no debrief questions": (
        mutate(
            "    debrief:\n      - id: overgenomen\n        text: Waar nam jij het over?\n"
            "      - id: nodig\n        text: Wat had de ouder nodig?\n",
            "    debrief: []\n",
        ),
        (36, "exercises[0].debrief", "te weinig: minimaal 1"),
    ),
    "five debrief questions": (
        mutate(
            "        text: Wat had de ouder nodig?\n",
            "        text: Wat had de ouder nodig?\n"
            + "".join(f"      - id: vraag-{i}\n        text: Vraag {i}?\n" for i in range(3)),
        ),
        (37, "exercises[0].debrief", "te veel: maximaal 4"),
    ),
    "case missing": (
        mutate("    case: Een verzonnen gezin.\n", ""),
        (10, "exercises[0].case", "dit veld ontbreekt"),
    ),
}


@pytest.mark.parametrize("case", FIELD_CASES.values(), ids=FIELD_CASES.keys())
def test_field_problems_are_located(tmp_path: Path, case):
    text, expected = case
    assert set(problems(tmp_path, text)) == {expected}


def test_check_prints_file_line_field_message(tmp_path: Path):
    path, lines = check_lines(tmp_path, mutate("start: begin", "start: beginnen"))
    assert lines == [
        f"{path}:15: exercises[0].start: de startstap beginnen bestaat niet; stappen: begin, "
        "uitleg, einde-ver, einde-samen"
    ]


def test_demo_has_a_casus_with_endings_and_debrief():
    demo = load_workshop("demo", CONTENT)
    exercise = demo.exercise("demo-casus")
    assert exercise.type == "casus"
    assert exercise.intro.startswith("**Type casus.**")
    decisions = [s for s in exercise.steps if not s.is_ending]
    endings = [s for s in exercise.steps if s.is_ending]
    assert 3 <= len(decisions) <= 4
    assert 2 <= len(endings) <= 3
    assert set(exercise.sources) <= {s.id for s in demo.sources}


# --- check_answer --------------------------------------------------------------------------


@pytest.fixture
def casus(tmp_path: Path) -> Casus:
    return mini(tmp_path)


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        (None, "casus.invalid"),
        ("0,1", "casus.invalid"),
        (42, "casus.invalid"),
        ([0, 1], "casus.invalid"),
        ({}, "casus.invalid"),
        ({"path": None}, "casus.invalid"),
        ({"path": "01"}, "casus.invalid"),
        ({"path": {"0": 1}}, "casus.invalid"),
        ({"path": []}, "answer.choose"),
        ({"path": [2]}, "casus.invalid"),  # begin has two choices
        ({"path": [-1]}, "casus.invalid"),
        ({"path": [0, 0, 0]}, "casus.invalid"),  # einde-ver is an ending: no third choice
        ({"path": [True]}, "casus.invalid"),
        ({"path": [0.0]}, "casus.invalid"),
        ({"path": ["0"]}, "casus.invalid"),
        ({"path": [None]}, "casus.invalid"),
        ({"path": [0] * 10_000}, "casus.invalid"),
        ({"path": [1], "debrief": "tekst"}, "casus.invalid"),
        ({"path": [1], "debrief": ["tekst"]}, "casus.invalid"),
        ({"path": [0], "debrief": {"nodig": "Rust."}}, "casus.not_finished"),
        ({"path": [1], "debrief": {"nodig": "   "}}, "casus.debrief_empty"),
        ({"path": [1], "debrief": {"onbekend": "Rust."}}, "casus.debrief_empty"),
        ({"path": [1], "debrief": {"nodig": 7, "overgenomen": None}}, "casus.debrief_empty"),
    ],
)
def test_garbage_and_incomplete_answers_are_refused(casus, raw, key):
    with pytest.raises(AnswerProblem) as info:
        check_answer(casus, raw)
    assert info.value.message == t(key)


@pytest.mark.parametrize(
    ("path", "debrief"),
    [([0], {}), ([0, 1], {}), ([1], {}), ([0, 0], {}), ([1], None)],
)
def test_a_route_on_its_way_needs_no_debrief(casus, path, debrief):
    raw = {"path": path} if debrief is None else {"path": path, "debrief": debrief}
    assert check_answer(casus, raw) == {"path": path, "debrief": {}}


@pytest.mark.parametrize(
    "text",
    [XSS, '"><script>alert(1)</script>', "Ik voelde me 😊 gehoord 👨‍👩‍👧 🙏🏽.", "Zij & ik <3"],
)
def test_debrief_keeps_markup_and_emoji_as_text(casus, text):
    raw = {"path": [0, 1], "debrief": {"overgenomen": f"  {text}\n", "nodig": ""}}
    assert check_answer(casus, raw) == {"path": [0, 1], "debrief": {"overgenomen": text}}


def test_debrief_keeps_only_known_answered_questions(casus):
    raw = {"path": [1], "debrief": {"nodig": "Tijd.", "onbekend": "weg", "overgenomen": " "}}
    clean = check_answer(casus, raw)
    assert clean == {"path": [1], "debrief": {"nodig": "Tijd."}}
    assert check_answer(casus, clean) == clean  # a clean value passes unchanged
    assert json.loads(json.dumps(clean)) == clean


def test_debrief_too_long_names_the_question(casus):
    raw = {"path": [1], "debrief": {"overgenomen": "ok", "nodig": "x" * 601}}
    with pytest.raises(AnswerProblem) as info:
        check_answer(casus, raw)
    too_long = t("answer.too_long", length=601, limit=600)
    assert info.value.message == t("casus.in_question", n=2, message=too_long)
    assert info.value.message.startswith("Vraag 2:")
    assert check_answer(casus, {"path": [1], "debrief": {"nodig": "x" * 600}})


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Ik mailde moeder op moeder@example.nl.", "email"),
        ("Ik belde vader op 06-12345678.", "phone"),
        ("Het BSN 111222333 stond in het dossier.", "bsn"),
        ("Het gezin woont bij 1234 AB.", "postcode"),
    ],
)
def test_debrief_with_identifier_is_refused(casus, text, category):
    with pytest.raises(AnswerProblem) as info:
        check_answer(casus, {"path": [1], "debrief": {"overgenomen": text}})
    found = t("text.found", found=t(f"identifier.{category}"))
    assert info.value.message == t("casus.in_question", n=1, message=found)


# --- summarize -----------------------------------------------------------------------------

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def answer(value: Any, n: int = 0, role: Role = Role.PROFESSIONAL) -> Answer:
    return Answer(f"p-{n:08x}", role, "de-casus", 1, value, NOW, NOW)


def answers(*values: Any) -> list[Answer]:
    return [answer(value, n) for n, value in enumerate(values)]


GROUP = answers(
    {"path": [0, 0], "debrief": {"overgenomen": "Bij het dreigen.", "nodig": "Ruimte."}},
    {"path": [0, 1], "debrief": {"nodig": XSS}},
    {"path": [0], "debrief": {}},
    {"path": [1], "debrief": {}},
    {"path": [0, 1], "debrief": {}},
)


def test_summary_counts_steps_splits_routes_and_endings(casus):
    summary = summarize(casus, GROUP)
    assert summary.respondents == 5
    # begin: everyone; uitleg: the four who chose 0; einde-samen: [0,1] twice and [1] once
    assert summary.reached == {"begin": 5, "uitleg": 4, "einde-ver": 1, "einde-samen": 3}
    assert summary.splits == {"begin": (4, 1), "uitleg": (1, 2)}
    assert summary.endings == {"einde-ver": 1, "einde-samen": 3}
    assert summary.under_way == 1
    assert summary.debriefed == 2
    assert summary.debrief == {"overgenomen": ("Bij het dreigen.",), "nodig": ("Ruimte.", XSS)}
    assert summary.tree == RouteNode(
        "begin",
        5,
        0,
        {
            0: RouteNode(
                "uitleg",
                4,
                1,
                {0: RouteNode("einde-ver", 1, 1, {}), 1: RouteNode("einde-samen", 2, 2, {})},
            ),
            1: RouteNode("einde-samen", 1, 1, {}),
        },
    )


def test_summary_of_nobody(casus):
    summary = summarize(casus, [])
    assert summary == CasusSummary(
        respondents=0,
        reached={"begin": 0, "uitleg": 0, "einde-ver": 0, "einde-samen": 0},
        splits={"begin": (0, 0), "uitleg": (0, 0)},
        tree=RouteNode("begin", 0, 0, {}),
        endings={"einde-ver": 0, "einde-samen": 0},
        under_way=0,
        debriefed=0,
        debrief={"overgenomen": (), "nodig": ()},
    )


def test_summary_counts_a_route_that_no_longer_fits_as_far_as_it_fits(casus):
    """The trainer changed the content during a session: old routes still count sensibly."""
    summary = summarize(
        casus,
        answers({"path": [0, 3, 1], "debrief": {}}, {"path": "kapot"}, None, {"path": [1]}),
    )
    assert summary.respondents == 4
    assert summary.reached == {"begin": 4, "uitleg": 1, "einde-ver": 0, "einde-samen": 1}
    assert summary.splits == {"begin": (1, 1), "uitleg": (0, 0)}
    assert summary.tree.here == 2  # the two unreadable routes stand at the start
    assert summary.under_way == 3
    assert summary.endings == {"einde-ver": 0, "einde-samen": 1}


def test_excerpt_is_the_first_sentence_as_plain_text():
    assert excerpt("Moeder is **boos**. Ze belt.") == "Moeder is boos."
    assert excerpt("Kort") == "Kort"
    long = "woord " * 40
    assert excerpt(long).endswith(" …")
    assert len(excerpt(long)) <= 92


# --- the panel -----------------------------------------------------------------------------


def panel_html(exercise: Casus, group: list[Answer]) -> str:
    panel = ResultsPanel(exercise)
    panel.update(summarize(exercise, group), len(group))
    return html_of(panel)


BRANCH_PARTS = re.compile(r'<ul class="ss-casus-branches">|</ul>|data-count="(\d+)">\d+ \(')


def branch_counts(markup: str, path: str) -> list[int]:
    """The counts on the choice bars directly under the node at ``path``."""
    node = markup.index(f'data-path="{path}"')
    start = markup.index('<ul class="ss-casus-branches">', node)
    depth, counts = 0, []
    for match in BRANCH_PARTS.finditer(markup, start):
        if match.group(0).startswith("<ul"):
            depth += 1
        elif match.group(0) == "</ul>":
            depth -= 1
            if depth == 0:
                return counts
        elif depth == 1:
            counts.append(int(match.group(1)))
    raise AssertionError("unclosed branch list")


def test_panel_shows_the_route_tree_with_counts_and_shares(casus):
    markup = panel_html(casus, GROUP)
    assert 'data-step="begin" data-path="" data-count="5"' in markup
    assert branch_counts(markup, "") == [4, 1]
    assert branch_counts(markup, "0") == [1, 2]
    assert 'data-step="uitleg" data-path="0" data-count="4"' in markup
    assert 'data-step="einde-samen" data-path="0.1" data-count="2"' in markup
    assert 'data-step="einde-samen" data-path="1" data-count="1"' in markup
    assert "4 (80%)" in text_of(markup)
    assert "1 (20%)" in text_of(markup)
    assert "2 (67%)" in text_of(markup)  # of the three who chose at uitleg
    assert 'class="ss-casus-here ss-casus-deciding" data-count="1"' in markup
    assert t("casus.deciding", count=1) in text_of(markup)
    assert "Uitleggen" in markup
    assert "Sorry zeggen" in markup


def test_panel_shows_endings_under_way_and_debrief(casus):
    markup = panel_html(casus, GROUP)
    ending = re.search(r'ss-casus-end" data-step="einde-samen">.*?data-count="(\d+)"', markup)
    assert ending is not None
    assert ending.group(1) == "3"
    under_way = re.search(r"ss-casus-under-way.*?data-count=\"(\d+)\"", markup)
    assert under_way is not None
    assert under_way.group(1) == "1"
    assert 'class="ss-casus-debriefed" data-count="2"' in markup
    assert 'data-question="nodig" data-count="2"' in markup
    assert 'data-question="overgenomen" data-count="1"' in markup
    assert "Bij het dreigen." in markup
    assert t("casus.debrief_count", count=2, total=5) in text_of(markup)


def test_panel_escapes_participant_text(casus):
    script = "<script>alert(1)</script>"
    group = answers({"path": [1], "debrief": {"nodig": XSS, "overgenomen": script}})
    markup = panel_html(casus, group)
    assert "&lt;img src=x onerror=alert(1)&gt;" in markup
    assert "&lt;script&gt;" in markup
    assert "<img" not in markup
    assert "<script" not in markup
    assert XSS in text_of(markup)


def test_panel_without_debrief_answers_says_so(casus):
    markup = panel_html(casus, answers({"path": [0]}))
    assert text_of(markup).count(t("dash.no_answers")) == 2


def test_panel_waits_for_the_minimum(casus):
    from samenspraak.core.aggregate import with_minimum

    panel = ResultsPanel(casus)
    panel.update(with_minimum(summarize, casus, GROUP[:2], 3), 2)
    assert text_of(panel.status.value) == t("dash.waiting", count=2, minimum=3)
    assert panel.body.children == ()


def test_render_html_is_the_group_view_of_the_panel(casus):
    """The static results: every number and text the panel shows, escaped, no controls."""
    script = "<script>alert(1)</script>"
    group = [*GROUP, answer({"path": [1], "debrief": {"overgenomen": script}}, 5)]
    summary = summarize(casus, group)
    markup = render_html(casus, summary)
    shown_text = text_of(markup)
    assert markup.startswith('<div class="ss-casus-results">')
    # the tree: six people start, five chose Uitleggen, one of them is still deciding there
    assert 'data-step="begin" data-path="" data-count="6"' in markup
    assert branch_counts(markup, "") == [4, 2]
    assert branch_counts(markup, "0") == [1, 2]
    assert "4 (67%)" in shown_text
    assert t("casus.deciding", count=1) in shown_text
    # endings, under way, the table per step and the debrief
    assert re.search(r'ss-casus-end" data-step="einde-samen">.*?data-count="4"', markup)
    assert re.search(r'ss-casus-under-way.*?data-count="1"', markup)
    assert 'class="ss-casus-step-row" data-step="uitleg"' in markup
    assert t("casus.debrief_count", count=3, total=6) in shown_text
    assert 'data-question="overgenomen" data-count="2"' in markup
    assert "Bij het dreigen." in shown_text
    # participant text is escaped; a casus hides nothing and has no controls
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    assert "<script" not in markup
    assert "<img" not in markup
    assert XSS in shown_text
    assert "<button" not in markup
    assert "<input" not in markup
    assert t("dash.notes") not in shown_text
    assert render_html(casus, summary, hidden=frozenset({"begin"}), minimum=3) == markup
    # the panel draws the same HTML
    panel = ResultsPanel(casus)
    panel.update(summary, len(group))
    assert markup in snapshot_html(panel.body)


# --- the participant's form ----------------------------------------------------------------

DEMO = load_workshop("demo", CONTENT)
CASUS_ID = "demo-casus"
EXERCISE: Casus = DEMO.exercise(CASUS_ID)  # type: ignore[assignment]


def demo_route_to(ending: str) -> list[int]:
    """A route through the demo casus that ends at ``ending``, found by walking the steps."""

    def search(step_id: str, path: list[int]) -> list[int] | None:
        step = EXERCISE.step(step_id)
        if step.id == ending:
            return path
        for index, choice in enumerate(step.choices):
            found = search(choice.next, [*path, index])
            if found is not None:
                return found
        return None

    route = search(EXERCISE.start, [])
    assert route is not None
    return route


def stored(store: Store) -> list[tuple[int, Any]]:
    """``(participant id, value)`` of each answer to the demo casus in the SQLite file."""
    return [(pid, value) for pid, _eid, value in answer_rows(store, CASUS_ID)]


def visible_choices(form: CasusForm) -> list[str]:
    return [b.description for b in form.choice_buttons if shown(b)]


def joined(store: Store, code: str, role: str = "professional", personal: str = "") -> WorkshopPage:
    return join_page(DEMO, store, code, role, personal=personal, show=[CASUS_ID])


@pytest.fixture
def form(store: Store, session) -> CasusForm:
    return joined(store, session.code).show(CASUS_ID)


def walk_route(form: CasusForm, route: list[int]) -> None:
    for index in route:
        form.choice_buttons[index].click()


def test_form_opens_with_the_case_and_the_first_step(form):
    start = EXERCISE.step(EXERCISE.start)
    markup = html_of(form)
    assert "Mila" in text_of(markup)
    assert f'data-step="{start.id}"' in form.step_view.value
    assert t("casus.step", n=1) in text_of(form.step_view.value)
    assert visible_choices(form) == [c.label for c in start.choices]
    assert not shown(form.save_button)
    assert not shown(form.debrief_box)
    assert not shown(form.restart_box)
    assert not shown(form.trail)
    assert form.status.value == ""


def test_each_choice_is_saved_at_once(form, store):
    start = EXERCISE.step(EXERCISE.start)
    first = start.choices[1]
    form.choice_buttons[1].click()
    assert status(form) == t("casus.choice_saved", n=1)
    assert [value for _pid, value in stored(store)] == [{"path": [1], "debrief": {}}]
    # The consequence, then the next step; the first step moved into the route trail.
    assert first.consequence in text_of(form.consequence.value)
    assert shown(form.consequence)
    assert f'data-step="{first.next}"' in form.step_view.value
    assert visible_choices(form) == [c.label for c in EXERCISE.step(first.next).choices]
    assert shown(form.trail)
    assert first.label in text_of(form.trail.value)
    assert t("casus.route") in text_of(form.trail.value)
    assert shown(form.restart_box)
    assert not shown(form.save_button)

    form.choice_buttons[0].click()
    assert status(form) == t("casus.choice_saved", n=2)
    assert [value for _pid, value in stored(store)] == [{"path": [1, 0], "debrief": {}}]
    assert text_of(form.trail.value).count("→") == 2
    assert first.consequence in text_of(form.trail.value)  # older consequences stay, small


def test_a_hidden_button_index_does_nothing(form, store):
    assert form.choose(3) is False  # the first step has three choices
    assert form.choose(-1) is False
    assert stored(store) == []
    assert form.path == []


def test_ending_shows_debrief_with_warning_and_save(form, store):
    route = demo_route_to("einde-samen")
    walk_route(form, route)
    assert form.path == route
    assert stored(store)[0][1] == {"path": route, "debrief": {}}
    assert 'data-step="einde-samen"' in form.step_view.value
    assert t("casus.ending") in text_of(form.step_view.value)
    assert visible_choices(form) == []
    assert not shown(form.choices_box)
    assert shown(form.debrief_box)
    assert shown(form.save_button)
    children = list(form.debrief_box.children)
    warning = next(w for w in children if isinstance(w, widgets.HTML) and "ss-warning" in w.value)
    assert html.escape(t("text.warning")) in warning.value
    fields = list(form.debrief_fields.values())
    assert len(fields) == len(EXERCISE.debrief)
    assert all(children.index(warning) < children.index(f) for f in fields)
    assert list(form.children).index(form.save_button) < list(form.children).index(form.restart_box)


def test_debrief_empty_is_refused(form, store):
    walk_route(form, demo_route_to("einde-afstand"))
    form.save_button.click()
    assert status(form) == t("casus.debrief_empty")
    assert stored(store)[0][1]["debrief"] == {}


def test_debrief_with_phone_number_is_refused_and_kept(form, store):
    walk_route(form, demo_route_to("einde-afstand"))
    typed = "Ik zou moeder bellen op 06-12345678."
    form.debrief_fields["wat-nodig"].value = typed
    form.save_button.click()
    found = t("text.found", found=t("identifier.phone"))
    assert status(form) == t("casus.in_question", n=2, message=found)
    assert form.debrief_fields["wat-nodig"].value == typed
    assert stored(store)[0][1]["debrief"] == {}


def test_debrief_is_saved_literally(form, store):
    route = demo_route_to("einde-tussenweg")
    walk_route(form, route)
    form.debrief_fields["overgenomen"].value = XSS
    form.debrief_fields["macht"].value = "Het team had het laatste woord 😕"
    form.save_button.click()
    assert status(form) == t("casus.debrief_saved")
    assert [value for _pid, value in stored(store)] == [
        {
            "path": route,
            "debrief": {"overgenomen": XSS, "macht": "Het team had het laatste woord 😕"},
        }
    ]
    form.debrief_fields["macht"].value = "Anders."
    assert status(form) == t("answer.unsaved")


def test_restart_replaces_the_route_at_the_first_new_choice(form, store):
    route = demo_route_to("einde-samen")
    walk_route(form, route)
    form.debrief_fields["wat-nodig"].value = "Tijd en eerlijkheid."
    form.save_button.click()
    assert t("casus.restart_note") in text_of(
        "".join(w.value for w in walk(form.restart_box) if isinstance(w, widgets.HTML))
    )

    form.restart_button.click()
    assert status(form) == t("casus.restarted")
    assert form.path == []
    assert form.debrief_fields["wat-nodig"].value == ""
    assert not shown(form.debrief_box)
    assert not shown(form.restart_box)
    assert f'data-step="{EXERCISE.start}"' in form.step_view.value
    # Nothing changes in the store until a new choice is made.
    assert stored(store)[0][1] == {"path": route, "debrief": {"wat-nodig": "Tijd en eerlijkheid."}}

    form.choice_buttons[2].click()
    rows = stored(store)
    assert len(rows) == 1  # replaced, not a second answer
    assert rows[0][1] == {"path": [2], "debrief": {}}


def test_rejoining_puts_the_route_and_debrief_back(store, session):
    page = joined(store, session.code, "ouder")
    form = page.show(CASUS_ID)
    route = demo_route_to("einde-samen")
    walk_route(form, route)
    form.debrief_fields["macht"].value = "Wij beslisten, zij wachtte."
    form.save_button.click()

    again = joined(store, session.code, personal=page.participant.personal_code)
    restored = again.show(CASUS_ID)
    assert again.participant == page.participant
    assert restored.path == route
    assert 'data-step="einde-samen"' in restored.step_view.value
    assert restored.debrief_fields["macht"].value == "Wij beslisten, zij wachtte."
    assert shown(restored.save_button)
    assert shown(restored.trail)
    assert status(restored) == t("answer.restored")


def test_rejoining_halfway_goes_on_from_there(store, session):
    page = joined(store, session.code)
    page.show(CASUS_ID).choice_buttons[0].click()
    again = joined(store, session.code, personal=page.participant.personal_code)
    restored = again.show(CASUS_ID)
    assert restored.path == [0]
    restored.choice_buttons[1].click()
    assert [value["path"] for _pid, value in stored(store)] == [[0, 1]]


def test_set_value_ignores_a_route_that_no_longer_fits(store, session):
    form = joined(store, session.code).show(CASUS_ID)
    form.set_value({"path": [0, 9, 1], "debrief": "kapot"})
    assert form.path == [0]
    form.set_value(None)
    assert form.path == []
    assert all(field.value == "" for field in form.debrief_fields.values())


def test_choice_before_joining_asks_to_join_and_keeps_going(store):
    page = WorkshopPage(DEMO, store)
    form = page.show(CASUS_ID)
    form.choice_buttons[0].click()
    assert status(form) == t("join.first")
    assert form.path == [0]
    assert stored(store) == []


def test_choice_after_the_session_closed(form, store, session):
    store.close_session(session.id)
    form.choice_buttons[0].click()
    assert status(form) == t("answer.session_closed")
    assert stored(store) == []


def test_three_pages_feed_the_dashboard(store):
    """Three people walk different routes; the trainer's panel follows every choice."""
    dashboard, session = demo_dashboard(store, 3)
    view = dashboard.session_view
    panel = view.panels[CASUS_ID]
    forms = [joined(store, session.code, role).show(CASUS_ID) for role in ("ouder", "jongere")]
    forms.append(joined(store, session.code).show(CASUS_ID))
    for form, first in zip(forms, (1, 1, 0), strict=True):
        form.choice_buttons[first].click()
    view.refresh()
    markup = html_of(panel)
    assert branch_counts(markup, "") == [1, 2, 0]
    assert t("casus.deciding", count=2) in text_of(markup)

    forms[0].choice_buttons[2].click()
    forms[0].debrief_fields["wat-nodig"].value = XSS
    forms[0].save_button.click()
    view.refresh()
    markup = html_of(panel)
    assert branch_counts(markup, "1") == [0, 0, 1]
    assert 'data-question="wat-nodig" data-count="1"' in markup
    assert "<img" not in markup
    assert XSS in text_of(markup)


def test_casus_is_registered_with_its_css():
    registered = exercise_type("casus")
    assert registered.schema is Casus
    assert registered.participant_view is CasusForm
    assert registered.dashboard_panel is ResultsPanel
    assert registered.render_html is render_html
    assert ".ss-casus-choice" in "".join(registered.css)
    assert not re.search(
        r"(?<![-a-z])width:\s*\d+px", "".join(registered.css)
    )  # nothing fixed and wide


# --- on paper ----------------------------------------------------------------------------------


def paper_demo() -> Casus:
    return load_workshop("demo").exercise(CASUS_ID)  # type: ignore[return-value]


def test_paper_has_the_case_every_step_choice_ending_and_question():
    from samenspraak.core.html import escape, markdown
    from samenspraak.exercises.casus.model import paper_html

    exercise = paper_demo()
    for answer_key in (False, True):
        paper = paper_html(exercise, answer_key=answer_key)
        assert markdown(exercise.case) in paper
        for step in exercise.steps:
            assert markdown(step.text) in paper, step.id
            for choice in step.choices:
                assert escape(choice.label) in paper, choice.label
        for question in exercise.debrief:
            assert escape(question.text) in paper, question.id
        assert paper.count('<div class="ss-paper-lines"></div>') == len(exercise.debrief)
        assert paper.count('<span class="ss-paper-box">☐</span>') == sum(
            len(step.choices) for step in exercise.steps
        )
        assert t("casus.debrief") in paper
        assert "<button" not in paper
        assert "<input" not in paper


def test_paper_numbers_the_steps_so_each_choice_leads_further_down():
    from samenspraak.core.html import escape
    from samenspraak.exercises.casus.model import paper_html, paper_order

    exercise = paper_demo()
    steps, endings = paper_order(exercise)
    assert steps[0].id == exercise.start
    assert {s.id for s in steps} == {s.id for s in exercise.steps if not s.is_ending}
    assert [s.id for s in endings] == [s.id for s in exercise.steps if s.is_ending]
    places = {step.id: n for n, step in enumerate([*steps, *endings])}
    paper = paper_html(exercise)
    for n, step in enumerate(steps, start=1):
        assert f"<b>{escape(t('casus.step', n=n))}</b>" in paper
        for choice in step.choices:
            assert places[choice.next] > places[step.id]  # never back up the page
            target = exercise.step(choice.next)
            goto = (
                t("casus.paper_to_ending", n=endings.index(target) + 1)
                if target.is_ending
                else t("casus.paper_to_step", n=steps.index(target) + 1)
            )
            assert f'{escape(choice.label)} <span class="ss-paper-goto">{escape(goto)}' in paper
    for n, _ending in enumerate(endings, start=1):
        assert f"<b>{escape(t('casus.paper_ending', n=n))}</b>" in paper
    # Steps in the order they are drawn.
    drawn = [paper.index(f'data-step="{s.id}"') for s in [*steps, *endings]]
    assert drawn == sorted(drawn)


def test_paper_puts_the_start_first_wherever_it_stands_in_the_content():
    from samenspraak.exercises.casus.model import paper_html, paper_order

    exercise = paper_demo()
    moved = Casus.model_validate(
        {**exercise.model_dump(), "steps": [s.model_dump() for s in reversed(exercise.steps)]}
    )
    steps, endings = paper_order(moved)
    assert steps[0].id == exercise.start
    # Among the steps that may come next, content order decides: here it is reversed.
    assert [s.id for s in steps] == ["het-plan", "onrust", "niet-gekomen", "aan-tafel"]
    assert [s.id for s in endings] == [s.id for s in reversed(paper_order(exercise)[1])]
    places = {step.id: n for n, step in enumerate([*steps, *endings])}
    for step in steps:
        assert all(places[c.next] > places[step.id] for c in step.choices)
    assert paper_html(moved).index(f'data-step="{exercise.start}"') < paper_html(moved).index(
        "ss-paper-ending"
    )


def test_paper_shows_what_happens_after_each_choice_only_with_the_key():
    from samenspraak.core.html import escape
    from samenspraak.exercises.casus.model import paper_html

    exercise = paper_demo()
    consequences = [c.consequence for s in exercise.steps for c in s.choices if c.consequence]
    assert consequences
    keyed, plain = paper_html(exercise, answer_key=True), paper_html(exercise)
    assert paper_html(exercise, answer_key=False) == plain
    for consequence in consequences:
        assert escape(consequence) in keyed
        assert escape(consequence) not in plain
    assert keyed.count('<div class="ss-paper-key">') == len(consequences)
    assert t("casus.paper_key") in keyed
    assert "ss-paper-key" not in plain
    assert t("casus.paper_key") not in plain


def test_paper_escapes_content():
    from samenspraak.exercises.casus.model import paper_html

    script = "<script>alert(1)</script>"
    data = EXERCISE.model_dump()
    data["case"] = script
    data["steps"][0]["text"] = script
    data["steps"][0]["choices"][0]["label"] = script
    data["steps"][0]["choices"][0]["consequence"] = script
    data["debrief"][0]["text"] = script
    for answer_key in (False, True):
        paper = paper_html(Casus.model_validate(data), answer_key=answer_key)
        assert "<script" not in paper
        assert "&lt;script&gt;" in paper


def test_casus_draws_itself_on_paper():
    from samenspraak.exercises.casus.model import paper_html

    assert exercise_type("casus").paper_html is paper_html
