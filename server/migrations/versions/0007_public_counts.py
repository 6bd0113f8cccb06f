"""Counts kept as pushes merge for the public pages (issue 18 item 2, issue 17):
``public_counts`` per unit, day and donor, ``public_donors`` per unit and donor,
``public_reached`` per unit and school year (server/public_counts.py), and the index of the
handovers by device (a device's kind or donor changed: its handovers are recounted). The
server fills them when it opens (``server.summaries.VERSION`` "4": everything is recounted).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

MEASURES = ("donations", "cash_vnd", "devices_received", "devices_value_vnd", "handovers", "devices_handed",
            "handed_tablet", "handed_laptop", "handed_smartphone", "handed_desktop")


def upgrade() -> None:
    for name, keys, measures in (("public_counts", ("unit_id", "on_date", "donor"), MEASURES),
                                 ("public_donors", ("unit_id", "donor"), MEASURES),
                                 ("public_reached", ("unit_id", "school_year"), ("approved", "reached"))):
        op.create_table(
            name,
            *(sa.Column(k, sa.Text(), nullable=False) for k in keys),
            *(sa.Column(m, sa.BigInteger(), server_default=sa.text("0"), nullable=False) for m in measures),
            sa.PrimaryKeyConstraint(*keys),
        )
    op.create_index("ix_public_counts_on_date", "public_counts", ["on_date"], unique=False)
    op.create_index("ix_handovers_device", "handovers", ["device_id"], unique=False)


def downgrade() -> None:
    raise NotImplementedError("the server's data are not downgraded; restore a backup instead")
