"""The session report: what is in it, what is left out, and the PDF."""

from __future__ import annotations

import io
import random
import re
from datetime import datetime

import pypdf
import pytest
from benchmarks.dashboard_refresh import _afspraken, fill

from samenspraak.catalog import load_workshop
from samenspraak.core.html import escape, markdown
from samenspraak.core.messages import t
from samenspraak.core.records import Role, Session, local_time
from samenspraak.core.store import Store
from samenspraak.exercises import exercise_type
from samenspraak.render.report import (
    dutch_date,
    report_bytes,
    report_filename,
    report_html,
    report_pdf,
)

from .helpers import text_of

XSS = "<img src=x onerror=alert(1)>"
OPEN_TEXT = f"Ik vraag eerst door {XSS} en luister."
HIDDEN_TEXT = "Deze zin is door de trainer verborgen."
ROUND_TWO = "Na het gesprek denk ik er anders over."
PRIVATE = "Mijn eigen gedachte die niemand mag lezen."
MADE = datetime(2024, 5, 1, 15, 30)


def sections(html: str, exercise_id: str) -> list[str]:
    """The report's sections about one exercise (ideas and cards have two: in order, and the
    full result at the end)."""
    return re.findall(
        rf'<section class="ss-report-exercise[^"]*" data-exercise="{re.escape(exercise_id)}">'
        r"(.*?)</section>",
        html,
        flags=re.S,
    )


def section(html: str, exercise_id: str) -> str:
    return sections(html, exercise_id)[-1]


@pytest.fixture(params=["store", "postgres_store"])
def group_session(request: pytest.FixtureRequest) -> tuple[Store, Session, str]:
    """Six people (five professionals, one parent) did the whole demo workshop; the trainer hid
    one open answer and asked the statement again; the report is made at a fixed moment.

    On an SQLite file and on PostgreSQL (SQLite in memory adds nothing for a report)."""
    store: Store = request.getfixturevalue(request.param)
    session = store.create_session("demo", min_group_size=3)
    group = fill(store, session.code, "demo", people=6)
    store.save_answer(group[0], "demo-open", {"text": OPEN_TEXT})
    store.save_answer(group[1], "demo-open", {"text": HIDDEN_TEXT})
    hidden = next(
        a for a in store.answers(session.id, "demo-open") if a.pseudonym == group[1].pseudonym
    )
    store.set_hidden(session.id, "demo-open", hidden.item_id, True)
    store.new_round(session.id, "demo-stelling")
    for person in group[:3]:
        store.save_answer(person, "demo-stelling", {"choice": "oneens", "reason": ROUND_TWO})
    workshop = load_workshop("demo")
    reflectie = workshop.exercise("demo-reflectie")
    raw = {"texts": {prompt.id: PRIVATE for prompt in reflectie.prompts}}
    value = exercise_type("reflectie").check_answer(reflectie, raw)
    store.save_answer(group[0], "demo-reflectie", value)
    return store, session, report_html(store, session, made=MADE)


def test_report_is_a_dutch_page_with_every_exercise_in_order(group_session):
    _store, session, html = group_session
    assert html.startswith('<!DOCTYPE html>\n<html lang="nl">')
    workshop = load_workshop("demo")
    assert f"<h1>{escape(workshop.title)}</h1>" in html
    places = []
    for number, exercise in enumerate(workshop.exercises, start=1):
        found = sections(html, exercise.id)
        assert found, exercise.id
        assert escape(exercise.title) in found[0]
        assert f"{number}.</span>" in found[0]
        assert markdown(exercise.intro) in found[0]  # what was asked
        places.append(html.index(f'data-exercise="{exercise.id}"'))
    assert places == sorted(places)
    assert session.code in html
    started = local_time(session.created_at)
    assert f"{dutch_date(started)}, begonnen om {started:%H:%M}" in text_of(html)
    assert dutch_date(datetime(2026, 3, 5, 9, 0)) == "5 maart 2026"


def test_report_shows_participants_by_role_and_the_minimum(group_session):
    _store, _session, html = group_session
    facts = re.search(r'<table class="ss-report-facts">(.*?)</table>', html, re.S).group(1)
    roles = re.findall(r'<li data-role="(\w+)" data-count="(\d+)">([^<]*)</li>', facts)
    # roles nobody had are left out
    assert roles == [
        ("professional", "5", "Professional: 5"),
        ("ouder", "1", "Ouder of verzorger: 1"),
    ]
    assert "6 in totaal" in text_of(facts)
    assert t("report.minimum_explain", minimum=3) in text_of(facts)


def test_report_footer_says_anonymous_and_when(group_session):
    _store, _session, html = group_session
    footer = re.search(r'<footer class="ss-report-footer">(.*?)</footer>', html, re.S).group(1)
    assert "samenspraak" in footer
    assert "01-05-2024" in footer
    assert "Anoniem: geen namen, alleen groepsresultaten." in footer


