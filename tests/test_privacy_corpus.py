"""Generated corpus for samenspraak.core.privacy: every claimed way of writing is found, ordinary
numbers are not.

Everything is generated with ``random.Random(seed)``, so a failure is reproducible. The check
digits (eleven-test, IBAN mod-97) are computed here independently of the code under test.
"""

from __future__ import annotations

import itertools
import random
import re
import string
from collections.abc import Callable, Iterator

import pytest

from samenspraak.core.privacy import IdentifierCategory, find_identifiers

K = IdentifierCategory
SEED = 20240611
N = 1500  # identifiers per category; sentences per ordinary-number family

# --- independent reference checks --------------------------------------------

_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def elfproef(nine: str) -> bool:
    total = sum(w * int(c) for w, c in zip(_WEIGHTS, nine, strict=True))
    return total % 11 == 0 and nine != "000000000"


def random_bsn(rng: random.Random, first: str = "") -> str:
    while True:
        prefix = first + f"{rng.randrange(10**8):08d}"[len(first) :]
        for last in "0123456789":
            if elfproef(prefix + last):
                return prefix + last


def random_non_bsn(rng: random.Random, digits: int = 9) -> str:
    while True:
        n = f"{rng.randrange(10**digits):0{digits}d}"
        if not elfproef(n.rjust(9, "0")):
            return n


def iban_check(country: str, bban: str) -> str:
    """Two check digits so that ``country + check + bban`` passes mod-97 (ISO 13616)."""
    number = int("".join(str(int(c, 36)) for c in bban + country + "00"))
    return f"{98 - number % 97:02d}"


def mod97_ok(iban: str) -> bool:
    s = iban.replace(" ", "").upper()
    return int("".join(str(int(c, 36)) for c in s[4:] + s[:4])) % 97 == 1


# --- helpers -----------------------------------------------------------------


def compositions(n: int) -> Iterator[tuple[int, ...]]:
    """Every way to split ``n`` digits into ordered groups (2**(n-1) ways)."""
    for cuts in itertools.product((False, True), repeat=n - 1):
        sizes, size = [], 1
        for cut in cuts:
            if cut:
                sizes.append(size)
                size = 1
            else:
                size += 1
        sizes.append(size)
        yield tuple(sizes)


def group(digits: str, sizes: tuple[int, ...], sep: str) -> str:
    parts, i = [], 0
    for s in sizes:
        parts.append(digits[i : i + s])
        i += s
    return sep.join(parts)


def found_exactly(sentence: str, x: str, category: IdentifierCategory) -> bool:
    return any(f.category is category and f.text == x for f in find_identifiers(sentence))


def detection_failures(
    cases: list[tuple[str, str]], category: IdentifierCategory
) -> list[tuple[str, str]]:
    return [(s, x) for s, x in cases if not found_exactly(s, x, category)]


# --- BSN ---------------------------------------------------------------------

BSN_TEMPLATES = [
    "BSN van het kind: {x}",
    "Het burgerservicenummer van moeder is {x}.",
    "{x} is het BSN van vader",
    "Noteer {x} in het dossier.",
    "Zijn nummer ({x}) staat op de brief",
    "bsn {x}, verder niets",
    "Op de pas staat {x}!",
]
BSN_KEYWORD_TEMPLATES = [*BSN_TEMPLATES[:2], "BSN {x}", "bsn: {x}"]
BSN_SEPARATORS = [" ", ".", "-", " - ", "\u00a0"]
ALL_GROUPINGS = list(compositions(9))  # 256 groupings, from 9 to 1-1-1-1-1-1-1-1-1


def bsn_written(rng: random.Random, bsn: str) -> str:
    r = rng.random()
    if r < 0.1:
        return bsn
    if r < 0.2:  # 12.345.678-2: a dash before the check digit
        sep = rng.choice([".", " "])
        return group(bsn[:8], rng.choice(list(compositions(8))), sep) + "-" + bsn[8]
    return group(bsn, rng.choice(ALL_GROUPINGS), rng.choice(BSN_SEPARATORS))


