"""``klik``: the schema, ``check_answer``, ``summarize`` (mean, population SD, range, counts),
the sliders on a real store and the trainer's panel.

A slider starts without a value; only the sliders a person moved are in the answer, so every
item has its own number of answers.
"""

from __future__ import annotations

import html
import math
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
from samenspraak.exercises.klik.model import (
    ItemResult,
    Klik,
    KlikSummary,
    check_answer,
    render_html,
    summarize,
)
from samenspraak.exercises.klik.view import KlikForm

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

EXERCISE_ID = "demo-klik"
SCRIPT = "<script>alert(1)</script>"

# --- helpers -------------------------------------------------------------------------------


def exercise(labels: tuple[str, ...] = ("Gehoord", "Onderwerp", "Aanpak")) -> Klik:
    items = [
        {"id": f"item-{n}", "label": label, "left": f"niet {n}", "right": f"wel {n}"}
        for n, label in enumerate(labels)
    ]
    base = {"id": "klik", "type": "klik", "title": "Klik", "sources": ["bron"]}
    return Klik(**{**base, "prompt": "Hoe was het?", "items": items})


def answer(scores: Any, pseudonym: str = "p-1") -> Answer:
    return make_answer("klik", {"scores": scores}, pseudonym, Role.OUDER)


def scores(*values: int) -> dict[str, int]:
    return {f"item-{n}": value for n, value in enumerate(values)}


def join(
    store: Store, code: str, role: str = "ouder", *, personal: str = ""
) -> tuple[WorkshopPage, KlikForm]:
    return join_form(store, code, EXERCISE_ID, KlikForm, role, personal=personal)


def stored(store: Store, session_id: int, page: WorkshopPage) -> Any:
    return saved_value(store, session_id, EXERCISE_ID, page)


# --- schema --------------------------------------------------------------------------------

WORKSHOP = workshop_yaml("""\
  - id: klik
    type: klik
    title: Klik-check
    sources: [bron]
    prompt: Hoe was het gesprek?
    items:
      - id: gehoord
        label: Gehoord
        left: Niet gehoord
        right: Goed gehoord
      - id: onderwerp
        label: Onderwerp
        left: Niet over mijn vraag
        right: Over mijn vraag
      - id: samen
        label: Samen
        left: Niet goed
        right: Goed
""")
# 10 - id: klik   15 items:   16 - id: gehoord (the list node)   17 label   18 left
# 19 right   20 - id: onderwerp   21 label   24 - id: samen   26 left   27 right


def test_the_template_is_valid(tmp_path: Path):
    loaded = load(tmp_path, WORKSHOP).exercise("klik")
    assert [i.id for i in loaded.items] == ["gehoord", "onderwerp", "samen"]
    assert loaded.items[0].right == "Goed gehoord"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "        label: Gehoord\n",
            "        label: " + "x" * 41 + "\n",
            (17, "items[0].label", "te lang: maximaal 40 tekens"),
        ),
        (
            "        left: Niet gehoord\n",
            "        left: " + "x" * 61 + "\n",
            (18, "items[0].left", "te lang: maximaal 60 tekens"),
        ),
        (
            "        right: Goed gehoord\n",
            "        right: " + "x" * 61 + "\n",
            (19, "items[0].right", "te lang: maximaal 60 tekens"),
        ),
        ("        right: Goed gehoord\n", "", (16, "items[0].right", "dit veld ontbreekt")),
        (
            "        label: Gehoord\n",
            '        label: " "\n',
            (17, "items[0].label", "mag niet leeg zijn"),
        ),
        (
            "      - id: samen\n        label: Samen\n"
            "        left: Niet goed\n        right: Goed\n",
            "",
            (16, "items", "te weinig: minimaal 3"),
        ),
        (
            "      - id: samen\n",
            "      - id: gehoord\n",
            (24, "items[2].id", "de id gehoord komt vaker voor in deze klik-check"),
        ),
        ("    items:\n", "    scale: 7\n    items:\n", (15, "scale", t("content.extra"))),
        ("    prompt: Hoe was het gesprek?\n", "", (10, "prompt", "dit veld ontbreekt")),
    ],
)
def test_schema_problems_name_line_field_and_message(tmp_path, old, new, expected):
    line, field, message = expected
    found = problems(tmp_path, replace_once(WORKSHOP, old, new))
    assert found == [(line, f"exercises[0].{field}", message)]


