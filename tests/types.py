"""The exercise library as the issue lists it; tests check the registry against this list."""

from __future__ import annotations

ALL_TYPES = frozenset(
    {
        "schaal",
        "stelling",
        "open",
        "perspectief",
        "casus",
        "rangorde",
        "ideeen",
        "afspraken",
        "taalcheck",
        "quiz",
        "reflectie",
        "klik",
        "woordwolk",
    }
)
