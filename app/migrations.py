"""Numbered schema migrations of the device database.

Each migration is frozen once released: it says what the schema was at that step and
does not import today's record classes. New ones are appended, never edited.
``_sqlite_migrations`` (sqlite-utils) records what ran; ``PRAGMA user_version`` mirrors
the count so a quick look tells the schema number.
"""

from __future__ import annotations

import json

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from app.admin import communes, provinces
from app.text import fold

MIGRATION_SET = "songmay"
migrations = Migrations(MIGRATION_SET)

SYNC_COLUMNS = """
    _inst TEXT NOT NULL DEFAULT '',
    _ctr INTEGER NOT NULL DEFAULT 0,
    _vv TEXT NOT NULL DEFAULT '{}',
    _deleted INTEGER NOT NULL DEFAULT 0,
    _updated_at TEXT NOT NULL DEFAULT ''
"""

TABLES_0001 = {
    "units": """
        id TEXT PRIMARY KEY, unit_id TEXT NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL,
        kind TEXT NOT NULL, level TEXT NOT NULL DEFAULT '', commune_code TEXT NOT NULL DEFAULT '',
        province_code TEXT NOT NULL DEFAULT '', parent_id TEXT NOT NULL DEFAULT '',
        legacy_code TEXT NOT NULL DEFAULT '', coverage TEXT NOT NULL DEFAULT 'none',
        carrier TEXT NOT NULL DEFAULT '', broadband INTEGER NOT NULL DEFAULT 0,
        address TEXT NOT NULL DEFAULT ''
    """,
    "coverage_gaps": """
        id TEXT PRIMARY KEY, unit_id TEXT NOT NULL, village TEXT NOT NULL,
        commune_code TEXT NOT NULL DEFAULT '', school_ids TEXT NOT NULL DEFAULT '[]',
        carrier TEXT NOT NULL DEFAULT '', status TEXT NOT NULL, covered_on TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT ''
    """,
    "students": """
        id TEXT PRIMARY KEY, unit_id TEXT NOT NULL, full_name TEXT NOT NULL,
        birth_date TEXT NOT NULL, sex TEXT NOT NULL, personal_id TEXT NOT NULL DEFAULT '',
        moet_code TEXT NOT NULL DEFAULT '', ethnicity TEXT NOT NULL DEFAULT '',
        class_name TEXT NOT NULL DEFAULT '', school_year TEXT NOT NULL DEFAULT '',
        guardian_name TEXT NOT NULL DEFAULT '', guardian_relation TEXT NOT NULL DEFAULT '',
        guardian_phone TEXT NOT NULL DEFAULT '', village TEXT NOT NULL DEFAULT '',
        household TEXT NOT NULL DEFAULT 'none', policy_family INTEGER NOT NULL DEFAULT 0,
        poverty_cert_no TEXT NOT NULL DEFAULT '', poverty_cert_year INTEGER,
        poverty_cert_commune TEXT NOT NULL DEFAULT '', covid_orphan INTEGER NOT NULL DEFAULT 0,
        covid_hardship INTEGER NOT NULL DEFAULT 0, covid_note TEXT NOT NULL DEFAULT '',
        search_key TEXT NOT NULL DEFAULT ''
    """,
    "needs": """
        id TEXT PRIMARY KEY, unit_id TEXT NOT NULL, student_id TEXT NOT NULL,
        school_year TEXT NOT NULL, current_device TEXT NOT NULL DEFAULT 'none',
        home_internet TEXT NOT NULL DEFAULT 'none', device_requested TEXT NOT NULL,
        needs_sim INTEGER NOT NULL DEFAULT 0, received_elsewhere INTEGER NOT NULL DEFAULT 0,
        received_source TEXT NOT NULL DEFAULT '', priority_tier INTEGER, priority_rank INTEGER,
        status TEXT NOT NULL, status_reason TEXT NOT NULL DEFAULT '',
        history TEXT NOT NULL DEFAULT '[]', note TEXT NOT NULL DEFAULT ''
    """,
    "donations": """
        id TEXT PRIMARY KEY, unit_id TEXT NOT NULL, donor_name TEXT NOT NULL,
        donor_kind TEXT NOT NULL, cash_vnd INTEGER NOT NULL DEFAULT 0,
        devices TEXT NOT NULL DEFAULT '{}', received_date TEXT NOT NULL,
        receipt_no TEXT NOT NULL DEFAULT '', inspection TEXT NOT NULL DEFAULT 'pending',
        note TEXT NOT NULL DEFAULT ''
    """,
    "devices": """
        id TEXT PRIMARY KEY, unit_id TEXT NOT NULL, kind TEXT NOT NULL,
        brand_model TEXT NOT NULL DEFAULT '', serial TEXT NOT NULL DEFAULT '',
        imei TEXT NOT NULL DEFAULT '', value_vnd INTEGER NOT NULL DEFAULT 0,
        condition TEXT NOT NULL DEFAULT 'new', meets_spec TEXT NOT NULL DEFAULT 'pending',
        donor TEXT NOT NULL DEFAULT '', donation_id TEXT NOT NULL DEFAULT '',
        received_date TEXT NOT NULL DEFAULT '', status TEXT NOT NULL DEFAULT 'in_stock',
        note TEXT NOT NULL DEFAULT ''
    """,
    "sims": """
        id TEXT PRIMARY KEY, unit_id TEXT NOT NULL, number TEXT NOT NULL,
        iccid TEXT NOT NULL DEFAULT '', carrier TEXT NOT NULL DEFAULT '',
        data_package TEXT NOT NULL DEFAULT '', free_until TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'in_stock', donor TEXT NOT NULL DEFAULT ''
    """,
    "allocations": """
        id TEXT PRIMARY KEY, unit_id TEXT NOT NULL, decision_no TEXT NOT NULL,
        decision_date TEXT NOT NULL, to_unit_id TEXT NOT NULL, donor TEXT NOT NULL DEFAULT '',
        counts TEXT NOT NULL DEFAULT '{}', device_ids TEXT NOT NULL DEFAULT '[]',
        status TEXT NOT NULL DEFAULT 'draft', approved_by TEXT NOT NULL DEFAULT '',
        approved_at TEXT NOT NULL DEFAULT ''
    """,
    "handovers": """
        id TEXT PRIMARY KEY, unit_id TEXT NOT NULL, event TEXT NOT NULL,
        minute_no TEXT NOT NULL DEFAULT '', date TEXT NOT NULL, place TEXT NOT NULL DEFAULT '',
        giver_unit TEXT NOT NULL DEFAULT '', giver_rep TEXT NOT NULL DEFAULT '',
        giver_position TEXT NOT NULL DEFAULT '', student_id TEXT NOT NULL,
        need_id TEXT NOT NULL DEFAULT '', guardian_name TEXT NOT NULL DEFAULT '',
        guardian_id_no TEXT NOT NULL DEFAULT '', guardian_relation TEXT NOT NULL DEFAULT '',
        device_id TEXT NOT NULL DEFAULT '', sim_id TEXT NOT NULL DEFAULT '',
        accessories TEXT NOT NULL DEFAULT '', condition TEXT NOT NULL DEFAULT 'new',
        signed_paper INTEGER NOT NULL DEFAULT 0, witness TEXT NOT NULL DEFAULT '',
        override_reason TEXT NOT NULL DEFAULT '', refers_to TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT ''
    """,
}

