"""Alembic's environment for the results store: run by ``samenspraak.core.store.migrate``.

The store passes its open connection in ``config.attributes["connection"]`` and the
migrations run in that connection's transaction, which the store commits. On PostgreSQL a
failed upgrade therefore leaves the database as it was; SQLite's driver commits each DDL
statement by itself.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import context

from samenspraak.core.store import OPEN_CODE_INDEX_NAME, metadata


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Leave the partial unique index on open sessions' codes out of comparisons: it is DDL
    that ``store.py`` runs after creating ``sessions``, not an ``sa.Index`` in ``metadata``."""
    return not (type_ == "index" and name == OPEN_CODE_INDEX_NAME)


def run_migrations() -> None:
    config = context.config
    connection = config.attributes.get("connection")
    if connection is None:  # `alembic -x url=...` by hand: connect to that database
        url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option(
            "sqlalchemy.url"
        )
        engine = sa.create_engine(url)
        with engine.begin() as conn:
            _run(conn)
        engine.dispose()
    else:
        _run(connection)


def _run(connection: sa.Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        include_object=include_object,
        render_as_batch=True,  # SQLite alters a table by copying it
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
