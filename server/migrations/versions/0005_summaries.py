"""Counts kept as pushes merge (issue 18 item 2): ``need_counts``, ``need_levels``,
``need_totals`` and ``device_counts`` (server/summaries.py). The server fills them when it
opens (``ServerStore.upgrade``: a recount whenever ``server.summaries.VERSION`` differs from
the one that counted them), and the indexes of the units by province, commune and parent
(the console's scopes).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

MEASURES = ("in_need", "tier_1", "tier_2", "tier_3", "tier_4", "hh_poor", "hh_near_poor", "hh_other_hardship",
            "hh_other", "policy", "minority", "kind_tablet", "kind_laptop", "kind_smartphone", "kind_desktop",
            "needs_sim", "approved", "fulfilled", "waiting")


def upgrade() -> None:
    # the console's and the reports' scopes: a province's, a commune's, an office's units
    op.create_index("ix_units_province_code", "units", ["province_code"], unique=False)
    op.create_index("ix_units_commune_code", "units", ["commune_code"], unique=False)
    op.create_index("ix_units_parent_id", "units", ["parent_id"], unique=False)
    for name, keys in (("need_counts", ("class_name", "ethnicity")), ("need_levels", ("level", "ethnicity")),
                       ("need_totals", ())):
        op.create_table(
            name,
            *(sa.Column(k, sa.Text(), nullable=False) for k in ("unit_id", "school_year", *keys)),
            *(sa.Column(m, sa.BigInteger(), server_default=sa.text("0"), nullable=False) for m in MEASURES),
            sa.Column("waiting_since", sa.Text(), server_default=sa.text("''"), nullable=False),
            sa.PrimaryKeyConstraint("unit_id", "school_year", *keys),
        )
    op.create_table(
        "device_counts",
        sa.Column("unit_id", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("n", sa.BigInteger(), server_default=sa.text("0"), nullable=False),
        sa.PrimaryKeyConstraint("unit_id", "kind", "status"),
    )


def downgrade() -> None:
    raise NotImplementedError("the server's data are not downgraded; restore a backup instead")
