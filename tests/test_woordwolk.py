"""``woordwolk`` and ``open``'s word-cloud view: schema, ``check_answer``, ``summarize``, the
participant view on a real store, the trainer's panel and the cloud picture itself."""

from __future__ import annotations

import base64
import html
import io
import re
import textwrap
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pytest
from PIL import Image

from samenspraak.app.participant import WorkshopPage
from samenspraak.catalog import load_workshop
from samenspraak.core.answers import AnswerProblem
from samenspraak.core.charts import word_cloud_png
from samenspraak.core.messages import t
from samenspraak.core.records import Answer, Role
from samenspraak.core.store import Store
from samenspraak.exercises import exercise_type
from samenspraak.exercises._shared import cloud
from samenspraak.exercises.open.model import Open, OpenSummary
from samenspraak.exercises.open.view import OpenPanel
from samenspraak.exercises.woordwolk.model import (
    Woordwolk,
    WoordwolkSummary,
    WordCount,
    check_answer,
    normalise,
    render_html,
    summarize,
    word_id,
)
from samenspraak.exercises.woordwolk.view import WoordwolkForm, WoordwolkPanel

from .helpers import (
    PNG_SIGNATURE,
    demo_dashboard,
    first_with_class,
    heavy_modules_after,
    html_of,
    join_form,
    load,
    make_answer,
    problems,
    status,
    text_of,
    walk,
    with_class,
    workshop_yaml,
)
from .panel_html import snapshot_html

EXERCISE_ID = "demo-woordwolk"
SCRIPT = "<script>alert(1)</script>"

# --- helpers -------------------------------------------------------------------------------


def exercise(**fields: Any) -> Woordwolk:
    base = {"id": "wolk", "type": "woordwolk", "title": "Woordwolk", "sources": ["bron"]}
    return Woordwolk(**{**base, "prompt": "Welk woord past bij samenwerken?", **fields})


def open_exercise(**fields: Any) -> Open:
    base = {"id": "vraag", "type": "open", "title": "Open vraag", "sources": ["bron"]}
    return Open(**{**base, "prompt": "Wat doe je?", **fields})


def answer(pseudonym: str, value: Any, role: Role = Role.PROFESSIONAL) -> Answer:
    return make_answer("wolk", value, pseudonym, role)


def pictures(markup: widgets.Widget | str) -> list[bytes]:
    """The PNG of each ``<img>`` in the markup (or in every ``HTML`` inside a widget)."""
    markup = markup if isinstance(markup, str) else html_of(markup)
    return [
        base64.b64decode(data)
        for data in re.findall(r'<img [^>]*src="data:image/png;base64,([^"]+)"', markup)
    ]


def listed(widget: widgets.Widget | str) -> list[tuple[str, int]]:
    """The words under the cloud with their counts, as the trainer reads them."""
    if isinstance(widget, str):
        markup = widget if "ss-woordwolk-top" in widget else ""
    else:
        markup = "".join(
            w.value
            for w in walk(widget)
            if isinstance(w, widgets.HTML) and "ss-woordwolk-top" in w.value
        )
    return [
        (html.unescape(word), int(count))
        for word, count in re.findall(
            r'<span class="ss-woordwolk-word">([^<]*)</span>'
            r'<span class="ss-woordwolk-count" data-count="(\d+)">',
            markup[markup.index('<ol class="ss-woordwolk-top">') :] if markup else "",
        )
    ]


def classes(markup: str) -> set[str]:
    return {css for found in re.findall(r'class="([^"]*)"', markup) for css in found.split()}


def count_drawings(monkeypatch: pytest.MonkeyPatch) -> list[list[tuple[str, int]]]:
    """Every word cloud really drawn from now on (the cache of pictures starts empty)."""
    from samenspraak.core import charts

    drawn: list[list[tuple[str, int]]] = []
    real = charts.word_cloud_png

    def draw(counts: list[tuple[str, int]], **kwargs: Any) -> bytes:
        drawn.append(list(counts))
        return real(counts, **kwargs)

    cloud._png.cache_clear()
    monkeypatch.setattr(charts, "word_cloud_png", draw)
    return drawn