def test_at_most_six_items(tmp_path):
    extra = "".join(
        f"      - id: extra-{n}\n        label: E{n}\n        left: L\n        right: R\n"
        for n in range(4)
    )
    assert problems(tmp_path, WORKSHOP + extra) == [
        (16, "exercises[0].items", "te veel: maximaal 6")
    ]


def test_the_demo_has_four_own_sliders():
    demo = load_workshop("demo").exercise(EXERCISE_ID)
    assert demo.type == "klik"
    assert len(demo.items) == 4
    assert len({i.id for i in demo.items}) == len({i.label for i in demo.items}) == 4
    assert all(i.left != i.right for i in demo.items)
    assert demo.trainer_notes
    # Own items: none of the Session Rating Scale's English anchor wording.
    texts = " ".join(f"{i.label} {i.left} {i.right}" for i in demo.items).lower()
    for srs_phrase in ("heard, understood", "respected", "approach", "something missing"):
        assert srs_phrase not in texts


# --- check_answer --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        (scores(0, 5, 10), scores(0, 5, 10)),
        ({"item-1": 7}, {"item-1": 7}),
        ({"item-2": 0, "item-0": 10}, {"item-0": 10, "item-2": 0}),  # in the items' order
    ],
)
def test_the_moved_sliders_are_kept(given, kept):
    checked = check_answer(exercise(), {"scores": given})
    assert checked == {"scores": kept}
    assert list(checked["scores"]) == list(kept)


def test_nothing_moved_is_refused_in_dutch():
    with pytest.raises(AnswerProblem) as info:
        check_answer(exercise(), {"scores": {}})
    assert info.value.message == t("klik.nothing_chosen")
    assert info.value.message == "Schuif minstens één schuifje naar het getal dat past."


@pytest.mark.parametrize(
    "value",
    [
        None,
        "5",
        [5, 5, 5],
        {},
        {"scores": None},
        {"scores": [5, 5, 5]},
        {"scores": "vijf"},
        {"scores": scores(5, 5, 5) | {"onbekend": 5}},
        {"scores": {"onbekend": 5}},
        {"scores": scores(5, 5, 5) | {SCRIPT: 5}},
        {"scores": scores(5, 5, 5) | {"moeder@example.nl": 5}},
        {"scores": scores(5, 5, 5) | {"🙂": 5}},
        {"scores": scores(11)},
        {"scores": scores(-1)},
        {"scores": scores(5, True)},
        {"scores": scores(5, 4, 4.0)},
        {"scores": scores(5, 4, "4")},
        {"scores": scores(None)},
        {"scores": scores(5, [4])},
    ],
)
def test_garbage_unknown_items_and_broken_scores_are_refused(value):
    with pytest.raises(AnswerProblem) as info:
        check_answer(exercise(), value)
    assert info.value.message == t("klik.broken")


# --- summarize -----------------------------------------------------------------------------


