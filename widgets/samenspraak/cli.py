"""Command line: ``samenspraak serve | check | schema | session new/list | export``."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from . import catalog, export
from .content import content_dir
from .messages import t
from .serve import ServeConfig, serve
from .store import (
    DEFAULT_MIN_GROUP_SIZE,
    JoinError,
    Store,
    StoreUnavailable,
    default_url,
    local_time,
)
from .urls import join_url


def _group_size(text: str) -> int:
    """``--min-group``: a whole number of at least 1, refused by argparse otherwise."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"moet minimaal 1 zijn, niet {value}")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="samenspraak", description="Workshopkit voor gelijkwaardig partnerschap."
    )
    parser.add_argument(
        "--db",
        help="SQLAlchemy URL of the results store (default: $SAMENSPRAAK_DB or an "
        "SQLite file in the user's data directory)",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    p_serve = commands.add_parser("serve", help="start the participant app and the dashboard")
    p_serve.add_argument(
        "--host",
        default="0.0.0.0",  # noqa: S104 - participants join over the network
        help="participant app interface",
    )
    p_serve.add_argument("--port", type=int, default=8866, help="participant app port")
    p_serve.add_argument("--dashboard-port", type=int, default=8867, help="dashboard port")
    p_serve.add_argument(
        "--pool-size", type=int, default=4, help="preheated participant kernels per workshop"
    )
    p_serve.add_argument("--public-url", help="address participants use, e.g. http://10.0.0.5:8866")

    p_check = commands.add_parser("check", help="validate workshop content files")
    p_check.add_argument("paths", nargs="*", type=Path, help="files or directories")

    p_schema = commands.add_parser("schema", help="print the JSON Schema of a workshop file")
    p_schema.add_argument("-o", "--output", type=Path)

    p_session = commands.add_parser("session", help="create or list sessions")
    session_commands = p_session.add_subparsers(dest="session_command", required=True)
    p_new = session_commands.add_parser("new", help="open a session for a workshop")
    p_new.add_argument("workshop")
    p_new.add_argument(
        "--min-group",
        type=_group_size,
        default=DEFAULT_MIN_GROUP_SIZE,
        help="answers needed before results show",
    )
    session_commands.add_parser("list", help="all sessions with their counts")

    p_export = commands.add_parser("export", help="export a session's answers")
    p_export.add_argument("code")
    p_export.add_argument("--format", choices=export.FORMATS, default="csv")
    p_export.add_argument("-o", "--output", type=Path, help="file (default: standard output)")
    return parser


def _check(paths: list[Path]) -> int:
    count, problems = catalog.check(paths or [content_dir()])
    for problem in problems:
        print(problem)
    if problems:
        return 1
    print(t("content.ok", count=count))
    return 0


def _session_new(store: Store, workshop_id: str, min_group: int, public_url: str) -> int:
    try:
        catalog.load_workshop(workshop_id)
    except KeyError as err:
        print(err.args[0], file=sys.stderr)
        return 2
    session = store.create_session(workshop_id, min_group_size=min_group)
    print(f"{session.code}\t{join_url(public_url, workshop_id, session.code)}")
    return 0


def _session_list(store: Store) -> int:
    print("code\tworkshop\tstate\tcreated\tparticipants\tanswers")
    for item in store.list_sessions():
        s = item.session
        print(
            f"{s.code}\t{s.workshop_id}\t{s.state.value}\t"
            f"{local_time(s.created_at):%Y-%m-%d %H:%M}\t"
            f"{item.participants}\t{item.answers}"
        )
    return 0


def _export(store: Store, code: str, fmt: str, output: Path | None) -> int:
    try:
        session = store.latest_session(code)
    except JoinError:
        print(t("error.code_unknown", code=code), file=sys.stderr)
        return 2
    export.write(export.answers_frame(store, session), fmt, output or sys.stdout)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    db_url = args.db or default_url()
    if args.command == "check":
        return _check(args.paths)
    if args.command == "schema":
        text = json.dumps(catalog.json_schema(), indent=2, ensure_ascii=False) + "\n"
        if args.output:
            args.output.write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
        return 0
    if args.command == "serve":
        return serve(
            ServeConfig(
                db_url, args.host, args.port, args.dashboard_port, args.pool_size, args.public_url
            )
        )
    try:
        store = Store(db_url)
        if args.command == "session" and args.session_command == "new":
            public_url = ServeConfig(db_url).participant_url
            return _session_new(store, args.workshop, args.min_group, public_url)
        if args.command == "session":
            return _session_list(store)
        return _export(store, args.code, args.format, args.output)
    except StoreUnavailable as err:
        print(f"De database is niet bereikbaar: {err}", file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
