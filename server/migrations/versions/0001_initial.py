"""The server's first schema: record tables mirroring the device's, and the server's own.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('accounts',
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('role', sa.Text(), nullable=False),
    sa.Column('unit_code', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('password_hash', sa.Text(), nullable=False),
    sa.Column('created_at', sa.Text(), nullable=False),
    sa.Column('disabled', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )
    op.create_table('allocations',
    sa.Column('id', sa.Text(), nullable=False),
    sa.Column('unit_id', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('decision_no', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('decision_date', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('to_unit_id', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('donor', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('counts', sa.Text(), server_default=sa.text("'{}'"), nullable=False),
    sa.Column('device_ids', sa.Text(), server_default=sa.text("'[]'"), nullable=False),
    sa.Column('status', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('approved_by', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('approved_at', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('_inst', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('_ctr', sa.BigInteger(), server_default=sa.text('0'), nullable=False),
    sa.Column('_vv', sa.Text(), server_default=sa.text("'{}'"), nullable=False),
    sa.Column('_deleted', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('_updated_at', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_allocations_unit', 'allocations', ['unit_id'], unique=False)
    op.create_table('audit',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('at', sa.Text(), nullable=False),
    sa.Column('actor', sa.Text(), nullable=False),
    sa.Column('instance', sa.Text(), nullable=False),
    sa.Column('counter', sa.BigInteger(), nullable=False),
    sa.Column('kind', sa.Text(), nullable=False),
    sa.Column('record_id', sa.Text(), nullable=False),
    sa.Column('action', sa.Text(), nullable=False),
    sa.Column('before', sa.Text(), nullable=True),
    sa.Column('after', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_audit_record', 'audit', ['record_id'], unique=False)
    op.create_table('batches',
    sa.Column('device_id', sa.Text(), nullable=False),
    sa.Column('batch_id', sa.Text(), nullable=False),
    sa.Column('received_at', sa.Text(), nullable=False),
    sa.Column('result', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('device_id', 'batch_id')
    )
    op.create_table('conflicts',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('kind', sa.Text(), nullable=False),
    sa.Column('record_id', sa.Text(), nullable=False),
    sa.Column('instance', sa.Text(), nullable=False),
    sa.Column('counter', sa.BigInteger(), nullable=False),
    sa.Column('vv', sa.Text(), nullable=False),
    sa.Column('data', sa.Text(), nullable=False),
    sa.Column('deleted', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('detected_at', sa.Text(), nullable=False),
    sa.Column('resolved_at', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('resolved_by', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('resolution', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_conflicts_record', 'conflicts', ['record_id'], unique=False)
    op.create_table('coverage_gaps',
    sa.Column('id', sa.Text(), nullable=False),
    sa.Column('unit_id', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('village', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('commune_code', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('school_ids', sa.Text(), server_default=sa.text("'[]'"), nullable=False),
    sa.Column('carrier', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('status', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('covered_on', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('note', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('_inst', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('_ctr', sa.BigInteger(), server_default=sa.text('0'), nullable=False),
    sa.Column('_vv', sa.Text(), server_default=sa.text("'{}'"), nullable=False),
    sa.Column('_deleted', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('_updated_at', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_coverage_gaps_unit', 'coverage_gaps', ['unit_id'], unique=False)
    op.create_table('devices',
    sa.Column('id', sa.Text(), nullable=False),
    sa.Column('unit_id', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('kind', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('brand_model', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('serial', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('imei', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('value_vnd', sa.BigInteger(), server_default=sa.text('0'), nullable=False),
    sa.Column('condition', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('meets_spec', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('donor', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('donation_id', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('received_date', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('status', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('note', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('_inst', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('_ctr', sa.BigInteger(), server_default=sa.text('0'), nullable=False),
    sa.Column('_vv', sa.Text(), server_default=sa.text("'{}'"), nullable=False),
    sa.Column('_deleted', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('_updated_at', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_devices_unit', 'devices', ['unit_id'], unique=False)
    op.create_table('donations',
    sa.Column('id', sa.Text(), nullable=False),
    sa.Column('unit_id', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('donor_name', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('donor_kind', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('cash_vnd', sa.BigInteger(), server_default=sa.text('0'), nullable=False),
    sa.Column('devices', sa.Text(), server_default=sa.text("'{}'"), nullable=False),
    sa.Column('received_date', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('receipt_no', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('inspection', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('note', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('_inst', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('_ctr', sa.BigInteger(), server_default=sa.text('0'), nullable=False),
    sa.Column('_vv', sa.Text(), server_default=sa.text("'{}'"), nullable=False),
    sa.Column('_deleted', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('_updated_at', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_donations_unit', 'donations', ['unit_id'], unique=False)
    op.create_table('enrolment_codes',
    sa.Column('code_hash', sa.Text(), nullable=False),
    sa.Column('unit_code', sa.Text(), nullable=False),
    sa.Column('created_at', sa.Text(), nullable=False),
    sa.Column('expires_at', sa.Text(), nullable=False),
    sa.Column('used_at', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('used_by', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('created_by', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.PrimaryKeyConstraint('code_hash')
    )
    op.create_table('handovers',
    sa.Column('id', sa.Text(), nullable=False),
    sa.Column('unit_id', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('event', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('minute_no', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('date', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('place', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('giver_unit', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('giver_rep', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('giver_position', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('student_id', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('need_id', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('guardian_name', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('guardian_id_no', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('guardian_relation', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('device_id', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('sim_id', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('accessories', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('condition', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('signed_paper', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('witness', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('override_reason', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('refers_to', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('note', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('_inst', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('_ctr', sa.BigInteger(), server_default=sa.text('0'), nullable=False),
    sa.Column('_vv', sa.Text(), server_default=sa.text("'{}'"), nullable=False),
    sa.Column('_deleted', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('_updated_at', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_handovers_refers_to', 'handovers', ['refers_to'], unique=False)
    op.create_index('ix_handovers_student', 'handovers', ['student_id'], unique=False)
    op.create_index('ix_handovers_unit', 'handovers', ['unit_id'], unique=False)
    op.create_table('installations',
    sa.Column('id', sa.Text(), nullable=False),
    sa.Column('unit_id', sa.Text(), nullable=False),
    sa.Column('unit_code', sa.Text(), nullable=False),
    sa.Column('name', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('public_key', sa.Text(), nullable=False),
    sa.Column('token_hash', sa.Text(), nullable=False),
    sa.Column('enrolled_at', sa.Text(), nullable=False),
    sa.Column('last_seen_at', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('revoked_at', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('revoked_reason', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('app_version', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token_hash')
    )
    op.create_table('meta',
    sa.Column('key', sa.Text(), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('needs',
    sa.Column('id', sa.Text(), nullable=False),
    sa.Column('unit_id', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('student_id', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('school_year', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('current_device', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('home_internet', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('device_requested', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('needs_sim', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('received_elsewhere', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('received_source', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('priority_tier', sa.BigInteger(), nullable=True),
    sa.Column('priority_rank', sa.BigInteger(), nullable=True),
    sa.Column('status', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('status_reason', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('history', sa.Text(), server_default=sa.text("'[]'"), nullable=False),
    sa.Column('note', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('_inst', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('_ctr', sa.BigInteger(), server_default=sa.text('0'), nullable=False),
    sa.Column('_vv', sa.Text(), server_default=sa.text("'{}'"), nullable=False),
    sa.Column('_deleted', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('_updated_at', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_needs_student', 'needs', ['student_id'], unique=False)
    op.create_index('ix_needs_unit', 'needs', ['unit_id'], unique=False)
    op.create_table('quarantine',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('device_id', sa.Text(), nullable=False),
    sa.Column('unit_id', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('kind', sa.Text(), nullable=False),
    sa.Column('record_id', sa.Text(), nullable=False),
    sa.Column('instance', sa.Text(), nullable=False),
    sa.Column('counter', sa.BigInteger(), nullable=False),
    sa.Column('code', sa.Text(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('data', sa.Text(), nullable=False),
    sa.Column('received_at', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('device_id', 'kind', 'record_id', 'instance', 'counter', name='uq_quarantine_version')
    )
    op.create_index('ix_quarantine_device', 'quarantine', ['device_id'], unique=False)
    op.create_table('server_keys',
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('secret', sa.LargeBinary(), nullable=False),
    sa.Column('public', sa.Text(), nullable=False),
    sa.Column('created_at', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )
    op.create_table('sims',
    sa.Column('id', sa.Text(), nullable=False),
    sa.Column('unit_id', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('number', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('iccid', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('carrier', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('data_package', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('free_until', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('status', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('donor', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('_inst', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('_ctr', sa.BigInteger(), server_default=sa.text('0'), nullable=False),
    sa.Column('_vv', sa.Text(), server_default=sa.text("'{}'"), nullable=False),
    sa.Column('_deleted', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('_updated_at', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_sims_unit', 'sims', ['unit_id'], unique=False)
    op.create_table('students',
    sa.Column('id', sa.Text(), nullable=False),
    sa.Column('unit_id', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('full_name', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('birth_date', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('sex', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('personal_id', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('moet_code', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('ethnicity', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('class_name', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('school_year', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('guardian_name', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('guardian_relation', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('guardian_phone', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('village', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('household', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('policy_family', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('poverty_cert_no', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('poverty_cert_year', sa.BigInteger(), nullable=True),
    sa.Column('poverty_cert_commune', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('covid_orphan', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('covid_hardship', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('covid_note', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('search_key', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('_inst', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('_ctr', sa.BigInteger(), server_default=sa.text('0'), nullable=False),
    sa.Column('_vv', sa.Text(), server_default=sa.text("'{}'"), nullable=False),
    sa.Column('_deleted', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('_updated_at', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_students_personal_id', 'students', ['personal_id'], unique=False)
    op.create_index('ix_students_unit', 'students', ['unit_id'], unique=False)
    op.create_table('units',
    sa.Column('id', sa.Text(), nullable=False),
    sa.Column('unit_id', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('code', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('name', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('kind', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('level', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('commune_code', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('province_code', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('parent_id', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('legacy_code', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('coverage', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('carrier', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('broadband', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('address', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('_inst', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('_ctr', sa.BigInteger(), server_default=sa.text('0'), nullable=False),
    sa.Column('_vv', sa.Text(), server_default=sa.text("'{}'"), nullable=False),
    sa.Column('_deleted', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('_updated_at', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_units_code', 'units', ['code'], unique=False)
    op.create_index('ix_units_unit', 'units', ['unit_id'], unique=False)


def downgrade() -> None:
    raise NotImplementedError("the server's data are not downgraded; restore a backup instead")
