"""Accounts: the last good login. (The province's private key leaves ``server_keys`` for a
key file of its own at the first start after this version — ``server.keys`` — a move of
data, not of schema: the table keeps each key's name and public half.)

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("accounts", sa.Column("last_login_at", sa.Text(), server_default=sa.text("''"), nullable=False))


def downgrade() -> None:
    raise NotImplementedError("the server's data are not downgraded; restore a backup instead")