def test_results_of_every_exercise_are_in(group_session):
    _store, _session, html = group_session
    for exercise in load_workshop("demo").exercises:
        if exercise.type in {"reflectie"}:
            continue
        body = section(html, exercise.id)
        assert 'class="ss-panel-result' in body, exercise.id
        assert "te weinig om te tonen" not in body, exercise.id
    # the radar chart and the word cloud are images inside the page, never links
    assert html.count('src="data:image/png;base64,') >= 2
    assert not re.search(r'src="(?!data:)', html)
    assert "<script" not in html


def test_participant_text_is_escaped(group_session):
    _store, _session, html = group_session
    assert XSS not in html
    assert escape(XSS) in section(html, "demo-open")


def test_a_hidden_answer_is_left_out_and_counted(group_session):
    _store, _session, html = group_session
    assert HIDDEN_TEXT not in html
    body = section(html, "demo-open")
    assert t("report.hidden_one") in text_of(body)
    assert t("dash.answers", count=5) in text_of(body)  # six answered, one hidden


def test_two_rounds_both_appear(group_session):
    _store, _session, html = group_session
    body = section(html, "demo-stelling")
    rounds = re.findall(r'<div class="ss-report-round" data-round="(\d+)">', body)
    assert rounds == ["1", "2"]
    first, second = re.split(r'<div class="ss-report-round" data-round="2">', body)
    assert t("report.round", round=1) in first
    assert t("report.round", round=2) in second
    assert ROUND_TWO in second
    assert ROUND_TWO not in first
    assert t("dash.answers", count=6) in text_of(first)
    assert t("dash.answers", count=3) in text_of(second)


def test_reflection_texts_are_not_in_the_report(group_session):
    _store, _session, html = group_session
    assert PRIVATE not in html
    body = text_of(section(html, "demo-reflectie"))
    assert t("report.private") in body
    assert t("report.writers", count=6) in body


def test_trainer_notes_are_not_in_the_report(group_session):
    _store, _session, html = group_session
    text = text_of(html)
    notes = [e.trainer_notes for e in load_workshop("demo").exercises if e.trainer_notes]
    assert notes
    for note in notes:
        assert markdown(note) not in html
        for line in note.splitlines():
            plain = line.strip().removeprefix("- ").replace("*", "")
            if plain:
                assert plain not in text, plain
    assert t("dash.notes") not in text


def test_nothing_a_trainer_clicks_is_in_the_report(group_session):
    _store, _session, html = group_session
    text = text_of(html)
    for key in ("group.hide", "group.unhide", "control.reveal", "control.new_round"):
        assert t(key) not in text, key


def test_below_the_minimum_only_the_count_shows(store: Store):
    session = store.create_session("demo", min_group_size=3)
    people = [store.join(session.code, Role.PROFESSIONAL) for _ in range(2)]
    reasons = ["Eerste reden van twee.", "Tweede reden van twee."]
    for person, reason in zip(people, reasons, strict=True):
        store.save_answer(person, "demo-stelling", {"choice": "eens", "reason": reason})
    store.save_answer(people[0], "demo-open", {"text": "Maar één antwoord hier."})
    html = report_html(store, session)
    body = section(html, "demo-stelling")
    assert text_of(body).count("te weinig om te tonen") == 1
    assert t("report.withheld", count=2) in text_of(body)
    assert "ss-bar-row" not in body
    assert "ss-panel-result" not in body
    for reason in reasons:
        assert reason not in html
    assert t("report.withheld_one") in text_of(section(html, "demo-open"))
    assert "Maar één antwoord hier." not in html
    assert t("report.no_answers") in text_of(section(html, "demo-schaal"))
    assert "2 in totaal" in text_of(html)


def test_hidden_answers_count_against_the_minimum(store: Store):
    """Three answered, the trainer hid one: two are left, fewer than three."""
    session = store.create_session("demo", min_group_size=3)
    for n in range(3):
        person = store.join(session.code, Role.PROFESSIONAL)
        store.save_answer(person, "demo-open", {"text": f"Antwoord nummer {n}."})
    first = store.answers(session.id, "demo-open")[0]
    store.set_hidden(session.id, "demo-open", first.item_id, True)
    body = section(report_html(store, session), "demo-open")
    assert t("report.withheld", count=2) in text_of(body)
    assert "Antwoord nummer" not in body


