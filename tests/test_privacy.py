"""Tests for samenspraak.core.privacy (local detection of identifying details)."""

from __future__ import annotations

import dataclasses
import itertools
import random
import re._constants as sre
import re._parser as sre_parse
from typing import Any

import pytest

from samenspraak.core import privacy
from samenspraak.core.privacy import (
    Finding,
    IdentifierCategory,
    find_identifiers,
    is_valid_bsn,
    is_valid_iban,
)

K = IdentifierCategory
_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


# --- helpers -----------------------------------------------------------------


def elfproef(nine: str) -> bool:
    """Independent eleven-test used to verify the examples below."""
    assert len(nine) == 9
    assert nine.isascii()
    assert nine.isdigit()
    total = sum(w * int(c) for w, c in zip(_WEIGHTS, nine, strict=True))
    return total % 11 == 0 and nine != "000000000"


def make_bsn(prefix8: str) -> str:
    """Complete an 8-digit prefix with the check digit that passes the test."""
    for last in "0123456789":
        if elfproef(prefix8 + last):
            return prefix8 + last
    raise ValueError(f"prefix {prefix8} has no valid check digit")


def make_invalid(valid: str) -> str:
    """Change the last digit so the number fails the eleven-test."""
    for last in "0123456789":
        candidate = valid[:8] + last
        if not elfproef(candidate):
            return candidate
    raise AssertionError("unreachable")


def kinds(text: str) -> list[IdentifierCategory]:
    return [f.category for f in find_identifiers(text)]


def texts(text: str) -> list[str]:
    return [f.text for f in find_identifiers(text)]


def only(text: str) -> Finding:
    found = find_identifiers(text)
    assert len(found) == 1, found
    return found[0]


VALID_BSNS = [
    "111222333",
    make_bsn("12345678"),
    make_bsn("23456789"),
    make_bsn("98765432"),
    make_bsn("55555555"),
    make_bsn("10000000"),
]
INVALID_BSNS = [make_invalid(b) for b in VALID_BSNS] + ["123456789"]


def test_helper_examples_are_what_they_claim() -> None:
    for b in VALID_BSNS:
        assert elfproef(b), b
    for b in INVALID_BSNS:
        assert not elfproef(b), b
    # 111222333: 9+8+7+12+10+8+9+6-3 = 66 = 6 * 11
    assert elfproef("111222333")


# --- API shape ---------------------------------------------------------------


def test_identifier_kind_values() -> None:
    assert {k.value for k in IdentifierCategory} == {
        "bsn",
        "email",
        "phone",
        "postcode",
        "date",
        "iban",
    }
    assert isinstance(K.BSN, str)
    assert K.EMAIL == "email"
    assert IdentifierCategory("postcode") is K.POSTCODE


def test_finding_is_frozen() -> None:
    f = Finding(K.BSN, 0, 9, "111222333")
    with pytest.raises(dataclasses.FrozenInstanceError):
        f.start = 3  # type: ignore[misc]


def test_empty_string() -> None:
    assert find_identifiers("") == []


# --- is_valid_bsn ------------------------------------------------------------


@pytest.mark.parametrize("bsn", VALID_BSNS)
def test_is_valid_bsn_accepts_valid(bsn: str) -> None:
    assert is_valid_bsn(bsn)


@pytest.mark.parametrize("bsn", INVALID_BSNS)
def test_is_valid_bsn_rejects_invalid(bsn: str) -> None:
    assert not is_valid_bsn(bsn)


def test_is_valid_bsn_rejects_all_zeros() -> None:
    # 0 is divisible by 11, so this must be rejected explicitly.
    assert not is_valid_bsn("000000000")
    assert not is_valid_bsn("00000000")


def test_is_valid_bsn_pads_eight_digits() -> None:
    nine = make_bsn("01234567")
    assert nine.startswith("0")
    assert is_valid_bsn(nine[1:])
    assert len(nine[1:]) == 8
    bad = make_invalid(nine)
    assert not is_valid_bsn(bad[1:])


