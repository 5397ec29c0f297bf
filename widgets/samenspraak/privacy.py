"""Local detection of details in free text that could identify a family.

Finds Dutch BSNs, e-mail addresses, phone numbers, postcodes and exact dates.
Pure stdlib; nothing leaves the machine.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from enum import Enum

__all__ = [
    "Finding",
    "IdentifierKind",
    "find_identifiers",
    "is_valid_bsn",
]


class IdentifierKind(str, Enum):  # noqa: UP042  (str mixin is the agreed API)
    """Machine kind of a detected identifier."""

    BSN = "bsn"
    EMAIL = "email"
    PHONE = "phone"
    POSTCODE = "postcode"
    DATE = "date"


@dataclass(frozen=True)
class Finding:
    """One detected identifier; ``text == source[start:end]``."""

    kind: IdentifierKind
    start: int
    end: int
    text: str


# Lower rank wins when two candidate spans overlap.
_RANK: dict[IdentifierKind, int] = {
    IdentifierKind.EMAIL: 0,
    IdentifierKind.PHONE: 1,
    IdentifierKind.BSN: 2,
    IdentifierKind.POSTCODE: 3,
    IdentifierKind.DATE: 4,
}

_BSN_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)
_BSN_DIGITS_RE = re.compile(r"[0-9]{8,9}")
_NON_DIGIT_RE = re.compile(r"[^0-9]")

# --- BSN -------------------------------------------------------------------
# Nine digits, plain or in the groupings 3-3-3, 4-2-3 and 2-2-2-3 with one
# consistent separator. Not part of a longer number, not a euro amount.
_BSN_RE = re.compile(
    r"(?<![0-9])(?<![0-9][.\-])(?<![€$£])(?<![€$£]\s)"
    r"(?:"
    r"[0-9]{9}"
    r"|[0-9]{3}(?P<s1>[. \-])[0-9]{3}(?P=s1)[0-9]{3}"
    r"|[0-9]{4}(?P<s2>[. \-])[0-9]{2}(?P=s2)[0-9]{3}"
    r"|[0-9]{2}(?P<s3>[. \-])[0-9]{2}(?P=s3)[0-9]{2}(?P=s3)[0-9]{3}"
    r")"
    r"(?![0-9])(?![.,\-][0-9])"
)

# --- E-mail ----------------------------------------------------------------
_EMAIL_RE = re.compile(
    r"(?<![\w%+\-])"
    r"[\w%+\-][\w.%+\-]{0,63}"
    r"@"
    r"(?:[^\W_](?:[\w\-]{0,61}[^\W_])?\.)+"
    r"[^\W\d_]{2,63}",
    re.IGNORECASE,
)

# --- Phone -----------------------------------------------------------------
_SEP = r"[ \-\u00a0]"
_PHONE_RE = re.compile(
    r"(?<![0-9+])(?:"
    # +31 / 0031, optional "(0)", then nine national digits.
    rf"(?P<intl>(?:\+|00)31{_SEP}?(?:\(0\){_SEP}?)?[1-9](?:{_SEP}?[0-9]){{8}})"
    # 0800 / 0900 / 0906 / 0909 with 4 or 7 subscriber digits.
    rf"|(?P<service>0(?:800|90[069])(?:{_SEP}?[0-9]){{4}}(?:(?:{_SEP}?[0-9]){{3}})?)"
    # (020) 123 4567, (0513) 123456, (06) 12345678.
    rf"|(?P<paren>\(0[1-9]\){_SEP}?[0-9](?:{_SEP}?[0-9]){{7}}"
    rf"|\(0[1-9][0-9]\){_SEP}?[0-9](?:{_SEP}?[0-9]){{6}}"
    rf"|\(0[1-9][0-9]{{2}}\){_SEP}?[0-9](?:{_SEP}?[0-9]){{5}})"
    # 0 + nine digits: 0612345678, 06-12345678, 020-1234567, 010 123 4567.
    rf"|(?P<national>0[1-9](?:{_SEP}?[0-9]){{8}})"
    r")(?![0-9])"
)
_PHONE_SEP_RE = re.compile(_SEP)

# --- Postcode --------------------------------------------------------------
_POSTCODE_RE = re.compile(
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
_DMY_RE = re.compile(
    r"(?<![0-9])(?<![0-9][\-/.])"
    r"(?P<d>[0-9]{1,2})(?P<sep>[\-/.])(?P<m>[0-9]{1,2})(?P=sep)"
    r"(?P<y>[0-9]{4}|[0-9]{2})"
    r"(?![0-9])(?![\-/.][0-9])"
)
_YMD_RE = re.compile(
    r"(?<![0-9])(?<![0-9][\-/.])"
    r"(?P<y>[0-9]{4})(?P<sep>[\-/.])(?P<m>[0-9]{1,2})(?P=sep)(?P<d>[0-9]{1,2})"
    r"(?![0-9])(?![\-/.][0-9])"
)
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
_TEXT_DATE_RE = re.compile(
    r"(?<![0-9])(?<![0-9][.,\-/])"
    r"(?P<d>[0-9]{1,2})(?:ste|de|e)?[ \u00a0]+"
    rf"(?P<month>{_MONTH_ALT})(?![^\W_])\.?"
    r"(?:,?[ \u00a0]+(?P<y>[0-9]{4}|'[0-9]{2})(?![0-9]))?",
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


def _valid_day_month(day: int, month: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= _MAX_DAYS[month]


def _plausible_phone_separators(candidate: str) -> bool:
    """Reject digit runs whose separators look like joined numbers.

    Allowed: one kind of separator throughout, or a dash after the area code
    followed by spaces (``020-123 4567``). ``01-02-2015 12`` is rejected.
    """
    seps = [" " if s == "\u00a0" else s for s in _PHONE_SEP_RE.findall(candidate)]
    if len(set(seps)) <= 1:
        return True
    return seps[0] == "-" and all(s == " " for s in seps[1:])


def _bsn_candidates(text: str) -> list[Finding]:
    out = []
    for m in _BSN_RE.finditer(text):
        if is_valid_bsn(_NON_DIGIT_RE.sub("", m.group())):
            out.append(Finding(IdentifierKind.BSN, m.start(), m.end(), m.group()))
    return out


def _email_candidates(text: str) -> list[Finding]:
    if "@" not in text:
        return []
    return [
        Finding(IdentifierKind.EMAIL, m.start(), m.end(), m.group())
        for m in _EMAIL_RE.finditer(text)
    ]


def _phone_candidates(text: str) -> list[Finding]:
    out = []
    for m in _PHONE_RE.finditer(text):
        if m.group("national") is not None and not _plausible_phone_separators(m.group()):
            continue
        out.append(Finding(IdentifierKind.PHONE, m.start(), m.end(), m.group()))
    return out


def _postcode_candidates(text: str) -> list[Finding]:
    out = []
    for m in _POSTCODE_RE.finditer(text):
        letters = m.group("letters")
        if letters.upper() in _POSTCODE_EXCLUDED_LETTERS:
            continue
        if not letters.isupper() and letters.lower() in _COMMON_LOWER_PAIRS:
            continue
        out.append(Finding(IdentifierKind.POSTCODE, m.start(), m.end(), m.group()))
    return out


def _date_candidates(text: str) -> list[Finding]:
    out = []
    for regex in (_DMY_RE, _YMD_RE):
        for m in regex.finditer(text):
            if _valid_day_month(int(m.group("d")), int(m.group("m"))):
                out.append(Finding(IdentifierKind.DATE, m.start(), m.end(), m.group()))
    for m in _TEXT_DATE_RE.finditer(text):
        month = _MONTHS[m.group("month").lower()]
        if _valid_day_month(int(m.group("d")), month):
            out.append(Finding(IdentifierKind.DATE, m.start(), m.end(), m.group()))
    return out


def _resolve_overlaps(candidates: list[Finding]) -> list[Finding]:
    """Keep non-overlapping findings: best kind first, then longest, then first."""
    ordered = sorted(candidates, key=lambda f: (_RANK[f.kind], -(f.end - f.start), f.start))
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
    candidates = [
        *_email_candidates(text),
        *_phone_candidates(text),
        *_bsn_candidates(text),
        *_postcode_candidates(text),
        *_date_candidates(text),
    ]
    return _resolve_overlaps(candidates)
