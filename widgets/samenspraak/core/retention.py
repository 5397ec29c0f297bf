"""How long answers are kept: deleting them after the session is the default.

A session is over when the trainer closes it on the dashboard. ``samenspraak serve`` deletes
every closed session, with its participants and answers, the next time it starts, before the
servers start (:func:`purge_at_start`): the trainer downloads the report and the answers
between closing and that start. Keeping them longer is an explicit choice:
``--keep-days N`` keeps a closed session N days after closing. A session nobody closed is
deleted :data:`OPEN_DAYS` days after it started (or N, when that is longer).

The dashboard shows the last clean-up and the rule in Dutch (:func:`retention_notice_html`)
and tells the trainer, once a session is closed, when its answers go (:func:`after_close`).
``samenspraak purge CODE`` deletes one session at once (the CLI asks first;
:func:`describe_session` says what).
"""

from __future__ import annotations

from html import escape

from .messages import t
from .records import Session, local_time
from .store import Store

DEFAULT_KEEP_DAYS = 0
"""Days a closed session is kept; 0: it is deleted at the next start."""
OPEN_DAYS = 30
"""Days after which a session that nobody closed is deleted all the same."""


YES = frozenset({"ja", "j", "yes", "y"})


def open_days(keep_days: int) -> int:
    """After how many days a session that nobody closed is deleted."""
    return max(OPEN_DAYS, keep_days)


def rule(keep_days: int) -> str:
    """The rule in one or two Dutch sentences: when closed and open sessions are deleted."""
    key = "retention.rule_next_start" if keep_days == 0 else "retention.rule_days"
    return t(key, days=keep_days, open_days=open_days(keep_days))


def purge_at_start(store: Store, keep_days: int = DEFAULT_KEEP_DAYS) -> str:
    """Delete the sessions that are over (:meth:`Store.purge_ended`); the Dutch lines to
    print about it: how many went, and the rule."""
    if keep_days < 0:
        raise ValueError("keep_days must be 0 or more")
    count = len(store.purge_ended(keep_days, open_days(keep_days)))
    key = {0: "retention.start_none", 1: "retention.start_one"}.get(count, "retention.start_many")
    return f"{t(key, count=count)} {rule(keep_days)}"


def retention_notice(store: Store) -> str | None:
    """The last clean-up at start-up and the rule, in Dutch, or None when there was none."""
    purge = store.last_purge()
    if purge is None:
        return None
    moment = local_time(purge.purged_at)
    key = {0: "retention.deleted_none", 1: "retention.deleted_one"}.get(
        purge.sessions, "retention.deleted_many"
    )
    done = t(key, day=f"{moment:%d-%m}", time=f"{moment:%H:%M}", count=purge.sessions)
    return f"{done} {rule(purge.older_than_days)}"


def after_close(store: Store) -> str:
    """For a closed session on the dashboard: when its answers will be deleted, so the
    trainer downloads what they need first (the rule of the last start-up; the default when
    the app has not cleaned up yet)."""
    purge = store.last_purge()
    keep_days = DEFAULT_KEEP_DAYS if purge is None else purge.older_than_days
    if keep_days == 0:
        return t("retention.after_close_next_start")
    return t("retention.after_close_days", days=keep_days)


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