@pytest.mark.parametrize(
    "value",
    [
        "",
        "1112223",
        "1112223330",
        "111 222 333",
        "111.222.333",
        "11122233a",
        " 111222333",
        "١١١٢٢٢٣٣٣",  # Arabic-Indic digits
    ],
)
def test_is_valid_bsn_rejects_non_plain_digits(value: str) -> None:
    assert not is_valid_bsn(value)


def test_is_valid_bsn_matches_reference_on_sample() -> None:
    rng = random.Random(20240611)
    hits = 0
    for _ in range(3000):
        n = f"{rng.randrange(10**9):09d}"
        assert is_valid_bsn(n) == elfproef(n), n
        hits += elfproef(n)
    assert hits > 100  # roughly 1 in 11 should pass


# --- BSN in text -------------------------------------------------------------


@pytest.mark.parametrize("bsn", VALID_BSNS)
def test_finds_plain_bsn(bsn: str) -> None:
    text = f"Het BSN van de moeder is {bsn}, zei ze."
    f = only(text)
    assert f.category is K.BSN
    assert f.text == bsn
    assert text[f.start : f.end] == bsn


@pytest.mark.parametrize(
    "written",
    [
        "111.222.333",
        "111 222 333",
        "111-222-333",
        "1112.22.333",
        "1112 22 333",
        "11 12 22 333",
    ],
)
def test_finds_bsn_with_separators(written: str) -> None:
    f = only(f"bsn: {written}.")
    assert f.category is K.BSN
    assert f.text == written


@pytest.mark.parametrize("bsn", INVALID_BSNS)
def test_invalid_nine_digits_not_found(bsn: str) -> None:
    assert find_identifiers(f"nummer {bsn} klopt niet") == []


@pytest.mark.parametrize(
    "text",
    [
        "1111222333",  # valid 111222333 preceded by another digit
        "1112223331",  # followed by another digit
        "code 11122233399 hier",
        "ref 1.111.222.333",
        "€ 111.222.333",
        "€111.222.333",
        "totaal 111.222.333,00",
    ],
)
def test_bsn_not_matched_inside_longer_numbers_or_amounts(text: str) -> None:
    assert K.BSN not in kinds(text)


def test_mixed_separators_are_not_a_bsn() -> None:
    assert find_identifiers("111.222 333") == []


@pytest.mark.parametrize(
    "written",
    [
        "12 34 56 782",
        "1234-56-782",
        "12.345.678-2",
        "1 2345 6782",
        "123 - 456 - 782",
        "12345 6782",
        "1\u00a0234\u00a0567\u00a082",
    ],
)
def test_finds_bsn_in_other_groupings(written: str) -> None:
    assert elfproef("123456782")
    f = only(f"BSN van het kind: {written}.")
    assert (f.category, f.text) == (K.BSN, written)


@pytest.mark.parametrize(
    "text",
    [
        "111 222 333 444",  # a longer chain of the same separator
        "1 111 222 333",
        "123.456.782 euro",
        "EUR 123.456.782",
        "Bel 06-1234567 maar",  # a phone number one digit short
        "Er kwamen 12345672 bezoekers",  # eight digits without a BSN word
    ],
)
def test_not_a_bsn(text: str) -> None:
    assert K.BSN not in kinds(text)


@pytest.mark.parametrize(
    "text", ["BSN: 12345672", "bsn van moeder 1234.56.72", "sofinummer 12345672"]
)
def test_eight_digit_bsn_after_a_bsn_word(text: str) -> None:
    assert is_valid_bsn("12345672")
    assert kinds(text) == [K.BSN]