def phone_shaped(x: str) -> bool:
    """Written like a phone number: a BSN only after a word such as "BSN".

    Two groups with the first like an area code (06-1234567), or starting like a service
    number (0800 / 0900 / 0906 / 0909); without a BSN word these warn as a phone number.
    """
    groups = re.findall(r"[0-9]+", x)
    area_like = len(groups) == 2 and groups[0][0] == "0" and 2 <= len(groups[0]) <= 4
    return area_like or "".join(groups)[:4] in {"0800", "0900", "0906", "0909"}


def bsn_sentence(rng: random.Random, x: str) -> str:
    templates = BSN_KEYWORD_TEMPLATES if phone_shaped(x) else BSN_TEMPLATES
    return rng.choice(templates).format(x=x)


def bsn_cases(seed: int = SEED) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    cases = []
    for _ in range(N):
        x = bsn_written(rng, random_bsn(rng))
        cases.append((bsn_sentence(rng, x), x))
    # every grouping with every separator at least once, also starting with 0
    for sizes, sep in itertools.product(ALL_GROUPINGS, BSN_SEPARATORS):
        for bsn in (random_bsn(rng), random_bsn(rng, first="0")):
            x = group(bsn, sizes, sep)
            cases.append((bsn_sentence(rng, x), x))
    return cases


def eight_digit_bsn_cases(seed: int = SEED) -> list[tuple[str, str]]:
    """A BSN with its leading zero dropped, right after a BSN word."""
    rng = random.Random(seed + 1)
    templates = ["BSN: {x}", "bsn van het kind: {x}.", "Burgerservicenummer {x}", "sofinummer {x}"]
    cases = []
    while len(cases) < N // 3:
        bsn = random_bsn(rng)
        if bsn[0] != "0":
            continue
        eight = bsn[1:]
        x = eight if rng.random() < 0.5 else group(eight, rng.choice([(4, 2, 2), (2, 3, 3)]), ".")
        cases.append((rng.choice(templates).format(x=x), x))
    return cases


def test_reference_helpers() -> None:
    assert elfproef("111222333")
    assert not elfproef("123456789")
    assert mod97_ok("NL91ABNA0417164300")
    assert iban_check("NL", "ABNA0417164300") == "91"
    assert iban_check("DE", "370400440532013000") == "89"
    assert len(ALL_GROUPINGS) == 256


def test_every_bsn_grouping_is_found() -> None:
    cases = bsn_cases()
    assert len(cases) >= 2500
    assert detection_failures(cases, K.BSN) == []


def test_eight_digit_bsn_after_a_bsn_word_is_found() -> None:
    cases = eight_digit_bsn_cases()
    assert detection_failures(cases, K.BSN) == []