def test_summarize_by_hand_counts_per_item_only_who_scored_it():
    answers = [
        answer({"item-0": 7, "item-1": 10, "item-2": 5}, "p-1"),
        answer({"item-0": 9, "item-2": 8}, "p-2"),
        answer({"item-1": 0}, "p-3"),
        answer({"item-0": 3, "item-1": 10}, "p-4"),
    ]
    summary = summarize(exercise(), answers)
    assert summary.respondents == 4
    first, second, third = summary.items
    # item 0: 7, 9, 3 (p-3 left it): mean 19 / 3 = 6.33; deviations 2/3, 8/3, -10/3;
    # population variance (4 + 64 + 100) / 9 / 3 = 56 / 9; SD 2.494
    assert first == ItemResult(
        id="item-0",
        label="Gehoord",
        left="niet 0",
        right="wel 0",
        count=3,
        mean=6.33,
        sd=2.49,
        low=3,
        high=9,
        counts=(0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 0),
    )
    assert math.isclose(first.sd, math.sqrt(56 / 9), abs_tol=0.005)
    # item 1: 10, 0, 10 (p-2 left it): mean 20 / 3 = 6.67; deviations 10/3, -20/3, 10/3;
    # variance (100 + 400 + 100) / 9 / 3 = 200 / 9; SD 4.714
    assert (second.count, second.mean, second.sd, second.low, second.high) == (
        3,
        6.67,
        4.71,
        0,
        10,
    )
    assert math.isclose(second.sd, math.sqrt(200 / 9), abs_tol=0.005)
    assert second.counts == (1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2)
    # item 2: 5, 8 (p-3 and p-4 left it): mean 6.5; deviations -1.5, 1.5; SD 1.5
    assert (third.count, third.mean, third.sd, third.low, third.high) == (2, 6.5, 1.5, 5, 8)
    assert sum(third.counts) == 2
    assert (third.counts[5], third.counts[8]) == (1, 1)


def test_an_item_nobody_scored_has_no_numbers():
    answers = [answer({"item-0": 4}, "p-1"), answer({"item-0": 6, "item-1": 2}, "p-2")]
    summary = summarize(exercise(), answers)
    assert summary.respondents == 2
    assert [(i.count, i.mean) for i in summary.items] == [(2, 5.0), (1, 2.0), (0, 0.0)]
    assert summary.items[2].counts == (0,) * 11


def test_summarize_skips_broken_answers_and_handles_none():
    answers = [
        answer(scores(8, 8, 8)),
        answer({"item-0": 3}),  # one slider moved: counts for that slider only
        answer({}),  # nothing moved
        answer({"item-0": 3.5}),
        answer({"onbekend": 3}),
        answer("rommel"),
    ]
    summary = summarize(exercise(), answers)
    assert summary.respondents == 2
    assert [(i.count, i.mean) for i in summary.items] == [(2, 5.5), (1, 8.0), (1, 8.0)]
    empty = summarize(exercise(), [])
    assert empty.respondents == 0
    assert [(i.count, i.mean, i.counts) for i in empty.items] == [(0, 0.0, (0,) * 11)] * 3


# --- the participant's view ----------------------------------------------------------------


def unset(slider) -> bool:
    """The slider shows no chosen value: it sits on the place left of 0."""
    return (slider.min, slider.max, slider.value) == (-1, 10, -1)


def chosen(slider, score: int) -> bool:
    return (slider.min, slider.max, slider.value) == (0, 10, score)


def test_sliders_start_unset_and_marked(store, session):
    _page, form = join(store, session.code)
    items = form.exercise.items
    ids = [i.id for i in items]
    assert list(form.sliders) == ids
    assert all(unset(slider) for slider in form.sliders.values())
    assert form.untouched() == ids
    assert form.raw_value() == {"scores": {}}
    markup = html_of(form)
    for item in items:  # both anchors are on the page, with what 0 and 10 mean
        assert f"0 = {html.escape(item.left)}" in markup
        assert f"10 = {html.escape(item.right)}" in markup
    assert all("ss-klik-untouched" in box._dom_classes for box in form.boxes.values())
    for value in form.values.values():  # no number under a slider, only that none is chosen
        assert text_of(value.value) == t("klik.untouched") == "Nog niet gekozen"
        assert "data-value" not in value.value
    labels = ", ".join(i.label for i in items)
    assert text_of(form.note.value) == t("klik.untouched_note", labels=labels)
    assert text_of(form.note.value).startswith("Nog niet gekozen: ")
    own_texts = t("klik.help") + t("klik.untouched") + t("klik.untouched_note", labels="")
    assert "5" not in own_texts  # no start value is named


