"""``rangorde``: the schema, ``check_answer``, ``summarize`` (mean places, mean points and
Kendall's W), the participant view on a real store and the trainer's panel."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest

from samenspraak.app.participant import WorkshopPage
from samenspraak.catalog import load_workshop
from samenspraak.core.answers import AnswerProblem
from samenspraak.core.messages import t
from samenspraak.core.records import Answer, Role
from samenspraak.core.store import Store
from samenspraak.exercises import exercise_type
from samenspraak.exercises._shared.base import ResultsPanel
from samenspraak.exercises.rangorde.model import (
    OptionResult,
    Rangorde,
    RangordeSummary,
    agreement_level,
    check_answer,
    kendalls_w,
    ranks_from_points,
    render_html,
    summarize,
)
from samenspraak.exercises.rangorde.view import RangordeForm

from .helpers import (
    demo_dashboard,
    html_of,
    join_form,
    load,
    make_answer,
    problems,
    replace_once,
    saved_value,
    status,
    text_of,
    workshop_yaml,
)
from .panel_html import snapshot_html

VOLGORDE_ID = "demo-rangorde-volgorde"
PUNTEN_ID = "demo-rangorde-punten"
SCRIPT = "<script>alert(1)</script>"

# --- helpers -------------------------------------------------------------------------------


def exercise(mode: str = "volgorde", labels: tuple[str, ...] = ("A", "B", "C"), **fields: Any):
    """Options with these labels; "A" gets the id "aa", "Aap" "aap" and other labels "o<n>"."""
    options = [{"id": option_id(n, label), "label": label} for n, label in enumerate(labels)]
    base = {"id": "rang", "type": "rangorde", "title": "Rangorde", "sources": ["bron"]}
    return Rangorde(**{**base, "prompt": "Wat eerst?", "mode": mode, "options": options, **fields})


def option_id(n: int, label: str) -> str:
    if not label.isalpha():
        return f"o{n}"
    return label.lower() * 2 if len(label) == 1 else label.lower()


def answer(value: Any, pseudonym: str = "p-1", role: Role = Role.PROFESSIONAL) -> Answer:
    return make_answer("rang", value, pseudonym, role)


def orders(*orders: str) -> list[Answer]:
    """``orders("abc", "acb")``: one answer per string; each letter stands for an option, whose
    id is the letter twice (``"aa"``)."""
    return [
        answer({"order": [letter * 2 for letter in order]}, f"p-{n}")
        for n, order in enumerate(orders)
    ]


def join(
    store: Store, code: str, exercise_id: str, role: str = "professional", *, personal: str = ""
) -> tuple[WorkshopPage, RangordeForm]:
    return join_form(store, code, exercise_id, RangordeForm, role, personal=personal)


def shown_order(form: RangordeForm) -> list[str]:
    """The option ids as the participant sees them, top first."""
    return [re.search(r'data-option="([^"]+)"', label.value)[1] for label in form.place_labels]


# --- schema --------------------------------------------------------------------------------

WORKSHOP = workshop_yaml("""\
  - id: rang
    type: rangorde
    title: Wat eerst?
    sources: [bron]
    prompt: Wat is het belangrijkst?
    mode: punten
    options:
      - id: een
        label: Een
      - id: twee
        label: Twee
      - id: drie
        label: Drie
