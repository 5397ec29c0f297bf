"""Command line: ``samenspraak serve | check | schema | session new/list | export | report |
purge``."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from . import catalog
from .core import retention
from .core.content import content_dir
from .core.files import write_private
from .core.messages import t
from .core.records import DEFAULT_MIN_GROUP_SIZE, JoinError, Session, StoreUnavailable, local_time
from .core.store import Store, default_url
from .core.urls import join_url
from .render import export
from .serve import (
    DEFAULT_EXPECTED,
    DEFAULT_IDLE_POOL,
    DEFAULT_MAX_PER_ADDRESS,
    ServeConfig,
    serve,
)


def _group_size(text: str) -> int:
    """``--min-group``: a whole number of at least 1, refused by argparse otherwise."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"moet minimaal 1 zijn, niet {value}")
    return value


def _days(text: str) -> int:
    """``--keep-days``: a whole number of 0 or more."""
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"moet 0 of meer zijn, niet {value}")
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
        "--pool-size",
        type=int,
        default=DEFAULT_IDLE_POOL,
        help="ready participant kernels per workshop while it has no open session "
        "(default: %(default)s)",
    )
    p_serve.add_argument(
        "--expected",
        type=int,
        default=DEFAULT_EXPECTED,
        help="people expected to open the link in the same minute; a workshop's pool grows "
        "to this once its session is open (default: %(default)s)",
    )
    p_serve.add_argument(
        "--max-kernels",
        type=int,
        default=0,
        help="most participant pages at once (default: twice --expected, plus 10)",
    )
    p_serve.add_argument(
        "--max-per-address",
        type=int,
        default=DEFAULT_MAX_PER_ADDRESS,
        help="most pages per network address, 0 for no limit (default: %(default)s)",
    )
    p_serve.add_argument(
        "--preheat",
        action="append",
        default=[],
        metavar="WORKSHOP",
        help="preheat kernels only for this workshop (repeatable; default: every workshop)",
    )
    p_serve.add_argument("--public-url", help="address participants use, e.g. http://10.0.0.5:8866")
    p_serve.add_argument(
        "--keep-days",
        type=_days,
        default=retention.DEFAULT_KEEP_DAYS,
        help=(
            "keep a closed session this many days after closing; by default (0) closed sessions"
            " are deleted at the next start-up, and sessions nobody closed after"
            f" {retention.OPEN_DAYS} days"
        ),
    )

    p_check = commands.add_parser("check", help="validate workshop content files")
    p_check.add_argument("paths", nargs="*", type=Path, help="files or directories")

    p_schema = commands.add_parser("schema", help="print the JSON Schema of a workshop file")
    p_schema.add_argument("-o", "--output", type=Path)

    p_session = commands.add_parser("session", help="create or list sessions")
    session_commands = p_session.add_subparsers(dest="session_command", required=True)
    p_new = session_commands.add_parser("new", help="open a session for a workshop")
    p_new.add_argument("workshop", nargs="?", help="workshop id (default: that of --like)")
    p_new.add_argument(
        "--min-group",
        type=_group_size,
        help=f"answers needed before results show (default: {DEFAULT_MIN_GROUP_SIZE}, "
        "or that of --like)",
    )
    p_new.add_argument(
        "--like",
        metavar="CODE",
        help="take the workshop, minimum group size and pacing of an earlier session",
    )
    session_commands.add_parser("list", help="all sessions with their counts")

    p_guide = commands.add_parser("draaiboek", help="the trainer's guide of a workshop")
    p_guide.add_argument("workshop")
    p_guide.add_argument("--pdf", action="store_true", help="PDF instead of HTML")
    p_guide.add_argument(
        "-o", "--output", type=Path, help="file (default: draaiboek-WORKSHOP.html/.pdf; - stdout)"
    )

    p_paper = commands.add_parser(
        "papier", help="a workshop on paper, for someone without a phone (HTML or A4 PDF)"
    )
    p_paper.add_argument("workshop")
    p_paper.add_argument("--pdf", action="store_true", help="PDF instead of HTML")
    p_paper.add_argument(
        "-o", "--output", type=Path, help="file (default: papier-WORKSHOP.html/.pdf; - stdout)"
    )

    p_cards = commands.add_parser(
        "kaarten", help="the cards to hand out (role cards, observer lists), to print and cut"
    )
    p_cards.add_argument("workshop")
    p_cards.add_argument("--pdf", action="store_true", help="PDF instead of HTML")
    p_cards.add_argument(
        "-o", "--output", type=Path, help="file (default: kaarten-WORKSHOP.html/.pdf; - stdout)"
    )

    p_export = commands.add_parser("export", help="export a session's answers")
    p_export.add_argument("code")
    p_export.add_argument("--format", choices=export.FORMATS, default="csv")
    p_export.add_argument("-o", "--output", type=Path, help="file (default: standard output)")

    p_report = commands.add_parser("report", help="the session report (HTML or PDF)")
    p_report.add_argument("code")
    p_report.add_argument("--pdf", action="store_true", help="PDF instead of HTML")
    p_report.add_argument("-o", "--output", type=Path, help="file (default: standard output)")

    p_purge = commands.add_parser("purge", help="delete a session with all its data")
    p_purge.add_argument("code")
    p_purge.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    return parser


