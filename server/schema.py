"""The server's tables (SQLAlchemy Core). Alembic migrations in ``server/migrations`` build
them; a test fails when these and the migrations disagree.

Record tables mirror the device's (``app.migrations``): the same names, the same columns,
so the merge core (``app.changes``) and the report queries run unchanged on both. Their
columns come from the record classes (``app.records.KINDS``); a field added there without
a new migration here is caught by that test.
"""

from __future__ import annotations

import dataclasses

from sqlalchemy import (
    BigInteger,
    Column,
    Float,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Table,
    Text,
    UniqueConstraint,
    text,
)

from app.records import KINDS

metadata = MetaData()


def _column(name: str, type_: str) -> Column:
    t = str(type_).replace(" ", "")
    if name == "id":
        return Column("id", Text, primary_key=True)
    if t == "bool":
        return Column(name, Integer, nullable=False, server_default=text("0"))
    if t in ("int|None", "Optional[int]"):
        return Column(name, BigInteger, nullable=True)
    if t == "int":
        return Column(name, BigInteger, nullable=False, server_default=text("0"))
    if t in ("float", "float|None"):
        return Column(name, Float, nullable=t != "float")
    if t in ("list", "dict", "list[str]", "dict[str,int]"):
        return Column(name, Text, nullable=False, server_default=text("'[]'" if t.startswith("list") else "'{}'"))
    return Column(name, Text, nullable=False, server_default=text("''"))


def _record_table(cls: type) -> Table:
    cols = [_column(f.name, f.type) for f in dataclasses.fields(cls)]
    cols += [
        Column("_inst", Text, nullable=False, server_default=text("''")),
        Column("_ctr", BigInteger, nullable=False, server_default=text("0")),
        Column("_vv", Text, nullable=False, server_default=text("'{}'")),
        Column("_deleted", Integer, nullable=False, server_default=text("0")),
        Column("_updated_at", Text, nullable=False, server_default=text("''")),
    ]
    return Table(cls.TABLE, metadata, *cols, Index(f"ix_{cls.TABLE}_unit", "unit_id"))


RECORD_TABLES = {kind: _record_table(cls) for kind, cls in KINDS.items()}
Index("ix_students_personal_id", RECORD_TABLES["student"].c.personal_id)
Index("ix_needs_student", RECORD_TABLES["need"].c.student_id)
Index("ix_handovers_student", RECORD_TABLES["handover"].c.student_id)
Index("ix_handovers_refers_to", RECORD_TABLES["handover"].c.refers_to)
Index("ix_units_code", RECORD_TABLES["unit"].c.code)
# the console's and the reports' scopes: a province's, a commune's, an office's units
Index("ix_units_province_code", RECORD_TABLES["unit"].c.province_code)
Index("ix_units_commune_code", RECORD_TABLES["unit"].c.commune_code)
Index("ix_units_parent_id", RECORD_TABLES["unit"].c.parent_id)
Index("ix_placements_keep_unit_id", RECORD_TABLES["placement"].c.keep_unit_id)
Index("ix_placements_release_unit_id", RECORD_TABLES["placement"].c.release_unit_id)

meta = Table(
    "meta", metadata,
    Column("key", Text, primary_key=True),
    Column("value", Text, nullable=False),
)

# The same shape as the device's audit: every version the server stored, by whom.
audit = Table(
    "audit", metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("at", Text, nullable=False),
    Column("actor", Text, nullable=False),
    Column("instance", Text, nullable=False),
    Column("counter", BigInteger, nullable=False),
    Column("kind", Text, nullable=False),
    Column("record_id", Text, nullable=False),
    Column("action", Text, nullable=False),
    Column("before", Text),
    Column("after", Text),
    Index("ix_audit_record", "record_id"),
)

conflicts = Table(
    "conflicts", metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("kind", Text, nullable=False),
    Column("record_id", Text, nullable=False),
    Column("instance", Text, nullable=False),
    Column("counter", BigInteger, nullable=False),
    Column("vv", Text, nullable=False),
    Column("data", Text, nullable=False),
    Column("deleted", Integer, nullable=False, server_default=text("0")),
    Column("detected_at", Text, nullable=False),
    Column("resolved_at", Text, nullable=False, server_default=text("''")),
    Column("resolved_by", Text, nullable=False, server_default=text("''")),
    Column("resolution", Text, nullable=False, server_default=text("''")),
    Index("ix_conflicts_record", "record_id"),
)

# One-time enrolment codes: only a hash is kept; single use; they expire.
enrolment_codes = Table(
    "enrolment_codes", metadata,
    Column("code_hash", Text, primary_key=True),
    Column("unit_code", Text, nullable=False),
    Column("created_at", Text, nullable=False),
    Column("expires_at", Text, nullable=False),
    Column("used_at", Text, nullable=False, server_default=text("''")),
    Column("used_by", Text, nullable=False, server_default=text("''")),
    Column("created_by", Text, nullable=False, server_default=text("''")),
)