def test_moving_a_slider_marks_it_chosen_and_the_scale_becomes_0_to_10(store, session):
    _page, form = join(store, session.code)
    items = form.exercise.items
    first, *others = [i.id for i in items]
    form.sliders[first].value = 0  # the first step right from the unset place
    assert chosen(form.sliders[first], 0)
    assert "ss-klik-untouched" not in form.boxes[first]._dom_classes
    assert text_of(form.values[first].value) == "Jouw keuze: 0"
    assert 'data-value="0"' in form.values[first].value
    assert form.untouched() == others
    assert all(unset(form.sliders[iid]) for iid in others)
    assert all("ss-klik-untouched" in form.boxes[iid]._dom_classes for iid in others)
    note = text_of(form.note.value)
    assert items[0].label not in note
    assert all(i.label in note for i in items[1:])
    assert form.raw_value() == {"scores": {first: 0}}
    form.sliders[first].value = -1  # the unset place is gone once a slider was moved
    assert chosen(form.sliders[first], 0)


def test_saving_keeps_only_the_moved_sliders(store, session):
    page, form = join(store, session.code)
    ids = [i.id for i in form.exercise.items]

    form.save_button.click()  # nothing moved: nothing is saved, and the form says why
    assert status(form) == t("klik.nothing_chosen")
    assert status(form) == "Schuif minstens één schuifje naar het getal dat past."
    assert stored(store, session.id, page) is None

    form.sliders[ids[0]].value = 8
    form.sliders[ids[2]].value = 0
    form.save_button.click()
    assert status(form) == t("answer.saved")
    assert stored(store, session.id, page) == {"scores": {ids[0]: 8, ids[2]: 0}}

    form.sliders[ids[1]].value = 2
    assert status(form) == t("answer.unsaved")
    form.sliders[ids[3]].value = 10
    assert form.note.value == ""
    form.save_button.click()
    assert status(form) == t("answer.updated")
    assert stored(store, session.id, page)["scores"] == {
        ids[0]: 8,
        ids[1]: 2,
        ids[2]: 0,
        ids[3]: 10,
    }


def test_rejoining_restores_the_saved_scores_and_leaves_the_others_unset(store, session):
    page, form = join(store, session.code)
    ids = [i.id for i in form.exercise.items]
    form.sliders[ids[1]].value = 9
    form.sliders[ids[3]].value = 0
    form.save_button.click()

    _again, form2 = join(store, session.code, personal=page.participant.personal_code)
    assert status(form2) == t("answer.restored")
    assert chosen(form2.sliders[ids[1]], 9)
    assert chosen(form2.sliders[ids[3]], 0)  # 0 is a choice too
    assert unset(form2.sliders[ids[0]])
    assert unset(form2.sliders[ids[2]])
    assert form2.untouched() == [ids[0], ids[2]]
    assert "ss-klik-untouched" in form2.boxes[ids[0]]._dom_classes
    assert "ss-klik-untouched" not in form2.boxes[ids[3]]._dom_classes
    assert form2.raw_value() == {"scores": {ids[1]: 9, ids[3]: 0}}
    form2.save_button.click()  # saving again changes nothing
    assert stored(store, session.id, page) == {"scores": {ids[1]: 9, ids[3]: 0}}


def test_set_value_is_the_saved_answer_and_a_new_round_starts_unset(store, session):
    _page, form = join(store, session.code)
    ids = [i.id for i in form.exercise.items]
    form.sliders[ids[0]].value = 4
    form.set_value({"scores": {ids[1]: 6, ids[2]: 11, "onbekend": 3}})
    assert unset(form.sliders[ids[0]])  # not in the saved answer: no value
    assert chosen(form.sliders[ids[1]], 6)
    assert unset(form.sliders[ids[2]])  # a broken score is not put back
    assert form.raw_value() == {"scores": {ids[1]: 6}}
    form.start_round(2)
    assert all(unset(slider) for slider in form.sliders.values())
    assert form.raw_value() == {"scores": {}}


