"""The trainer's guide (draaiboek): made from content, as HTML and PDF, served and by the CLI."""

from __future__ import annotations

import base64
import contextlib
import http.server
import io
import itertools
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pypdf
import pytest
import segno

from samenspraak import catalog
from samenspraak.cli import main
from samenspraak.core import messages
from samenspraak.core.content import WorkshopBase
from samenspraak.core.messages import t
from samenspraak.exercises import exercise_types
from samenspraak.render import guide, pdf
from samenspraak.render.guide import clock, guide_html, guide_links_html, guide_pdf, timetable
from samenspraak.serve import ServeConfig, dashboard_command, environment, stop_group

from .helpers import CONTENT, REPO, replace_once, text_of

WORKSHOP_ID = "draaiboek-proef"

# A workshop with a full guide, written for this test only; every text is unique, so each
# assertion below finds exactly the part it is about.
GUIDED = """\
id: draaiboek-proef
title: "Proef: samen beslissen met ouders"
description: >-
  Een korte workshop om het draaiboek te testen. Je kijkt naar **samen beslissen**.
duration_minutes: 90
sources:
  - id: ncj
    title: Gelijkwaardig partnerschap
    publisher: Nederlands Centrum Jeugdgezondheid (NCJ)
  - id: poster
    title: Met andere ogen (poster)
    publisher: Met Andere Ogen
    year: 2022
    note: Positieve taal over ouders.
exercises:
  - id: zelfscan
    type: schaal
    title: Hoe sta ik erin?
    intro: Kies bij elke zin hoe vaak je dit doet.
    minutes: 10
    sources: [ncj]
    themes: [grondhouding, open-zonder-oordeel]
    prompt: Hoe vaak doe jij dit?
    statements:
      - {id: eerst-vragen, label: Eerst vragen, text: Ik vraag eerst wat de ouder al weet.}
      - {id: keuzes, label: Keuzes, text: Ik leg de keuzes aan het gezin voor.}
      - {id: op-tijd, label: Op tijd, text: Ik deel verslagen voor het overleg.}
    trainer_notes: Kijk eerst naar de laagste score van de groep.
  - id: wie-weet-het
    type: stelling
    title: Wie weet het beste?
    intro: Een stelling over kennis van ouders.
    minutes: 10
    sources: [poster]
    themes: [ouder-kent-kind, leefkennis]
    focus: ouder-kent-kind
    statement: De ouder weet meer over het kind dan ik.
    ask_reason: true
    follow_up:
      - when: de groep is verdeeld
        ask: Laat iemand van elke kant vertellen waarom hij zo koos.
      - when: bijna iedereen is het eens
        ask: Wanneer lukt het juist niet om de ouder als expert te zien?
  - id: eigen-woorden
    type: open
    title: In je eigen woorden
    minutes: 15
    sources: [ncj]
    prompt: Wat betekent samen beslissen voor jou?
    follow_up:
      - when: er komen weinig antwoorden
        ask: Geef zelf een voorbeeld uit je eigen werk en vraag wie het herkent.
  - id: een-woord
    type: woordwolk
    title: Eén woord
    minutes: 5
    sources: [poster]
    themes: [positieve-taal]
    prompt: Welk woord past bij een goed gesprek met ouders?
guide:
  audience: Voor jeugdverpleegkundigen en jeugdartsen, 8 tot 20 mensen.
  preparation:
    - Zet het dashboard klaar op de beamer.
    - Leg papier klaar voor wie geen telefoon heeft.
  opening:
    - We noemen geen namen van gezinnen of collega's.
    - Wat hier gezegd wordt, blijft in deze ruimte.
    - Op het scherm staan alleen resultaten van de hele groep.
  with_families: Vraag ouders eerst of zij willen beginnen als het over hun kant gaat.
  blocks:
    - title: Welkom en afspraken
      minutes: 15
      say: Vertel waarom samen beslissen ertoe doet.
      ask:
        - Wat hoop je vandaag te leren?
      show: Laat de code en de QR-code zien.
    - title: Jezelf bekijken
      minutes: 20
      exercises: [zelfscan, wie-weet-het]
      say: Vertel dat niemand ziet wat een ander invulde.
      ask:
        - Wat valt je op aan de radar?
        - Waar zit het verschil tussen jullie?
      show: Zet eerst de radar op het scherm, daarna de stelling.
    - title: Pauze
      minutes: 15
    - title: Verder praten
      minutes: 30
      exercises: [eigen-woorden, een-woord]
      say: Vertel dat de woordwolk alleen woorden toont, geen namen.
      ask:
        - Welk woord neem je mee naar je werk?
      show: Zet de woordwolk op het scherm als minstens vijf mensen antwoordden.
    - title: Afsluiten
      minutes: 10
      say: Bedank iedereen voor de openheid.
"""