def test_bsn_word_wins_over_phone_shape() -> None:
    assert elfproef("080012346")
    assert texts("Bel 0800 1234 6") == ["0800 1234"]
    assert kinds("Bel 0800 1234 6") == [K.PHONE]
    assert texts("BSN: 0800 1234 6") == ["0800 1234 6"]
    assert kinds("BSN: 0800 1234 6") == [K.BSN]
    assert elfproef("061234564")
    assert kinds("Bel 06-1234564") == []
    assert kinds("BSN 06-1234564") == [K.BSN]


# --- phone -------------------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        "06-12345678",
        "06 12 34 56 78",
        "0612345678",
        "06 12345678",
        "06-12-34-56-78",
        "+31 6 12345678",
        "+31612345678",
        "+31 6 12 34 56 78",
        "0031 6 12345678",
        "0031612345678",
        "+31 (0)6 12345678",
        "020-1234567",
        "020 123 4567",
        "020-123 4567",
        "010 123 4567",
        "0513-123456",
        "0513 12 34 56",
        "+31 20 123 4567",
        "+31 (0)20 123 4567",
        "0031 20 1234567",
        "(020) 123 4567",
        "(0513) 123456",
        "(06) 12345678",
        "0800-1234",
        "0800 1234",
        "0800-1234567",
        "0900-1234567",
        "0900 1234",
        "0906-1234",
        "0909-1234567",
        "06 - 12345678",
        "06 - 12 34 56 78",
        "06 - 1234 5678",
        "(06) 123 456 78",
        "+31(0)6-12345678",
        "0031 6 1234 5678",
        "0299-123456",
        "(020) 123 45 67",
        "020 - 123 45 67",
        "088-1234567",
        "06.12.34.56.78",
        "020/1234567",
        "+31 6 - 12345678",
    ],
)
def test_finds_phone_formats(number: str) -> None:
    text = f"Je kunt bellen naar {number} als er iets is."
    f = only(text)
    assert f.category is K.PHONE
    assert f.text == number
    assert text[f.start : f.end] == number


@pytest.mark.parametrize("number", ["06-12345678", "+31 20 123 4567"])
def test_phone_at_start_and_end_of_text(number: str) -> None:
    assert texts(number) == [number]
    assert texts(f"tel:{number}") == [number]
    assert texts(f"({number})") == [number]


@pytest.mark.parametrize(
    "text",
    [
        "0111222333",  # 10-digit landline whose tail 111222333 is a valid BSN
        "+31 111222333",
        "+31111222333",
        "0031 111222333",
        "0031111222333",
        "011 1222333",
    ],
)
def test_phone_number_is_not_also_a_bsn(text: str) -> None:
    assert elfproef("111222333")
    found = find_identifiers(text)
    assert [f.category for f in found] == [K.PHONE]
    assert found[0].text == text


@pytest.mark.parametrize(
    "text",
    [
        "061234567",  # one digit short
        "06123456789",  # one digit too many
        "06-1234567",
        "0800-123",
        "+32 6 12345678",  # Belgian prefix
    ],
)
def test_not_dutch_phone_numbers(text: str) -> None:
    assert K.PHONE not in kinds(text)


def test_date_followed_by_number_is_not_a_phone() -> None:
    # 01-02-2015 12 has ten digits starting with 0, but it is a date.
    text = "Op 01-02-2015 12 kinderen gezien"
    found = find_identifiers(text)
    assert [(f.category, f.text) for f in found] == [(K.DATE, "01-02-2015")]


# --- IBAN --------------------------------------------------------------------


@pytest.mark.parametrize(
    "iban",
    [
        "NL91 ABNA 0417 1643 00",
        "NL91ABNA0417164300",
        "nl91abna0417164300",
        "nl91 abna 0417 1643 00",
        "NL91 ABNA 0417164300",
        "DE89 3704 0044 0532 0130 00",
        "BE68 5390 0754 7034",
        "GB29 NWBK 6016 1331 9268 19",
        "FR14 2004 1010 0505 0001 3M02 606",
    ],
)
def test_finds_iban(iban: str) -> None:
    assert is_valid_iban(iban)
    text = f"Maak het over naar {iban}, graag."
    f = only(text)
    assert (f.category, f.text) == (K.IBAN, iban)