INDEXES_0001 = [
    "CREATE INDEX idx_students_unit ON students(unit_id, class_name)",
    "CREATE INDEX idx_students_pid ON students(personal_id) WHERE personal_id != ''",
    "CREATE INDEX idx_needs_student ON needs(student_id)",
    "CREATE INDEX idx_needs_status ON needs(unit_id, status)",
    "CREATE INDEX idx_devices_unit ON devices(unit_id, status)",
    "CREATE INDEX idx_handovers_student ON handovers(student_id)",
    "CREATE INDEX idx_handovers_refers ON handovers(refers_to) WHERE refers_to != ''",
    "CREATE INDEX idx_units_code ON units(code)",
]


@migrations(name="0001_initial")
def m0001_initial(db: Database) -> None:
    c = db.conn
    c.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    for table, cols in TABLES_0001.items():
        c.execute(f"CREATE TABLE {table} ({cols}, {SYNC_COLUMNS})")
        c.execute(f"CREATE INDEX idx_{table}_rev ON {table}(_inst, _ctr)")
    for sql in INDEXES_0001:
        c.execute(sql)
    # Append-only audit log: who, what, when, before/after. Never edited.
    c.execute(
        """CREATE TABLE audit (
            seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, actor TEXT NOT NULL,
            instance TEXT NOT NULL, counter INTEGER NOT NULL, kind TEXT NOT NULL,
            record_id TEXT NOT NULL, action TEXT NOT NULL, before TEXT, after TEXT)"""
    )
    c.execute("CREATE INDEX idx_audit_record ON audit(record_id, seq)")
    c.execute(
        "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit "
        "BEGIN SELECT RAISE(ABORT, 'audit events are never edited'); END"
    )
    c.execute(
        "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit "
        "BEGIN SELECT RAISE(ABORT, 'audit events are never deleted'); END"
    )
    # What each remote (server, officer) is known to hold: instance → highest counter.
    c.execute(
        """CREATE TABLE remote_summary (
            remote TEXT NOT NULL, instance TEXT NOT NULL, counter INTEGER NOT NULL,
            PRIMARY KEY (remote, instance))"""
    )
    # Local accounts of this installation (not synced).
    c.execute(
        """CREATE TABLE users (
            id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL,
            pin_hash TEXT NOT NULL, created_at TEXT NOT NULL,
            disabled INTEGER NOT NULL DEFAULT 0)"""
    )
    # Reference data: provinces and communes (and room for legacy units).
    c.execute(
        """CREATE TABLE admin_units (
            code TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL,
            division TEXT NOT NULL, province_code TEXT NOT NULL,
            legacy_code TEXT NOT NULL DEFAULT '', name_key TEXT NOT NULL,
            valid_until TEXT NOT NULL DEFAULT '')"""
    )
    c.execute("CREATE INDEX idx_admin_units_province ON admin_units(province_code, kind)")
    load_admin_units(db)


