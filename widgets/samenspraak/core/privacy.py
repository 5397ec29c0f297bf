"""Local detection of details in free text that could identify a family.

Finds Dutch BSNs, IBANs, e-mail addresses, phone numbers, postcodes and dates (of birth).
Pure stdlib; nothing leaves the machine.

What counts as identifying:

* a BSN: nine digits passing the eleven-test, plain or in any grouping with spaces, dots or
  dashes (one separator throughout; a dash before a last single check digit is also fine:
  ``12.345.678-2``). Eight digits (a leading zero dropped) only right after a word such as
  "BSN" or "burgerservicenummer";
* an IBAN of any country in the registry, with or without spaces, any case, passing mod-97;
* a Dutch phone number, national or international (``+31``/``0031``, ``(0)``), with spaces,
  dashes (also with spaces around them), dots or a slash after the area code;
* a date: a full numeric date with a year (``12-03-2015``, ``2015-03-12``, ``12.03.15``), a
  day with a month name (``12 maart``, ``3 mrt '15``), and next to words such as
  geboren/geb./geboortedatum also a day and month without a year (``geb. 12-3``), a month with a
  year (``geboren in maart 2015``) and eight digits in a row (``geboortedatum 12032015``).

Ordinary numbers stay quiet: times, years, amounts, percentages, counts, ranges, ages.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from enum import Enum
from itertools import pairwise
from typing import Any

__all__ = [
    "Finding",
    "IdentifierCategory",
    "find_identifiers",
    "is_valid_bsn",
    "is_valid_iban",
]


class IdentifierCategory(str, Enum):  # noqa: UP042  (str mixin is the agreed API)
    """The category of a detected identifier (a phone number, an e-mail address, ...)."""

    BSN = "bsn"
    EMAIL = "email"
    PHONE = "phone"
    POSTCODE = "postcode"
    DATE = "date"
    IBAN = "iban"


@dataclass(frozen=True)
class Finding:
    """One detected identifier; ``text == source[start:end]``."""

    category: IdentifierCategory
    start: int
    end: int
    text: str


class _lazy:  # noqa: N801 - stands where re.compile stood
    """A regular expression compiled when first used, not at import.

    Every participant's kernel imports this module; compiling these patterns took about 20 ms
    of its start. Now a kernel pays that when its participant first writes a text.
    """

    __slots__ = ("_arguments", "_compiled")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._arguments = (pattern, flags)
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:  # search, finditer, fullmatch, ...
        if self._compiled is None:
            self._compiled = re.compile(*self._arguments)
        return getattr(self._compiled, name)


# Lower rank wins when two candidate spans overlap.
_RANK: dict[IdentifierCategory, int] = {
    IdentifierCategory.EMAIL: 0,
    IdentifierCategory.IBAN: 1,
    IdentifierCategory.PHONE: 2,
    IdentifierCategory.BSN: 3,
    IdentifierCategory.POSTCODE: 4,
    IdentifierCategory.DATE: 5,
}

_BSN_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)
_BSN_DIGITS_RE = _lazy(r"[0-9]{8,9}")
_NON_DIGIT_RE = _lazy(r"[^0-9]")

_DASHES = "\\-\u2010\u2011\u2012\u2013"  # hyphen-minus, hyphens, figure and en dash

# --- Digit chains (BSN) ----------------------------------------------------
# A chain is digit groups joined by one-character separators (or a dash with spaces around
# it). A BSN is a run of whole groups inside a chain; the chain must not go on with the
# same separator, and a dot, comma, dash or slash next to it means a longer number.
# A repeat inside a repeat is possessive (``++``) or atomic (``(?>...)``) in every pattern
# here, so a long crafted answer cannot make the matcher backtrack through all the ways to
# split it (tests/test_privacy.py checks this; benchmarks/privacy_scan.py times it).
_CHAIN_SEP = rf"(?:[ \u00a0]?[{_DASHES}][ \u00a0]?|[ .,/\u00a0])"
_CHAIN_RE = _lazy(rf"(?<![0-9])[0-9]++(?:{_CHAIN_SEP}[0-9]++)*")
_GROUP_RE = _lazy(r"[0-9]+")
_BSN_INNER_SEPS = frozenset({" ", ".", "-"})
_NUMBER_NEIGHBOUR_SEPS = frozenset({".", ",", "-", "/"})
_MONEY_BEFORE_RE = _lazy(r"(?:[€$£]|\bEUR|\beur)[ \u00a0]?\Z")
_MONEY_AFTER_RE = _lazy(r"[ \u00a0]?(?:euro|eur)\b|,-", re.IGNORECASE)
_BSN_KEYWORD_RE = _lazy(
    r"(?<![^\W\d_])(?:bsn|burgerservicenummer|burger\s?service\s?nummer|sofi-?nummer|sofinr)"
    r"(?![^\W\d_])[^0-9\n]{0,30}\Z",
    re.IGNORECASE,
)

# --- E-mail ----------------------------------------------------------------
# A domain label ends at its dot, so the label is atomic: only whole labels are given back.
_EMAIL_RE = _lazy(
    r"(?<![\w%+\-])"
    r"[\w%+\-][\w.%+\-]{0,63}"
    r"@"
    r"(?>[^\W_](?:[\w\-]{0,61}[^\W_])?\.)+"
    r"[^\W\d_]{2,63}",
    re.IGNORECASE,
)

# --- IBAN ------------------------------------------------------------------
# Lengths from the SWIFT IBAN registry.
_IBAN_LENGTHS: dict[str, int] = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22,
    "BH": 22, "BI": 27, "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24,
    "DE": 22, "DJ": 27, "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18,
    "FK": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27,
    "GT": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27,
    "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20,
    "LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MN": 20, "MR": 27,
    "MT": 31, "MU": 30, "NI": 28, "NL": 18, "NO": 15, "OM": 23, "PK": 24, "PL": 28,
    "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33, "SA": 24, "SC": 31,
    "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25, "SV": 28,
    "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
}  # fmt: skip
_IBAN_START_RE = _lazy(r"(?<![^\W_])[A-Za-z]{2}[0-9]{2}")
_IBAN_NL_RE = _lazy(r"NL[0-9]{2}[A-Z]{4}[0-9]{10}")

# --- Phone -----------------------------------------------------------------
# A space, a dash (with or without spaces around it), a dot or a slash.
_SEP = rf"(?:[ \u00a0]?[{_DASHES}][ \u00a0]?|[ ./\u00a0])"
_PHONE_RE = _lazy(
    r"(?<![0-9+])(?:"
    # +31 / 0031, optional "(0)", then nine national digits.
    rf"(?P<intl>(?:\+|00)31{_SEP}?(?:\(0\){_SEP}?)?[1-9](?:{_SEP}?[0-9]){{8}})"
    # 0800 / 0900 / 0906 / 0909 with 4 or 7 subscriber digits.
    # Not the tail of a longer digit chain ("0 0800 4 134").
    r"|(?<![0-9][ .\-\u00a0])"
    rf"(?P<service>0(?:800|90[069])(?:{_SEP}?[0-9]){{4}}(?:(?:{_SEP}?[0-9]){{3}})?)"
    # (020) 123 4567, (0513) 123456, (06) 12345678.
    rf"|(?P<paren>\(0[1-9]\){_SEP}?[0-9](?:{_SEP}?[0-9]){{7}}"
    rf"|\(0[1-9][0-9]\){_SEP}?[0-9](?:{_SEP}?[0-9]){{6}}"
    rf"|\(0[1-9][0-9]{{2}}\){_SEP}?[0-9](?:{_SEP}?[0-9]){{5}})"
    # 0 + nine digits: 0612345678, 06-12345678, 020-1234567, 010 123 4567, 06 - 12 34 56 78.
    rf"|(?P<national>0[1-9](?:{_SEP}?[0-9]){{8}})"
    r")(?![0-9])"
)
_PHONE_SEP_RE = _lazy(_SEP)

# --- Postcode --------------------------------------------------------------
_POSTCODE_RE = _lazy(
    r"(?<![^\W_])(?<![0-9][.,])"
    r"(?P<num>[1-9][0-9]{3})[ \u00a0]?(?P<letters>[A-Za-z]{2})"
    r"(?![^\W_])"
)
_POSTCODE_EXCLUDED_LETTERS = frozenset({"SA", "SD", "SS"})
# Lower-case pairs after a four-digit number that are usually words or units,
# not postcode letters ("in 2019 is", "2000 km").
_COMMON_LOWER_PAIRS = frozenset(
    {
        # Dutch
        "af", "al", "bv", "ca", "de", "di", "do", "en", "er", "eu", "ex",
        "ga", "ha", "he", "ik", "in", "is", "ja", "je", "ma", "me", "mn",
        "na", "nl", "nr", "nu", "of", "oh", "ok", "om", "op", "pa", "st",
        "te", "tv", "uw", "vs", "wc", "we", "wo", "za", "ze", "zn", "zo",
        # English, common in mixed text
        "am", "an", "as", "at", "be", "by", "go", "if", "it", "my", "no",
        "on", "or", "pm", "so", "to", "up", "us",
        # Units and currencies
        "cc", "cl", "cm", "ct", "dl", "gb", "gr", "kb", "kg", "km",
        "kw", "mb", "mg", "ml", "mm", "pk", "pp",
    }
)  # fmt: skip

# --- Dates -----------------------------------------------------------------
_YEAR2 = r"['\u2018\u2019]?[0-9]{2}"
_DMY_RE = _lazy(
    r"(?<![0-9])(?<![0-9][\-/.])"
    r"(?P<d>[0-9]{1,2})(?P<sep>[\-/.])(?P<m>[0-9]{1,2})(?P=sep)"
    rf"(?P<y>[0-9]{{4}}|{_YEAR2})"
    r"(?![0-9])(?![\-/.][0-9])"
)
_YMD_RE = _lazy(
    r"(?<![0-9])(?<![0-9][\-/.])"
    r"(?P<y>[0-9]{4})(?P<sep>[\-/.])(?P<m>[0-9]{1,2})(?P=sep)(?P<d>[0-9]{1,2})"
    r"(?![0-9])(?![\-/.][0-9])"
)
# 12 03 2015: only with two-digit day and month and a year 19xx/20xx.
_SPACED_DMY_RE = _lazy(
    r"(?<![0-9])(?<![0-9][ \-/.])"
    r"(?P<d>[0-9]{2})[ \u00a0](?P<m>[0-9]{2})[ \u00a0](?P<y>(?:19|20)[0-9]{2})"
    r"(?![0-9])(?![ \-/.,][0-9])"
)
# Only next to a birth word: 12-3, 12/03, 12.3
_DM_RE = _lazy(
    r"(?<![0-9])(?<![0-9][\-/.,:])"
    r"(?P<d>[0-9]{1,2})(?P<sep>[\-/.])(?P<m>[0-9]{1,2})"
    r"(?![0-9])(?![\-/.,:][0-9])"
)
# Only next to a birth word: 12032015, 20150312
_COMPACT_DATE_RE = _lazy(r"(?<![0-9])[0-9]{8}(?![0-9])")
_MONTHS: dict[str, int] = {
    "januari": 1, "jan": 1,
    "februari": 2, "febr": 2, "feb": 2,
    "maart": 3, "mrt": 3, "mar": 3,
    "april": 4, "apr": 4,
    "mei": 5,
    "juni": 6, "jun": 6,
    "juli": 7, "jul": 7,
    "augustus": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9,
    "oktober": 10, "okt": 10, "oct": 10,
    "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
_MONTH_ALT = "|".join(sorted(_MONTHS, key=len, reverse=True))
# Full names: a dot after them ends the sentence ("geboren op 12 maart."), after an
# abbreviation it belongs to the date ("3 jan.").
_FULL_MONTHS = frozenset(
    {
        "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
        "september", "oktober", "november", "december",
    }
)  # fmt: skip
_TEXT_DATE_RE = _lazy(
    r"(?<![0-9])(?<![0-9][.,\-/])"
    r"(?P<d>[0-9]{1,2})(?:ste|de|e)?(?:[ \u00a0]+|(?P<tsep>[\-/]))"
    rf"(?P<month>{_MONTH_ALT})(?![^\W_])(?P<dot>\.)?"
    rf"(?:(?(tsep)(?P=tsep)|,?[ \u00a0]+)(?P<y>[0-9]{{4}}|{_YEAR2})(?![0-9]))?",
    re.IGNORECASE,
)
# Only next to a birth word: maart 2015, mrt. '15
_MONTH_YEAR_RE = _lazy(
    rf"(?<![^\W_])(?P<month>{_MONTH_ALT})\.?,?[ \u00a0]+(?P<y>[0-9]{{4}}|{_YEAR2})(?![0-9])",
    re.IGNORECASE,
)
_BIRTH_CONTEXT_RE = _lazy(
    r"(?<![^\W_])(?:geboren|geb\.|geb|geboortedatum|geboortedag|geboorte|"
    r"geb\.?\s?datum|verjaardag|jarig|born|date\sof\sbirth|dob)"
    r"(?![^\W_])[^0-9!?\n]{0,25}\Z",
    re.IGNORECASE,
)
# "versie 2.3.10", "v1.2.10": a version number, not a date.
_VERSION_BEFORE_RE = _lazy(
    r"(?:[^\W\d_]|(?:versie|version|release|update|build)\s?)\Z", re.IGNORECASE
)
# "10-12-14 jaar", "2-3-10 keer": counts, not a date with a two-digit year.
_COUNT_AFTER_RE = _lazy(
    r"[ \u00a0]?(?:jaar|jarigen|keer|uur|min|minuten|kinderen|deelnemers|personen|mensen|%)",
    re.IGNORECASE,
)
_MAX_DAYS = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def is_valid_bsn(digits: str) -> bool:
    """Return True if ``digits`` is a BSN passing the eleven-test.

    Accepts exactly nine ASCII digits, or eight (left-padded with ``0``).
    All zeros is rejected.
    """
    if not isinstance(digits, str) or not _BSN_DIGITS_RE.fullmatch(digits):
        return False
    padded = digits.rjust(9, "0")
    if padded == "000000000":
        return False
    total = sum(w * int(c) for w, c in zip(_BSN_WEIGHTS, padded, strict=True))
    return total % 11 == 0


def is_valid_iban(value: str) -> bool:
    """Return True if ``value`` is an IBAN: a known country, its length, and mod-97 == 1.

    Spaces are ignored and case does not matter (``nl91 abna 0417 1643 00``).
    """
    if not isinstance(value, str):
        return False
    compact = value.replace(" ", "").replace("\u00a0", "").upper()
    if not compact.isascii() or not compact.isalnum() or len(compact) < 5:
        return False
    country = compact[:2]
    if _IBAN_LENGTHS.get(country) != len(compact) or not compact[2:4].isdigit():
        return False
    if country == "NL" and not _IBAN_NL_RE.fullmatch(compact):
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


def _valid_day_month(day: int, month: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= _MAX_DAYS[month]


def _birth_context(text: str, start: int) -> bool:
    """True if a word such as "geboren" or "geb." comes just before ``start``."""
    return _BIRTH_CONTEXT_RE.search(text, max(0, start - 60), start) is not None


def _norm_sep(sep: str) -> str:
    sep = sep.strip(" \u00a0")
    if not sep:
        return " "
    return "-" if sep in _DASHES.replace("\\", "") else sep


def _plausible_phone_separators(candidate: str) -> bool:
    """Reject digit runs whose separators look like joined numbers.

    Allowed: one separator throughout, or a dash or slash after the area code followed
    by spaces (``020-123 4567``, ``06 - 12 34 56 78``). ``01-02-2015 12`` is rejected.
    """
    seps = [_norm_sep(s) for s in _PHONE_SEP_RE.findall(candidate)]
    if len(set(seps)) <= 1:
        return True
    return seps[0] in "-/" and all(s == " " for s in seps[1:])


def _bsn_candidates(text: str) -> list[tuple[Finding, bool]]:
    """BSN findings, each with whether a word such as "BSN" comes just before it."""
    out = []
    for chain in _CHAIN_RE.finditer(text):
        groups = list(_GROUP_RE.finditer(chain.group()))
        if sum(len(g.group()) for g in groups) < 8:
            continue
        seps = [_norm_sep(chain.group()[a.end() : b.start()]) for a, b in pairwise(groups)]
        for i in range(len(groups)):
            total = 0
            for j in range(i, len(groups)):
                total += len(groups[j].group())
                if total >= 9:
                    break
            if total not in (8, 9) or not _bsn_separators_ok(groups, seps, i, j):
                continue
            start, end = chain.start() + groups[i].start(), chain.start() + groups[j].end()
            found = _bsn_finding(text, start, end, two_groups=j == i + 1)
            if found is not None:
                out.append(found)
    return out


def _bsn_separators_ok(groups: list[re.Match[str]], seps: list[str], i: int, j: int) -> bool:
    """Groups ``i..j`` of a chain joined the way a BSN is written, and not part of more."""
    inner = seps[i:j]
    separator = inner[0] if inner else None
    if inner:
        if not set(inner) <= _BSN_INNER_SEPS:
            return False
        # one separator throughout, or a dash before a last single check digit
        same = all(s == separator for s in inner)
        check_digit = (
            len(inner) >= 2
            and all(s == separator for s in inner[:-1])
            and inner[-1] == "-"
            and len(groups[j].group()) == 1
        )
        if not (same or check_digit):
            return False
    outers = (seps[i - 1] if i > 0 else None, seps[j] if j < len(seps) else None)
    return not any(
        o is not None and (o in _NUMBER_NEIGHBOUR_SEPS or o == separator) for o in outers
    )


def _bsn_finding(
    text: str, start: int, end: int, *, two_groups: bool
) -> tuple[Finding, bool] | None:
    candidate = text[start:end]
    digits = _NON_DIGIT_RE.sub("", candidate)
    if not is_valid_bsn(digits):
        return None
    if _MONEY_BEFORE_RE.search(text, max(0, start - 5), start) or _MONEY_AFTER_RE.match(text, end):
        return None
    keyword = _BSN_KEYWORD_RE.search(text, max(0, start - 60), start) is not None
    first = candidate[: len(candidate) - len(candidate.lstrip("0123456789"))]
    # Without a BSN word: eight digits are just a number, and an area code with a phone
    # number one digit short (020-123456) is no BSN either.
    phone_shaped = two_groups and first.startswith("0") and 2 <= len(first) <= 4
    if not keyword and (len(digits) == 8 or phone_shaped):
        return None
    return Finding(IdentifierCategory.BSN, start, end, candidate), keyword


def _email_candidates(text: str) -> list[Finding]:
    if "@" not in text:
        return []
    return [
        Finding(IdentifierCategory.EMAIL, m.start(), m.end(), m.group())
        for m in _EMAIL_RE.finditer(text)
    ]


def _iban_candidates(text: str) -> list[Finding]:
    out = []
    for m in _IBAN_START_RE.finditer(text):
        length = _IBAN_LENGTHS.get(m.group()[:2].upper())
        if length is None:
            continue
        # Take ``length`` letters and digits from the start, single spaces allowed between.
        pos, count = m.start(), 0
        while count < length and pos < len(text):
            c = text[pos]
            if c.isascii() and c.isalnum():
                count += 1
                pos += 1
            elif c in " \u00a0" and count >= 4 and pos + 1 < len(text) and text[pos + 1] != " ":
                pos += 1
            else:
                break
        if count != length or (pos < len(text) and text[pos].isalnum()):
            continue
        candidate = text[m.start() : pos]
        if is_valid_iban(candidate):
            out.append(Finding(IdentifierCategory.IBAN, m.start(), pos, candidate))
    return out


def _phone_candidates(text: str) -> list[Finding]:
    out = []
    for m in _PHONE_RE.finditer(text):
        if m.group("national") is not None and not _plausible_phone_separators(m.group()):
            continue
        if len(m.group()) == 8 and m.group().isdigit() and _birth_context(text, m.start()):
            continue  # "geboortedatum 09061985" is a date, not 0906-1985
        out.append(Finding(IdentifierCategory.PHONE, m.start(), m.end(), m.group()))
    return out


def _postcode_candidates(text: str) -> list[Finding]:
    out = []
    for m in _POSTCODE_RE.finditer(text):
        letters = m.group("letters")
        if letters.upper() in _POSTCODE_EXCLUDED_LETTERS:
            continue
        if not letters.isupper() and letters.lower() in _COMMON_LOWER_PAIRS:
            continue
        out.append(Finding(IdentifierCategory.POSTCODE, m.start(), m.end(), m.group()))
    return out


def _looks_like_version_or_count(text: str, m: re.Match[str]) -> bool:
    """A numeric d-m-yy that is more likely a version (``v1.2.10``) or a count range."""
    if len(m.group("y").lstrip("'\u2018\u2019")) != 2 or _birth_context(text, m.start()):
        return False
    if m.group("sep") == "." and (
        len(m.group("d")) == 1
        or len(m.group("m")) == 1
        or _VERSION_BEFORE_RE.search(text, max(0, m.start() - 10), m.start())
    ):
        return True
    return _COUNT_AFTER_RE.match(text, m.end()) is not None


def _date_finding(m: re.Match[str], end: int | None = None) -> Finding:
    end = m.end() if end is None else end
    return Finding(IdentifierCategory.DATE, m.start(), end, m.string[m.start() : end])


def _date_candidates(text: str) -> list[Finding]:
    out = [
        _date_finding(m)
        for m in _DMY_RE.finditer(text)
        if _valid_day_month(int(m.group("d")), int(m.group("m")))
        and not _looks_like_version_or_count(text, m)
    ]
    for regex in (_YMD_RE, _SPACED_DMY_RE):
        out.extend(
            _date_finding(m)
            for m in regex.finditer(text)
            if _valid_day_month(int(m.group("d")), int(m.group("m")))
        )
    for m in _TEXT_DATE_RE.finditer(text):
        name = m.group("month").lower()
        if _valid_day_month(int(m.group("d")), _MONTHS[name]):
            sentence_dot = m.group("y") is None and m.group("dot") and name in _FULL_MONTHS
            out.append(_date_finding(m, m.end() - 1 if sentence_dot else None))
    return out + _birth_date_candidates(text)


def _birth_date_candidates(text: str) -> list[Finding]:
    """Dates that identify only next to a birth word: 12-3, maart 2015, 12032015."""
    out = [
        _date_finding(m)
        for m in _DM_RE.finditer(text)
        if _valid_day_month(int(m.group("d")), int(m.group("m")))
        and _birth_context(text, m.start())
    ]
    out.extend(
        _date_finding(m) for m in _MONTH_YEAR_RE.finditer(text) if _birth_context(text, m.start())
    )
    for m in _COMPACT_DATE_RE.finditer(text):
        s = m.group()
        if _birth_context(text, m.start()) and (
            _valid_day_month(int(s[:2]), int(s[2:4])) or _valid_day_month(int(s[6:]), int(s[4:6]))
        ):
            out.append(_date_finding(m))
    return out


def _resolve_overlaps(candidates: list[Finding]) -> list[Finding]:
    """Keep non-overlapping findings: best category first, then longest, then first."""
    ordered = sorted(candidates, key=lambda f: (_RANK[f.category], -(f.end - f.start), f.start))
    starts: list[int] = []
    kept: list[Finding] = []
    for f in ordered:
        i = bisect.bisect_left(starts, f.start)
        if i > 0 and kept[i - 1].end > f.start:
            continue
        if i < len(kept) and kept[i].start < f.end:
            continue
        starts.insert(i, f.start)
        kept.insert(i, f)
    return kept


def find_identifiers(text: str) -> list[Finding]:
    """Return identifying details in ``text``, sorted by start, non-overlapping."""
    if not text:
        return []
    bsns = _bsn_candidates(text)
    # After "BSN:" a number is a BSN, even when it looks like a phone number (0800 …).
    named = [f for f, keyword in bsns if keyword]
    phones = [
        p
        for p in _phone_candidates(text)
        if not any(b.start < p.end and p.start < b.end for b in named)
    ]
    candidates = [
        *_email_candidates(text),
        *_iban_candidates(text),
        *phones,
        *(f for f, _ in bsns),
        *_postcode_candidates(text),
        *_date_candidates(text),
    ]
    return _resolve_overlaps(candidates)