def test_eight_digits_without_a_bsn_word_are_not_a_bsn() -> None:
    rng = random.Random(SEED + 2)
    for _ in range(N // 3):
        bsn = random_bsn(rng)
        assert K.BSN not in kinds(f"Er kwamen {bsn[1:]} bezoekers")


def kinds(text: str) -> list[IdentifierCategory]:
    return [f.category for f in find_identifiers(text)]


# --- phone -------------------------------------------------------------------

PHONE_TEMPLATES = [
    "Bel de moeder op {x}.",
    "Het nummer van vader is {x}",
    "{x} is het nummer van oma",
    "Tel: {x}",
    "mobiel ({x})",
    "bereikbaar via {x}, ook 's avonds",
    "Bel {x} of mail.",
]
AREA3 = ["010", "013", "015", "020", "023", "024", "026", "030", "033", "035", "036", "038",
         "040", "043", "045", "046", "050", "053", "055", "058", "070", "071", "072", "073",
         "076", "079", "088"]  # fmt: skip
AREA4 = ["0111", "0113", "0161", "0172", "0226", "0229", "0251", "0299", "0313", "0341",
         "0413", "0492", "0513", "0523", "0546", "0591", "0595"]  # fmt: skip


def sub(rng: random.Random, n: int) -> str:
    return str(rng.randrange(1, 10)) + "".join(rng.choice(string.digits) for _ in range(n - 1))


def split(digits: str, *sizes: int) -> list[str]:
    out, i = [], 0
    for s in sizes:
        out.append(digits[i : i + s])
        i += s
    assert i == len(digits)
    return out


def mobile_forms(d: str) -> list[str]:
    """``d``: the eight digits after 06."""
    a4, b4 = d[:4], d[4:]
    pairs = " ".join(split(d, 2, 2, 2, 2))
    return [
        f"06{d}", f"06-{d}", f"06 {d}", f"06 - {d}", f"06 - {pairs}", f"06 {pairs}",
        "06-" + "-".join(split(d, 2, 2, 2, 2)), f"06-{a4} {b4}", f"06 {a4} {b4}",
        f"06 - {a4} {b4}", f"(06) {d}", "(06) " + " ".join(split(d, 3, 3, 2)),
        f"(06)-{d}", "06." + ".".join(split(d, 2, 2, 2, 2)), f"06/{d}",
        f"+31 6 {d}", f"+316{d}", f"+31(0)6-{d}", f"+31 (0)6 {d}", f"+31 (0) 6 {pairs}",
        f"0031 6 {a4} {b4}", f"0031-6-{d}", f"+31-6-{d}", f"+31 6 {a4} {b4}",
        f"+31 6 {pairs}", f"0031612{d[2:]}"[:0] + f"00316{d}", f"+31 6-{d}",
    ]  # fmt: skip


def area3_forms(area: str, d: str) -> list[str]:
    """``area``: 0 + two digits; ``d``: seven digits."""
    a = area[1:]
    return [
        f"{area}{d}", f"{area}-{d}", f"{area} {d}", f"{area} {d[:3]} {d[3:]}",
        f"{area}-{d[:3]} {d[3:]}", f"{area} - {d[:3]} {d[3:5]} {d[5:]}",
        f"{area} {d[:3]} {d[3:5]} {d[5:]}", f"{area} - {d}", f"({area}) {d[:3]} {d[3:5]} {d[5:]}",
        f"({area}) {d}", f"({area}) {d[:3]} {d[3:]}", f"{area}/{d}",
        f"+31 {a} {d[:3]} {d[3:]}", f"+31(0){a}-{d}", f"+31 (0){a} {d}", f"0031 {a} {d}",
        f"+31{a}{d}", f"+31 {a} {d}",
    ]  # fmt: skip


def area4_forms(area: str, d: str) -> list[str]:
    """``area``: 0 + three digits; ``d``: six digits."""
    a = area[1:]
    pairs = " ".join(split(d, 2, 2, 2))
    return [
        f"{area}{d}", f"{area}-{d}", f"{area} {d}", f"{area} {pairs}", f"{area}-{pairs}",
        f"{area} - {pairs}", f"{area} - {d}", f"({area}) {d}", f"({area}) {pairs}",
        f"+31 {a} {d}", f"+31(0){a}-{d}", f"0031 {a} {pairs}", f"{area}/{d}",
    ]  # fmt: skip


def service_forms(rng: random.Random) -> list[str]:
    prefix = rng.choice(["0800", "0900", "0906", "0909"])
    d4, d7 = sub(rng, 4), sub(rng, 7)
    return [f"{prefix}-{d4}", f"{prefix} {d4}", f"{prefix}{d4}", f"{prefix}-{d7}",
            f"{prefix} {d7}", f"{prefix} {d7[:3]} {d7[3:]}", f"{prefix} - {d4}"]  # fmt: skip


def phone_cases(seed: int = SEED) -> list[tuple[str, str]]:
    rng = random.Random(seed + 3)
    cases = []
    for _ in range(N // 10):
        numbers = [
            *mobile_forms(sub(rng, 8)),
            *area3_forms(rng.choice(AREA3), sub(rng, 7)),
            *area4_forms(rng.choice(AREA4), sub(rng, 6)),
            *service_forms(rng),
        ]
        for x in numbers:
            cases.append((rng.choice(PHONE_TEMPLATES).format(x=x), x))
    return cases


def test_every_phone_format_is_found() -> None:
    cases = phone_cases()
    assert len(cases) >= 8000
    assert detection_failures(cases, K.PHONE) == []


# --- IBAN --------------------------------------------------------------------

IBAN_TEMPLATES = [
    "Maak het geld over naar {x}.",
    "IBAN: {x}",
    "{x} is de rekening van moeder",
    "rekeningnummer {x}, t.n.v. de ouders",
]
NL_BANKS = ["ABNA", "RABO", "INGB", "SNSB", "TRIO", "KNAB", "ASNB", "BUNQ", "RBRB"]
# country: BBAN as (characters, length) parts; "n" digits, "a" upper-case letters, "c" either.
BBAN_SHAPES = {
    "BE": [("n", 12)],
    "DE": [("n", 18)],
    "FR": [("n", 10), ("c", 11), ("n", 2)],
    "GB": [("a", 4), ("n", 14)],
    "ES": [("n", 20)],
    "IT": [("a", 1), ("n", 10), ("c", 12)],
    "PL": [("n", 24)],
    "TR": [("n", 6), ("c", 16)],
    "CH": [("n", 5), ("c", 12)],
    "NO": [("n", 11)],
    "MT": [("a", 4), ("n", 5), ("c", 18)],
}
_CHARS = {
    "n": string.digits,
    "a": string.ascii_uppercase,
    "c": string.digits + string.ascii_uppercase,
}


def random_iban(rng: random.Random) -> str:
    if rng.random() < 0.5:
        country, bban = "NL", rng.choice(NL_BANKS) + "".join(rng.choices(string.digits, k=10))
    else:
        country = rng.choice(sorted(BBAN_SHAPES))
        bban = "".join(
            "".join(rng.choices(_CHARS[category], k=n)) for category, n in BBAN_SHAPES[country]
        )
    return country + iban_check(country, bban) + bban


def iban_written(rng: random.Random, iban: str) -> str:
    grouped = " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))
    x = rng.choice([iban, grouped, grouped, iban[:4] + " " + iban[4:]])
    return rng.choice([x, x, x.lower(), x[:2] + x[2:].lower()])


def iban_cases(seed: int = SEED) -> list[tuple[str, str]]:
    rng = random.Random(seed + 4)
    cases = []
    for _ in range(N):
        iban = random_iban(rng)
        assert mod97_ok(iban), iban
        x = iban_written(rng, iban)
        cases.append((rng.choice(IBAN_TEMPLATES).format(x=x), x))
    return cases


def test_every_iban_is_found() -> None:
    cases = iban_cases()
    assert detection_failures(cases, K.IBAN) == []


def test_iban_with_a_wrong_check_is_not_an_iban() -> None:
    rng = random.Random(SEED + 5)
    for _ in range(N // 3):
        iban = random_iban(rng)
        wrong = iban[:2] + f"{(int(iban[2:4]) + rng.randrange(1, 90)) % 100:02d}" + iban[4:]
        if mod97_ok(wrong):
            continue
        assert K.IBAN not in kinds(f"Rekening {wrong} klopt niet"), wrong


# --- dates -------------------------------------------------------------------

MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december"]  # fmt: skip
MONTHS_SHORT = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov",
                "dec"]  # fmt: skip
DAYS_IN = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
DATE_TEMPLATES = [
    "Het kind is geboren op {x}.",
    "Op {x} was de eerste afspraak",
    "{x} is de dag van de uithuisplaatsing",
    "Datum: {x}",
    "Moeder belde ({x}) over de zitting",
]
BIRTH_TEMPLATES = [
    "Geboren op {x}.",
    "geb. {x}",
    "Geboortedatum: {x}",
    "Zij is geboren {x} in Utrecht",
    "geboortedatum van het kind {x}",
    "jarig op {x}!",
]


def full_date_forms(rng: random.Random) -> list[str]:
    m = rng.randrange(1, 13)
    d = rng.randrange(1, DAYS_IN[m - 1] + (0 if m == 2 else 1))
    y = rng.randrange(1940, 2025)
    yy = f"{y % 100:02d}"
    name, short = MONTHS[m - 1], MONTHS_SHORT[m - 1]
    return [
        f"{d:02d}-{m:02d}-{y}", f"{d}-{m}-{y}", f"{d:02d}/{m:02d}/{y}", f"{d}/{m}/{y}",
        f"{d:02d}.{m:02d}.{y}", f"{d}.{m}.{y}", f"{y}-{m:02d}-{d:02d}", f"{y}/{m}/{d}",
        f"{d:02d}-{m:02d}-{yy}", f"{d}-{m}-{yy}", f"{d}/{m}/{yy}", f"{d:02d}.{m:02d}.{yy}",
        f"{d}-{m}-'{yy}", f"{d} {name} {y}", f"{d} {short} {y}", f"{d} {short}. {y}",
        f"{d} {short} '{yy}", f"{d} {name} '{yy}", f"{d} {name}",
        f"{d} {short}" + ("." if short != name else ""),
        f"{d}e {name} {y}", f"{d}-{short}-{y}", f"{d}-{name}-{y}", f"{d:02d} {m:02d} {y}",
        f"{d} {name.capitalize()} {y}", f"{d} {name.upper()}",
    ]  # fmt: skip


def birth_only_forms(rng: random.Random) -> list[str]:
    """Forms that count only next to a birth word."""
    m = rng.randrange(1, 13)
    d = rng.randrange(1, DAYS_IN[m - 1] + (0 if m == 2 else 1))
    y = rng.randrange(1940, 2025)
    name, short = MONTHS[m - 1], MONTHS_SHORT[m - 1]
    return [
        f"{d}-{m}", f"{d:02d}-{m:02d}", f"{d}/{m}", f"{d:02d}.{m:02d}",
        f"{name} {y}", f"{short} {y}", f"{short}. '{y % 100:02d}",
        f"{d:02d}{m:02d}{y}", f"{y}{m:02d}{d:02d}",
    ]  # fmt: skip


def date_cases(seed: int = SEED) -> list[tuple[str, str]]:
    rng = random.Random(seed + 6)
    cases = []
    for _ in range(N // 10):
        for x in full_date_forms(rng):
            cases.append((rng.choice(DATE_TEMPLATES).format(x=x), x))
        for x in birth_only_forms(rng):
            cases.append((rng.choice(BIRTH_TEMPLATES).format(x=x), x))
    return cases


def test_every_date_form_is_found() -> None:
    cases = date_cases()
    assert len(cases) >= 5000
    assert detection_failures(cases, K.DATE) == []


# --- e-mail and postcode still work -----------------------------------------


def test_email_and_postcode_in_generated_sentences() -> None:
    rng = random.Random(SEED + 7)
    for _ in range(N // 3):
        user = "".join(rng.choices(string.ascii_lowercase, k=rng.randrange(2, 10)))
        domain = rng.choice(["gmail.com", "school.nl", "jeugdzorg-x.nl"])
        mail = f"{user}.{rng.randrange(100)}@{domain}"
        pc = f"{rng.randrange(1000, 10000)}{rng.choice(['', ' '])}{rng.choice(['AB', 'XK', 'ZT'])}"
        text = f"Mail {mail} of kom langs op {pc} Utrecht."
        assert [(f.category, f.text) for f in find_identifiers(text)] == [
            (K.EMAIL, mail),
            (K.POSTCODE, pc),
        ]


# --- ordinary numbers: no false alarms ---------------------------------------


def _time(rng: random.Random) -> str:
    h, m = rng.randrange(0, 24), rng.choice([0, 15, 30, 45, rng.randrange(60)])
    h2, m2 = rng.randrange(0, 24), rng.choice([0, 15, 30, 45])
    return rng.choice([
        f"We beginnen om {h}:{m:02d}.", f"Om {h}.{m:02d} uur komt de voogd.",
        f"van {h}.{m:02d} tot {h2}.{m2:02d} uur", f"{h:02d}:{m:02d}-{h2:02d}:{m2:02d} overleg",
        f"van {h:02d}.{m:02d} - {h2:02d}.{m2:02d} uur", f"om {h}u{m:02d}",
        f"tussen {h}:{m:02d} en {h2}:{m2:02d} uur",
    ])  # fmt: skip


def _year(rng: random.Random) -> str:
    y = rng.randrange(1950, 2040)
    return rng.choice([
        f"In {y} zijn ze verhuisd.", f"sinds {y} gaat het beter", f"schooljaar {y}-{y + 1}",
        f"schooljaar {y}/{y + 1}", f"schooljaar {y % 100:02d}/{(y + 1) % 100:02d}",
        f"tussen {y} en {y + rng.randrange(1, 9)}", f"in {y} en {y + 1} en {y + 2}",
        f"de periode {y} - {y + 3}", f"het jaarverslag van {y}",
    ])  # fmt: skip


def _amount(rng: random.Random) -> str:
    big = rng.randrange(1000, 10**7)
    euros = f"{big:,}".replace(",", ".")
    cents = f"{rng.randrange(100):02d}"
    small = rng.randrange(1, 1000)
    return rng.choice([
        f"De huur is € {euros},{cents} per maand.", f"Het kost €{euros},-", f"{big} euro",
        f"€ {small},{cents}", f"{small},{cents} per uur", f"EUR {euros},{cents}",
        f"een schuld van € {euros}", f"de toeslag is {small},{cents} euro",
        f"€ {euros}.000 in totaal",
        f"€ {rng.randrange(100, 1000)}.{rng.randrange(1000):03d}.{rng.randrange(1000):03d}",
    ])  # fmt: skip


def _percentage(rng: random.Random) -> str:
    p = rng.randrange(0, 101)
    return rng.choice([
        f"{p}% van de ouders", f"{p},{rng.randrange(10)}% minder", f"{p} procent",
        f"van {p}% naar {rng.randrange(101)}%", f"{p}%-{rng.randrange(101)}%",
    ])  # fmt: skip


def _count(rng: random.Random) -> str:
    a, b = rng.randrange(1, 40), rng.randrange(1, 40)
    return rng.choice([
        f"{a} deelnemers", f"Er zijn {a} kinderen.", f"{a}-{a + b} keer per week",
        f"zij is {a} jaar", f"{a} tot {a + b} jaar", f"in groep {rng.randrange(1, 9)}",
        f"{a} van de {a + b} goed", f"score {a}-{b}", f"{a}x per week", f"{a}-{b}-{a + b} keer",
        f"kinderen van {a}, {b} en {a + b} jaar", f"{a} a {b} weken",
        f"de {a}e keer", f"{a}/{b} van de tijd", f"{a} {b} {a + b} {b}",
    ])  # fmt: skip


def _code(rng: random.Random) -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    code = "".join(rng.choices(alphabet, k=5))
    ver = f"{rng.randrange(1, 20)}.{rng.randrange(0, 13)}.{rng.randrange(0, 40)}"
    return rng.choice([
        f"De code is {code}.", f"Doe mee met code {code}", f"versie {ver}", f"v{ver}",
        f"update {rng.randrange(1, 20)}.{rng.randrange(30)}", f"Windows {rng.randrange(7, 12)}",
        f"iOS {rng.randrange(10, 19)}.{rng.randrange(10)}.{rng.randrange(10)}",
        f"artikel {rng.randrange(1, 9)}.{rng.randrange(1, 20)}",
    ])  # fmt: skip


def _short_phone(rng: random.Random) -> str:
    """Phone-like, one digit short: 06-1234567, 020-123456, 0513-12345."""
    area = rng.choice(["06", rng.choice(AREA3), rng.choice(AREA4)])
    d = sub(rng, 9 - len(area))
    sep = rng.choice(["-", " ", " - ", "/"])
    return f"Bel {area}{sep}{d} maar"


ORDINARY: dict[str, Callable[[random.Random], str]] = {
    "times": _time,
    "years": _year,
    "amounts": _amount,
    "percentages": _percentage,
    "counts": _count,
    "codes": _code,
    "short_phones": _short_phone,
}


@pytest.mark.parametrize("family", sorted(ORDINARY))
def test_ordinary_numbers_give_no_false_alarms(family: str) -> None:
    rng = random.Random(f"{SEED}-{family}")
    make = ORDINARY[family]
    alarms = [(s, f) for s in (make(rng) for _ in range(N)) if (f := find_identifiers(s))]
    assert alarms == []


def test_random_nine_digit_numbers_trigger_only_when_elfproef_valid() -> None:
    rng = random.Random(SEED + 8)
    templates = ["Er waren {x} bezoekers.", "Dossiernummer {x}", "Ordernummer {x}, bedankt"]
    triggered_valid = total_valid = 0
    for _ in range(N * 2):
        n = f"{rng.randrange(10**9):09d}"
        x = bsn_written(rng, n)
        found = find_identifiers(rng.choice(templates).format(x=x))
        if phone_shaped(x):
            continue
        if elfproef(n):
            total_valid += 1
            triggered_valid += bool(found)
        else:
            assert found == [], (x, found)
    assert total_valid > 100  # about 1 in 11
    assert triggered_valid == total_valid
