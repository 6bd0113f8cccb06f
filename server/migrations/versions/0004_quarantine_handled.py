"""A refused version marked handled by an operator in the console (issue 17): who and when.
A handled version leaves the console's quarantine list and the school's notices.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("quarantine") as b:
        b.add_column(sa.Column("handled_at", sa.Text(), server_default=sa.text("''"), nullable=False))
        b.add_column(sa.Column("handled_by", sa.Text(), server_default=sa.text("''"), nullable=False))


def downgrade() -> None:
    raise NotImplementedError("the server's data are not downgraded; restore a backup instead")