@pytest.mark.parametrize(
    "value",
    [
        "NL92ABNA0417164300",  # wrong check digits
        "NL91ABNA041716430",  # too short
        "NL91ABNA04171643001",  # too long
        "XX91ABNA0417164300",  # no such country
        "NL9IABNA0417164300",
        "",
    ],
)
def test_is_valid_iban_rejects(value: str) -> None:
    assert not is_valid_iban(value)


def test_iban_not_part_of_a_longer_word() -> None:
    assert K.IBAN not in kinds("NL91ABNA0417164300X")
    assert K.IBAN not in kinds("XNL91ABNA0417164300")


# --- e-mail ------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "jan@example.nl",
        "Jan.de.Vries@Example.NL",
        "JAN@EXAMPLE.COM",
        "moeder+school@gmail.com",
        "a.b-c_d@mail.gemeente.amsterdam.nl",
        "info@jeugd-zorg.nl",
        "x1980@sub.sub2.example.org",
        "renée@voorbeeld.nl",
    ],
)
def test_finds_email(address: str) -> None:
    text = f"Mail naar {address}. Dank!"
    f = only(text)
    assert f.category is K.EMAIL
    assert f.text == address
    assert text[f.start : f.end] == address


def test_email_containing_digits_is_single_email() -> None:
    text = "mail jan0612345678@ex.nl of 111222333@ex.nl"
    found = find_identifiers(text)
    assert [(f.category, f.text) for f in found] == [
        (K.EMAIL, "jan0612345678@ex.nl"),
        (K.EMAIL, "111222333@ex.nl"),
    ]


@pytest.mark.parametrize(
    "text",
    ["@jan op twitter", "jan@", "jan@localhost", "mail @ school", "a @ b.nl"],
)
def test_not_emails(text: str) -> None:
    assert K.EMAIL not in kinds(text)


# --- postcode ----------------------------------------------------------------


@pytest.mark.parametrize(
    "postcode",
    ["1234 AB", "1234AB", "9999 ZZ", "1011 AC", "1234ab", "1234 xy", "1234 Ab"],
)
def test_finds_postcode(postcode: str) -> None:
    text = f"Ze wonen op {postcode} Amsterdam."
    f = only(text)
    assert f.category is K.POSTCODE
    assert f.text == postcode


@pytest.mark.parametrize(
    "text",
    [
        "1234 ABC",
        "1234ABC",
        "0123 AB",  # first digit must be 1-9
        "12345 AB",
        "123 AB",
        "1234 SA",
        "1234 SD",
        "1234 SS",
        "1234 sa",
        "1234 A",
        "x1234 AB",
    ],
)
def test_not_postcodes(text: str) -> None:
    assert K.POSTCODE not in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "in 2023 en 2024",
        "sinds 2019 is het beter",
        "in 1990 op vakantie",
        "in 2015 na de scheiding",
        "vanaf 2020 al",
        "in 2021 ik",
        "in 2018 te laat",
        "2022 of 2023",
        "in 2017 om hulp",
        "2016 zo",
        "2000 km",
        "1500 kg",
    ],
)
def test_lowercase_common_words_after_year_are_not_postcodes(text: str) -> None:
    assert find_identifiers(text) == []


@pytest.mark.parametrize("text", ["in 2023 EN", "sinds 2019 IS"])
def test_uppercase_pairs_are_always_postcodes(text: str) -> None:
    assert kinds(text) == [K.POSTCODE]


# --- dates -------------------------------------------------------------------


