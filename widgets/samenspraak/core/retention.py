"""How long answers are kept: old sessions are deleted when the app starts, and on request.

``samenspraak serve`` deletes every session older than ``--keep-days`` (default 30) before the
servers start, and prints how many went (:func:`purge_at_start`). The dashboard shows the last
clean-up in one Dutch line (:func:`retention_notice_html`). ``samenspraak purge CODE`` deletes
one session with everything in it (the CLI asks first; :func:`describe_session` says what).
"""

from __future__ import annotations

from html import escape

from .messages import t
from .records import Session, local_time
from .store import Store

DEFAULT_KEEP_DAYS = 30


YES = frozenset({"ja", "j", "yes", "y"})


def purge_at_start(store: Store, days: int = DEFAULT_KEEP_DAYS) -> str:
    """Delete the sessions older than ``days`` days; the Dutch line to print about it."""
    count = len(store.purge_older_than(days))
    key = {0: "retention.start_none", 1: "retention.start_one"}.get(count, "retention.start_many")
    return t(key, count=count, days=days)


def retention_notice(store: Store) -> str | None:
    """The last clean-up at start-up as one Dutch sentence, or None when there was none."""
    purge = store.last_purge()
    if purge is None:
        return None
    moment = local_time(purge.purged_at)
    key = {0: "retention.deleted_none", 1: "retention.deleted_one"}.get(
        purge.sessions, "retention.deleted_many"
    )
    return t(
        key,
        day=f"{moment:%d-%m}",
        time=f"{moment:%H:%M}",
        count=purge.sessions,
        days=purge.older_than_days,
    )


def retention_notice_html(store: Store) -> str:
    """The dashboard's line about the last clean-up (escaped HTML); "" when there was none."""
    notice = retention_notice(store)
    if notice is None:
        return ""
    return f'<p class="ss-retention">{escape(notice)}</p>'


def describe_session(store: Store, session: Session) -> str:
    """What ``samenspraak purge`` is about to delete: workshop, date, counts."""
    overview = next((item for item in store.list_sessions() if item.session.id == session.id), None)
    return t(
        "purge.session",
        code=session.code,
        workshop=session.workshop_id,
        date=f"{local_time(session.created_at):%d-%m-%Y %H:%M}",
        participants=overview.participants if overview else 0,
        answers=overview.answers if overview else 0,
    )


def others_with_code(store: Store, session: Session) -> int:
    """How many other sessions have the same join code (codes of closed sessions come back)."""
    return sum(
        1
        for item in store.list_sessions()
        if item.session.code == session.code and item.session.id != session.id
    )