NO_GUIDE = GUIDED[: GUIDED.index("guide:\n")]


BLOCK_TAG = re.compile(
    r"</?(?:p|li|ul|ol|td|th|tr|table|thead|tbody|tfoot|h[1-6]|div|dl|dt|dd|section|br)\b[^>]*>"
)


def rendered_text(markup: str) -> str:
    """What a reader sees of a page: no head, a space between blocks, runs of white space as one."""
    body = markup.split("<body>", 1)[-1]
    return re.sub(r"\s+", " ", text_of(BLOCK_TAG.sub(" ", body))).strip()


def plain(markdown_text: str) -> str:
    """A content text as the reader sees it after Markdown (bold and italics dropped)."""
    return re.sub(r"\s+", " ", markdown_text.replace("**", "").replace("*", "")).strip()


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A content directory with the test workshop and the real theme list, in use."""
    directory = tmp_path / "content"
    directory.mkdir()
    shutil.copy(CONTENT / catalog.THEMES_FILE, directory / catalog.THEMES_FILE)
    (directory / f"{WORKSHOP_ID}.yaml").write_text(GUIDED, encoding="utf-8")
    monkeypatch.setenv("SAMENSPRAAK_CONTENT", str(directory))
    return directory


@pytest.fixture
def guided(content: Path) -> WorkshopBase:
    return catalog.load_workshop(WORKSHOP_ID, content)


def _write(content: Path, text: str) -> WorkshopBase:
    (content / f"{WORKSHOP_ID}.yaml").write_text(text, encoding="utf-8")
    return catalog.load_workshop(WORKSHOP_ID, content)


# --- what the guide holds ----------------------------------------------------------------------


def test_guide_holds_every_part_of_the_plan(guided: WorkshopBase) -> None:
    text = rendered_text(guide_html(guided))
    plan = guided.guide
    assert plan is not None
    assert "Draaiboek: Proef: samen beslissen met ouders" in text
    assert "Een korte workshop om het draaiboek te testen. Je kijkt naar samen beslissen." in text
    assert "Duur: 1 uur en 30 minuten" in text
    assert plain(plan.audience) in text
    assert plain(plan.with_families) in text
    for item in plan.preparation:
        assert f"☐ {item}" not in text  # the box is drawn by CSS, not put in the text
        assert item in text
    for agreement in plan.opening:
        assert agreement in text
    for number, block in enumerate(plan.blocks, start=1):
        assert f"Blok {number}: {block.title}" in text
        for part in (block.say, block.show, *block.ask):
            if part:
                assert part in text
    for exercise in guided.exercises:
        assert exercise.title in text
        assert f"{exercise.minutes} min" in text
        if exercise.trainer_notes:
            assert exercise.trainer_notes in text
        if exercise.intro:
            assert exercise.intro in text
        assert guide.task_text(exercise.type) in text
        assert guide.panel_text(exercise.type) in text
        for follow_up in exercise.follow_up:
            when = follow_up.when[0].upper() + follow_up.when[1:]
            assert f"{when} → {follow_up.ask}" in text
    # the question participants answer is quoted
    assert "De ouder weet meer over het kind dan ik." in text
    assert "Welk woord past bij een goed gesprek met ouders?" in text
    # theme ids become their labels from content/themes.yaml
    labels = {theme.id: theme.label for theme in catalog.load_themes(CONTENT)}
    assert f"{labels['grondhouding']}, {labels['open-zonder-oordeel']}" in text
    assert labels["positieve-taal"] in text
    # the theme the task is about, by its label
    assert f"De opdracht gaat over {labels['ouder-kent-kind']}" in text
    # sources, with publisher, year and note
    assert "Met andere ogen (poster). Met Andere Ogen (2022)" in text
    assert "Positieve taal over ouders." in text
    assert "Gelijkwaardig partnerschap. Nederlands Centrum Jeugdgezondheid (NCJ)" in text
    # the minute total of the timetable is the workshop's duration
    assert "0:00–1:30 Totaal 90" in text


def test_guide_sections_come_in_the_order_a_trainer_uses_them(guided: WorkshopBase) -> None:
    text = rendered_text(guide_html(guided))
    order = [
        "Voor wie",
        "Voorbereiding",
        "Tijdschema",
        "Opening: afspraken over privacy",
        "Als er ouders of jongeren meedoen",
        "Veiligheid in de zaal",
        "Het dashboard tijdens de workshop",
        "Blok 1: Welkom en afspraken",
        "Blok 2: Jezelf bekijken",
        "Hoe sta ik erin?",
        "Wie weet het beste?",
        "Blok 3: Pauze",
        "Blok 4: Verder praten",
        "In je eigen woorden",
        "Eén woord",
        "Blok 5: Afsluiten",
        "Bronnen",
        "Voor ouders die meedoen",
    ]
    position = 0
    for heading in order:  # each one after the one before
        position = text.index(heading, position) + len(heading)


def test_timetable_offsets_add_up(guided: WorkshopBase) -> None:
    slots = timetable(guided)
    assert [slot.title for slot in slots] == [b.title for b in guided.guide.blocks]
    assert slots[0].start == 0
    for before, after in itertools.pairwise(slots):
        assert after.start == before.end
    assert slots[-1].end == guided.duration_minutes == sum(s.minutes for s in slots)
    assert [slot.times for slot in slots] == [
        "0:00–0:15",
        "0:15–0:35",
        "0:35–0:50",
        "0:50–1:20",
        "1:20–1:30",
    ]
    text = rendered_text(guide_html(guided))
    # each row: clock offsets, block, minutes, the exercises in it
    assert "0:15–0:35 Jezelf bekijken 20 Hoe sta ik erin?, Wie weet het beste?" in text
    assert "0:35–0:50 Pauze 15 geen oefening" in text
    assert "Blok 4: Verder praten 0:50–1:20 · 30 min" in text


@pytest.mark.parametrize(
    ("minutes", "shown"),
    [(0, "0:00"), (5, "0:05"), (60, "1:00"), (75, "1:15"), (180, "3:00"), (605, "10:05")],
)
def test_clock_offsets(minutes: int, shown: str) -> None:
    assert clock(minutes) == shown


def test_a_block_shorter_than_its_exercises_is_pointed_out(content: Path) -> None:
    workshop = _write(
        content,
        replace_once(
            GUIDED,
            "    - title: Jezelf bekijken\n      minutes: 20",
            "    - title: Jezelf bekijken\n      minutes: 15",
            "    - title: Pauze\n      minutes: 15",
            "    - title: Pauze\n      minutes: 20",
        ),
    )
    text = rendered_text(guide_html(workshop))
    assert "de oefeningen in dit blok duren samen 20 minuten, het blok 15 minuten" in text
    assert text.count("Let op: de oefeningen in dit blok") == 1
    # The workshop loads (the guide warns), and samenspraak check refuses it, on the line.
    path = content / f"{WORKSHOP_ID}.yaml"
    _count, problems = catalog.check([path])
    short = [p for p in problems if p.field.endswith("minutes") and "dit blok duurt" in p.message]
    assert len(short) == 1
    assert path.read_text(encoding="utf-8").splitlines()[short[0].line - 1].strip() == "minutes: 15"
    assert "de oefeningen erin samen 20" in short[0].message


# The word cloud moves out of block 4 into ``extra``, and takes far longer than any block.
WITH_EXTRA = replace_once(
    GUIDED,
    "      exercises: [eigen-woorden, een-woord]",
    "      exercises: [eigen-woorden]",
    "    title: Eén woord\n    minutes: 5",
    "    title: Eén woord\n    minutes: 60",
    "    - title: Afsluiten\n      minutes: 10\n      say: Bedank iedereen voor de openheid.\n",
    "    - title: Afsluiten\n      minutes: 10\n      say: Bedank iedereen voor de openheid.\n"
    "  extra: [een-woord]\n",
)


def test_extra_exercises_get_their_own_section_after_the_blocks(content: Path) -> None:
    workshop = _write(content, WITH_EXTRA)
    markup = guide_html(workshop)
    text = rendered_text(markup)
    heading = "Extra: als er tijd over is, of voor zelfstudie 60 min"
    assert text.count(heading) == 1
    # after the last block, before the sources; with everything a block exercise gets
    last_block = text.index("Blok 5: Afsluiten")
    extra = text.index(heading)
    assert last_block < extra < text.index("Bronnen", extra)
    part = text[extra : text.index("Bronnen", extra)]
    assert t("guide.extra_explain") in part
    assert "Eén woord" in part
    assert "Welk woord past bij een goed gesprek met ouders?" in part  # the participant's task
    assert guide.task_text("woordwolk") in part
    assert guide.panel_text("woordwolk") in part
    assert "60 min" in part
    assert 'id="oefening-een-woord"' in markup
    assert markup.count('id="oefening-een-woord"') == 1  # not in a block as well
    # the timetable: block 4 holds only its own exercise; the extra is named below, no time
    assert "0:50–1:20 Verder praten 30 In je eigen woorden 1:20" in text
    assert "0:00–1:30 Totaal 90" in text
    assert t("guide.extra_in_timetable", titles="Eén woord") in text


def test_extra_minutes_never_make_a_block_too_short(content: Path) -> None:
    workshop = _write(content, WITH_EXTRA)
    text = rendered_text(guide_html(workshop))
    assert "Let op: de oefeningen in dit blok" not in text
    _count, problems = catalog.check([content / f"{WORKSHOP_ID}.yaml"])
    assert [p for p in problems if "dit blok duurt" in p.message] == []


def test_a_guide_without_extras_has_no_extra_section(guided: WorkshopBase) -> None:
    text = rendered_text(guide_html(guided))
    assert t("guide.extra") not in text
    assert "Extra, buiten deze tijd" not in text


def test_extra_exercises_are_in_the_pdf(content: Path) -> None:
    workshop = _write(content, WITH_EXTRA)
    try:
        data = guide_pdf(workshop)
    except pdf.PdfUnavailable as err:  # pragma: no cover - the test machine has Pango
        pytest.fail(str(err))
    pages = [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]
    extra_pages = [n for n, page in enumerate(pages) if "Extra: als er tijd over is" in page]
    assert extra_pages, "the extra section is in the PDF"
    assert any("Eén woord" in page for page in pages[extra_pages[0] :])


def test_content_html_and_script_are_shown_as_text(content: Path) -> None:
    attack = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    hostile = replace_once(
        GUIDED,
        'title: "Proef: samen beslissen met ouders"',
        f'title: "Proef {attack}"',
        "Een korte workshop om het draaiboek te testen.",
        f"Een korte workshop {attack}",
        "  audience: Voor jeugdverpleegkundigen en jeugdartsen, 8 tot 20 mensen.",
        f'  audience: "Voor {attack}"',
        "    - Zet het dashboard klaar op de beamer.",
        f'    - "Zet {attack}"',
        "    - We noemen geen namen van gezinnen of collega's.",
        f'    - "We noemen {attack}"',
        "  with_families: Vraag ouders eerst of zij willen beginnen als het over hun kant gaat.",
        f'  with_families: "Vraag {attack}"',
        "    - title: Jezelf bekijken",
        f'    - title: "Jezelf {attack}"',
        "      say: Vertel waarom samen beslissen ertoe doet.",
        f'      say: "Vertel {attack}"',
        "        - Wat hoop je vandaag te leren?",
        f'        - "Wat {attack}"',
        "      show: Laat de code en de QR-code zien.",
        f'      show: "Laat {attack}"',
        "    trainer_notes: Kijk eerst naar de laagste score van de groep.",
        f'    trainer_notes: "Kijk {attack}"',
        "    intro: Een stelling over kennis van ouders.",
        f'    intro: "Een {attack}"',
        "    statement: De ouder weet meer over het kind dan ik.",
        f'    statement: "De ouder {attack}"',
        "      - when: de groep is verdeeld",
        f'      - when: "de groep {attack}"',
        "        ask: Laat iemand van elke kant vertellen waarom hij zo koos.",
        f'        ask: "Laat {attack}"',
        "    title: Met andere ogen (poster)",
        f'    title: "Met {attack}"',
        "    note: Positieve taal over ouders.",
        f'    note: "Positieve {attack}"',
    )
    markup = guide_html(_write(content, hostile))
    assert "<script" not in markup.lower()
    assert "<img" not in markup.lower()
    assert "onerror=alert" not in markup.replace("&lt;img src=x onerror=alert", "")
    # ... and every one is there for the reader, as text: 17 fields, the block title twice
    # (timetable and heading)
    assert rendered_text(markup).count(attack) == 18


# --- without a block plan ----------------------------------------------------------------------


def test_a_workshop_without_a_guide_still_gets_a_useful_one(content: Path) -> None:
    workshop = _write(content, NO_GUIDE)
    assert workshop.guide is None
    text = rendered_text(guide_html(workshop))
    assert "Nog geen blokkenplan" in text
    assert "heeft nog geen blokkenplan" in text
    positions = [text.index(e.title, text.index("De oefeningen")) for e in workshop.exercises]
    assert positions == sorted(positions)
    for exercise in workshop.exercises:
        assert guide.task_text(exercise.type) in text
        for follow_up in exercise.follow_up:
            assert follow_up.ask in text
    assert "Kijk eerst naar de laagste score van de groep." in text
    # the timetable follows the exercises, and says which type each is
    assert "0:00–0:10 Hoe sta ik erin? 10 Zelfscan" in text
    assert "0:10–0:20 Wie weet het beste? 10 Stelling" in text
    assert "0:35–0:40 Eén woord 5 Woordwolk" in text
    assert "0:00–0:40 Totaal 40" in text
    assert "De oefeningen duren samen 40 minuten. De workshop duurt 90 minuten" in text
    # the kit's own privacy agreements stand in for the missing opening
    assert "Gebruik deze afspraken van de kit" in text
    assert "pas als minstens 5 mensen hebben geantwoord" in text
    assert "Als er ouders of jongeren meedoen" in text


def test_the_demo_workshop_renders_without_a_block_plan() -> None:
    demo = catalog.load_workshop("demo", CONTENT)
    text = rendered_text(guide_html(demo, catalog.load_themes(CONTENT)))
    for exercise in demo.exercises:
        assert exercise.title in text
    if demo.guide is None:
        assert "Nog geen blokkenplan" in text


@pytest.mark.parametrize("path", catalog.workshop_files(CONTENT), ids=lambda p: p.stem)
def test_every_shipped_workshop_renders(path: Path) -> None:
    workshop = catalog.load_file(path)
    markup = guide_html(workshop, catalog.load_themes(CONTENT))
    _assert_well_formed(markup)
    text = rendered_text(markup)
    assert workshop.title in text
    for exercise in workshop.exercises:
        assert exercise.title in text
        for follow_up in exercise.follow_up:
            assert plain(follow_up.ask)[:40] in plain(text)
    if workshop.guide is not None:
        for number, block in enumerate(workshop.guide.blocks, start=1):
            assert f"Blok {number}: {block.title}" in text
        slots = timetable(workshop)
        assert slots[-1].end == workshop.duration_minutes
        assert f"0:00–{clock(workshop.duration_minutes)} Totaal" in text


class _Tags(HTMLParser):
    VOID = frozenset({"meta", "br", "hr", "img", "input", "link"})

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.open[-1:]}")
        else:
            self.open.pop()


def _assert_well_formed(markup: str) -> None:
    """Every element the guide opens, it closes, in order: the page prints as one document."""
    assert markup.startswith('<!DOCTYPE html>\n<html lang="nl">')
    parser = _Tags()
    parser.feed(markup)
    assert parser.problems == []
    assert parser.open == []


def test_every_exercise_type_is_described_for_the_trainer() -> None:
    for name, registered in exercise_types().items():
        assert messages.has(registered.guide_task), name
        assert messages.has(registered.guide_panel), name
        assert guide.type_label(name) != guide.task_text(name)  # a short name for the table


def test_the_dashboard_buttons_the_guide_names_exist() -> None:
    named = [
        label
        for key, text in messages.TEXTS.items()
        if key.startswith("guide.dashboard_use.")
        for label in re.findall(r"‘([^’]+)’", text)
    ]
    assert len(named) >= 4
    dashboard_texts = [
        text for key, text in messages.TEXTS.items() if key.startswith(("control.", "dash."))
    ]
    for label in named:
        assert any(text.startswith(label) for text in dashboard_texts), label


# --- PDF ------------------------------------------------------------------------------------


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in reader.pages))


def test_guide_pdf_is_the_same_guide(guided: WorkshopBase) -> None:
    data = guide_pdf(guided)
    assert data.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(data))
    pages = len(reader.pages)
    assert pages >= 2
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    text = pdf_text(data)
    assert "Proef: samen beslissen met ouders" in text
    assert "Jezelf bekijken" in text
    assert "Laat iemand van elke kant vertellen waarom hij zo koos." in text
    assert f"pagina 1 van {pages}" in text
    assert f"pagina {pages} van {pages}" in text


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []  # noqa: RUF012 - shared by the handler instances of one test

    def do_GET(self) -> None:
        self.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/svg+xml")
        self.end_headers()
        self.wfile.write(b'<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"/>')

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def recorder() -> Iterator[str]:
    """A real HTTP server on loopback that records every request it gets."""
    _Recorder.requests = []
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_pdf_fetches_nothing_but_data_urls(recorder: str, tmp_path: Path) -> None:
    secret = tmp_path / "secret.svg"
    secret.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"/>')
    png = io.BytesIO()
    segno.make("draaiboek").save(png, kind="png", scale=2)
    picture = base64.b64encode(png.getvalue()).decode("ascii")
    page = (
        '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8">'
        f'<link rel="stylesheet" href="{recorder}/style.css"></head><body>'
        f'<p>Afbeeldingen</p><img src="{recorder}/remote.svg">'
        f'<img src="{secret.as_uri()}">'
        f'<img src="data:image/png;base64,{picture}"></body></html>'
    )
    data = pdf.html_to_pdf(page)
    assert _Recorder.requests == []
    reader = pypdf.PdfReader(io.BytesIO(data))
    images = reader.pages[0].images
    assert len(images) == 1  # only the data: URL made it into the PDF
    assert "Afbeeldingen" in pdf_text(data)


def test_missing_pango_gives_a_clear_dutch_message(
    monkeypatch: pytest.MonkeyPatch, guided: WorkshopBase
) -> None:
    def no_pango() -> object:
        raise OSError("cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open")

    monkeypatch.setattr(pdf, "_import_weasyprint", no_pango)
    with pytest.raises(pdf.PdfUnavailable) as info:
        guide_pdf(guided)
    message = str(info.value)
    assert "Pango ontbreekt" in message
    assert "libpango-1.0-0 en libpangoft2-1.0-0" in message
    assert "scripts/install-pdf-libs.sh" in message
    assert "open de html-versie in de browser" in message.lower()
    assert "cannot load library" in message  # the technical cause, for whoever installs


def test_missing_weasyprint_gives_a_clear_dutch_message(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_package() -> object:
        raise ModuleNotFoundError("No module named 'weasyprint'")

    monkeypatch.setattr(pdf, "_import_weasyprint", no_package)
    with pytest.raises(pdf.PdfUnavailable, match=r"WeasyPrint ontbreekt.*Opslaan als PDF"):
        pdf.html_to_pdf("<p>x</p>")


def test_the_real_loader_finds_weasyprint_here() -> None:
    assert pdf.load_weasyprint().__name__ == "weasyprint"


def test_install_script_does_nothing_when_pango_is_there() -> None:
    script = REPO / "scripts" / "install-pdf-libs.sh"
    assert os.access(script, os.X_OK)
    done = subprocess.run([str(script)], capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    assert "scripts/install-pdf-libs.sh" in (REPO / "Makefile").read_text()


# --- the command line --------------------------------------------------------------------------


def test_cli_writes_the_guide_as_html_and_pdf(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    out = tmp_path / "uit"
    out.mkdir()
    assert main(["draaiboek", WORKSHOP_ID, "-o", str(out / "gids.html")]) == 0
    markup = (out / "gids.html").read_text(encoding="utf-8")
    assert "Blok 2: Jezelf bekijken" in rendered_text(markup)
    assert f"Draaiboek opgeslagen: {out / 'gids.html'}" in capsys.readouterr().out

    monkeypatch.chdir(out)
    assert main(["draaiboek", WORKSHOP_ID, "--pdf"]) == 0
    data = (out / f"draaiboek-{WORKSHOP_ID}.pdf").read_bytes()
    assert "Welkom en afspraken" in pdf_text(data)
    assert main(["draaiboek", WORKSHOP_ID]) == 0
    assert (out / f"draaiboek-{WORKSHOP_ID}.html").read_text(encoding="utf-8") == markup


def test_cli_writes_to_standard_output(
    content: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    assert main(["draaiboek", WORKSHOP_ID, "--pdf", "-o", "-"]) == 0
    assert capsysbinary.readouterr().out.startswith(b"%PDF-")
    assert main(["draaiboek", WORKSHOP_ID, "-o", "-"]) == 0
    assert capsysbinary.readouterr().out.startswith(b'<!DOCTYPE html>\n<html lang="nl">')


def test_cli_puts_no_pdf_on_a_terminal(
    content: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert main(["draaiboek", WORKSHOP_ID, "--pdf", "-o", "-"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "Geef een bestand op met -o" in err


def test_cli_names_unknown_workshops_and_content_problems(
    content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["draaiboek", "bestaat-niet"]) == 2
    assert (
        f"Workshop bestaat-niet bestaat niet. Beschikbaar: {WORKSHOP_ID}" in capsys.readouterr().err
    )
    (content / f"{WORKSHOP_ID}.yaml").write_text(
        replace_once(GUIDED, "duration_minutes: 90", "duration_minutes: 95"), encoding="utf-8"
    )
    assert main(["draaiboek", WORKSHOP_ID]) == 1
    err = capsys.readouterr().err
    assert f"{WORKSHOP_ID}.yaml:" in err
    assert ": duration_minutes: " in err


def test_cli_without_pango_says_what_to_do(
    content: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def no_pango() -> object:
        raise OSError("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(pdf, "_import_weasyprint", no_pango)
    assert main(["draaiboek", WORKSHOP_ID, "--pdf", "-o", os.devnull]) == 4
    assert "Pango ontbreekt" in capsys.readouterr().err


# --- served by the dashboard server ------------------------------------------------------------


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """GET on the dashboard server, with its token unless other headers are given."""
    request = urllib.request.Request(url, headers=_TOKEN if headers is None else headers)  # noqa: S310
    try:
        with _NO_REDIRECTS.open(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


_TOKEN: dict[str, str] = {}


class _KeepRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *_args: object, **_kwargs: object) -> None:
        return None  # a redirect (to the login page) is an answer of its own here


_NO_REDIRECTS = urllib.request.build_opener(_KeepRedirects)


@contextlib.contextmanager
def _dashboard_server(content: Path, tmp_path: Path) -> Iterator[str]:
    """The dashboard's server exactly as `samenspraak serve` starts it, on a free port."""
    config = ServeConfig.on_loopback(f"sqlite:///{tmp_path / 'results.sqlite'}", pool_size=1)
    _TOKEN["Authorization"] = f"token {config.dashboard_token}"
    env = {**environment(config), "SAMENSPRAAK_CONTENT": str(content)}
    log = (tmp_path / "dashboard.log").open("w")
    process = subprocess.Popen(
        dashboard_command(config),
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            assert process.poll() is None, (tmp_path / "dashboard.log").read_text()
            try:
                _get(f"{config.dashboard_url}{guide.GUIDE_ROUTE}/nothing.html")
                break
            except OSError:
                assert time.monotonic() < deadline, "the dashboard server did not start"
                time.sleep(0.3)
        yield config.dashboard_address
    finally:
        stop_group(process)
        log.close()


def test_the_dashboard_server_serves_the_fresh_guide(content: Path, tmp_path: Path) -> None:
    with _dashboard_server(content, tmp_path) as base_url:
        links = guide_links_html(WORKSHOP_ID, base_url)
        hrefs = re.findall(r'href="([^"]+)"', links)
        assert hrefs == [
            f"{base_url}draaiboek/{WORKSHOP_ID}.html",
            f"{base_url}draaiboek/{WORKSHOP_ID}.pdf",
            f"{base_url}papier/{WORKSHOP_ID}.html",
            f"{base_url}papier/{WORKSHOP_ID}.pdf",
            f"{base_url}kaarten/{WORKSHOP_ID}.html",
            f"{base_url}kaarten/{WORKSHOP_ID}.pdf",
        ]
        assert "Draaiboek lezen (HTML)" in links
        assert "Draaiboek als PDF" in links
        assert "Papieren versie (om te printen)" in links
        assert "Kaarten om uit te delen" in links
        assert links.count('target="_blank"') == 6

        status, headers, body = _get(hrefs[2])  # the paper version, for someone without a phone
        assert status == 200
        assert headers["Content-Type"] == "text/html; charset=utf-8"
        assert "Op papier: " in rendered_text(body.decode("utf-8"))
        status, headers, body = _get(hrefs[3])
        assert headers["Content-Type"] == "application/pdf"
        assert f'filename="papier-{WORKSHOP_ID}.pdf"' in headers["Content-Disposition"]

        status, headers, body = _get(hrefs[0])
        assert status == 200
        assert headers["Content-Type"] == "text/html; charset=utf-8"
        assert "script-src" not in headers["Content-Security-Policy"]  # default-src 'none'
        assert "default-src 'none'" in headers["Content-Security-Policy"]
        assert headers["Cache-Control"] == "no-store"
        assert "Blok 4: Verder praten" in rendered_text(body.decode("utf-8"))

        status, headers, body = _get(hrefs[1])
        assert status == 200
        assert headers["Content-Type"] == "application/pdf"
        assert f'filename="draaiboek-{WORKSHOP_ID}.pdf"' in headers["Content-Disposition"]
        assert "Proef: samen beslissen met ouders" in pdf_text(body)

        # made at each request: a changed content file shows without a restart
        (content / f"{WORKSHOP_ID}.yaml").write_text(
            GUIDED.replace("title: Pauze\n", "title: Koffie en thee\n"), encoding="utf-8"
        )
        _, _, body = _get(hrefs[0])
        assert "Blok 3: Koffie en thee" in rendered_text(body.decode("utf-8"))

        # Only the trainer: without the token, or under another host name, nothing.
        status, _, body = _get(hrefs[0], headers={})
        assert status in {302, 403}
        assert b"Blok 4" not in body
        status, _, body = _get(hrefs[0], headers={**_TOKEN, "Host": "evil.example:8867"})
        assert status == 403
        assert b"Blok 4" not in body

        status, _, body = _get(f"{base_url}draaiboek/bestaat-niet.html")
        assert status == 404
        assert "Workshop bestaat-niet bestaat niet" in body.decode("utf-8")

        # only workshop ids: no other path reaches the guide route
        status, _, _ = _get(f"{base_url}draaiboek/..%2F{WORKSHOP_ID}.html")
        assert status != 200


def test_every_guide_says_what_to_do_when_the_room_gets_unsafe() -> None:
    for workshop in catalog.load_all().values():
        text = rendered_text(guide_html(workshop))
        for topic in guide.SAFETY_TOPICS:
            assert t(f"guide.safety_{topic}") in text, (workshop.id, topic)
        assert "Beloof nooit dat je het geheimhoudt" in text  # no secrecy promised
        assert "Veilig Thuis" in text  # the meldcode's steps, with where to ask
        assert "Wat zijn mijn mogelijkheden?" in text  # the parents' page: three good questions