@pytest.mark.parametrize(
    "date",
    [
        "12-03-2015",
        "12/3/2015",
        "1/1/2020",
        "3-12-15",
        "12.03.2015",
        "2015-03-12",
        "2015/3/12",
        "12 maart 2015",
        "12 maart",
        "1 mei",
        "3 jan. 2019",
        "3 jan 2019",
        "3 jan.",
        "29 februari 2016",
        "15 mrt 2012",
        "7 sept. 2011",
        "31 december",
        "1 OKTOBER 2010",
        "2 juni '09",
        "1e januari 2000",
        "3 mrt '15",
        "3 mrt. '15",
        "12-mrt-2015",
        "12/03/'15",
        "12 03 2015",
    ],
)
def test_finds_dates(date: str) -> None:
    text = f"Geboren op {date} in het ziekenhuis"
    f = only(text)
    assert f.category is K.DATE
    assert f.text == date


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("geboren op 12 maart", "12 maart"),
        ("Geboren op 12 maart.", "12 maart"),
        ("geb. 12-3", "12-3"),
        ("geboortedatum: 12/03", "12/03"),
        ("Zij is geboren in maart 2015", "maart 2015"),
        ("geboren mrt. '15", "mrt. '15"),
        ("geboortedatum 12032015", "12032015"),
        ("geboortedatum 09061985", "09061985"),  # not the phone number 0906-1985
        ("Jarig op 3/12!", "3/12"),
    ],
)
def test_finds_dates_next_to_birth_words(text: str, date: str) -> None:
    f = only(text)
    assert (f.category, f.text) == (K.DATE, date)


@pytest.mark.parametrize(
    "text",
    ["Op 12-3 kwamen we", "in maart 2015", "12/3 van de tijd", "Er waren 12032015 bezoekers"],
)
def test_day_month_or_month_year_without_birth_word_is_no_date(text: str) -> None:
    assert find_identifiers(text) == []


@pytest.mark.parametrize(
    "text",
    ["versie 2.3.11", "v10.12.11", "artikel 1.2.15", "10-12-14 jaar", "app 1.10.12"],
)
def test_version_numbers_and_counts_are_no_dates(text: str) -> None:
    assert find_identifiers(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "in 2015",
        "in maart",
        "in maart 2015",
        "32 maart",
        "0 maart",
        "31-02-2015",
        "12-13-2015",
        "2015-13-01",
        "12-03",
        "3 maartse buien",
        "12 janneke",
        "2023-2024",
        "schooljaar 2023/2024",
    ],
)
def test_not_dates(text: str) -> None:
    assert K.DATE not in kinds(text)


# --- false positives in ordinary text ----------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Moeder heeft drie kinderen: een kind van 8, een van 12 en een baby.",
        "Vader werkt 16 uur per week en moeder 32 uur.",
        "In 2023 zijn ze verhuisd, in 2019 was er een scheiding.",
        "De oudste zit in groep 7, de jongste in groep 8.",
        "We spraken om 10.30 uur af, daarna om 14:15.",
        "De huur is € 1.250 per maand, de toeslag € 350,-.",
        "Er zijn 3 kinderen, 2 honden en 1 kat.",
        "Het gezin kreeg 12 gesprekken in 6 weken.",
        "Zij is 34 en hij is 41 jaar.",
        "Score 3-2 bij voetbal, 10 van de 12 goed.",
        "Schooljaar 2023-2024 was lastig.",
        "Hij kreeg 1 op 1 begeleiding, 2x per week.",
        "Het kost €1.250.000 in totaal.",
        "Percentage: 12,5% en 99,9 procent.",
        "Om 9.15 uur en om 14:30, van 10.00-12.00 uur.",
        "In 2019 kwamen 30 deelnemers, 2-3 keer per week, code K7Q4P.",
        "De huur is € 1.250,00 of 1250 euro, soms 12,50; 85% betaalt.",
        "Zoon is 12 jaar, dochter 3 kinderen verder.",
        "Bel 06-1234567 of 020-123456 (te kort).",
        "In maart gaat het beter.",
        "Jan en Piet kwamen langs.",
        "",
        "     ",
    ],
)
def test_ordinary_sentences_have_no_findings(text: str) -> None:
    assert find_identifiers(text) == []