# Enrolled installations: their sync instance, unit, signing key and token (hashed).
installations = Table(
    "installations", metadata,
    Column("id", Text, primary_key=True),  # the installation's instance id
    Column("unit_id", Text, nullable=False),
    Column("unit_code", Text, nullable=False),
    Column("name", Text, nullable=False, server_default=text("''")),
    Column("public_key", Text, nullable=False),
    Column("token_hash", Text, nullable=False, unique=True),
    Column("enrolled_at", Text, nullable=False),
    Column("last_seen_at", Text, nullable=False, server_default=text("''")),
    Column("revoked_at", Text, nullable=False, server_default=text("''")),
    Column("revoked_reason", Text, nullable=False, server_default=text("''")),
    Column("app_version", Text, nullable=False, server_default=text("''")),
)

# People who use the server's own endpoints: officers and the province.
accounts = Table(
    "accounts", metadata,
    Column("name", Text, primary_key=True),
    Column("role", Text, nullable=False),  # province | officer
    Column("unit_code", Text, nullable=False, server_default=text("''")),
    Column("password_hash", Text, nullable=False),
    Column("created_at", Text, nullable=False),
    Column("disabled", Integer, nullable=False, server_default=text("0")),
    Column("last_login_at", Text, nullable=False, server_default=text("''")),  # 0002
)

# Versions that failed validation: kept, shown to the province, reported to the device.
quarantine = Table(
    "quarantine", metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("device_id", Text, nullable=False),
    Column("unit_id", Text, nullable=False, server_default=text("''")),
    Column("kind", Text, nullable=False),
    Column("record_id", Text, nullable=False),
    Column("instance", Text, nullable=False),
    Column("counter", BigInteger, nullable=False),
    Column("code", Text, nullable=False),  # invalid | scope
    Column("reason", Text, nullable=False),
    Column("data", Text, nullable=False),
    Column("received_at", Text, nullable=False),
    Column("handled_at", Text, nullable=False, server_default=text("''")),  # marked handled in the console
    Column("handled_by", Text, nullable=False, server_default=text("''")),
    UniqueConstraint("device_id", "kind", "record_id", "instance", "counter", name="uq_quarantine_version"),
    Index("ix_quarantine_device", "device_id"),
)

# Push batches already applied, by device and batch digest: a re-sent batch gets the
# same acknowledgement without being applied twice.
batches = Table(
    "batches", metadata,
    Column("device_id", Text, primary_key=True),
    Column("batch_id", Text, primary_key=True),
    Column("received_at", Text, nullable=False),
    Column("result", Text, nullable=False),
)

# The server's own keys (X25519 for bundles encrypted to the province, issue 5): their names and
# public halves. ``secret`` is empty: the private halves live in the key file (server/keys.py).
server_keys = Table(
    "server_keys", metadata,
    Column("name", Text, primary_key=True),
    Column("secret", LargeBinary, nullable=False),
    Column("public", Text, nullable=False),
    Column("created_at", Text, nullable=False),
)

# Counts kept in the merge's transaction (server/summaries.py): the needs report's figures
# per school, school year, class (or level) and ethnicity, and devices per school, kind and status.
NEED_COUNT_MEASURES = ("in_need", "tier_1", "tier_2", "tier_3", "tier_4", "hh_poor", "hh_near_poor",
                       "hh_other_hardship", "hh_other", "policy", "minority", "kind_tablet", "kind_laptop",
                       "kind_smartphone", "kind_desktop", "needs_sim", "approved", "fulfilled", "waiting")


def _need_table(name: str, *keys: str) -> Table:
    return Table(name, metadata, *(Column(k, Text, primary_key=True) for k in ("unit_id", "school_year", *keys)),
                 *(Column(m, BigInteger, nullable=False, server_default=text("0")) for m in NEED_COUNT_MEASURES),
                 Column("waiting_since", Text, nullable=False, server_default=text("''")))


need_counts = _need_table("need_counts", "class_name", "ethnicity")  # a school's report, by class
need_levels = _need_table("need_levels", "level", "ethnicity")  # what the reports above a school sum
need_totals = _need_table("need_totals")  # what the console's overviews above a school sum
device_counts = Table(
    "device_counts", metadata,
    Column("unit_id", Text, primary_key=True),
    Column("kind", Text, primary_key=True),
    Column("status", Text, primary_key=True),
    Column("n", BigInteger, nullable=False, server_default=text("0")),
)

# Counts kept in the merge's transaction for the public pages (server/public_counts.py): per
# unit, day and donor; per unit and donor (summed over the days); per unit and school year.
PUBLIC_MEASURES = ("donations", "cash_vnd", "devices_received", "devices_value_vnd", "handovers", "devices_handed",
                   "handed_tablet", "handed_laptop", "handed_smartphone", "handed_desktop")


def _public_table(name: str, keys: tuple[str, ...], measures: tuple[str, ...], *extra: Index) -> Table:
    return Table(name, metadata, *(Column(k, Text, primary_key=True) for k in keys),
                 *(Column(m, BigInteger, nullable=False, server_default=text("0")) for m in measures), *extra)


public_counts = _public_table("public_counts", ("unit_id", "on_date", "donor"), PUBLIC_MEASURES,
                              Index("ix_public_counts_on_date", "on_date"))
public_donors = _public_table("public_donors", ("unit_id", "donor"), PUBLIC_MEASURES)
public_reached = _public_table("public_reached", ("unit_id", "school_year"), ("approved", "reached"))
# a device whose kind or donor changes: the handovers of it are recounted (server/public_counts.py)
Index("ix_handovers_device", RECORD_TABLES["handover"].c.device_id)
