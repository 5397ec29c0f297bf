"""The text that participants and trainers read (Dutch, B1 level), from gettext catalogues.

Code refers to a text by key (``t("join.title")``), so wording changes in a catalogue, never
in code. The catalogues are gettext ``.po`` files, read with Babel: the package's own
(``locale/nl.po``: pages, dashboard, guide, report, files) and one in each exercise type's
folder (``exercises/<type>/nl.po``), which the type's registration loads. Each ``msgid`` is
a key, each ``msgstr`` the text.

A second language is a second file beside each ``nl.po`` (``en.po``), chosen with
``SAMENSPRAAK_LANGUAGE``; a key missing from it falls back to Dutch.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

LANGUAGE_ENV = "SAMENSPRAAK_LANGUAGE"
DEFAULT_LANGUAGE = "nl"
PACKAGE_CATALOGUES = Path(__file__).resolve().parents[1] / "locale"

_texts: dict[str, str] = {}
_loaded: set[Path] = set()
TEXTS: Mapping[str, str] = MappingProxyType(_texts)
"""Every text loaded so far, by key (read-only)."""


def language() -> str:
    return os.environ.get(LANGUAGE_ENV, "").strip().lower() or DEFAULT_LANGUAGE


def read_catalogue(path: Path) -> dict[str, str]:
    """The texts of one ``.po`` file by key; ``msgstr`` left empty means not translated."""
    from babel.messages.pofile import read_po  # imported once, on the first catalogue

    with path.open("rb") as po:
        catalogue = read_po(po)
    return {m.id: m.string for m in catalogue if m.id and isinstance(m.string, str) and m.string}


def load_catalogue(folder: Path) -> None:
    """Add the texts of ``folder``'s catalogue: Dutch first, then the chosen language over it.

    A key that another catalogue already has with another text is an error, so two folders
    can never silently change each other's wording. Loading a folder twice is harmless.
    """
    folder = folder.resolve()
    if folder in _loaded:
        return
    texts = read_catalogue(folder / f"{DEFAULT_LANGUAGE}.po")
    chosen = folder / f"{language()}.po"
    if language() != DEFAULT_LANGUAGE and chosen.is_file():
        texts |= read_catalogue(chosen)
    clash = sorted(key for key in texts if key in _texts and _texts[key] != texts[key])
    if clash:
        raise ValueError(f"message keys defined twice ({folder}): {', '.join(clash)}")
    _texts.update(texts)
    _loaded.add(folder)


def t(key: str, /, **values: object) -> str:
    """The text for ``key``, with ``{placeholders}`` filled from ``values``."""
    return _texts[key].format(**values)


def has(key: str) -> bool:
    return key in _texts


load_catalogue(PACKAGE_CATALOGUES)