""")
# 10 - id: rang   15 mode   16 options:   17 - id: een (the list node)   19 twee   21 drie


def test_schema_defaults(tmp_path: Path):
    loaded = load(tmp_path, WORKSHOP).exercise("rang")
    assert (loaded.mode, loaded.points) == ("punten", 100)
    assert [o.id for o in loaded.options] == ["een", "twee", "drie"]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("    mode: punten\n", "", (10, "mode", "dit veld ontbreekt")),
        (
            "    mode: punten\n",
            "    mode: punten\n    points: 5\n",
            (16, "points", "moet minimaal 10 zijn"),
        ),
        (
            "    mode: punten\n",
            "    mode: punten\n    points: 1001\n",
            (16, "points", "mag maximaal 1000 zijn"),
        ),
        (
            "      - id: drie\n        label: Drie\n",
            "",
            (17, "options", "te weinig: minimaal 3"),
        ),
        (
            "        label: Twee\n",
            "        label: " + "xx" * 81 + "\n",
            (20, "options[1].label", "te lang: maximaal 80 tekens"),
        ),
        ("      - id: twee\n", "      - id: Twee Keer\n", (19, "options[1].id", t("content.slug"))),
        (
            "      - id: drie\n",
            "      - id: een\n",
            (21, "options[2].id", "de id een komt vaker voor in deze rangorde"),
        ),
        (
            "    mode: punten\n",
            "    mode: volgorde\n    points: 50\n",
            (16, "points", "points hoort alleen bij mode: punten"),
        ),
        (
            "    mode: punten\n",
            "    mode: punten\n    punten: 50\n",
            (16, "punten", t("content.extra")),
        ),
    ],
)
def test_schema_problems_name_line_field_and_message(tmp_path, old, new, expected):
    line, field, message = expected
    found = problems(tmp_path, replace_once(WORKSHOP, old, new))
    assert found == [(line, f"exercises[0].{field}", message)]


def test_an_unknown_mode(tmp_path):
    [(line, field, message)] = problems(
        tmp_path, WORKSHOP.replace("    mode: punten\n", "    mode: lijst\n")
    )
    assert (line, field) == (15, "exercises[0].mode")
    assert message == "kies uit 'volgorde' of 'punten'"


def test_too_many_options(tmp_path):
    extra = "".join(f"      - id: extra-{n}\n        label: Extra {n}\n" for n in range(6))
    assert problems(tmp_path, WORKSHOP + extra) == [
        (17, "exercises[0].options", "te veel: maximaal 8")
    ]


def test_the_demo_has_a_volgorde_and_a_punten_example():
    demo = load_workshop("demo")
    volgorde, punten = demo.exercise(VOLGORDE_ID), demo.exercise(PUNTEN_ID)
    assert (volgorde.type, volgorde.mode) == ("rangorde", "volgorde")
    assert (punten.type, punten.mode, punten.points) == ("rangorde", "punten", 100)
    assert volgorde.intro.startswith("**Type rangorde")
    assert punten.intro.startswith("**Type rangorde")
    assert volgorde.trainer_notes
    assert punten.trainer_notes


# --- check_answer: volgorde ----------------------------------------------------------------


def test_a_full_order_is_kept():
    assert check_answer(exercise(), {"order": ["cc", "aa", "bb"]}) == {"order": ["cc", "aa", "bb"]}


@pytest.mark.parametrize(
    "value",
    [
        None,
        "abc",
        42,
        [],
        ["aa", "bb", "cc"],
        {},
        {"order": None},
        {"order": "abc"},
        {"order": ["aa", "bb"]},  # one missing
        {"order": ["aa", "bb", "bb"]},  # a duplicate
        {"order": ["aa", "bb", "cc", "cc"]},
        {"order": ["aa", "bb", "dd"]},  # an unknown id
        {"order": ["aa", "bb", SCRIPT]},
        {"order": ["aa", "bb", "moeder@example.nl"]},
        {"order": ["aa", "bb", "🙂"]},
        {"order": ["aa", "bb", 3]},
        {"order": ["aa", "bb", None]},
        {"order": ["aa", "bb", ["cc"]]},
        {"order": ["aa", "bb", True]},
        {"points": {"aa": 100}},  # the other mode
    ],
)
def test_a_broken_order_is_refused_with_a_dutch_message(value):
    with pytest.raises(AnswerProblem) as info:
        check_answer(exercise(), value)
    assert info.value.message == t("rangorde.broken")


# --- check_answer: punten ------------------------------------------------------------------


def test_points_that_add_up_are_kept_and_missing_options_count_as_zero():
    assert check_answer(exercise("punten"), {"points": {"aa": 60, "bb": 40, "cc": 0}}) == {
        "points": {"aa": 60, "bb": 40, "cc": 0}
    }
    assert check_answer(exercise("punten"), {"points": {"bb": 100}}) == {
        "points": {"aa": 0, "bb": 100, "cc": 0}
    }
    assert check_answer(exercise("punten", points=10), {"points": {"aa": 5, "cc": 5}}) == {
        "points": {"aa": 5, "bb": 0, "cc": 5}
    }


@pytest.mark.parametrize(
    ("points", "message"),
    [
        ({"aa": 50, "bb": 20, "cc": 0}, t("rangorde.sum_left", left=30, points=100)),
        ({}, t("rangorde.sum_left", left=100, points=100)),
        ({"aa": 50, "bb": 50, "cc": 10}, t("rangorde.sum_over", over=10, points=100)),
        ({"aa": 110, "bb": -10, "cc": 0}, t("rangorde.not_number")),
        ({"aa": 100, "bb": False, "cc": 0}, t("rangorde.not_number")),
        ({"aa": True, "bb": 99, "cc": 0}, t("rangorde.not_number")),
        ({"aa": 50.0, "bb": 50, "cc": 0}, t("rangorde.not_number")),
        ({"aa": "50", "bb": 50, "cc": 0}, t("rangorde.not_number")),
        ({"aa": None, "bb": 100}, t("rangorde.not_number")),
        ({"aa": [50], "bb": 50}, t("rangorde.not_number")),
    ],
)
def test_points_that_do_not_add_up_or_are_no_whole_numbers(points, message):
    with pytest.raises(AnswerProblem) as info:
        check_answer(exercise("punten"), {"points": points})
    assert info.value.message == message


def test_the_sum_messages_read_well():
    assert t("rangorde.sum_left", left=30, points=100) == (
        "Je hebt nog 30 punten over. Verdeel precies 100 punten en sla dan op."
    )
    assert t("rangorde.over", over=10) == "Je hebt 10 punten te veel verdeeld"


@pytest.mark.parametrize(
    "value",
    [
        None,
        "100",
        [100],
        {"points": None},
        {"points": [60, 40, 0]},
        {"points": {"aa": 60, "bb": 40, "dd": 0}},  # unknown id, even with 0 points
        {"points": {"aa": 60, "bb": 40, SCRIPT: 0}},
        {"points": {"aa": 60, "bb": 40, "06-12345678": 0}},
        {"order": ["aa", "bb", "cc"]},  # the other mode
    ],
)
def test_broken_points_are_refused(value):
    with pytest.raises(AnswerProblem) as info:
        check_answer(exercise("punten"), value)
    assert info.value.message == t("rangorde.broken")


# --- summarize and Kendall's W -------------------------------------------------------------


def test_summarize_volgorde_by_hand():
    # ranks a: 1, 1, 2 (sum 4); b: 2, 3, 1 (6); c: 3, 2, 3 (8). Mean rank sum m(n+1)/2 = 6.
    # S = 4 + 0 + 4 = 8; W = 12 S / (m²(n³ - n)) = 96 / (9 * 24) = 0.444...
    summary = summarize(exercise(), orders("abc", "acb", "bac"))
    assert summary.respondents == 3
    assert summary.options == (
        OptionResult("aa", "A", 1.33),
        OptionResult("bb", "B", 2.0),
        OptionResult("cc", "C", 2.67),
    )
    assert summary.agreement == pytest.approx(4 / 9)
    assert summary.level == "deels"


def test_summarize_punten_by_hand_with_ties():
    # person 1: a 5, b 5, c 0 -> ranks 1.5, 1.5, 3; ties (2³ - 2) = 6
    # person 2: a 10, b 0, c 0 -> ranks 1, 2.5, 2.5; ties 6
    # rank sums 2.5, 4, 5.5; mean 4; S = 2.25 + 0 + 2.25 = 4.5
    # W = 12 * 4.5 / (2² * 24 - 2 * 12) = 54 / 72 = 0.75
    answers = [
        answer({"points": {"aa": 5, "bb": 5, "cc": 0}}, "p-1"),
        answer({"points": {"aa": 10, "bb": 0, "cc": 0}}, "p-2"),
    ]
    summary = summarize(exercise("punten", points=10), answers)
    assert summary == RangordeSummary(
        mode="punten",
        points=10,
        respondents=2,
        options=(
            OptionResult("aa", "A", 7.5),
            OptionResult("bb", "B", 2.5),
            OptionResult("cc", "C", 0),
        ),
        agreement=pytest.approx(0.75),
        level="veel",
    )


def test_ranks_from_points_share_places_on_ties():
    assert ranks_from_points({"aa": 40, "bb": 30, "cc": 30, "dd": 0}) == {
        "aa": 1,
        "bb": 2.5,
        "cc": 2.5,
        "dd": 4,
    }
    assert ranks_from_points({"aa": 10, "bb": 10, "cc": 10}) == {"aa": 2, "bb": 2, "cc": 2}


def test_w_is_one_when_everybody_agrees_and_zero_when_two_are_opposite():
    ids = ["aa", "bb", "cc", "dd"]
    same = [{"aa": 1, "bb": 2, "cc": 3, "dd": 4}] * 3
    assert kendalls_w(same, ids) == pytest.approx(1.0)
    opposite = [{"aa": 1, "bb": 2, "cc": 3, "dd": 4}, {"aa": 4, "bb": 3, "cc": 2, "dd": 1}]
    assert kendalls_w(opposite, ids) == pytest.approx(0.0)
    assert summarize(exercise(), orders("abc", "abc")).level == "veel"
    assert summarize(exercise(), orders("abc", "cba")).level == "weinig"


def test_w_is_undefined_for_one_person_and_when_everything_ties():
    one = summarize(exercise(), orders("cab"))
    assert (one.respondents, one.agreement, one.level) == (1, None, None)
    assert [o.id for o in one.options] == ["cc", "aa", "bb"]
    flat = [answer({"points": {"aa": 4, "bb": 3, "cc": 3}}, f"p-{n}") for n in range(3)]
    assert summarize(exercise("punten", points=10), flat).agreement is not None
    even = [answer({"points": {"aa": 5, "bb": 5, "cc": 5}}, f"p-{n}") for n in range(3)]
    tied = summarize(exercise("punten", points=15), even)
    assert (tied.agreement, tied.level) == (None, None)


@pytest.mark.parametrize(
    ("w", "level"),
    [(0.0, "weinig"), (0.294, "weinig"), (0.296, "deels"), (0.6, "deels"), (0.604, "deels"),
     (0.606, "veel"), (1.0, "veel"), (None, None)],
)  # fmt: skip
def test_agreement_levels_follow_the_rounded_number(w, level):
    assert agreement_level(w) == level


def test_summarize_skips_answers_that_no_longer_fit_and_handles_none():
    answers = [*orders("abc", "bca"), answer({"order": ["aa", "bb", "xx"]}, "p-old"), answer(None)]
    summary = summarize(exercise(), answers)
    assert summary.respondents == 2
    assert summary.options[0] == OptionResult("bb", "B", 1.5)
    empty = summarize(exercise("punten"), [])
    assert (empty.respondents, empty.agreement) == (0, None)
    assert [o.mean for o in empty.options] == [0.0, 0.0, 0.0]


# --- the participant's view: volgorde ------------------------------------------------------


def test_moving_up_and_down_and_saving(store, session):
    page, form = join(store, session.code, VOLGORDE_ID)
    ids = [o.id for o in form.exercise.options]
    assert shown_order(form) == ids
    assert form.up_buttons[0].disabled
    assert form.down_buttons[-1].disabled
    assert not form.up_buttons[1].disabled
    label = form.exercise.options[1].label
    assert form.up_buttons[1].tooltip == t("rangorde.up", label=label)
    assert form.up_buttons[1].layout.height == "2.75em"  # big enough to tap

    form.up_buttons[1].click()  # the second option goes to the top
    assert shown_order(form)[:2] == [ids[1], ids[0]]
    assert "ss-rangorde-moved" in form.rows[0]._dom_classes
    assert form.up_buttons[0].tooltip == t("rangorde.up", label=label)
    form.down_buttons[0].click()  # and back down
    form.down_buttons[1].click()
    expected = [ids[0], ids[2], ids[1], *ids[3:]]
    assert shown_order(form) == expected
    assert text_of(form.place_labels[0].value).startswith("1. ")

    form.save_button.click()
    assert status(form) == t("answer.saved")
    assert saved_value(store, session.id, VOLGORDE_ID, page) == {"order": expected}

    form.down_buttons[-1].click()  # disabled at the bottom: nothing moves
    assert shown_order(form) == expected
    form.up_buttons[-1].click()
    assert status(form) == t("answer.unsaved")
    form.save_button.click()
    assert status(form) == t("answer.updated")
    assert saved_value(store, session.id, VOLGORDE_ID, page)["order"][-2:] == [ids[-1], ids[-2]]


def test_the_order_comes_back_after_rejoining(store, session):
    page, form = join(store, session.code, VOLGORDE_ID)
    form.up_buttons[2].click()
    form.up_buttons[1].click()
    form.save_button.click()
    saved = saved_value(store, session.id, VOLGORDE_ID, page)["order"]

    _again, form2 = join(store, session.code, VOLGORDE_ID, personal=page.participant.personal_code)
    assert shown_order(form2) == saved
    assert status(form2) == t("answer.restored")
    form2.set_value({"order": ["rubbish"]})  # an answer to an older version is ignored
    assert shown_order(form2) == saved


def test_before_joining_nothing_is_saved(store):
    page = WorkshopPage(load_workshop("demo"), store)
    form = page.show(VOLGORDE_ID)
    form.save_button.click()
    assert status(form) == t("join.first")


# --- the participant's view: punten --------------------------------------------------------


def left_line(form: RangordeForm) -> tuple[str, int]:
    return text_of(form.left.value), int(re.search(r'data-left="(-?\d+)"', form.left.value)[1])


def test_points_show_what_is_left_and_save_only_at_exactly_100(store, session):
    page, form = join(store, session.code, PUNTEN_ID)
    fields = list(form.point_inputs.values())
    ids = list(form.point_inputs)
    assert [(f.min, f.max, f.value) for f in fields] == [(0, 100, 0)] * len(fields)
    assert left_line(form) == ("Nog 100 punten te verdelen", 100)

    fields[0].value = 50
    fields[1].value = 20
    assert left_line(form) == ("Nog 30 punten te verdelen", 30)
    form.save_button.click()
    assert status(form) == t("rangorde.sum_left", left=30, points=100)
    assert saved_value(store, session.id, PUNTEN_ID, page) is None

    fields[2].value = 40
    assert left_line(form) == ("Je hebt 10 punten te veel verdeeld", -10)
    assert "ss-rangorde-over" in form.left.value
    form.save_button.click()
    assert status(form) == t("rangorde.sum_over", over=10, points=100)
    assert saved_value(store, session.id, PUNTEN_ID, page) is None

    fields[2].value = 30
    assert left_line(form) == (t("rangorde.done", points=100), 0)
    form.save_button.click()
    assert status(form) == t("answer.saved")
    expected = dict.fromkeys(ids, 0) | {ids[0]: 50, ids[1]: 20, ids[2]: 30}
    assert saved_value(store, session.id, PUNTEN_ID, page) == {"points": expected}

    fields[0].value = 40
    assert status(form) == t("answer.unsaved")

    _again, form2 = join(store, session.code, PUNTEN_ID, personal=page.participant.personal_code)
    assert {oid: f.value for oid, f in form2.point_inputs.items()} == expected
    assert left_line(form2)[1] == 0


def test_a_field_cannot_go_above_the_total(store, session):
    _page, form = join(store, session.code, PUNTEN_ID)
    field = next(iter(form.point_inputs.values()))
    field.value = 250
    assert field.value == 100


# --- the trainer's panel -------------------------------------------------------------------


def bars(panel: ResultsPanel) -> list[tuple[str, str, str, int]]:
    found = re.findall(
        r'data-option="([^"]+)" data-place="(\d+)" data-mean="([\d.]+)">.*?'
        r'style="width:(\d+)%"',
        html_of(panel),
    )
    return [(oid, place, mean, int(width)) for oid, place, mean, width in found]


def test_the_volgorde_panel_shows_sorted_bars_and_the_agreement():
    ex = exercise(labels=("Aap", "Beer", SCRIPT))
    panel = ResultsPanel(ex)
    # a: 1, 2, 3, 2 -> 2.0; b: 2, 1, 2, 1 -> 1.5; o2: 3, 3, 1, 3 -> 2.5
    answers = [
        answer({"order": order.split()}, f"p-{n}")
        for n, order in enumerate(["aap beer o2", "beer aap o2", "o2 beer aap", "beer aap o2"])
    ]
    summary = summarize(ex, answers)
    panel.update(summary, 4)
    assert bars(panel) == [
        ("beer", "1", "1.50", 75),
        ("aap", "2", "2.00", 50),
        ("o2", "3", "2.50", 25),
    ]
    text = text_of(html_of(panel))
    assert "gemiddeld plaats 1,5" in text
    assert "gemiddeld plaats 2,5" in text
    # rank sums 8, 6, 10; mean 8; S = 0 + 4 + 4 = 8; W = 96 / (16 * 24) = 0.25
    assert summary.agreement == pytest.approx(0.25)
    assert 'data-w="0.25" data-level="weinig"' in html_of(panel)
    assert (
        "Hoe eens is de groep? 0,25 — weinig eens (0 = ieder een eigen volgorde, "
        "1 = iedereen dezelfde volgorde)"
    ) in text
    assert SCRIPT not in html_of(panel)  # a label with markup is shown as text
    assert html.escape(SCRIPT) in html_of(panel)
    assert SCRIPT in text


def test_the_punten_panel_shows_mean_points_with_a_decimal_comma():
    ex = exercise("punten")
    values = [
        {"aa": 70, "bb": 30, "cc": 0},
        {"aa": 55, "bb": 40, "cc": 5},
        {"aa": 60, "bb": 25, "cc": 15},
    ]
    summary = summarize(ex, [answer({"points": v}, f"p-{n}") for n, v in enumerate(values)])
    panel = ResultsPanel(ex)
    panel.update(summary, 3)
    # a: 185 / 3 = 61.67; b: 95 / 3 = 31.67; c: 20 / 3 = 6.67
    assert bars(panel) == [
        ("aa", "1", "61.67", 100),
        ("bb", "2", "31.67", 51),
        ("cc", "3", "6.67", 11),
    ]
    text = text_of(html_of(panel))
    assert "gemiddeld 61,7 punten" in text
    assert t("rangorde.head_punten", points=100) in text
    assert 'data-w="1.00" data-level="veel"' in html_of(panel)
    assert "1,00 — veel eens" in text


def test_the_panel_with_one_answer_or_none():
    ex = exercise()
    panel = ResultsPanel(ex)
    panel.update(summarize(ex, orders("bac")), 1)
    assert t("rangorde.agreement_one") in text_of(html_of(panel))
    assert [b[0] for b in bars(panel)] == ["bb", "aa", "cc"]
    panel.update(summarize(ex, []), 0)
    assert t("rangorde.none") in text_of(html_of(panel))
    even = [answer({"points": {"aa": 5, "bb": 5, "cc": 5}}, f"p-{n}") for n in range(2)]
    points_ex = exercise("punten", points=15)
    panel = ResultsPanel(points_ex)
    panel.update(summarize(points_ex, even), 2)
    assert t("rangorde.agreement_none") in text_of(html_of(panel))


def body_snapshot(panel: ResultsPanel) -> str:
    """What ``snapshot`` made of the panel's results (the old way to share them)."""
    return "".join(snapshot_html(child) for child in panel.body.children)


