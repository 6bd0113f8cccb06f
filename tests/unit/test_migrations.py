"""Schema migrations: upgrade an old file with a backup, refuse newer or broken files."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from app.db import open_database
from app.errors import StoreError
from app.migrations import known_names
from app.records import Student
from app.store import Store

FIXTURES = Path(__file__).parent.parent / "fixtures"


def copy_fixture(name: str, data_dir: Path) -> Path:
    target = data_dir / "songmay.db"
    shutil.copy(FIXTURES / name, target)
    return target


def test_fresh_database_has_every_migration(data_dir):
    with Store.open(data_dir) as s:
        names = [r[0] for r in s.conn.execute("SELECT name FROM _sqlite_migrations ORDER BY rowid")]
        assert names == known_names()
        assert s.conn.execute("PRAGMA user_version").fetchone()[0] == len(known_names())
    assert not (data_dir / "backups").exists()  # nothing to back up on a new file


@pytest.mark.parametrize("schema, first_pending", [(1, "0002_sync_state"), (2, "0003_lookup_indexes"),
                                                   (3, "0004_sync_notices"), (4, "0005_report_snapshots"),
                                                   (5, "0006_placements_receipts"), (6, "0007_sync_ledgers")])
def test_upgrade_from_every_earlier_schema_keeps_data_and_makes_backup(data_dir, schema, first_pending):
    copy_fixture(f"songmay-schema{schema}.db", data_dir)
    with Store.open(data_dir) as s:
        st = s.get(Student, "6a1f7c3e-0000-4000-8000-000000000002")
        assert st.full_name == "Lò Thị Ánh"
        assert s.unit().code == "TH0001"
        assert s.counter == 2
        # every later table and index exists now
        s.conn.execute("SELECT count(*) FROM conflicts").fetchone()
        s.conn.execute("SELECT count(*) FROM sync_runs").fetchone()
        indexes = {r[0] for r in s.conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
        assert {"idx_devices_serial", "idx_students_order"} <= indexes
        assert s.conn.execute("PRAGMA user_version").fetchone()[0] == len(known_names())
        # a file from elsewhere is a copy: it gets its own instance ID
        assert s.instance_id != "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
        assert s.search_students("lo thi anh")[0].id == st.id
        # and it is writable as usual
        st.class_name = "4A"
        s.save(st, "upgrade-test")
    backups = list((data_dir / "backups").glob(f"songmay-*-before-{first_pending}.db"))
    assert len(backups) == 1
    old = sqlite3.connect(backups[0])
    applied = [r[0] for r in old.execute("SELECT name FROM _sqlite_migrations ORDER BY rowid")]
    assert applied == known_names()[:schema]
    assert old.execute("SELECT full_name FROM students").fetchone()[0] == "Lò Thị Ánh"
    old.close()
    # opening again migrates nothing and backs up nothing more
    with Store.open(data_dir):
        pass
    assert len(list((data_dir / "backups").glob("*.db"))) == 1


def test_a_fixture_exists_for_every_earlier_schema():
    for n in range(1, len(known_names())):
        assert (FIXTURES / f"songmay-schema{n}.db").exists(), f"add a fixture for schema {n}"


def test_newer_database_is_refused_untouched(data_dir):
    with Store.open(data_dir):
        pass
    conn = sqlite3.connect(data_dir / "songmay.db")
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('songmay', '0099_from_the_future', '2030-01-01')")
    conn.commit()
    conn.close()
    before = (data_dir / "songmay.db").read_bytes()
    with pytest.raises(StoreError) as e:
        Store.open(data_dir)
    assert e.value.key == "store.too_new"
    assert "0099_from_the_future" in e.value.message("en")
    assert "phiên bản SongMay mới hơn" in e.value.message("vi")
    assert (data_dir / "songmay.db").read_bytes() == before


def test_file_that_is_not_a_database_is_refused(data_dir):
    (data_dir / "songmay.db").write_bytes(b"this is a spreadsheet, not a database" * 100)
    with pytest.raises(StoreError) as e:
        open_database(data_dir)
    assert e.value.key == "store.corrupt"
    assert (data_dir / "songmay.db").read_bytes().startswith(b"this is a spreadsheet")


def test_damaged_database_is_refused(data_dir):
    with Store.open(data_dir) as s:
        s.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    path = data_dir / "songmay.db"
    raw = bytearray(path.read_bytes())
    for i in range(8192, min(len(raw), 65536)):  # scribble over pages after the header
        raw[i] = 0x5A
    path.write_bytes(bytes(raw))
    with pytest.raises(StoreError) as e:
        open_database(data_dir)
    assert e.value.key == "store.corrupt"


@pytest.fixture
def read_only_folder(tmp_path):
    """A folder nobody may write into: chmod for a normal user; as root (who ignores
    permissions) the immutable attribute, which binds root too."""
    import os
    import subprocess

    folder = tmp_path / "ro"
    folder.mkdir()
    if os.geteuid() != 0:
        folder.chmod(0o500)
        yield folder
        folder.chmod(0o700)
        return
    done = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot make a read-only folder as root here: {done.stderr.strip()}")
    yield folder
    subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_read_only_folder_is_reported(read_only_folder, capsys):
    from songmay.cli import main

    with pytest.raises(StoreError) as e:
        open_database(read_only_folder)
    assert e.value.key == "store.read_only"
    assert main(["status", "--data-dir", str(read_only_folder)]) == 1
    err = capsys.readouterr().err
    assert "chỉ đọc" in err and str(read_only_folder) in err
    assert not (read_only_folder / "songmay.db").exists()


def test_storage_errors_are_translated():
    import errno

    from app.db import translate_os_error

    p = Path("/x")
    assert translate_os_error(OSError(errno.ENOSPC, "No space left on device"), p).key == "store.disk_full"
    assert translate_os_error(sqlite3.OperationalError("database or disk is full"), p).key == "store.disk_full"
    assert translate_os_error(OSError(errno.EROFS, "Read-only file system"), p).key == "store.read_only"
    read_only = sqlite3.OperationalError("attempt to write a readonly database")
    assert translate_os_error(read_only, p).key == "store.read_only"
    assert translate_os_error(sqlite3.DatabaseError("file is not a database"), p).key == "store.corrupt"
    assert translate_os_error(ValueError("other"), p) is None


def test_full_disk_during_save_keeps_earlier_data(store, monkeypatch):
    """A write that fails for lack of space says so, and what was saved stays saved."""
    from tests.helpers import factories as f

    f.student(store)
    # SQLite stops growing the file past max_page_count: the same error as a full disk
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count={pages}")
    with pytest.raises(StoreError) as e:
        for i in range(2000):
            f.student(store, full_name=f"Hà Văn Số {i}", sex="M", covid_note="x" * 500)
    assert e.value.key == "store.disk_full"
    assert "Ổ đĩa đã đầy" in e.value.message()
    store.conn.execute("PRAGMA max_page_count=1073741823")
    assert store.search_students("nguyen thi anh")[0].full_name == "Nguyễn Thị Ánh"


def test_app_opens_without_full_check_then_verifies(data_dir):
    """The desktop app opens fast (no full-file check) and checks right after: the same
    damage is still reported, as the same known error."""
    with Store.open(data_dir) as s:
        from tests.helpers import factories as f

        s.set_unit(__import__("app.records", fromlist=["Unit"]).Unit(
            code="TH1", name="Trường TH", level="TH", commune_code="03388"), "t")
        for i in range(300):
            f.student(s, full_name=f"Lò Văn {i}", sex="M", covid_note="x" * 200)
        s.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    path = data_dir / "songmay.db"
    raw = bytearray(path.read_bytes())
    for i in range(len(raw) // 2, len(raw) // 2 + 8192):
        raw[i] = 0x5A
    path.write_bytes(bytes(raw))
    try:
        s = Store.open(data_dir, verify=False)
    except StoreError as e:  # the damage may already show on opening
        assert e.key == "store.corrupt"
        return
    with pytest.raises(StoreError) as e:
        s.verify()
    assert e.value.key == "store.corrupt"
    s.close()


def test_sync_ledgers_take_the_meta_rows_of_schema_6(data_dir):
    """0007: the bundle ledger and the issued enrolment files leave ``meta`` for their tables."""
    from app import sync_state

    copy_fixture("songmay-schema6.db", data_dir)
    with Store.open(data_dir) as store:
        (entry,) = sync_state.received_bundles(store)
        assert entry["id"] == "9c" * 32 and entry["file"] == "TH0001_0f1e2d3c_20250905-0900.smb"
        assert entry["at"] == "2025-09-05T09:00:00+00:00" and entry["records"] == 2 and entry["unit_code"] == "TH0001"
        assert entry["relayed"] == "2025-09-06T10:00:00+00:00"
        assert entry["relay_answer"] == {"inserted": 2, "updated": 0}
        assert not entry["carried"]
        (issued,) = sync_state.issued_files(store)
        assert issued["school"] == "TH0001" and issued["file"] == "TH0001_g-1.sme"
        left = store.conn.execute(
            "SELECT count(*) FROM meta WHERE key LIKE 'bundle_%' OR key LIKE 'enrolment_issued:%'")
        assert left.fetchone()[0] == 0
