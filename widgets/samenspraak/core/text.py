"""Words in participant text: Dutch stop words removed, counted once per answer.

Pure functions, used by the word cloud (``woordwolk``), by ``open``'s cloud view and by the
most common elements of agreement cards. The stop words are the Dutch list of stopwords-iso,
minus a few words that carry meaning in this field.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import cache

# In the stopwords-iso list, but what a partnership workshop is about.
KEEP = frozenset({"samen", "eigen", "gelijk", "zelf", "anders", "niet", "nooit", "altijd"})
EXTRA_STOP_WORDS = frozenset({"gaat", "gaan", "ga", "krijgen", "krijgt", "zo", "dingen"})

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)


@cache
def stop_words() -> frozenset[str]:
    """Loaded on first use: participant kernels that never count words never read the list."""
    import stopwordsiso

    return (frozenset(stopwordsiso.stopwords("nl")) | EXTRA_STOP_WORDS) - KEEP


def words(text: str) -> list[str]:
    """The meaningful words of ``text``, lower case, in order; at least two letters."""
    stop = stop_words()
    return [
        word
        for word in (match.group().lower().strip("'’-") for match in _WORD.finditer(text))
        if len(word) >= 2 and word not in stop
    ]


def word_counts(texts: Iterable[str], *, limit: int | None = None) -> list[tuple[str, int]]:
    """How many texts use each word (a word counts once per text), most used first.

    Ties are broken alphabetically, so the order is the same every time.
    """
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(set(words(text)))
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return ranked[:limit] if limit is not None else ranked