def load_admin_units(db: Database) -> None:
    """(Re)load provinces and communes from the vietnam-provinces package."""
    rows = [
        (u.code, u.name, u.kind, u.division, u.province_code, u.legacy_code, fold(u.name))
        for u in (*provinces(), *communes())
    ]
    db.conn.executemany(
        "INSERT OR REPLACE INTO admin_units "
        "(code, name, kind, division, province_code, legacy_code, name_key) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        rows,
    )


def known_names() -> list[str]:
    return [m.name for m in migrations._migrations]  # noqa: SLF001  (sqlite-utils has no public list of them)


@migrations(name="0002_sync_state")
def m0002_sync_state(db: Database) -> None:
    c = db.conn
    # Concurrent versions that lost the deterministic merge: kept for a person to review.
    c.execute(
        """CREATE TABLE conflicts (
            id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, record_id TEXT NOT NULL,
            instance TEXT NOT NULL, counter INTEGER NOT NULL, vv TEXT NOT NULL,
            data TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, detected_at TEXT NOT NULL,
            resolved_at TEXT NOT NULL DEFAULT '', resolved_by TEXT NOT NULL DEFAULT '',
            resolution TEXT NOT NULL DEFAULT '')"""
    )
    c.execute("CREATE INDEX idx_conflicts_open ON conflicts(record_id) WHERE resolved_at=''")
    # Every sync or USB export/import attempt and its outcome (status bar, history).
    c.execute(
        """CREATE TABLE sync_runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT, transport TEXT NOT NULL,
            started_at TEXT NOT NULL, finished_at TEXT NOT NULL DEFAULT '',
            result TEXT NOT NULL DEFAULT '', sent INTEGER NOT NULL DEFAULT 0,
            received INTEGER NOT NULL DEFAULT 0, detail TEXT NOT NULL DEFAULT '')"""
    )


@migrations(name="0003_lookup_indexes")
def m0003_lookup_indexes(db: Database) -> None:
    """Indexes the rules look up on every save (a serial or IMEI names one device, a SIM
    number one SIM), and the students list's order."""
    c = db.conn
    c.execute("CREATE INDEX idx_devices_serial ON devices(serial) WHERE serial != ''")
    c.execute("CREATE INDEX idx_devices_imei ON devices(imei) WHERE imei != ''")
    c.execute("CREATE INDEX idx_sims_number ON sims(number)")
    c.execute("CREATE INDEX idx_sims_iccid ON sims(iccid) WHERE iccid != ''")
    c.execute("CREATE INDEX idx_students_order ON students(class_name, search_key) WHERE _deleted = 0")


