"""Devices a participant answered from, and wrong join codes per network address.

A database made by the development version between the release and the first migration
already has both tables (``create_all`` made them): they are kept as they are.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    if "devices" not in existing:
        op.create_table(
            "devices",
            sa.Column(
                "session_id",
                sa.Integer,
                sa.ForeignKey("sessions.id", ondelete="CASCADE"),
                primary_key=True,
            ),
            sa.Column("device_hash", sa.String(64), primary_key=True),
            sa.Column(
                "participant_id",
                sa.Integer,
                sa.ForeignKey("participants.id", ondelete="CASCADE"),
                nullable=False,
            ),
            sa.Column("seen_at", sa.DateTime, nullable=False),
        )
    if "join_failures" not in existing:
        op.create_table(
            "join_failures",
            sa.Column("source_hash", sa.String(64), primary_key=True),  # a browser or an address
            sa.Column("failures", sa.Integer, nullable=False),
            sa.Column("last_failure_at", sa.DateTime, nullable=False),
        )


def downgrade() -> None:
    op.drop_table("join_failures")
    op.drop_table("devices")
