"""Placement decisions (which school keeps a child active at two schools); an allocation's
donations and the receiving school's confirmation; the allocation a device came with.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _text(name: str, default: str = "''") -> sa.Column:
    return sa.Column(name, sa.Text(), server_default=sa.text(default), nullable=False)


def upgrade() -> None:
    op.create_table(
        "placements",
        sa.Column("id", sa.Text(), nullable=False),
        _text("unit_id"), _text("school_year"), _text("personal_id"), _text("keep_unit_id"),
        _text("keep_student_id"), _text("release_unit_id"), _text("release_student_id"), _text("reason"),
        _text("decided_by"), _text("decided_at"), _text("status"),
        _text("_inst"), sa.Column("_ctr", sa.BigInteger(), server_default=sa.text("0"), nullable=False),
        _text("_vv", "'{}'"), sa.Column("_deleted", sa.Integer(), server_default=sa.text("0"), nullable=False),
        _text("_updated_at"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_placements_unit", "placements", ["unit_id"], unique=False)
    op.create_index("ix_placements_keep_unit_id", "placements", ["keep_unit_id"], unique=False)
    op.create_index("ix_placements_release_unit_id", "placements", ["release_unit_id"], unique=False)
    with op.batch_alter_table("allocations") as b:
        b.add_column(_text("donation_ids", "'[]'"))
        b.add_column(_text("received_counts", "'{}'"))
        b.add_column(_text("received_at"))
        b.add_column(_text("received_by"))
        b.add_column(_text("receipt_note"))
    with op.batch_alter_table("devices") as b:
        b.add_column(_text("allocation_id"))


def downgrade() -> None:
    raise NotImplementedError("the server's data are not downgraded; restore a backup instead")