def join(
    store: Store, code: str, role: str = "professional", *, personal: str = ""
) -> tuple[WorkshopPage, WoordwolkForm]:
    return join_form(store, code, EXERCISE_ID, WoordwolkForm, role, personal=personal)


def type_words(form: WoordwolkForm, *entries: str) -> None:
    for field, entry in zip(form.fields, [*entries, "", "", "", "", ""], strict=False):
        field.value = entry


def stored(store: Store, session_id: int) -> list[Any]:
    return [a.value for a in store.answers(session_id, EXERCISE_ID)]


# --- schema --------------------------------------------------------------------------------

WORKSHOP = workshop_yaml("""\
  - id: wolk
    type: woordwolk
    title: Woordwolk
    sources: [bron]
    prompt: Welk woord past bij samenwerken?
  - id: vraag
    type: open
    title: Open vraag
    sources: [bron]
    prompt: Wat doe je?
""")
# line 10: - id: wolk, 14: its prompt (a field added after it is line 15), 19: the open prompt


def test_schema_defaults(tmp_path: Path):
    workshop = load(tmp_path, WORKSHOP)
    wolk = workshop.exercise("wolk")
    assert isinstance(wolk, Woordwolk)
    assert (wolk.max_words, wolk.max_length) == (3, 40)
    assert workshop.exercise("vraag").show_as == "lijst"


def test_schema_reads_the_limits_and_the_open_view(tmp_path: Path):
    text = WORKSHOP.replace(
        "    prompt: Welk woord past bij samenwerken?\n",
        "    prompt: Welk woord past bij samenwerken?\n    max_words: 5\n    max_length: 10\n",
    ).replace("    prompt: Wat doe je?\n", "    prompt: Wat doe je?\n    show_as: woordwolk\n")
    workshop = load(tmp_path, text)
    assert (workshop.exercise("wolk").max_words, workshop.exercise("wolk").max_length) == (5, 10)
    assert workshop.exercise("vraag").show_as == "woordwolk"


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ("    max_words: 6\n", (15, "exercises[0].max_words", "mag maximaal 5 zijn")),
        ("    max_words: 0\n", (15, "exercises[0].max_words", "moet minimaal 1 zijn")),
        ("    max_length: 81\n", (15, "exercises[0].max_length", "mag maximaal 80 zijn")),
        ("    max_length: 9\n", (15, "exercises[0].max_length", "moet minimaal 10 zijn")),
        ("    stop_words: [de]\n", (15, "exercises[0].stop_words", "dit veld kennen we niet")),
    ],
)
def test_schema_problems_name_line_field_and_dutch_message(tmp_path: Path, extra, expected):
    text = WORKSHOP.replace(
        "    prompt: Welk woord past bij samenwerken?\n",
        "    prompt: Welk woord past bij samenwerken?\n" + extra,
    )
    found = problems(tmp_path, text)
    assert [(line, field) for line, field, _ in found] == [expected[:2]]
    assert found[0][2].startswith(expected[2]), found


def test_schema_missing_prompt(tmp_path: Path):
    text = WORKSHOP.replace("    prompt: Welk woord past bij samenwerken?\n", "")
    assert problems(tmp_path, text) == [(10, "exercises[0].prompt", "dit veld ontbreekt")]


def test_open_show_as_must_be_a_known_view(tmp_path: Path):
    text = WORKSHOP.replace(
        "    prompt: Wat doe je?\n", "    prompt: Wat doe je?\n    show_as: wolk\n"
    )
    [(line, field, message)] = problems(tmp_path, text)
    assert (line, field) == (20, "exercises[1].show_as")
    assert message.startswith("kies uit")
    assert "'lijst'" in message
    assert "'woordwolk'" in message


def test_demo_has_a_woordwolk_with_trainer_notes():
    demo = load_workshop("demo")
    wolk = demo.exercise(EXERCISE_ID)
    assert wolk.type == "woordwolk"
    assert wolk.intro.startswith("**Type woordwolk.**")
    assert wolk.trainer_notes
    assert exercise_type("woordwolk").schema is Woordwolk


# --- check_answer --------------------------------------------------------------------------


