"""Secrets at rest (docs/security.md): databases, their -wal/-shm and key files 0600, data
folders 0700; the province's private key in a key file of its own (moved out of an old
database once, optionally encrypted with a passphrase), rotated with the old key kept
to open bundles sealed to it; devices take the new key from the server's word."""

from __future__ import annotations

import json
import os
import sqlite3
import stat

import pytest
from alembic import command
from alembic.config import Config
from nacl.signing import SigningKey

from app import changes, sync_state
from app.errors import SongMayError
from app.private_files import mode
from app.records import Unit
from app.store import Store
from server import keys as K
from server import schema as S
from server.cli import main
from server.storage import MIGRATIONS, ServerStore, make_engine
from sync import keys as device_keys

posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes: POSIX (Windows: the profile's ACLs)")


def _secrets(db) -> list[bytes]:
    con = sqlite3.connect(db)
    try:
        return [bytes(r[0]) for r in con.execute("SELECT secret FROM server_keys")]
    finally:
        con.close()


def _file_bytes(db) -> bytes:
    return b"".join(p.read_bytes() for p in db.parent.glob(db.name + "*") if p.is_file())


# ------------------------------------------------------------------ modes
@posix_only
def test_a_new_server_database_key_file_and_data_folder_are_private(tmp_path, capsys):
    data = tmp_path / "server-data"
    assert main(["status", "--json", "--data-dir", str(data)]) == 0
    capsys.readouterr()
    assert mode(data) == 0o700
    assert mode(data / "songmay-server.db") == 0o600
    assert mode(data / "songmay-server.key") == 0o600
    store = ServerStore.open(f"sqlite:///{data / 'songmay-server.db'}")
    try:
        store.add_account("so.gddt", "province", "mật khẩu đủ dài")  # a write: the -wal and -shm exist now
        companions = [p for p in data.iterdir() if p.name.startswith("songmay-server.db-")]
        assert {p.name for p in companions} >= {"songmay-server.db-wal", "songmay-server.db-shm"}
        assert all(mode(p) == 0o600 for p in companions)
    finally:
        store.close()
    assert all(not s for s in _secrets(data / "songmay-server.db"))  # no private key in the database


@posix_only
def test_an_older_server_folder_and_files_are_tightened_at_open(tmp_path, capsys):
    data = tmp_path / "old"
    assert main(["status", "--data-dir", str(data)]) == 0
    capsys.readouterr()
    os.chmod(data, 0o755)
    for p in data.iterdir():
        os.chmod(p, 0o644)
    assert main(["status", "--data-dir", str(data)]) == 0
    assert mode(data) == 0o700
    assert all(mode(p) == 0o600 for p in data.iterdir())


@posix_only
def test_a_database_given_by_path_keeps_a_shared_folder_as_it_is(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    os.chmod(shared, 0o755 | stat.S_ISVTX)  # a sticky folder, as /tmp
    store = ServerStore.open(f"sqlite:///{shared / 'songmay-server.db'}")
    store.close()
    assert mode(shared) == 0o755 | stat.S_ISVTX
    assert mode(shared / "songmay-server.db") == 0o600 and mode(shared / "songmay-server.key") == 0o600


@posix_only
def test_a_device_database_and_its_folder_are_private(tmp_path):
    folder = tmp_path / "SongMay"
    s = Store.open(folder)
    try:
        s.set_unit(Unit(code="TH0001", name="Trường PTDTBT TH Nậm Cha", level="TH", commune_code="03388"), "gv")
        device_keys.signing_key(s)  # the signing seed is in the database
        assert mode(folder) == 0o700
        files = [p for p in folder.iterdir() if p.name.startswith("songmay.db")]
        assert {p.name for p in files} >= {"songmay.db", "songmay.db-wal", "songmay.db-shm"}
        assert all(mode(p) == 0o600 for p in files), {p.name: oct(mode(p)) for p in files}
    finally:
        s.close()
    os.chmod(folder, 0o755)
    os.chmod(folder / "songmay.db", 0o644)  # as versions before this one made them
    Store.open(folder).close()
    assert mode(folder) == 0o700 and mode(folder / "songmay.db") == 0o600


# ------------------------------------------------------------------ the key leaves the database
def _old_layout(db) -> SigningKey:
    """A server database as the first versions left it: schema 0001, the province's private
    key in ``server_keys.secret``."""
    engine = make_engine(f"sqlite:///{db}")
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        key = SigningKey.generate()
        conn.execute(S.server_keys.insert().values(name="server", secret=bytes(key),
                                                   public=bytes(key.verify_key).hex(),
                                                   created_at="2026-01-01T00:00:00+00:00"))
    engine.dispose()
    return key


def test_the_key_of_an_old_database_moves_to_its_own_file_once(tmp_path):
    db = tmp_path / "songmay-server.db"
    old = _old_layout(db)
    assert bytes(old) in _file_bytes(db)
    store = ServerStore.open(f"sqlite:///{db}")
    try:
        assert store.public_key() == bytes(old.verify_key).hex()  # the same province: devices notice nothing
        assert bytes(store.signing_key()) == bytes(old)
        with store.engine.connect() as conn:
            rows = conn.execute(S.server_keys.select()).all()
        assert [(r.name, bytes(r.secret), r.public) for r in rows] == [("server", b"", bytes(old.verify_key).hex())]
    finally:
        store.close()
    assert bytes(old) not in _file_bytes(db)  # its bytes are gone from the file (secure_delete, WAL truncated)
    doc = json.loads((tmp_path / "songmay-server.key").read_text())
    assert doc["format"] == "songmay-server-keys" and doc["keys"][0]["seed"] == bytes(old).hex()
    again = ServerStore.open(f"sqlite:///{db}")  # the second start changes nothing
    assert again.public_key() == bytes(old.verify_key).hex()
    again.close()


def test_a_missing_or_foreign_key_file_is_refused_in_words_not_replaced(tmp_path, capsys):
    db = tmp_path / "songmay-server.db"
    store = ServerStore.open(f"sqlite:///{db}")
    public = store.public_key()
    store.close()
    keyfile = tmp_path / "songmay-server.key"
    kept = keyfile.read_bytes()
    keyfile.unlink()
    with pytest.raises(K.KeyFileError) as e:
        ServerStore.open(f"sqlite:///{db}")
    assert e.value.key == "server.key_file_missing" and K.fingerprint(public) in e.value.message("en")
    assert not keyfile.exists()  # no new province key made behind the operator's back
    assert main(["status", "--db", f"sqlite:///{db}"]) == 1
    err = capsys.readouterr().err
    assert "Không thấy tệp khoá" in err and "Traceback" not in err

    other = ServerStore.open(f"sqlite:///{tmp_path / 'other.db'}")  # another server's key file
    other.close()
    (tmp_path / "other.key").rename(keyfile)
    with pytest.raises(K.KeyFileError) as e:
        ServerStore.open(f"sqlite:///{db}")
    assert e.value.key == "server.key_file_mismatch"
    keyfile.write_bytes(kept)
    assert ServerStore.open(f"sqlite:///{db}").public_key() == public


def test_the_key_file_can_be_put_elsewhere(tmp_path, monkeypatch):
    monkeypatch.setenv(K.ENV_FILE, str(tmp_path / "secrets" / "province.key"))
    store = ServerStore.open(f"sqlite:///{tmp_path / 'db' / 'songmay-server.db'}")
    store.close()
    assert (tmp_path / "secrets" / "province.key").exists()
    assert not (tmp_path / "db" / "songmay-server.key").exists()
    assert K.key_path("postgresql://u@h/songmay") == tmp_path / "secrets" / "province.key"
    monkeypatch.delenv(K.ENV_FILE)
    monkeypatch.setenv("SONGMAY_SERVER_DATA_DIR", str(tmp_path / "sd"))
    assert K.key_path("postgresql+psycopg://u@h:5432/songmay") == tmp_path / "sd" / "songmay-server-songmay.key"


# ------------------------------------------------------------------ a passphrase
def test_an_encrypted_key_file_opens_only_with_its_passphrase(tmp_path, monkeypatch, capsys):
    db = tmp_path / "songmay-server.db"
    monkeypatch.setenv(K.ENV_PASSPHRASE, "cụm mật khẩu của tỉnh Lai Châu")
    store = ServerStore.open(f"sqlite:///{db}")
    public, seed = store.public_key(), bytes(store.signing_key())
    store.close()
    raw = (tmp_path / "songmay-server.key").read_text()
    doc = json.loads(raw)
    assert doc["encryption"]["kdf"] == "argon2id" and "seed" not in doc["keys"][0]
    assert seed.hex() not in raw and public in raw  # the public half stays readable
    assert ServerStore.open(f"sqlite:///{db}").public_key() == public

    K._derived.clear()
    monkeypatch.setenv(K.ENV_PASSPHRASE, "not the passphrase")
    with pytest.raises(K.KeyFileError) as e:
        ServerStore.open(f"sqlite:///{db}")
    assert e.value.key == "server.key_passphrase_wrong"
    assert "wrong passphrase" in e.value.message("en") and "sai mật khẩu" in e.value.message("vi")
    assert main(["status", "--db", f"sqlite:///{db}", "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert "wrong passphrase" in err and "Traceback" not in err
    monkeypatch.delenv(K.ENV_PASSPHRASE)
    with pytest.raises(K.KeyFileError) as e:
        ServerStore.open(f"sqlite:///{db}")
    assert e.value.key == "server.key_passphrase_needed" and K.ENV_PASSPHRASE in e.value.message("en")


def test_a_passphrase_is_set_and_removed_with_the_cli(tmp_path, monkeypatch, capsys):
    import io
    import sys

    d = ["--data-dir", str(tmp_path)]
    assert main(["status", *d]) == 0
    public = json.loads((tmp_path / "songmay-server.key").read_text())["keys"][0]["public"]
    monkeypatch.setattr(sys, "stdin", io.StringIO("một cụm mật khẩu mới\n"))
    assert main(["key", "passphrase", "--passphrase-stdin", *d]) == 0
    assert json.loads((tmp_path / "songmay-server.key").read_text())["encryption"]
    capsys.readouterr()
    assert main(["status", *d]) == 1  # no passphrase given now
    assert K.ENV_PASSPHRASE in capsys.readouterr().err
    monkeypatch.setenv(K.ENV_PASSPHRASE, "một cụm mật khẩu mới")
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n"))
    assert main(["key", "passphrase", "--passphrase-stdin", *d]) == 0
    doc = json.loads((tmp_path / "songmay-server.key").read_text())
    assert doc["encryption"] is None and doc["keys"][0]["public"] == public


# ------------------------------------------------------------------ rotation
def _school_bundle(tmp_path, province_public: str) -> tuple[bytes, dict]:
    """A school's bundle sealed to the province key ``province_public`` and the entry the
    server knows its installation by."""
    from sync.bundle import seal
    from sync.protocol import encode_batch

    school = Store.open(tmp_path / "school")
    try:
        school.set_unit(Unit(code="TH0001", name="Trường PTDTBT TH Nậm Cha", level="TH", commune_code="03388"), "gv")
        picked = [ch for batch in changes.changes_since(school, {}) for ch in batch]
        chunks, _m = seal(
            [encode_batch(picked)], sender_key=device_keys.signing_key(school),
            sender={"instance": school.instance_id, "unit_id": school.unit_id, "unit_code": "TH0001",
                    "unit_name": ""},
            readers=[{"id": "server", "kind": "server", "unit_code": "", "public_key": province_public}],
            summary={}, since={}, scope="*|*", records=len(picked) - 1, kinds={},
            created_at="2026-12-01T00:00:00+00:00", app_version="test")
        entry = {"id": school.instance_id, "unit_id": school.unit_id, "unit_code": "TH0001",
                 "public_key": device_keys.public_key_hex(school), "revoked": False}
    finally:
        school.close()
    return b"".join(chunks), entry


def test_rotation_keeps_the_old_key_to_open_bundles_sealed_to_it_until_retired(tmp_path, capsys):
    from sync.bundle import BundleError

    d = ["--data-dir", str(tmp_path)]
    db = f"sqlite:///{tmp_path / 'songmay-server.db'}"
    store = ServerStore.open(db)
    old = store.public_key()
    sealed_to_old, school = _school_bundle(tmp_path, old)
    assert main(["key", "rotate", *d]) == 0
    out = capsys.readouterr().out
    name = next(k["name"] for k in store.province_keys.describe()["keys"] if not k["current"])
    assert name in out and name.startswith("server@")

    # the running store reads the file again: the new key is the province's from now on
    new = store.public_key()
    assert new != old and store.public_key(name) == old
    if os.name == "posix":
        assert mode(tmp_path / "songmay-server.key") == 0o600
    with store.engine.connect() as conn:
        rows = {r.name: (r.public, bytes(r.secret)) for r in conn.execute(S.server_keys.select())}
    assert rows == {"server": (new, b""), name: (old, b"")}

    b, key = K.open_as_province(store.province_keys, sealed_to_old, devices=[school])
    assert key.name == name and b.sender["id"] == school["id"]
    store.province_keys.opened_with(school["id"], key)
    assert bytes(store.province_keys.key_for(school["id"]).verify_key).hex() == old  # its ack: a key it knows
    assert main(["key", "show", "--json", *d]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert [(k["name"], k["current"], k["installations"]) for k in shown["keys"]] == [
        ("server", True, None), (name, False, 1)]

    sealed_to_new, school2 = _school_bundle(tmp_path / "2", new)
    _b, key2 = K.open_as_province(store.province_keys, sealed_to_new, devices=[school2])
    assert key2.name == "server"

    capsys.readouterr()
    assert main(["key", "retire", "server", *d]) == 1
    assert "khoá hiện hành" in capsys.readouterr().err
    assert main(["key", "retire", name, *d]) == 0
    with pytest.raises(BundleError) as e:
        K.open_as_province(store.province_keys, sealed_to_old, devices=[school])
    assert e.value.key == "bundle.key_mismatch"
    assert bytes(store.province_keys.key_for(school["id"]).verify_key).hex() == new
    store.close()
    again = ServerStore.open(db)
    assert again.public_key() == new and [k.name for k in again.province_keys.keys()] == ["server"]
    again.close()


def test_a_device_takes_the_new_province_key_from_the_servers_word(tmp_path):
    s = Store.open(tmp_path / "device")
    try:
        s.set_unit(Unit(code="TH0001", name="Trường PTDTBT TH Nậm Cha", level="TH", commune_code="03388"), "gv")
        old, new = (bytes(SigningKey.generate().verify_key).hex() for _ in range(2))
        sync_state.save_enrolment(s, sync_state.Enrolment(
            url="http://127.0.0.1:9", token="t", device_id=s.instance_id, unit_id=s.unit_id, unit_code="TH0001",
            scope=[s.unit_id], server_key=old))
        sync_state.save_keys(s, [{"id": "server", "kind": "server", "unit_code": "", "public_key": "zz" * 32}], None)
        assert sync_state.enrolment(s).server_key == old  # not a key: ignored
        sync_state.save_keys(s, [{"id": "server", "kind": "server", "unit_code": "", "public_key": new}], None)
        assert sync_state.enrolment(s).server_key == new
    finally:
        s.close()


def test_signing_key_names(tmp_path):
    store = ServerStore.open(f"sqlite:///{tmp_path / 's.db'}")
    try:
        other = store.signing_key("web-console")  # a named key is made on first use, kept in the file
        assert bytes(store.signing_key("web-console")) == bytes(other)
        with pytest.raises(SongMayError) as e:
            store.signing_key("server@20260101T000000")  # a retired name is never made
        assert e.value.key == "server.key_unknown"
    finally:
        store.close()
    again = ServerStore.open(f"sqlite:///{tmp_path / 's.db'}")
    assert bytes(again.signing_key("web-console")) == bytes(other)
    again.close()