def test_before_joining_nothing_is_saved(store):
    page = WorkshopPage(load_workshop("demo"), store)
    form = page.show(EXERCISE_ID)
    form.sliders[form.exercise.items[0].id].value = 6
    form.save_button.click()
    assert status(form) == t("join.first")


# --- the trainer's panel -------------------------------------------------------------------


def klik_panel(ex: Klik) -> ResultsPanel:
    return exercise_type("klik").dashboard_panel(ex)


def result_attrs(panel: ResultsPanel | str) -> list[dict[str, str]]:
    markup = panel if isinstance(panel, str) else html_of(panel)
    return [
        dict(re.findall(r'data-(\w+)="([^"]*)"', match))
        for match in re.findall(r'<div class="ss-klik-result"([^>]*)>', markup)
    ]


def test_the_panel_shows_mean_spread_range_and_counts():
    ex = exercise(("Gehoord", SCRIPT, "Aanpak"))
    answers = [
        answer(scores(7, 10, 2), "p-1"),
        answer(scores(9, 10, 3), "p-2"),
        answer(scores(5, 0, 4), "p-3"),
        answer(scores(3, 10, 3), "p-4"),
    ]
    panel = klik_panel(ex)
    panel.update(summarize(ex, answers), 4)
    assert result_attrs(panel) == [
        {"item": "item-0", "n": "4", "mean": "6.00", "sd": "2.24", "min": "3", "max": "9"},
        {"item": "item-1", "n": "4", "mean": "7.50", "sd": "4.33", "min": "0", "max": "10"},
        {"item": "item-2", "n": "4", "mean": "3.00", "sd": "0.71", "min": "2", "max": "4"},
    ]
    markup = html_of(panel)
    text = text_of(markup)
    assert "gemiddeld 6,0 · spreiding 2,2 · van 3 tot 9" in text
    assert "gemiddeld 7,5 · spreiding 4,3 · van 0 tot 10" in text
    assert text.count(t("klik.n", count=4)) == 3
    assert t("klik.n", count=4) == "Aantal antwoorden: 4"
    # the range is shaded from the lowest to the highest score, the mean is marked
    assert 'class="ss-klik-range" style="left:30%;width:60%"' in markup
    assert 'class="ss-klik-mean" style="left:60.0%"' in markup
    assert 'class="ss-klik-mean" style="left:75.0%"' in markup
    assert re.search(r'data-score="10" data-count="3"', markup)
    assert re.search(r'data-score="0" data-count="1"', markup)
    # flags: item 0 low? no (6.0); item 1 wide (4.33); item 2 low (3.0), narrow
    results = markup.split('<div class="ss-klik-result"')[1:]
    assert ["ss-klik-low" in r for r in results] == [False, False, True]
    assert ["ss-klik-wide" in r for r in results] == [False, True, False]
    assert t("klik.flag_low") in text
    assert t("klik.flag_wide") in text
    # a label with markup (content is escaped too) stays text
    assert SCRIPT not in markup
    assert html.escape(SCRIPT) in markup
    assert t("klik.legend") in text