def test_check_answer_drops_empty_fields_and_duplicates():
    value = {"words": ["  Luisteren ", "", "luisteren", "echt   contact"]}
    with pytest.raises(AnswerProblem):  # four entries, three allowed
        check_answer(exercise(), value)
    assert check_answer(exercise(max_words=4), value) == {"words": ["Luisteren", "echt contact"]}
    assert check_answer(exercise(), {"words": ["", "LUISTEREN", "Luisteren"]}) == {
        "words": ["LUISTEREN"]
    }


@pytest.mark.parametrize(
    "value",
    [
        None,
        "luisteren",
        42,
        ["luisteren"],
        {},
        {"words": None},
        {"words": "luisteren"},
        {"words": {"a": "luisteren"}},
        {"words": ["", "   ", ""]},
        {"words": [None, 3, {"x": "luisteren"}]},
        {"text": "luisteren"},
    ],
)
def test_check_answer_refuses_empty_and_garbage(value):
    with pytest.raises(AnswerProblem) as info:
        check_answer(exercise(), value)
    assert info.value.message == t("woordwolk.empty")


def test_check_answer_skips_non_text_entries_next_to_real_ones():
    assert check_answer(exercise(), {"words": [None, "samen", 7]}) == {"words": ["samen"]}


def test_check_answer_refuses_more_entries_than_allowed():
    with pytest.raises(AnswerProblem) as info:
        check_answer(exercise(max_words=2), {"words": ["a", "b", "c"]})
    assert info.value.message == t("woordwolk.too_many", limit=2)


def test_check_answer_names_the_field_that_is_too_long():
    with pytest.raises(AnswerProblem) as info:
        check_answer(exercise(max_length=10), {"words": ["kort", "x" * 11]})
    assert info.value.message == t(
        "woordwolk.in_field", n=2, problem=t("answer.too_long", length=11, limit=10)
    )
    assert check_answer(exercise(max_length=10), {"words": ["x" * 10]}) == {"words": ["x" * 10]}


@pytest.mark.parametrize(
    ("entry", "category"),
    [
        ("mail jan@voorbeeld.nl", "email"),
        ("bel 06-12345678", "phone"),
        ("1234 AB", "postcode"),
    ],
)
def test_check_answer_refuses_identifiers(entry, category):
    with pytest.raises(AnswerProblem) as info:
        check_answer(exercise(), {"words": ["samen", entry]})
    found = t("text.found", found=t(f"identifier.{category}"))
    assert info.value.message == t("woordwolk.in_field", n=2, problem=found)


def test_check_answer_keeps_html_and_emoji_as_text():
    value = {"words": [SCRIPT, "samen 😀"]}
    assert check_answer(exercise(), value) == {"words": [SCRIPT, "samen 😀"]}


# --- summarize -----------------------------------------------------------------------------


def test_normalise_lower_cases_and_drops_stop_words():
    assert normalise("Het luisteren!") == "luisteren"
    assert normalise("Echt  contact") == "echt contact"
    assert normalise("het") == ""
    assert normalise("24/7 😀") == ""


def test_summarize_counts_each_entry_once_per_person():
    answers = [
        answer("p-1", {"words": ["Luisteren", "Echt contact", "de tijd"]}),
        answer("p-2", {"words": ["het luisteren", "Vertrouwen"]}),
        answer("p-3", {"words": ["luisteren", "Luisteren!", "echt contact"]}),
        answer("p-4", {"words": ["het", "en de"]}),  # only stop words: not counted
        answer("p-5", {"words": "kapot"}),  # malformed: not counted, still a respondent
    ]
    summary = summarize(exercise(), answers)
    assert summary.respondents == 5
    assert [(w.word, w.count) for w in summary.words] == [
        ("luisteren", 3),
        ("echt contact", 2),
        ("tijd", 1),
        ("vertrouwen", 1),
    ]
    assert [w.id for w in summary.words] == [word_id(w.word) for w in summary.words]
    assert summarize(exercise(), []) == WoordwolkSummary(0, ())


def test_word_ids_are_short_stable_and_distinct():
    assert word_id("luisteren") == word_id("luisteren")
    assert word_id("luisteren") != word_id("echt contact")
    assert re.fullmatch(r"[0-9a-f]{16}", word_id("echt contact"))


# --- the cloud picture ---------------------------------------------------------------------