def _check(paths: list[Path]) -> int:
    count, problems = catalog.check(paths or [content_dir()])
    for problem in problems:
        print(problem)
    if problems:
        return 1
    print(t("content.ok", count=count))
    return 0


def _session_new(
    store: Store, workshop_id: str | None, min_group: int | None, like: str | None, public_url: str
) -> int:
    """Open a session; with ``like``, the earlier session's workshop, group size and pacing."""
    earlier = None
    if like is not None:
        earlier = _find(store, like)
        if earlier is None:
            return 2
    if workshop_id is None:
        if earlier is None:
            print(t("cli.workshop_missing"), file=sys.stderr)
            return 2
        workshop_id = earlier.workshop_id
    try:
        catalog.load_workshop(workshop_id)
    except KeyError as err:
        print(err.args[0], file=sys.stderr)
        return 2
    if min_group is None:
        min_group = earlier.min_group_size if earlier else DEFAULT_MIN_GROUP_SIZE
    session = store.create_session(workshop_id, min_group_size=min_group)
    if earlier is not None:
        pacing = store.control(earlier.id).pacing
        store.set_pacing(session.id, pacing)
        print(
            t(
                "cli.like",
                code=earlier.code,
                minimum=min_group,
                pacing=t(f"cli.pacing_{pacing.value}"),
            ),
            file=sys.stderr,
        )
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


def _find(store: Store, code: str) -> Session | None:
    """The session with this code (open, else the newest), or None with a message."""
    try:
        return store.latest_session(code)
    except JoinError:
        print(t("error.code_unknown", code=code), file=sys.stderr)
        return None


def _write_binary(data: bytes, output: Path | None) -> int:
    """To ``output`` (a file only the user can read, mode 0600), or to standard output
    unless that is a terminal."""
    if output is not None:
        write_private(output, data)
        return 0
    if sys.stdout.isatty():
        print(t("cli.binary_terminal"), file=sys.stderr)
        return 2
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()
    return 0


def _export(store: Store, code: str, fmt: str, output: Path | None) -> int:
    session = _find(store, code)
    if session is None:
        return 2
    if fmt == "xlsx":
        return _write_binary(export.xlsx_bytes(store, session), output)
    export.write(export.answers_frame(store, session), fmt, output or sys.stdout)
    return 0


def _report(store: Store, code: str, pdf: bool, output: Path | None) -> int:
    from .render import report
    from .render.pdf import PdfUnavailable

    session = _find(store, code)
    if session is None:
        return 2
    if not pdf:
        html = report.report_html(store, session)
        if output is None:
            sys.stdout.write(html)
        else:
            write_private(output, html)
        return 0
    try:
        data = report.report_pdf(store, session)
    except PdfUnavailable as err:
        print(err, file=sys.stderr)
        return 1
    return _write_binary(data, output)


def _purge(store: Store, code: str, yes: bool) -> int:
    session = _find(store, code)
    if session is None:
        return 2
    print(retention.describe_session(store, session))
    if not yes:
        print(t("purge.ask"), end="", flush=True)
        try:
            answer = input()
        except EOFError:
            answer = ""
        if not sys.stdin.isatty():
            print()  # the answer came from a pipe and was not echoed
        if answer.strip().lower() not in retention.YES:
            print(t("purge.cancelled"))
            return 1
    others = retention.others_with_code(store, session)
    store.delete_session(session.id)
    print(t("purge.done", code=session.code))
    if others:
        print(t("purge.more", code=session.code))
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
    if args.command in {"draaiboek", "papier", "kaarten"}:
        from .render import guide

        return guide.command(args.workshop, pdf=args.pdf, output=args.output, route=args.command)
    if args.command == "serve":
        return serve(
            ServeConfig(
                db_url,
                args.host,
                args.port,
                args.dashboard_port,
                args.pool_size,
                args.public_url,
                keep_days=args.keep_days,
                preheat=tuple(args.preheat),
                expected=args.expected,
                max_kernels=args.max_kernels,
                max_per_address=args.max_per_address,
            )
        )
    try:
        store = Store(db_url)  # migrates the database to the current schema first (store.migrate)
        if args.command == "session" and args.session_command == "new":
            public_url = ServeConfig(db_url).participant_url
            return _session_new(store, args.workshop, args.min_group, args.like, public_url)
        if args.command == "session":
            return _session_list(store)
        if args.command == "report":
            return _report(store, args.code, args.pdf, args.output)
        if args.command == "purge":
            return _purge(store, args.code, args.yes)
        return _export(store, args.code, args.format, args.output)
    except StoreUnavailable as err:
        print(f"De database is niet bereikbaar: {err}", file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