# --- mixed texts and ordering ------------------------------------------------


def test_mixed_text_in_order() -> None:
    text = (
        "Moeder (bsn 111222333) woont op 1234 AB, bel 06-12345678 of "
        "mail moeder@example.nl. Kind geboren 12 maart 2015, zit in groep 4."
    )
    found = find_identifiers(text)
    assert [(f.category, f.text) for f in found] == [
        (K.BSN, "111222333"),
        (K.POSTCODE, "1234 AB"),
        (K.PHONE, "06-12345678"),
        (K.EMAIL, "moeder@example.nl"),
        (K.DATE, "12 maart 2015"),
    ]
    for f in found:
        assert text[f.start : f.end] == f.text


def test_results_sorted_and_non_overlapping() -> None:
    text = (
        "06-12-34-56-78 en 2015-03-12, 0111222333 en jan@ex.nl en "
        "06 111222333 en 1234AB en 3-12-15 en +31 6 12345678"
    )
    found = find_identifiers(text)
    assert len(found) >= 7
    starts = [f.start for f in found]
    assert starts == sorted(starts)
    for a, b in itertools.pairwise(found):
        assert a.end <= b.start, (a, b)
    for f in found:
        assert text[f.start : f.end] == f.text


def test_phone_with_dashes_beats_date_inside_it() -> None:
    # "06-12-34" alone would look like a date (6 Dec '34).
    found = find_identifiers("bel 06-12-34-56-78")
    assert [(f.category, f.text) for f in found] == [(K.PHONE, "06-12-34-56-78")]


# --- unicode, emoji, HTML ----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "😀😀😀",
        "👨‍👩‍👧‍👦 gezin",
        "naïeve café-eigenaar über straße",
        "\ud800 lone surrogate",
        "\x00\x01\x02",
        "١٢٣٤٥٦٧٨٩",
        "ｆｕｌｌｗｉｄｔｈ　１２３４",
        "\u200b\u200d\ufeff",
    ],
)
def test_unicode_does_not_crash(text: str) -> None:
    assert find_identifiers(text) == []


def test_offsets_are_correct_after_emoji() -> None:
    text = "😀👨‍👩‍👧 bel 06-12345678 😀 of mail a@b.nl 🎉"
    found = find_identifiers(text)
    assert [(f.category, f.text) for f in found] == [
        (K.PHONE, "06-12345678"),
        (K.EMAIL, "a@b.nl"),
    ]
    for f in found:
        assert text[f.start : f.end] == f.text


def test_html_and_script_text() -> None:
    text = (
        '<script>alert("111222333")</script>'
        '<p>Bel <b>06-12345678</b> of <a href="mailto:jan@example.nl">mail</a></p>'
        "<!-- 1234 AB -->"
    )
    found = find_identifiers(text)
    assert [(f.category, f.text) for f in found] == [
        (K.BSN, "111222333"),
        (K.PHONE, "06-12345678"),
        (K.EMAIL, "jan@example.nl"),
        (K.POSTCODE, "1234 AB"),
    ]


def test_harmless_html_has_no_findings() -> None:
    text = '<div class="x" style="width: 100px">Hallo <br/> <i>groep 8</i></div>'
    assert find_identifiers(text) == []


# --- performance -------------------------------------------------------------


def _big_text() -> tuple[str, int]:
    chunk = (
        "Moeder vertelt over haar 3 kinderen van 8, 12 en 15 jaar in 2023. "
        "Bel 06-12345678 of mail ouder@example.nl, BSN 111222333. "
    )
    reps = 10_000 // len(chunk) + 1
    return chunk * reps, reps


