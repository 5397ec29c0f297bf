"""The B1 language check of ``samenspraak check``: what trainers and participants read is
plain Dutch.

Three rules, each reported as ``file:line: field: message``:

- a sentence has at most :data:`MAX_SENTENCE_WORDS` words;
- an abbreviation (OTS, HAN, JGZ) is explained where the file first uses it:
  "ondertoezichtstelling (OTS)" or "OTS (ondertoezichtstelling)";
- words from :data:`AVOID` (officialese that B1 readers stumble over) are not used.

The check reads the YAML node tree in the order of the file, so "first use" is the first in
reading order. Ids, types, theme and source references, and the list of sources (titles of
publications) are not text anyone reads as a sentence, so they are left out. It runs in
``samenspraak check`` only: a workshop that breaks a rule still loads and can be used.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from .content import ContentProblem
from .messages import t

MAX_SENTENCE_WORDS = 20
# Officialese and hard words with a plain alternative (B1); matched as whole words.
AVOID = {
    "adequaat": "goed, passend",
    "conform": "volgens",
    "cruciaal": "heel belangrijk",
    "derhalve": "daarom",
    "desalniettemin": "toch",
    "essentieel": "heel belangrijk",
    "evident": "duidelijk",
    "faciliteren": "mogelijk maken, helpen",
    "implementeren": "invoeren",
    "inzake": "over",
    "middels": "met, door",
    "rijpheid": "hoe ver een kind is",
    "teneinde": "om",
    "verantwoorden": "uitleggen waarom",
}
# Abbreviations everyone reads as a word.
KNOWN_ABBREVIATIONS = frozenset({"A3", "A4", "A5", "OK", "PDF", "QR", "TV", "WC"})
# Keys whose values are not prose: references, ids, settings (a list of exercises as
# mappings is walked all the same).
NOT_PROSE = frozenset(
    {"id", "type", "sources", "themes", "exercises", "next", "show_as", "perspective", "scale"}
)

_WORD = re.compile(r"[\w'’-]+")
_ABBREVIATION = re.compile(r"\b[A-Z][A-Z0-9]{1,5}\b")
_MARKDOWN = re.compile(r"\*\*|\*|__|`|\[([^\]]*)\]\([^)]*\)")
# A sentence ends at . ! ? (also before a closing quote or bracket) followed by a space.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'’”)*]*\s+")


@dataclass(frozen=True)
class Text:
    """One piece of prose in a content file: where it is and what it says."""

    field: str
    line: int
    text: str
    block: bool  # a ``|`` or ``>`` block: its lines follow the line of the key


def prose(root: yaml.Node) -> Iterator[Text]:
    """Every piece of prose in the file, in reading order (the top-level sources left out)."""
    yield from _walk(root, [], top=True)


def _walk(node: yaml.Node, loc: list[str | int], *, top: bool = False) -> Iterator[Text]:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            name = str(key.value)
            if (top and name == "sources") or (name in NOT_PROSE and not _has_items(value)):
                continue
            yield from _walk(value, [*loc, name])
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _walk(item, [*loc, index])
    elif isinstance(node, yaml.ScalarNode) and node.tag.endswith(":str") and node.value:
        field = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")
        yield Text(field, node.start_mark.line + 1, node.value, node.style in {"|", ">"})


def _has_items(node: yaml.Node) -> bool:
    """A list of mappings (the workshop's exercises), not a list of ids."""
    return isinstance(node, yaml.SequenceNode) and any(
        isinstance(item, yaml.MappingNode) for item in node.value
    )


def sentences(text: str) -> list[str]:
    """The sentences of a text: Markdown marks taken out, list items and lines of a list
    each on their own."""
    plain = _MARKDOWN.sub(lambda m: m.group(1) or "", text)
    found = []
    for paragraph in re.split(r"\n\s*(?:[-*] |\d+\. )|\n\s*\n", plain):
        found += [s.strip() for s in _SENTENCE_END.split(paragraph.replace("\n", " ")) if s.strip()]
    return found


def words(sentence: str) -> list[str]:
    return _WORD.findall(sentence)


def _line_of(piece: Text, lines: list[str], sentence: str) -> int:
    """The file line where ``sentence`` starts, for a block of several lines."""
    if not piece.block:
        return piece.line
    start = " ".join(words(sentence)[:3])
    for number in range(piece.line, min(piece.line + piece.text.count("\n") + 2, len(lines))):
        if start and start in " ".join(words(lines[number])):
            return number + 1
    return piece.line


def _explained(abbreviation: str, text: str) -> bool:
    """ "ondertoezichtstelling (OTS)", or "OTS (ondertoezichtstelling)"."""
    a = re.escape(abbreviation)
    return bool(re.search(rf"\(\s*{a}\s*[),]|\b{a}\s*\(\s*\w", text))


def language_problems(path: Path, root: yaml.Node, text: str) -> list[ContentProblem]:
    """What breaks the B1 rules in one content file (its node tree and its text)."""
    lines = text.splitlines()
    problems: list[ContentProblem] = []
    seen: set[str] = set()

    def problem(piece: Text, line: int, key: str, **values: object) -> None:
        problems.append(ContentProblem(path, line, piece.field, t(key, **values)))

    for piece in prose(root):
        for sentence in sentences(piece.text):
            line = _line_of(piece, lines, sentence)
            count = len(words(sentence))
            if count > MAX_SENTENCE_WORDS:
                start = " ".join(words(sentence)[:6])
                problem(piece, line, "language.long", count=count, start=start)
            for word in words(sentence):
                if word.lower() in AVOID:
                    problem(piece, line, "language.avoid", word=word, plain=AVOID[word.lower()])
            for abbreviation in abbreviations(sentence):
                if abbreviation not in seen:
                    seen.add(abbreviation)
                    if not _explained(abbreviation, piece.text):
                        problem(piece, line, "language.abbreviation", abbreviation=abbreviation)
    return problems


def abbreviations(sentence: str) -> list[str]:
    """The abbreviations in a sentence; the letters of a postcode ("1234 AB") are none."""
    return [
        m.group()
        for m in _ABBREVIATION.finditer(sentence)
        if m.group() not in KNOWN_ABBREVIATIONS
        and not re.search(r"\d{4}\s?$", sentence[: m.start()])
    ]