def test_word_cloud_is_a_stable_png_sized_for_a_projector():
    counts = [("luisteren", 5), ("echt contact", 3), ("samen", 3), ("tijd", 1)]
    first = word_cloud_png(counts)
    assert first.startswith(PNG_SIGNATURE)
    assert word_cloud_png(list(reversed(counts))) == first  # same counts, same picture
    assert word_cloud_png([*counts[:3], ("tijd", 2)]) != first
    picture = Image.open(io.BytesIO(first))
    assert picture.size == (1200, 600)
    assert picture.mode == "RGB"
    colours = {colour for _n, colour in picture.getcolors(maxcolors=1_000_000)}
    assert (255, 255, 255) in colours  # white background
    assert (0x1F, 0x3B, 0x57) in colours  # the kit's dark blue for the most named word


def test_word_cloud_with_one_word_is_less_tall():
    picture = Image.open(io.BytesIO(word_cloud_png([("luisteren", 1)])))
    assert picture.size == (1200, 300)
    with pytest.raises(ValueError, match="at least one word"):
        word_cloud_png([])


# --- the participant's view ----------------------------------------------------------------


def test_form_shows_the_prompt_warning_and_one_field_per_word(store, session):
    _page, form = join(store, session.code)
    markup = html_of(form)
    assert "Welk woord past bij een goede samenwerking met ouders?" in markup
    assert html.escape(t("text.warning")) in markup
    assert html.escape(t("woordwolk.hint", limit=3)) in markup
    assert len(form.fields) == 3
    assert all(isinstance(f, widgets.Text) for f in form.fields)
    # each box its own placeholder, which a screen reader adds to the question (a11y.js)
    assert [f.placeholder for f in form.fields] == [
        t("woordwolk.placeholder_n", n=n) for n in (1, 2, 3)
    ]
    assert all("ss-placeholder-names" in f._dom_classes for f in form.fields)
    assert "ss-woordwolk-field-3" in form.fields[2]._dom_classes


def test_form_with_one_word_asks_for_one():
    form = WoordwolkForm(exercise(max_words=1), check_answer)
    assert len(form.fields) == 1
    assert html.escape(t("woordwolk.hint_one")) in html_of(form)


def test_saving_stores_the_clean_words(store, session):
    _page, form = join(store, session.code)
    type_words(form, " Luisteren ", "luisteren", "")
    form.save_button.click()
    assert status(form) == t("answer.saved")
    assert stored(store, session.id) == [{"words": ["Luisteren"]}]

    form.fields[2].value = "Echt contact"
    assert status(form) == t("answer.unsaved")
    form.save_button.click()
    assert status(form) == t("answer.updated")
    assert stored(store, session.id) == [{"words": ["Luisteren", "Echt contact"]}]


def test_saving_nothing_says_so_and_stores_nothing(store, session):
    _page, form = join(store, session.code)
    type_words(form, "   ", "")
    form.save_button.click()
    assert status(form) == t("woordwolk.empty")
    assert "ss-problem" in form.status.value
    assert stored(store, session.id) == []


def test_an_identifier_is_refused_and_the_text_stays(store, session):
    _page, form = join(store, session.code)
    type_words(form, "samen", "mail naar jan@voorbeeld.nl")
    form.save_button.click()
    found = t("text.found", found=t("identifier.email"))
    assert status(form) == t("woordwolk.in_field", n=2, problem=found)
    assert form.fields[1].value == "mail naar jan@voorbeeld.nl"
    assert stored(store, session.id) == []


def test_rejoining_puts_the_saved_words_back(store, session):
    page, form = join(store, session.code)
    type_words(form, "samen", "tijd nemen")
    assert form.submit()
    again, form_again = join(store, session.code, personal=page.participant.personal_code)
    assert again.participant == page.participant
    assert [f.value for f in form_again.fields] == ["samen", "tijd nemen", ""]
    assert status(form_again) == t("answer.restored")


def test_participant_kernel_stays_light(tmp_path):
    script = textwrap.dedent(
        f"""
        from samenspraak.app import WorkshopPage
        from samenspraak.core.store import Store

        store = Store()
        session = store.create_session("demo")
        page = WorkshopPage.open("demo", store)
        page.join_panel.code.value = session.code
        page.join_panel.role.value = "ouder"
        assert page.join()
        form = page.form("{EXERCISE_ID}")
        form.fields[0].value = "Luisteren"
        assert form.submit()
        """
    )
    assert heavy_modules_after(script, tmp_path) == "heavy: []"