def test_render_html_is_what_the_panel_shows_without_controls():
    ex = exercise(labels=("Aap", "Beer", SCRIPT))
    answers = [
        answer({"order": order.split()}, f"p-{n}")
        for n, order in enumerate(["aap beer o2", "beer aap o2", "o2 beer aap", "beer aap o2"])
    ]
    summary = summarize(ex, answers)
    markup = render_html(ex, summary, minimum=3, hidden=frozenset({"aap"}))
    panel = ResultsPanel(ex)
    panel.update(summary, 4)
    assert markup == body_snapshot(panel)
    assert html_of(panel).endswith(markup)
    found = re.findall(r'data-option="([^"]+)" data-place="(\d+)" data-mean="([\d.]+)"', markup)
    # nothing to hide or to count in subgroups: every option is shown
    assert found == [("beer", "1", "1.50"), ("aap", "2", "2.00"), ("o2", "3", "2.50")]
    text = text_of(markup)
    assert t("rangorde.head_volgorde") in text
    assert "gemiddeld plaats 1,5" in text
    assert "0,25 — weinig eens" in text
    assert SCRIPT not in markup
    assert html.escape(SCRIPT) in markup
    for control in ("<button", "<input", "<select", "<textarea"):
        assert control not in markup


def test_render_html_for_points_and_for_no_answers():
    ex = exercise("punten", points=10)
    answers = [
        answer({"points": {"aa": 5, "bb": 5, "cc": 0}}, "p-1"),
        answer({"points": {"aa": 10, "bb": 0, "cc": 0}}, "p-2"),
    ]
    markup = render_html(ex, summarize(ex, answers))
    assert 'data-w="0.75" data-level="veel"' in markup
    text = text_of(markup)
    assert t("rangorde.head_punten", points=10) in text
    assert "gemiddeld 7,5 punten" in text
    assert "gemiddeld 0,0 punten" in text
    empty = render_html(ex, summarize(ex, []))
    assert text_of(empty) == f"Wat eerst?{t('rangorde.none')}"