def test_ideas_by_votes_and_agreement_cards_close_the_report(store: Store):
    session = store.create_session("demo", min_group_size=3)
    workshop = load_workshop("demo")
    ideeen = workshop.exercise("demo-ideeen")
    check = exercise_type("ideeen").check_answer
    people = [store.join(session.code, Role.PROFESSIONAL) for _ in range(4)]
    ids = ["aaaa0001", "bbbb0002", "cccc0003", "dddd0004"]
    texts = [
        "Idee A: koffie met ouders",
        "Idee B: ouders lezen mee",
        "Idee C: een podcast",
        "Idee D: samen evalueren",
    ]
    votes = [[ids[1], ids[3]], [ids[3]], [ids[1], ids[0]], [ids[1]]]  # B 3, D 2, A 1, C 0
    for person, idea_id, text, voted in zip(people, ids, texts, votes, strict=True):
        value = check(ideeen, {"ideas": [{"id": idea_id, "text": text}], "votes": voted})
        store.save_answer(person, "demo-ideeen", value)
    afspraken = workshop.exercise("demo-afspraken")
    goals = [
        "Kaartdoel een: rust thuis",
        "Kaartdoel twee: school weer leuk",
        "Kaartdoel drie: eerlijk praten",
    ]
    rng = random.Random(3)
    for person, goal in zip(people, goals, strict=False):
        card = {**_afspraken(afspraken, Role.PROFESSIONAL, rng), "goal": goal}
        store.save_answer(
            person, "demo-afspraken", exercise_type("afspraken").check_answer(afspraken, card)
        )
    html = report_html(store, session)

    final = html[html.index('<section class="ss-report-final">') :]
    assert final.index("<h2>" + escape(t("report.final"))) < final.index("demo-ideeen")
    # The ideas, most votes first, with their counts.
    places = [final.index(escape(text)) for text in (texts[1], texts[3], texts[0], texts[2])]
    assert places == sorted(places)
    counts = re.findall(r'class="ss-vote-row" data-id="[0-9a-f]+" data-count="(\d+)"', final)
    assert counts == ["3", "2", "1", "0"]
    # Every card's goal is in, readable.
    ideas_end = final.index('data-exercise="demo-afspraken"')
    for goal in goals:
        assert escape(goal) in final[ideas_end:]
    # In workshop order, the two exercises point to the end instead of repeating it.
    for exercise_id in ("demo-ideeen", "demo-afspraken"):
        first, last = sections(html, exercise_id)
        assert escape(t("report.see_below", section=t("report.final"))) in first
        assert "ss-panel-result" not in first
        assert "ss-panel-result" in last
    assert html.index('<section class="ss-report-final">') > html.index(
        'data-exercise="demo-reflectie"'
    )


def test_an_idea_the_trainer_hid_is_left_out(store: Store):
    session = store.create_session("demo", min_group_size=3)
    ideeen = load_workshop("demo").exercise("demo-ideeen")
    check = exercise_type("ideeen").check_answer
    for n, text in enumerate(["Zichtbaar idee een", "Verborgen idee", "Zichtbaar idee drie"]):
        person = store.join(session.code, Role.OUDER)
        value = check(ideeen, {"ideas": [{"id": f"0000000{n}", "text": text}], "votes": []})
        store.save_answer(person, "demo-ideeen", value)
    store.set_hidden(session.id, "demo-ideeen", "00000001", True)
    html = report_html(store, session)
    assert "Zichtbaar idee een" in html
    assert "Zichtbaar idee drie" in html
    assert "Verborgen idee" not in html


def test_report_of_a_session_without_anyone(store: Store):
    session = store.create_session("grondhouding")
    html = report_html(store, session)
    text = text_of(html)
    assert t("report.participants_none") in text
    assert text.count(t("report.no_answers")) == len(load_workshop("grondhouding").exercises)
    # The ideas exercise points to the end, and says there that there were none.
    final = html[html.index('<section class="ss-report-final">') :]
    assert t("report.no_answers") in text_of(final)


def test_report_when_the_workshop_file_is_gone(store: Store):
    session = store.create_session("bestaat-niet-meer", min_group_size=1)
    store.join(session.code, Role.ANDERS)
    html = report_html(store, session)
    assert "<h1>bestaat-niet-meer</h1>" in html
    assert t("report.no_workshop", workshop="bestaat-niet-meer") in text_of(html)
    assert "Anders: 1" in text_of(html)


def test_report_files_to_download(store: Store):
    session = store.create_session("demo")
    day = f"{local_time(session.created_at):%Y%m%d}"
    assert report_filename(session, "pdf") == f"samenspraak-verslag-{session.code}-{day}.pdf"
    name, mime, data = report_bytes(store, session, "html")
    assert (name, mime) == (f"samenspraak-verslag-{session.code}-{day}.html", "text/html")
    assert data.decode("utf-8").startswith("<!DOCTYPE html>")
    with pytest.raises(ValueError, match="docx"):
        report_bytes(store, session, "docx")


def test_report_pdf_has_the_title_and_the_counts(store: Store):
    session = store.create_session("demo", min_group_size=3)
    fill(store, session.code, "demo", people=4)
    data = report_pdf(store, session, made=MADE)
    assert data.startswith(b"%PDF-")
    name, mime, _ = report_bytes(store, session, "pdf")
    assert (name.endswith(".pdf"), mime) == (True, "application/pdf")
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) > 3
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert load_workshop("demo").title in text
    assert "4 in totaal" in text
    assert "Professional: 3" in text
    assert t("dash.answers", count=4) in text
    assert "01-05-2024" in text
    assert "pagina 1 van" in text
    first = reader.pages[0].mediabox
    assert (round(float(first.width)), round(float(first.height))) == (595, 842)  # A4