# --- the trainer's panel -------------------------------------------------------------------


def summary_of(*pairs: tuple[str, int], respondents: int = 6) -> WoordwolkSummary:
    return WoordwolkSummary(
        respondents, tuple(WordCount(word_id(word), word, count) for word, count in pairs)
    )


def test_panel_shows_the_cloud_and_the_counts():
    panel = WoordwolkPanel(exercise())
    summary = summary_of(("luisteren", 4), ("echt contact", 2), ("tijd", 1))
    panel.update(summary, 6)
    assert text_of(panel.status.value) == t("dash.answers", count=6)
    [cloud] = pictures(panel)
    assert cloud.startswith(PNG_SIGNATURE)
    assert cloud == word_cloud_png([("luisteren", 4), ("echt contact", 2), ("tijd", 1)])
    assert re.search(r'<img class="ss-woordwolk-cloud" [^>]*alt="[^"]+"', html_of(panel))
    assert listed(panel) == [("luisteren", 4), ("echt contact", 2), ("tijd", 1)]
    assert "Welk woord past bij samenwerken?" in html_of(panel)


def test_panel_lists_at_most_the_top_fifteen():
    pairs = [(f"woord{chr(97 + n)}", 20 - n) for n in range(20)]
    panel = WoordwolkPanel(exercise())
    panel.update(summary_of(*pairs), 20)
    assert listed(panel) == pairs[:15]


def test_panel_escapes_what_participants_typed():
    entry = '"><script>alert(1)</script><img src=x onerror=alert(1)>'
    summary = summarize(exercise(), [answer("p-1", {"words": [entry]})])
    panel = WoordwolkPanel(exercise())
    panel.update(summary, 1)
    markup = html_of(panel)
    assert "<script" not in markup
    assert "<img src=x" not in markup
    assert len(pictures(panel)) == markup.count("<img") == 1  # only the cloud itself
    assert listed(panel) == [("script alert script img src onerror alert", 1)]
    # and a word that still holds markup characters is escaped
    panel.update(summary_of((SCRIPT, 2)), 2)
    markup = html_of(panel)
    assert "<script" not in markup
    assert html.escape(SCRIPT) in markup
    assert listed(panel) == [(SCRIPT, 2)]


def test_panel_without_countable_words_says_so():
    summary = summarize(exercise(), [answer("p-1", {"words": ["het", "en"]})])
    panel = WoordwolkPanel(exercise())
    panel.update(summary, 1)
    assert pictures(panel) == []
    assert t("woordwolk.none") in text_of(html_of(panel))


def test_panel_hides_a_word_from_the_cloud_and_the_list():
    calls: list[tuple[str, bool]] = []
    panel = WoordwolkPanel(exercise())
    panel.hide_item = lambda item_id, hidden: calls.append((item_id, hidden))
    summary = summary_of(("luisteren", 4), ("sandra", 2), ("tijd", 1))
    panel.update(summary, 6)
    manage = first_with_class(panel, "ss-woordwolk-manage")
    box = first_with_class(panel, "ss-woordwolk-manage-box")
    assert box.layout.display == "none"  # closed: the projected view shows only the cloud
    manage.click()
    assert box.layout.display == ""

    [row] = with_class(panel, f"ss-woordwolk-row-{word_id('sandra')}", widgets.HBox)
    row.children[1].click()
    assert calls == [(word_id("sandra"), True)]

    panel.update(summary, 6, frozenset({word_id("sandra")}))  # as the dashboard redraws
    assert listed(panel) == [("luisteren", 4), ("tijd", 1)]
    assert pictures(panel) == [word_cloud_png([("luisteren", 4), ("tijd", 1)])]
    assert t("group.hidden", count=1) in text_of(html_of(panel))
    box = first_with_class(panel, "ss-woordwolk-manage-box")
    assert box.layout.display == ""  # stays open across redraws
    [unhide] = with_class(panel, "ss-woordwolk-unhide")
    unhide.click()
    assert calls[-1] == (word_id("sandra"), False)