def test_the_dashboard_shows_the_group_once_enough_answered(store):
    dashboard, session = demo_dashboard(store, 3)
    view = dashboard.session_view
    forms = [join(store, session.code, VOLGORDE_ID, role)[1] for role in ("ouder", "jongere")]
    for form in forms:
        form.down_buttons[0].click()
        form.save_button.click()
    view.refresh()
    panel = view.panels[VOLGORDE_ID]
    assert text_of(panel.status.value) == t("dash.waiting", count=2, minimum=3)
    assert bars(panel) == []

    _page, third = join(store, session.code, VOLGORDE_ID)
    third.save_button.click()
    assert view.refresh()
    panel = view.panels[VOLGORDE_ID]
    ids = [o.id for o in third.exercise.options]
    # ids[0]: 2, 2, 1 -> 1.67; ids[1]: 1, 1, 2 -> 1.33
    assert [b[:3] for b in bars(panel)[:2]] == [(ids[1], "1", "1.33"), (ids[0], "2", "1.67")]
    assert 'data-w="' in html_of(panel)


def test_the_type_is_registered_with_its_css():
    registered = exercise_type("rangorde")
    assert registered.participant_view is RangordeForm
    assert registered.dashboard_panel is ResultsPanel
    assert ".ss-rangorde-row" in "".join(registered.css)
    assert "ss-rangorde" in " ".join(RangordeForm(exercise(), check_answer)._dom_classes)


