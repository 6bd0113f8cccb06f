"""The backup and the restore drill of docs/deploy.md (deploy/bin/songmay-backup,
songmay-restore-drill) against a real PostgreSQL holding a server's database: a backup is
made, read back and kept private; the drill restores it into a scratch database, compares it
with the live one and drops it; a damaged or stale backup fails the drill."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import uuid

import psycopg
import pytest

from server.storage import ServerStore
from tests.helpers.servers import ROOT, postgres_unavailable, start_postgres

pytestmark = pytest.mark.deploy
BIN = ROOT / "deploy" / "bin"


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    reason = postgres_unavailable() or next((f"{t} is not installed" for t in
                                             ("pg_dump", "pg_restore", "psql", "createdb", "dropdb")
                                             if shutil.which(t) is None), None)
    if reason:
        if os.environ.get("SONGMAY_REQUIRE_POSTGRES") or os.environ.get("SONGMAY_REQUIRE_DEPLOY"):
            pytest.fail(f"the backup test must run here but: {reason}")
        pytest.skip(reason)
    pg = start_postgres()
    folder = tmp_path_factory.mktemp("backup")
    name = f"songmay_{uuid.uuid4().hex[:10]}"
    url = pg.create_database(name)
    os.environ["SONGMAY_SERVER_KEY_FILE"] = str(folder / "province.key")
    try:
        store = ServerStore.open(url)
        for i in range(3):
            store.add_unit(f"THBK{i}", f"Trường TH Bản Khoang {i}", level="TH", commune_code="03388")
        store.close()
        env = {**os.environ, "PGHOST": "127.0.0.1", "PGPORT": str(pg.port), "PGUSER": "postgres",
               "PGDATABASE": name, "SONGMAY_BACKUP_DIR": str(folder / "backups")}
        yield url, env, folder / "backups"
    finally:
        os.environ.pop("SONGMAY_SERVER_KEY_FILE", None)
        pg.stop()


def run(script: str, env: dict, **extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / script)], env={**env, **extra}, capture_output=True, text=True, timeout=120)


def databases(url: str) -> list[str]:
    with psycopg.connect(url) as conn:
        return [r[0] for r in conn.execute("SELECT datname FROM pg_database")]


def test_a_backup_is_made_kept_private_and_restores_in_the_drill(live):
    url, env, folder = live
    made = run("songmay-backup", env)
    assert made.returncode == 0, made.stderr
    dumps = sorted(folder.glob("songmay-*.dump"))
    assert len(dumps) == 1 and (folder / "LAST_OK").exists()
    assert stat.S_IMODE(dumps[0].stat().st_mode) == 0o600
    assert not list(folder.glob(".*partial"))

    store = ServerStore.open(url)
    store.add_unit("THBK9", "Trường TH Bản Khoang 9", level="TH", commune_code="03388")
    store.close()
    drill = run("songmay-restore-drill", env)  # the live database has grown since: still good
    assert drill.returncode == 0, drill.stdout + drill.stderr
    assert "songmay-restore-drill: ok" in drill.stdout
    units = next(line for line in drill.stdout.splitlines() if line.startswith("units "))
    assert units.split()[1:5] == ["backup", "3", "live", "4"]
    assert not [d for d in databases(url) if d.startswith("songmay_drill_")]  # dropped


def test_a_damaged_or_stale_backup_fails_the_drill(live):
    url, env, folder = live
    assert run("songmay-backup", env).returncode == 0
    newest = max(folder.glob("songmay-*.dump"), key=lambda p: p.stat().st_mtime)
    stale = run("songmay-restore-drill", env, SONGMAY_DRILL_MAX_AGE_H="0")
    assert stale.returncode == 3 and "hours old" in stale.stderr
    newest.write_bytes(newest.read_bytes()[: newest.stat().st_size // 2])  # cut in the middle
    damaged = run("songmay-restore-drill", env)
    assert damaged.returncode != 0
    assert not [d for d in databases(url) if d.startswith("songmay_drill_")]  # dropped all the same