@migrations(name="0004_sync_notices")
def m0004_sync_notices(db: Database) -> None:
    """What the server (or an officer's acknowledgement) says about this device's records:
    refused out of scope, quarantined as invalid, or the same child at another school.
    Replaced per source at each sync; shown on the record and in the sync panel."""
    db.conn.execute(
        """CREATE TABLE sync_notices (
            id INTEGER PRIMARY KEY AUTOINCREMENT, source TEXT NOT NULL, kind TEXT NOT NULL,
            record_kind TEXT NOT NULL DEFAULT '', record_id TEXT NOT NULL DEFAULT '',
            reason TEXT NOT NULL DEFAULT '', detail TEXT NOT NULL DEFAULT '{}',
            received_at TEXT NOT NULL)"""
    )
    db.conn.execute("CREATE INDEX idx_sync_notices_record ON sync_notices(record_id)")


@migrations(name="0005_report_snapshots")
def m0005_report_snapshots(db: Database) -> None:
    """Submitted reports, frozen: the figures and the list behind them as JSON, numbered
    per unit and year ("12/BC-TH0001"), never edited, deleted or recomputed."""
    c = db.conn
    c.execute(
        """CREATE TABLE report_snapshots (
            id INTEGER PRIMARY KEY AUTOINCREMENT, unit_id TEXT NOT NULL DEFAULT '',
            unit_code TEXT NOT NULL, unit_name TEXT NOT NULL DEFAULT '', kind TEXT NOT NULL, year INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            number TEXT NOT NULL, period_start TEXT NOT NULL, period_end TEXT NOT NULL,
            submitted_at TEXT NOT NULL, submitted_by TEXT NOT NULL, data TEXT NOT NULL,
            digest TEXT NOT NULL, UNIQUE (unit_code, year, seq))"""
    )
    c.execute("CREATE INDEX idx_report_snapshots_kind ON report_snapshots(unit_code, kind, period_end)")
    c.execute(
        "CREATE TRIGGER report_snapshots_no_update BEFORE UPDATE ON report_snapshots "
        "BEGIN SELECT RAISE(ABORT, 'submitted reports are never edited'); END"
    )
    c.execute(
        "CREATE TRIGGER report_snapshots_no_delete BEFORE DELETE ON report_snapshots "
        "BEGIN SELECT RAISE(ABORT, 'submitted reports are never deleted'); END"
    )


@migrations(name="0006_placements_receipts")
def m0006_placements_receipts(db: Database) -> None:
    """Placement decisions (which school keeps a child active at two schools), addressed
    to both schools; an allocation's donations and the school's receipt of it; the
    allocation a device came with."""
    c = db.conn
    c.execute(
        f"""CREATE TABLE placements (
            id TEXT PRIMARY KEY, unit_id TEXT NOT NULL, school_year TEXT NOT NULL DEFAULT '',
            personal_id TEXT NOT NULL DEFAULT '', keep_unit_id TEXT NOT NULL DEFAULT '',
            keep_student_id TEXT NOT NULL DEFAULT '', release_unit_id TEXT NOT NULL DEFAULT '',
            release_student_id TEXT NOT NULL DEFAULT '', reason TEXT NOT NULL DEFAULT '',
            decided_by TEXT NOT NULL DEFAULT '', decided_at TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'decided', {SYNC_COLUMNS})"""
    )
    c.execute("CREATE INDEX idx_placements_rev ON placements(_inst, _ctr)")
    c.execute("CREATE INDEX idx_placements_keep ON placements(keep_student_id)")
    c.execute("CREATE INDEX idx_placements_release ON placements(release_student_id)")
    for col, default in (("donation_ids", "'[]'"), ("received_counts", "'{}'"), ("received_at", "''"),
                         ("received_by", "''"), ("receipt_note", "''")):
        c.execute(f"ALTER TABLE allocations ADD COLUMN {col} TEXT NOT NULL DEFAULT {default}")
    c.execute("ALTER TABLE devices ADD COLUMN allocation_id TEXT NOT NULL DEFAULT ''")
    c.execute("CREATE INDEX idx_devices_allocation ON devices(allocation_id) WHERE allocation_id != ''")