# --- on paper ----------------------------------------------------------------------------------


@pytest.mark.parametrize("exercise_id", [VOLGORDE_ID, PUNTEN_ID])
def test_paper_has_the_question_and_a_box_per_option(exercise_id: str):
    from samenspraak.exercises.rangorde.model import paper_html

    demo: Rangorde = load_workshop("demo").exercise(exercise_id)  # type: ignore[assignment]
    paper = paper_html(demo)
    assert html.escape(demo.prompt) in paper
    place = 0
    for option in demo.options:
        row = (
            f'<tr data-option="{option.id}"><td class="ss-paper-fill"></td>'
            f"<td>{html.escape(option.label)}</td></tr>"
        )
        place = paper.index(row, place)  # every option, in content order
    assert "<button" not in paper
    assert "<input" not in paper
    # No right answers in a rangorde: the key changes nothing.
    assert paper_html(demo, answer_key=True) == paper
    assert "ss-paper-key" not in paper


def test_paper_says_how_to_fill_in_the_boxes():
    from samenspraak.exercises.rangorde.model import paper_html

    demo = load_workshop("demo")
    volgorde = paper_html(demo.exercise(VOLGORDE_ID))
    punten = paper_html(demo.exercise(PUNTEN_ID))
    last = len(demo.exercise(VOLGORDE_ID).options)
    assert html.escape(t("rangorde.paper_order_help", last=last)) in volgorde
    assert f">{t('rangorde.paper_place')}</th>" in volgorde
    assert "<tfoot>" not in volgorde
    assert html.escape(t("rangorde.paper_points_help", points=100)) in punten
    assert f">{t('rangorde.paper_points')}</th>" in punten
    assert html.escape(t("rangorde.paper_total", points=100)) in punten
    assert "precies 40" in paper_html(exercise("punten", points=40))


def test_paper_escapes_content():
    from samenspraak.exercises.rangorde.model import paper_html

    script = "<script>alert(1)</script>"
    paper = paper_html(exercise(labels=("A", "B", script), prompt=script))
    assert "<script" not in paper
    assert paper.count("&lt;script&gt;") == 2


def test_rangorde_draws_itself_on_paper():
    from samenspraak.exercises.rangorde.model import paper_html

    assert exercise_type("rangorde").paper_html is paper_html