def test_ten_thousand_characters_all_found() -> None:
    text, reps = _big_text()
    assert len(text) >= 10_000
    found = find_identifiers(text)
    assert len(found) == 3 * reps
    assert [f.category for f in found[:3]] == [K.PHONE, K.EMAIL, K.BSN]


# Long answers built to make a backtracking matcher stumble, with what is really in them.
# How long they take is measured by benchmarks/privacy_scan.py, not asserted here.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1" * 10_000, 0),
        ("0" * 10_000, 0),
        ("a" * 10_000 + "@", 0),
        ("a." * 5_000 + "@", 0),
        ("a@" * 5_000, 0),
        ("1 " * 5_000, 0),
        ("06 " * 3_400, 680),  # "06 06 06 06 06" is written like a mobile number
        ("1-" * 5_000, 0),
        ("12 " * 3_400 + "maart", 1),  # "12 maart" at the end
        ("NL91 " * 2_000, 0),
        ("geboren 12-3 " * 800, 800),
        ("BSN " + "1 " * 5_000, 0),
        ("nl12" * 2_500, 0),
        ("x" * 9_990 + "@example.nl", 0),
    ],
)
def test_pathological_inputs(text: str, expected: int) -> None:
    assert len(find_identifiers(text)) == expected


def _patterns() -> dict[str, Any]:
    return {name: v for name, v in vars(privacy).items() if isinstance(v, privacy._lazy)}


def _loose_nested_repeats(items: Any, outer: bool = False) -> list[str]:
    """Repeats of a varying count that may match many times (``+``, ``*``, ``{0,61}``) inside
    another repeat, and that the matcher can backtrack into: the shape that lets a crafted
    text take exponential or high polynomial time. A fixed count (``{4}``) or an optional
    item (``?``) has too few ways to split a text to matter."""
    found: list[str] = []
    for op, av in items:
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            low, high, body = av
            many = high >= 2
            loose = op is not sre.POSSESSIVE_REPEAT
            if many and low < high and outer and loose:
                found.append(f"{{{low},{'' if high == sre.MAXREPEAT else high}}}")
            found += _loose_nested_repeats(body, outer or (many and loose))
        elif op is sre.SUBPATTERN:
            found += _loose_nested_repeats(av[3], outer)
        elif op is sre.BRANCH:
            for branch in av[1]:
                found += _loose_nested_repeats(branch, outer)
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            found += _loose_nested_repeats(av[1], outer)
        elif op is sre.ATOMIC_GROUP:
            found += _loose_nested_repeats(av, False)  # nothing outside backtracks into it
    return found


def test_every_pattern_is_read_and_checked() -> None:
    patterns = _patterns()
    assert {"_CHAIN_RE", "_EMAIL_RE", "_PHONE_RE", "_POSTCODE_RE", "_DMY_RE"} <= set(patterns)


@pytest.mark.parametrize("name", sorted(_patterns()))
def test_no_pattern_can_backtrack_into_a_nested_repeat(name: str) -> None:
    pattern, flags = _patterns()[name]._arguments
    assert _loose_nested_repeats(sre_parse.parse(pattern, flags)) == [], (
        f"{name}: make the inner repeat possessive (++) or put it in an atomic group (?>...)"
    )


@pytest.mark.parametrize(
    "pattern",
    [r"(a+)+b", r"(?:[0-9]+[ -]?)*x", r"(?:a|ab)*(?:[a-z]{0,9}\.)+c", r"(?:x(?:y{2,})?)*"],
)
def test_the_backtracking_check_finds_nested_repeats(pattern: str) -> None:
    assert _loose_nested_repeats(sre_parse.parse(pattern))


@pytest.mark.parametrize("pattern", [r"(a++)+b", r"(?>a+)+b", r"(?:a?b)+", r"(?:[0-9]{4})+"])
def test_the_backtracking_check_passes_safe_shapes(pattern: str) -> None:
    assert _loose_nested_repeats(sre_parse.parse(pattern)) == []