def test_panel_hidden_words_only_leave_none():
    panel = WoordwolkPanel(exercise())
    panel.update(summary_of(("sandra", 2)), 6, frozenset({word_id("sandra")}))
    assert pictures(panel) == []
    assert t("woordwolk.none") in text_of(html_of(panel))


# --- render_html: the group's view and the report ----------------------------------------


def test_render_html_shows_the_prompt_the_cloud_and_the_counts():
    pairs = (("luisteren", 4), ("echt contact", 2), (SCRIPT, 1))
    markup = render_html(exercise(), summary_of(*pairs))
    assert exercise_type("woordwolk").render_html is render_html
    assert "Welk woord past bij samenwerken?" in text_of(markup)
    assert listed(markup) == list(pairs)
    assert pictures(markup) == [word_cloud_png(list(pairs))]
    assert f'alt="{html.escape(t("woordwolk.cloud_alt"))}"' in markup
    assert t("woordwolk.caption") in text_of(markup)
    assert "<script" not in markup
    assert html.escape(SCRIPT) in markup
    assert "<button" not in markup
    assert "<input" not in markup
    assert t("woordwolk.manage") not in text_of(markup)  # the trainer's section


def test_render_html_lists_at_most_the_top_fifteen_and_draws_at_most_sixty(monkeypatch):
    drawn = count_drawings(monkeypatch)
    pairs = [(f"woord{n:02d}", 100 - n) for n in range(70)]
    markup = render_html(exercise(), summary_of(*pairs))
    assert listed(markup) == pairs[:15]
    assert drawn == [pairs[:60]]


def test_render_html_leaves_out_hidden_words():
    summary = summary_of(("luisteren", 4), ("sandra", 2), ("tijd", 1))
    markup = render_html(exercise(), summary, hidden=frozenset({word_id("sandra")}))
    assert listed(markup) == [("luisteren", 4), ("tijd", 1)]
    assert "sandra" not in markup
    assert pictures(markup) == [word_cloud_png([("luisteren", 4), ("tijd", 1)])]
    assert t("group.hidden", count=1) not in text_of(markup)  # what is hidden stays trainer-only

    markup = render_html(
        exercise(), summary_of(("sandra", 2)), hidden=frozenset({word_id("sandra")})
    )
    assert pictures(markup) == []
    assert text_of(markup).endswith(t("woordwolk.none"))


def test_render_html_without_words_says_so():
    markup = render_html(exercise(), summary_of())
    assert pictures(markup) == []
    assert 'class="ss-woordwolk-none"' in markup
    assert t("woordwolk.none") in text_of(markup)


@pytest.mark.parametrize("hidden", [frozenset(), frozenset({word_id("sandra")})])
def test_render_html_is_what_the_panel_shows_without_its_controls(hidden):
    summary = summary_of(("luisteren", 4), ("sandra", 2), (SCRIPT, 1))
    panel = WoordwolkPanel(exercise())
    panel.update(summary, 6, hidden)
    snapshot = snapshot_html(panel.body)
    markup = render_html(exercise(), summary, hidden=hidden)
    assert text_of(snapshot) == text_of(markup)
    assert listed(snapshot) == listed(markup)
    assert pictures(snapshot) == pictures(markup)
    assert classes(snapshot) == classes(markup)
    # the panel itself has the trainer's controls on top
    assert t("woordwolk.manage") in {
        b.description for b in walk(panel) if isinstance(b, widgets.Button)
    }


def test_dashboard_shows_the_group_cloud_once_enough_people_answered(store):
    dashboard, session = demo_dashboard(store, 3)
    view = dashboard.session_view
    typed = [
        ("professional", ("Luisteren", "echt contact")),
        ("ouder", ("het luisteren", "Tijd", "Sandra")),
        ("jongere", ("Echt contact!", "luisteren", "LUISTEREN")),
    ]
    pages = []
    for role, entries in typed[:2]:
        page, form = join(store, session.code, role)
        type_words(form, *entries)
        assert form.submit(), status(form)
        pages.append(page)
    assert view.refresh()
    panel = view.panels[EXERCISE_ID]
    assert text_of(panel.status.value) == t("dash.waiting", count=2, minimum=3)
    assert pictures(panel) == []

    page, form = join(store, session.code, "jongere")
    type_words(form, *typed[2][1])
    form.save_button.click()
    assert status(form) == t("answer.saved")
    assert stored(store, session.id)[-1] == {"words": ["Echt contact!", "luisteren"]}
    assert view.refresh()
    panel = view.panels[EXERCISE_ID]
    assert text_of(panel.status.value) == t("dash.answers", count=3)
    assert listed(panel) == [("luisteren", 3), ("echt contact", 2), ("sandra", 1), ("tijd", 1)]

    [row] = with_class(panel, f"ss-woordwolk-row-{word_id('sandra')}", widgets.HBox)
    row.children[1].click()  # Verberg, through the dashboard's store
    assert store.hidden_items(session.id) == {EXERCISE_ID: frozenset({word_id("sandra")})}
    panel = view.panels[EXERCISE_ID]
    assert listed(panel) == [("luisteren", 3), ("echt contact", 2), ("tijd", 1)]