@migrations(name="0007_sync_ledgers")
def m0007_sync_ledgers(db: Database) -> None:
    """Named tables for what sync kept under ``meta`` prefixes: the bundle ledger (each
    USB bundle imported here — kept copy, sender, what it held — and, at an office, when it
    went up to the province and what the province answered) and the enrolment files an
    officer issued. The meta rows move into them."""
    c = db.conn
    c.execute(
        """CREATE TABLE bundle_ledger (
            id TEXT PRIMARY KEY, file TEXT NOT NULL DEFAULT '', kept TEXT NOT NULL DEFAULT '',
            received_at TEXT NOT NULL DEFAULT '', sender TEXT NOT NULL DEFAULT '',
            unit_id TEXT NOT NULL DEFAULT '', unit_code TEXT NOT NULL DEFAULT '',
            records INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL DEFAULT '',
            bundle TEXT NOT NULL DEFAULT '', carried INTEGER NOT NULL DEFAULT 0,
            checked INTEGER NOT NULL DEFAULT 0, relayed_at TEXT, relay_answer TEXT)"""
    )
    c.execute(
        """CREATE TABLE enrolment_files (
            id TEXT PRIMARY KEY, school TEXT NOT NULL, school_name TEXT NOT NULL DEFAULT '',
            issued_at TEXT NOT NULL, valid_until TEXT NOT NULL, file TEXT NOT NULL)"""
    )

    def rows(prefix: str) -> list[tuple[str, dict]]:
        out = []
        for key, value in c.execute("SELECT key, value FROM meta WHERE substr(key, 1, ?) = ?",
                                    (len(prefix), prefix)).fetchall():
            try:
                d = json.loads(value)
            except ValueError:
                d = {}
            out.append((key[len(prefix):], d if isinstance(d, dict) else {}))
        return out

    for bid, d in rows("bundle_received:"):
        c.execute(
            "INSERT INTO bundle_ledger (id, file, kept, received_at, sender, unit_id, unit_code, records,"
            " created_at, bundle, carried, checked) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (bid, str(d.get("file", "")), str(d.get("kept", "")), str(d.get("at", "")), str(d.get("sender", "")),
             str(d.get("unit_id", "")), str(d.get("unit_code", "")), int(d.get("records") or 0),
             str(d.get("created_at", "")), str(d.get("bundle", "")), int(bool(d.get("carried"))),
             int(bool(d.get("checked")))))
    for bid, d in rows("bundle_relayed:"):
        c.execute("INSERT OR IGNORE INTO bundle_ledger (id) VALUES (?)", (bid,))
        answer = {k: v for k, v in d.items() if k != "at"}
        c.execute("UPDATE bundle_ledger SET relayed_at=?, relay_answer=? WHERE id=?",
                  (str(d.get("at", "")), json.dumps(answer, ensure_ascii=False, default=str), bid))
    for fid, d in rows("enrolment_issued:"):
        c.execute("INSERT INTO enrolment_files (id, school, school_name, issued_at, valid_until, file)"
                  " VALUES (?,?,?,?,?,?)",
                  (fid, str(d.get("school", "")), str(d.get("school_name", "")), str(d.get("issued_at", "")),
                   str(d.get("valid_until", "")), str(d.get("file", ""))))
    for prefix in ("bundle_received:", "bundle_relayed:", "enrolment_issued:"):
        c.execute("DELETE FROM meta WHERE substr(key, 1, ?) = ?", (len(prefix), prefix))


@migrations(name="0008_submitted_reports")
def m0008_submitted_reports(db: Database) -> None:
    """The reports a unit submitted, as a synced record (``app.records.SubmittedReport``),
    so that they reach the province by sync or by stick; the local ``report_snapshots``
    stay as they are (``app.ops.reports.publish_submitted`` makes the records)."""
    c = db.conn
    c.execute(
        f"""CREATE TABLE submitted_reports (
            id TEXT PRIMARY KEY, unit_id TEXT NOT NULL, number TEXT NOT NULL DEFAULT '',
            report_kind TEXT NOT NULL DEFAULT '', unit_code TEXT NOT NULL DEFAULT '',
            unit_name TEXT NOT NULL DEFAULT '', period_start TEXT NOT NULL DEFAULT '',
            period_end TEXT NOT NULL DEFAULT '', submitted_at TEXT NOT NULL DEFAULT '',
            submitted_by TEXT NOT NULL DEFAULT '', data TEXT NOT NULL DEFAULT '',
            digest TEXT NOT NULL DEFAULT '', {SYNC_COLUMNS})"""
    )
    c.execute("CREATE INDEX idx_submitted_reports_rev ON submitted_reports(_inst, _ctr)")
    c.execute("CREATE INDEX idx_submitted_reports_unit ON submitted_reports(unit_id, submitted_at)")