def test_the_panel_with_partial_answers_shows_each_items_own_count():
    ex = exercise()
    answers = [
        answer({"item-0": 2, "item-1": 9}, "p-1"),
        answer({"item-0": 4}, "p-2"),
        answer({"item-0": 3}, "p-3"),
    ]
    panel = klik_panel(ex)
    panel.update(summarize(ex, answers), 3)
    assert result_attrs(panel) == [
        {"item": "item-0", "n": "3", "mean": "3.00", "sd": "0.82", "min": "2", "max": "4"},
        {"item": "item-1", "n": "1", "mean": "9.00", "sd": "0.00", "min": "9", "max": "9"},
        {"item": "item-2", "n": "0"},
    ]
    markup = html_of(panel)
    results = markup.split('<div class="ss-klik-result"')[1:]
    assert t("klik.n", count=3) in text_of(results[0])
    assert t("klik.n", count=1) in text_of(results[1])
    # nobody scored item 2: it says so, with no numbers, no track and no flag
    assert text_of(results[2].split(">", 1)[1]).startswith(f"Aanpak{t('klik.item_none')}")
    assert "ss-klik-track" not in results[2]
    assert "ss-klik-flag" not in results[2]
    assert "ss-klik-low" in results[0]  # mean 3: low


def test_the_panel_without_answers():
    panel = klik_panel(exercise())
    panel.update(KlikSummary(0, ()), 0)
    assert t("klik.none") in text_of(html_of(panel))


def test_the_dashboard_waits_for_the_minimum_then_shows_the_numbers(store):
    dashboard, session = demo_dashboard(store, 3)
    view = dashboard.session_view
    ids = [i.id for i in load_workshop("demo").exercise(EXERCISE_ID).items]
    for n, role in enumerate(("ouder", "jongere", "professional")):
        _page, form = join(store, session.code, role)
        form.sliders[ids[0]].value = 4 + 2 * n  # 4, 6, 8
        if n < 2:
            form.sliders[ids[1]].value = 2 + 5 * n  # 2, 7; the third person leaves it
        form.save_button.click()
        assert status(form) == t("answer.saved")
        view.refresh()
        panel = view.panels[EXERCISE_ID]
        if n < 2:
            assert text_of(panel.status.value) == t("dash.waiting", count=n + 1, minimum=3)
            assert result_attrs(panel) == []
    panel = view.panels[EXERCISE_ID]
    # 4, 6, 8: mean 6, population SD √(8/3) = 1.63; 2, 7: mean 4.5, SD 2.5; nobody moved
    # the last two sliders
    assert result_attrs(panel) == [
        {"item": ids[0], "n": "3", "mean": "6.00", "sd": "1.63", "min": "4", "max": "8"},
        {"item": ids[1], "n": "2", "mean": "4.50", "sd": "2.50", "min": "2", "max": "7"},
        {"item": ids[2], "n": "0"},
        {"item": ids[3], "n": "0"},
    ]
    text = text_of(html_of(panel))
    assert t("klik.n", count=3) in text
    assert t("klik.n", count=2) in text
    assert text.count(t("klik.item_none")) == 2


def test_render_html_is_what_the_panel_shows_escaped_and_without_controls():
    ex = exercise(("Gehoord", SCRIPT, "Aanpak")).model_copy(
        update={"trainer_notes": "Alleen voor de trainer"}
    )
    answers = [
        answer(scores(7, 10, 2), "p-1"),
        answer(scores(9, 10, 3), "p-2"),
        answer(scores(5, 0, 4), "p-3"),
        answer(scores(3, 10, 3), "p-4"),
    ]
    summary = summarize(ex, answers)
    markup = render_html(ex, summary)
    panel = klik_panel(ex)
    panel.update(summary, 4)
    snapshot = snapshot_html(panel.body)
    assert markup in snapshot  # the panel draws exactly this
    assert text_of(markup) == text_of(snapshot)
    assert result_attrs(markup) == result_attrs(panel)
    assert result_attrs(markup)[1] == {
        "item": "item-1",
        "n": "4",
        "mean": "7.50",
        "sd": "4.33",
        "min": "0",
        "max": "10",
    }
    text = text_of(markup)
    assert "Hoe was het?" in text
    assert "gemiddeld 6,0 · spreiding 2,2 · van 3 tot 9" in text
    assert "0 = niet 0" in text
    assert "10 = wel 2" in text
    assert t("klik.flag_low") in text
    assert t("klik.legend") in text
    assert re.search(r'data-score="10" data-count="3"', markup)
    # escaped content, no trainer notes, no controls
    assert SCRIPT not in markup
    assert html.escape(SCRIPT) in markup
    assert "Alleen voor de trainer" in html_of(panel)
    assert "Alleen voor de trainer" not in markup
    assert "<button" not in markup
    assert "<input" not in markup
    # nothing can be hidden and there are no subgroups: the same with either
    assert render_html(ex, summary, hidden=frozenset({"item-0"}), minimum=5) == markup


