"""The text that participants and trainers read (Dutch, B1 level), from gettext catalogues.

Code refers to a text by key (``t("join.title")``), so wording changes in a catalogue, never
in code. The catalogues are gettext ``.po`` files, read with Babel: the package's own
(``locale/nl.po``: pages, dashboard, guide, report, files) and one in each exercise type's
folder (``exercises/<type>/nl.po``), which the type's registration loads. Each ``msgid`` is
a key, each ``msgstr`` the text.

A second language is a second file beside each ``nl.po`` (``en.po``), chosen with
``SAMENSPRAAK_LANGUAGE``; a key missing from it falls back to Dutch.

Participants' kernels do not read ``.po`` files: the participant server reads every catalogue
once and hands them over as JSON (:func:`write_prepared`, in the folder named by
``SAMENSPRAAK_PREPARED``). A kernel takes a folder's texts from there while the ``.po`` files
are unchanged (same size and modification time) and reads the file itself otherwise.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

LANGUAGE_ENV = "SAMENSPRAAK_LANGUAGE"
DEFAULT_LANGUAGE = "nl"
PACKAGE_CATALOGUES = Path(__file__).resolve().parents[1] / "locale"
PREPARED_ENV = "SAMENSPRAAK_PREPARED"

_texts: dict[str, str] = {}
_by_folder: dict[Path, dict[str, str]] = {}  # each loaded folder's own texts
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


def _files(folder: Path) -> list[Path]:
    """The catalogues of ``folder`` in the order they apply: Dutch, then the chosen language."""
    chosen = folder / f"{language()}.po"
    with_chosen = language() != DEFAULT_LANGUAGE and chosen.is_file()
    return [folder / f"{DEFAULT_LANGUAGE}.po", *([chosen] if with_chosen else [])]


def stamp(files: list[Path]) -> list[list[Any]]:
    """What tells that files changed: each one's name, size and modification time."""
    found = []
    for file in files:
        status = file.stat()
        found.append([str(file), status.st_size, status.st_mtime_ns])
    return found


def _prepared_file(directory: Path) -> Path:
    return directory / f"texts-{language()}.json"


def _read_prepared() -> dict[str, Any]:
    directory = os.environ.get(PREPARED_ENV)
    if not directory:
        return {}
    try:
        return json.loads(_prepared_file(Path(directory)).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # read the catalogues themselves


def write_prepared(directory: Path) -> Path:
    """Every catalogue loaded so far, as JSON in ``directory``, for the kernels."""
    folders = {
        str(folder): {"stamp": stamp(_files(folder)), "texts": texts}
        for folder, texts in _by_folder.items()
    }
    target = _prepared_file(directory)
    target.write_text(json.dumps(folders, ensure_ascii=False), encoding="utf-8")
    return target


def _texts_of(folder: Path) -> dict[str, str]:
    files = _files(folder)
    prepared = _prepared.get(str(folder))
    if prepared is not None:
        try:
            if prepared["stamp"] == stamp(files):
                return prepared["texts"]
        except OSError:
            pass  # a file is gone: reading it says which
    texts: dict[str, str] = {}
    for file in files:
        texts |= read_catalogue(file)
    return texts


def load_catalogue(folder: Path) -> None:
    """Add the texts of ``folder``'s catalogue: Dutch first, then the chosen language over it.

    A key that another catalogue already has with another text is an error, so two folders
    can never silently change each other's wording. Loading a folder twice is harmless.
    """
    folder = folder.resolve()
    if folder in _by_folder:
        return
    texts = _texts_of(folder)
    clash = sorted(key for key in texts if key in _texts and _texts[key] != texts[key])
    if clash:
        raise ValueError(f"message keys defined twice ({folder}): {', '.join(clash)}")
    _texts.update(texts)
    _by_folder[folder] = texts


def t(key: str, /, **values: object) -> str:
    """The text for ``key``, with ``{placeholders}`` filled from ``values``."""
    return _texts[key].format(**values)


def has(key: str) -> bool:
    return key in _texts


_prepared = _read_prepared()
load_catalogue(PACKAGE_CATALOGUES)