# --- open: list or word cloud --------------------------------------------------------------

OPEN_TEXTS = ("Echt luisteren naar de ouder.", "Luisteren, luisteren!", "De ouder kent het kind.")


def view_toggle(panel: OpenPanel) -> widgets.ToggleButtons:
    return first_with_class(panel, "ss-open-view", widgets.ToggleButtons)


def test_open_panel_starts_as_a_list_and_switches_to_a_cloud():
    panel = OpenPanel(open_exercise())
    panel.update(OpenSummary(3, OPEN_TEXTS), 3)
    toggle = view_toggle(panel)
    assert toggle.value == "lijst"
    assert [label for label, _value in toggle.options] == ["Lijst", "Woordwolk"]
    assert pictures(panel) == []
    assert re.findall(r'<li class="ss-open-answer">([^<]*)</li>', html_of(panel)) == list(
        OPEN_TEXTS
    )

    toggle.value = "woordwolk"
    # each meaningful word once per answer: "luisteren" twice (not three times), "ouder" twice
    assert listed(panel) == [
        ("luisteren", 2),
        ("ouder", 2),
        ("echt", 1),
        ("kent", 1),
        ("kind", 1),
    ]
    [cloud] = pictures(panel)
    assert cloud.startswith(PNG_SIGNATURE)
    assert "ss-open-answer" not in html_of(panel)

    toggle.value = "lijst"
    assert pictures(panel) == []
    assert "ss-open-answer" in html_of(panel)


def test_open_panel_can_start_as_a_cloud_and_keeps_the_choice_on_redraw(monkeypatch):
    drawn = count_drawings(monkeypatch)
    panel = OpenPanel(open_exercise(show_as="woordwolk"))
    panel.update(OpenSummary(2, OPEN_TEXTS[:2]), 2)
    assert view_toggle(panel).value == "woordwolk"
    [first] = pictures(panel)
    assert listed(panel) == [("luisteren", 2), ("echt", 1), ("ouder", 1)]
    assert len(drawn) == 1

    panel.update(OpenSummary(2, OPEN_TEXTS[:2]), 2)  # the same answers: not drawn again
    assert pictures(panel) == [first]
    assert len(drawn) == 1
    panel.update(OpenSummary(3, OPEN_TEXTS), 3)  # a new answer: a new cloud, still a cloud
    [second] = pictures(panel)
    assert second != first
    assert len(drawn) == 2
    assert view_toggle(panel).value == "woordwolk"
    assert ("kind", 1) in listed(panel)

    view_toggle(panel).value = "lijst"
    panel.update(OpenSummary(3, OPEN_TEXTS), 3)
    assert view_toggle(panel).value == "lijst"
    assert pictures(panel) == []
    view_toggle(panel).value = "woordwolk"  # back to the cloud: the same picture, not redrawn
    assert pictures(panel) == [second]
    assert len(drawn) == 2


def test_open_cloud_escapes_and_handles_no_words():
    panel = OpenPanel(open_exercise(show_as="woordwolk"))
    panel.update(OpenSummary(1, ("😀 24/7",)), 1)
    assert pictures(panel) == []
    assert t("woordwolk.none") in text_of(html_of(panel))
    panel.update(OpenSummary(1, ('"><script>alert(1)</script>',)), 1)
    assert "<script" not in html_of(panel)
    view_toggle(panel).value = "lijst"
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html_of(panel)
    assert "<script" not in html_of(panel)
