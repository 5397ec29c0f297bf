"""Exports of a session's answers: one row per answer, pseudonyms only, never names."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TextIO

import pandas as pd

from .catalog import load_workshop
from .store import Session, Store

COLUMNS = [
    "session_code",
    "workshop_id",
    "exercise_id",
    "exercise_type",
    "round",
    "pseudonym",
    "role",
    "value",
    "submitted_at",
    "updated_at",
]
FORMATS = ("csv", "json")


def answers_frame(store: Store, session: Session) -> pd.DataFrame:
    """All answers of ``session`` as a table; ``value`` is the answer's JSON text."""
    try:
        types = {e.id: e.type for e in load_workshop(session.workshop_id).exercises}
    except (KeyError, OSError, ValueError):
        types = {}  # the workshop file is gone or broken: export the answers all the same
    rows = [
        {
            "session_code": session.code,
            "workshop_id": session.workshop_id,
            "exercise_id": a.exercise_id,
            "exercise_type": types.get(a.exercise_id, ""),
            "round": a.round,
            "pseudonym": a.pseudonym,
            "role": a.role.value,
            "value": json.dumps(a.value, ensure_ascii=False),
            "submitted_at": a.submitted_at.isoformat(timespec="seconds"),
            "updated_at": a.updated_at.isoformat(timespec="seconds"),
        }
        for a in store.answers(session.id, round=None)
    ]
    return pd.DataFrame(rows, columns=COLUMNS)


def write(frame: pd.DataFrame, fmt: str, out: Path | TextIO) -> None:
    """Write ``frame`` as CSV (with a BOM in files, so Excel reads the accents) or JSON."""
    if fmt == "csv":
        if isinstance(out, Path):
            frame.to_csv(out, index=False, encoding="utf-8-sig")
        else:
            frame.to_csv(out, index=False)
    elif fmt == "json":
        text = frame.to_json(orient="records", force_ascii=False, indent=2)
        if isinstance(out, Path):
            out.write_text(text + "\n", encoding="utf-8")
        else:
            out.write(text + "\n")
    else:
        raise ValueError(f"unknown format {fmt!r}")