def test_render_html_without_answers():
    ex = exercise()
    markup = render_html(ex, summarize(ex, []))
    assert t("klik.none") in text_of(markup)
    assert "ss-klik-result" not in markup
    assert t("klik.legend") not in text_of(markup)


def test_the_type_is_registered_with_its_css():
    registered = exercise_type("klik")
    assert registered.participant_view is KlikForm
    assert registered.dashboard_panel is ResultsPanel
    assert registered.render_html is render_html
    assert "@media (max-width: 600px)" in "".join(registered.css)
    css = "".join(registered.css)
    assert ".ss-klik-track" in css
    # an unset slider shows no handle, filled part or number, but the handle stays reachable
    assert ".ss-klik-untouched .noUi-handle { opacity: 0; }" in css
    assert ".ss-klik-untouched .widget-readout { visibility: hidden; }" in css
    assert ".ss-klik-untouched .noUi-connect { visibility: hidden; }" in css


# --- on paper --------------------------------------------------------------------------------


def paper_of(exercise: Klik, *, answer_key: bool = False) -> str:
    from samenspraak.exercises.klik.model import paper_html

    return paper_html(exercise, answer_key=answer_key)


BOXES = "\u2003".join(f'<span class="ss-paper-box">{score} ☐</span>' for score in range(11))


def test_paper_shows_every_item_with_its_ends_and_a_box_per_number():
    demo = load_workshop("demo").exercise(EXERCISE_ID)
    paper = paper_of(demo)
    assert html.escape(demo.prompt) in paper
    assert html.escape(t("klik.paper_help")) in paper
    for item in demo.items:
        assert f"<b>{html.escape(item.label)}</b>" in paper
        assert (
            f"0 = {html.escape(item.left)}<br>10 = {html.escape(item.right)}</p>"
            f'<p class="ss-paper-scale">{BOXES}</p>'
        ) in paper
    assert paper.count(BOXES) == len(demo.items)
    assert paper.index(demo.items[0].label) < paper.index(demo.items[-1].label)  # in order
    assert "<button" not in paper
    assert "<input" not in paper


def test_only_the_answer_key_says_when_the_dashboard_flags_an_item():
    demo = load_workshop("demo").exercise(EXERCISE_ID)
    paper, key = paper_of(demo), paper_of(demo, answer_key=True)
    note = html.escape(t("klik.paper_key_text", low="6", wide="2,5"))
    assert note in key
    assert 'class="ss-paper-key"' in key
    assert note not in paper
    assert "ss-paper-key" not in paper
    assert key.startswith(paper.removesuffix("</div>"))  # the same sheet, then the key


def test_paper_escapes_content_text():
    demo = load_workshop("demo").exercise(EXERCISE_ID)
    item = demo.items[0].model_copy(update={"label": SCRIPT, "left": SCRIPT, "right": SCRIPT})
    ex = demo.model_copy(update={"prompt": SCRIPT, "items": [item, *demo.items[1:]]})
    paper = paper_of(ex, answer_key=True)
    assert SCRIPT not in paper
    assert paper.count(html.escape(SCRIPT)) == 4


def test_klik_draws_itself_on_paper():
    from samenspraak.exercises.klik.model import paper_html

    assert exercise_type("klik").paper_html is paper_html
    assert ".ss-paper-klik" in "".join(exercise_type("klik").css)
