"""The reports units submitted (issue 17: the console's "submitted snapshots"), a synced record
kind (``app.records.SubmittedReport``): the frozen snapshot's number, kind, unit, period,
who and when, its JSON text and that text's digest.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _text(name: str, default: str = "''") -> sa.Column:
    return sa.Column(name, sa.Text(), server_default=sa.text(default), nullable=False)


def upgrade() -> None:
    op.create_table(
        "submitted_reports",
        sa.Column("id", sa.Text(), nullable=False),
        _text("unit_id"), _text("number"), _text("report_kind"), _text("unit_code"), _text("unit_name"),
        _text("period_start"), _text("period_end"), _text("submitted_at"), _text("submitted_by"), _text("data"),
        _text("digest"),
        _text("_inst"), sa.Column("_ctr", sa.BigInteger(), server_default=sa.text("0"), nullable=False),
        _text("_vv", "'{}'"), sa.Column("_deleted", sa.Integer(), server_default=sa.text("0"), nullable=False),
        _text("_updated_at"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_submitted_reports_unit", "submitted_reports", ["unit_id"], unique=False)


def downgrade() -> None:
    raise NotImplementedError("the server's data are not downgraded; restore a backup instead")
