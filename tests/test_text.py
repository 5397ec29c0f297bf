"""Tests for counting words in participant text, and for the per-type catalogue of texts."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest

from samenspraak.core import messages
from samenspraak.core.html import download_link, printable_html
from samenspraak.core.text import KEEP, stop_words, word_counts, words


def test_words_drop_dutch_stop_words_digits_and_single_letters():
    assert words("Ik luister eerst naar de ouder, en 2 keer x!") == ["luister", "ouder", "keer"]


def test_words_keep_what_matters_in_this_field():
    # "samen", "eigen" and "niet" are in the stopwords-iso list, but carry meaning here.
    assert words("Samen met de ouder, niet over de eigen regels") == [
        "samen",
        "ouder",
        "niet",
        "eigen",
        "regels",
    ]
    assert KEEP.isdisjoint(stop_words())
    assert {"de", "het", "een", "en", "ik", "je"} <= stop_words()


def test_words_keep_accents_hyphens_and_apostrophes_inside_a_word():
    assert words("Ervaringsdeskundige, zó belangrijk! Jeugd-GGZ en baby's") == [
        "ervaringsdeskundige",
        "zó",
        "belangrijk",
        "jeugd-ggz",
        "baby's",
    ]


def test_words_ignore_html_and_emoji_as_words():
    assert words("<script>alert(1)</script> 😀 luisteren") == [
        "script",
        "alert",
        "script",
        "luisteren",
    ]


def test_word_counts_count_a_word_once_per_text_most_used_first():
    texts = ["Luisteren, luisteren, luisteren", "echt luisteren", "Echt contact", "contact"]
    assert word_counts(texts) == [("contact", 2), ("echt", 2), ("luisteren", 2)]


def test_word_counts_break_ties_alphabetically_and_limit():
    texts = ["ouder kind", "kind ouder", "netwerk"]
    assert word_counts(texts) == [("kind", 2), ("ouder", 2), ("netwerk", 1)]
    assert word_counts(texts, limit=1) == [("kind", 2)]
    assert word_counts([]) == []
    assert word_counts(["de het een"]) == []


def _po(folder: Path, name: str, texts: dict[str, str]) -> None:
    entries = "".join(f'msgid "{key}"\nmsgstr "{text}"\n\n' for key, text in texts.items())
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text('msgid ""\nmsgstr ""\n\n' + entries, encoding="utf-8")


def test_a_catalogue_adds_texts_and_never_changes_existing_ones(tmp_path: Path):
    _po(tmp_path / "a", "nl.po", {"testtype.hello": "Hallo {name}"})
    messages.load_catalogue(tmp_path / "a")
    assert messages.t("testtype.hello", name="Sam") == "Hallo Sam"
    messages.load_catalogue(tmp_path / "a")  # the same again is harmless
    _po(tmp_path / "b", "nl.po", {"answer.save": "Bewaren"})
    with pytest.raises(ValueError, match=r"answer\.save"):
        messages.load_catalogue(tmp_path / "b")
    assert messages.t("answer.save") == "Opslaan"


def test_a_second_language_is_a_file_beside_the_dutch_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    _po(tmp_path, "nl.po", {"testlang.yes": "Ja", "testlang.no": "Nee"})
    _po(tmp_path, "en.po", {"testlang.yes": "Yes", "testlang.no": ""})  # not yet translated
    monkeypatch.setenv(messages.LANGUAGE_ENV, "en")
    messages.load_catalogue(tmp_path)
    assert messages.t("testlang.yes") == "Yes"
    assert messages.t("testlang.no") == "Nee"  # falls back to Dutch


def test_download_link_carries_the_file_in_the_link():
    link = download_link("Download je kaart", 'kaart "1".html', "<p>Één & twee</p>")
    assert 'download="kaart &quot;1&quot;.html"' in link
    payload = re.search(r"base64,([A-Za-z0-9+/=]+)", link).group(1)
    assert base64.b64decode(payload).decode("utf-8") == "<p>Één & twee</p>"
    assert "Download je kaart" in link


def test_printable_html_escapes_the_title_and_prints_well():
    page = printable_html("<Mijn> kaart", "<p>inhoud</p>", footer="samenspraak")
    assert page.startswith("<!DOCTYPE html>")
    assert "<title>&lt;Mijn&gt; kaart</title>" in page
    assert "<h1>&lt;Mijn&gt; kaart</h1><p>inhoud</p>" in page
    assert "@media print" in page
    assert "<footer>samenspraak</footer>" in page
