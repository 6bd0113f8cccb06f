"""The province's keys, in a file of their own (docs/security.md, "Keys and rotation").

The province's Ed25519 key signs acknowledgement bundles and delegations; its Curve25519
twin opens the USB bundles sealed to the province. Its private half lives in a key file
only the server's user may read (0600), never in the database: the table
``server_keys`` keeps each key's name and public half, so a server started with the
wrong key file, or none, refuses to start instead of making a new province key.

Where: ``SONGMAY_SERVER_KEY_FILE``; else, for a SQLite database, beside it (the same name,
``.key``: ``songmay-server.key``); else (PostgreSQL) ``songmay-server-<database>.key`` in
the server's data folder (``SONGMAY_SERVER_DATA_DIR`` or the user data folder). Set
``SONGMAY_SERVER_KEY_FILE`` in production: the key is the province's, not the host's.

Encrypted when ``SONGMAY_SERVER_KEY_PASSPHRASE`` is set as the file is made (or with
``songmay-server key passphrase``): the key is derived from the passphrase with argon2id
(``nacl.pwhash.argon2id.kdf``, its salt and limits kept in the file) and each private
key sealed with ``nacl.secret.SecretBox``. Opening it then needs that passphrase.

A database of the first versions holds the key in ``server_keys.secret``: at the first
start it is copied to the key file, then the column is blanked (SQLite: with
``secure_delete`` and the write-ahead log truncated, so its bytes leave the file).

Rotation (``songmay-server key rotate``): a new key becomes the current one (``server``);
the old one stays in the file as a secondary (``server@<when>``) that still opens
bundles sealed to it and signs the acknowledgements of the installations that last
sealed to it, until ``songmay-server key retire NAME``. Devices learn the new public key
from the ``server`` entry of the recipients in their next sync (or acknowledgement).

File format (JSON): ``{"format": "songmay-server-keys", "version": 1, "encryption": null |
{"kdf": "argon2id", "salt", "opslimit", "memlimit", "cipher": "xsalsa20-poly1305"},
"keys": [{"name", "public", "created_at", "retired_at", "seed" | "sealed"}]}``.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs
from nacl.exceptions import CryptoError
from nacl.pwhash import argon2id
from nacl.secret import SecretBox
from nacl.signing import SigningKey
from nacl.utils import random as random_bytes
from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import URL, Engine, make_url

from app.errors import SongMayError
from app.private_files import private_file, write_private
from server import schema as S
from sync.bundle import BundleError, open_bundle

log = logging.getLogger("songmay.server.keys")
ENV_FILE = "SONGMAY_SERVER_KEY_FILE"
ENV_PASSPHRASE = "SONGMAY_SERVER_KEY_PASSPHRASE"
CURRENT = "server"
FORMAT = "songmay-server-keys"
VERSION = 1
KDF_OPSLIMIT = argon2id.OPSLIMIT_MODERATE  # 3 passes
KDF_MEMLIMIT = 128 * 1024 * 1024  # 128 MiB, once per start
MAX_FILE = 1024 * 1024
_META = "province_key|"  # meta row: the province key an installation last sealed a bundle to


class KeyFileError(SongMayError):
    """The key file cannot be used: missing, damaged, another database's, or locked."""


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def data_dir() -> Path:
    env = os.environ.get("SONGMAY_SERVER_DATA_DIR")
    if env:
        return Path(env)

    return Path(platformdirs.user_data_dir("SongMayServer", appauthor=False))


def key_path(url: str | URL) -> Path:
    """Where the key file of the database ``url`` is (see the module's text)."""
    env = os.environ.get(ENV_FILE)
    if env:
        return Path(env)
    u = make_url(url) if isinstance(url, str) else url
    if u.get_backend_name() == "sqlite" and u.database and u.database != ":memory:" \
            and not u.database.startswith("file:"):
        return Path(u.database).with_suffix(".key")
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", u.database or "default") if u.database != ":memory:" else "memory"
    return data_dir() / f"songmay-server-{name}.key"


def fingerprint(public: str) -> str:
    """A short form of a public key to read aloud or compare: 4 groups of 4 hex digits."""
    return " ".join(public[i:i + 4] for i in range(0, 16, 4))


@dataclass(frozen=True)
class ProvinceKey:
    name: str
    key: SigningKey
    created_at: str
    retired_at: str = ""  # when it stopped being the current key

    @property
    def public(self) -> str:
        return bytes(self.key.verify_key).hex()


def _ordered(keys: list[ProvinceKey]) -> list[ProvinceKey]:
    """The current key first, then the secondaries, the most recently retired first."""
    current = [k for k in keys if k.name == CURRENT]
    return current + sorted((k for k in keys if k.name != CURRENT), key=lambda k: k.retired_at, reverse=True)


# ------------------------------------------------------------------ the file
_derived: dict[tuple[str, bytes, int, int], bytes] = {}  # derived keys, per process: a reload costs no KDF
_derived_lock = threading.Lock()


def _derive(passphrase: str, salt: bytes, opslimit: int, memlimit: int) -> bytes:
    k = (passphrase, salt, opslimit, memlimit)
    with _derived_lock:
        if k not in _derived:
            _derived[k] = argon2id.kdf(SecretBox.KEY_SIZE, passphrase.encode(), salt,
                                       opslimit=opslimit, memlimit=memlimit)
        return _derived[k]


class KeyFile:
    """One key file: read and written whole, atomically, 0600."""

    def __init__(self, path: str | os.PathLike, passphrase: str | None = None):
        self.path = Path(path)
        self.passphrase = passphrase if passphrase is not None else os.environ.get(ENV_PASSPHRASE) or None

    def exists(self) -> bool:
        return self.path.exists()

    def stamp(self) -> tuple[int, int, int] | None:
        try:
            st = self.path.stat()
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size, st.st_ino)

    def _doc(self) -> dict[str, Any]:
        try:
            raw = self.path.read_bytes()
        except OSError as e:
            raise KeyFileError("server.key_file_unreadable", path=str(self.path), detail=e.strerror or str(e)) from e
        private_file(self.path)  # made by hand, or by an older version: tightened
        if len(raw) > MAX_FILE:
            raise KeyFileError("server.key_file_damaged", path=str(self.path), reason="size")
        try:
            doc = json.loads(raw)
        except ValueError:
            raise KeyFileError("server.key_file_damaged", path=str(self.path), reason="JSON") from None
        if not isinstance(doc, dict) or doc.get("format") != FORMAT or not isinstance(doc.get("keys"), list):
            raise KeyFileError("server.key_file_damaged", path=str(self.path), reason="format")
        if not isinstance(doc.get("version"), int) or doc["version"] > VERSION:
            raise KeyFileError("server.key_file_newer", path=str(self.path), found=doc.get("version"))
        return doc

    def encrypted(self) -> bool:
        return self.exists() and bool(self._doc().get("encryption"))

    def read(self) -> list[ProvinceKey]:
        """The keys, the current one first; [] when there is no file."""
        if not self.exists():
            return []
        doc = self._doc()
        enc = doc.get("encryption")
        box = None
        if enc:
            if not isinstance(enc, dict) or enc.get("kdf") != "argon2id":
                raise KeyFileError("server.key_file_damaged", path=str(self.path), reason="encryption")
            if not self.passphrase:
                raise KeyFileError("server.key_passphrase_needed", path=str(self.path), env=ENV_PASSPHRASE)
            try:
                box = SecretBox(_derive(self.passphrase, bytes.fromhex(enc["salt"]), int(enc["opslimit"]),
                                        int(enc["memlimit"])))
            except (KeyError, ValueError, TypeError, CryptoError):
                raise KeyFileError("server.key_file_damaged", path=str(self.path), reason="encryption") from None
        out = []
        for entry in doc["keys"]:
            try:
                name, public = str(entry["name"]), str(entry["public"])
                if box is not None:
                    try:
                        seed = box.decrypt(bytes.fromhex(entry["sealed"]))
                    except CryptoError:
                        raise KeyFileError("server.key_passphrase_wrong", path=str(self.path),
                                           env=ENV_PASSPHRASE) from None
                else:
                    seed = bytes.fromhex(entry["seed"])
                key = SigningKey(seed)
            except KeyFileError:
                raise
            except (KeyError, ValueError, TypeError, CryptoError):
                raise KeyFileError("server.key_file_damaged", path=str(self.path), reason="key") from None
            if bytes(key.verify_key).hex() != public:
                raise KeyFileError("server.key_file_damaged", path=str(self.path), reason=f"key {name}")
            out.append(ProvinceKey(name, key, str(entry.get("created_at", "")), str(entry.get("retired_at", ""))))
        return _ordered(out)

    def write(self, keys: list[ProvinceKey], *, replace: bool = True, passphrase: str | None = None) -> bool:
        """Writes ``keys`` (encrypted with ``passphrase``, else with this file's; "" for
        none). ``replace=False``: only if there is no file yet (False when another
        process made it meanwhile)."""
        phrase = self.passphrase if passphrase is None else passphrase or None
        enc, box = None, None
        if phrase:
            salt = random_bytes(argon2id.SALTBYTES)
            enc = {"kdf": "argon2id", "salt": salt.hex(), "opslimit": KDF_OPSLIMIT, "memlimit": KDF_MEMLIMIT,
                   "cipher": "xsalsa20-poly1305"}
            box = SecretBox(_derive(phrase, salt, KDF_OPSLIMIT, KDF_MEMLIMIT))
        entries = []
        for k in keys:
            entry: dict[str, Any] = {"name": k.name, "public": k.public, "created_at": k.created_at,
                                     "retired_at": k.retired_at}
            if box is not None:
                entry["sealed"] = bytes(box.encrypt(bytes(k.key))).hex()
            else:
                entry["seed"] = bytes(k.key).hex()
            entries.append(entry)
        doc = {"format": FORMAT, "version": VERSION,
               "note": "The SongMay province's private keys. Keep this file secret and backed up apart from the "
                       "database; see docs/security.md.",
               "encryption": enc, "keys": entries}
        done = write_private(self.path, (json.dumps(doc, indent=1) + "\n").encode(), replace=replace)
        if done:
            self.passphrase = phrase
        return done


# ------------------------------------------------------------------ the server's keys
class ProvinceKeys:
    """The keys of one server database: its key file, checked against the public halves
    in ``server_keys`` and kept in memory (read again when the file changes: a rotation
    made by ``songmay-server key rotate`` reaches a running server)."""

    def __init__(self, engine: Engine, path: str | os.PathLike | None = None, passphrase: str | None = None):
        self.engine = engine
        self.file = KeyFile(path if path is not None else key_path(engine.url), passphrase)
        self._keys: list[ProvinceKey] = []
        self._stamp: tuple[int, int, int] | None = None
        self._lock = threading.RLock()
        self._opened = False

    # ---------------------------------------------------------- reading
    def keys(self) -> list[ProvinceKey]:
        """Every key held, the current one first."""
        with self._lock:
            if not self._opened:
                self.open()
            else:
                stamp = self.file.stamp()
                if stamp is not None and stamp != self._stamp:
                    self._keys, self._stamp = self.file.read(), stamp
            return list(self._keys)

    def get(self, name: str = CURRENT) -> ProvinceKey | None:
        return next((k for k in self.keys() if k.name == name), None)

    def signing_key(self, name: str = CURRENT) -> SigningKey:
        """The named key (the current one: ``server``); a name never seen is made now,
        kept in the file and its public half in the database (a retired key's name,
        ``server@…``, is never made)."""
        k = self.get(name)
        if k is not None:
            return k.key
        if "@" in name:
            raise KeyFileError("server.key_unknown", name=name)
        with self._lock:
            self._add(ProvinceKey(name, SigningKey.generate(), _now()))
            return self.get(name).key  # type: ignore[union-attr]

    def readers(self) -> list[ProvinceKey]:
        """The keys that open bundles sealed to the province: the current one, then the
        secondaries."""
        return self.keys()

    # ---------------------------------------------------------- opening
    def open(self) -> None:
        """Reads the file, moves a key still in the database into it, makes the current
        key if there is none anywhere, and checks that every public key the database
        knows is in the file (KeyFileError otherwise: the wrong file, or none)."""
        with self._lock:
            for _ in range(3):  # another process may make the file at the same moment
                if self._open_once():
                    self._opened = True
                    return
            raise KeyFileError("server.key_file_unreadable", path=str(self.file.path), detail="changing")

    def _open_once(self) -> bool:
        existed = self.file.exists()
        stamp = self.file.stamp()
        keys = self.file.read()
        with self.engine.connect() as conn:
            rows = conn.execute(select(S.server_keys)).all()
        by_public = {k.public for k in keys}
        names = {k.name for k in keys}
        changed = False
        for row in rows:
            secret = bytes(row.secret or b"")
            if not secret:
                continue
            try:
                key = SigningKey(secret)
            except (ValueError, TypeError, CryptoError):
                raise KeyFileError("server.key_file_damaged", path="server_keys", reason=row.name) from None
            public = bytes(key.verify_key).hex()
            if public in by_public:
                continue  # moved already (a start that stopped before blanking it)
            if row.name in names:  # the file has another key of that name: not this database's file
                raise KeyFileError("server.key_file_mismatch", path=str(self.file.path), name=row.name,
                                   fingerprint=fingerprint(public))
            keys.append(ProvinceKey(row.name, key, row.created_at or _now()))
            by_public.add(public)
            names.add(row.name)
            changed = True
        for row in rows:
            if row.public not in by_public:
                raise KeyFileError("server.key_file_mismatch" if existed else "server.key_file_missing",
                                   path=str(self.file.path), name=row.name, fingerprint=fingerprint(row.public))
        if CURRENT not in names:
            keys.insert(0, ProvinceKey(CURRENT, SigningKey.generate(), _now()))
            changed = True
        if changed:
            if existed:
                if self.file.stamp() != stamp:
                    return False  # changed meanwhile: read it again
                self.file.write(keys)
            elif not self.file.write(keys, replace=False):
                return False  # made by another process first: take that one
            log.info("key file written", extra={"path": str(self.file.path), "keys": len(keys),
                                                "encrypted": bool(self.file.passphrase)})
        self._sync_database(keys)
        self._keys = _ordered(keys)
        self._stamp = self.file.stamp()
        return True

    def _sync_database(self, keys: list[ProvinceKey]) -> None:
        """The database holds each key's name and public half, and no secret."""
        with self.engine.connect() as conn:
            rows = {r.name: r for r in conn.execute(select(S.server_keys)).all()}
        todo = [k for k in keys if k.name not in rows or rows[k.name].public != k.public]
        secrets_left = [n for n, r in rows.items() if r.secret]
        if not todo and not secrets_left:
            return
        sqlite = self.engine.dialect.name == "sqlite"
        with self.engine.begin() as conn:
            if sqlite and secrets_left:
                conn.exec_driver_sql("PRAGMA secure_delete=ON")  # freed bytes are zeroed
            for k in todo:
                if k.name in rows:
                    conn.execute(update(S.server_keys).where(S.server_keys.c.name == k.name)
                                 .values(public=k.public, secret=b""))
                else:
                    conn.execute(insert(S.server_keys).values(name=k.name, secret=b"", public=k.public,
                                                              created_at=k.created_at or _now()))
            if secrets_left:
                conn.execute(update(S.server_keys).where(S.server_keys.c.name.in_(secrets_left)).values(secret=b""))
        if secrets_left:
            if sqlite:  # outside any transaction: the old pages leave the write-ahead log
                raw = self.engine.raw_connection()
                try:
                    raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
                except Exception as e:  # noqa: BLE001 - busy: the next checkpoint overwrites them
                    log.warning("write-ahead log not truncated", extra={"error": str(e)})
                finally:
                    raw.close()
            log.warning("the province's private key was moved out of the database into its key file",
                        extra={"path": str(self.file.path), "keys": secrets_left})

    def _add(self, key: ProvinceKey) -> None:
        keys = self.file.read()
        if not any(k.name == key.name for k in keys):
            self.file.write([*keys, key])
        self._keys, self._stamp = self.file.read(), self.file.stamp()
        self._sync_database(self._keys)

    # ---------------------------------------------------------- changing
    def rotate(self) -> tuple[ProvinceKey, ProvinceKey]:
        """A new current key; the old one kept as ``server@<when>``. (new, old)."""
        with self._lock:
            keys = self.keys()
            old = next(k for k in keys if k.name == CURRENT)
            now = _now()
            stamp = now.replace("-", "").replace(":", "").replace("+0000", "Z")[:15]
            retired = ProvinceKey(f"{CURRENT}@{stamp}", old.key, old.created_at, now)
            n = 1
            while any(k.name == retired.name for k in keys):
                n += 1
                retired = ProvinceKey(f"{CURRENT}@{stamp}-{n}", old.key, old.created_at, now)
            new = ProvinceKey(CURRENT, SigningKey.generate(), now)
            self.file.write([new, retired, *(k for k in keys if k.name != CURRENT)])  # the file first
            self._keys, self._stamp = self.file.read(), self.file.stamp()
            self._sync_database(self._keys)
        log.info("the province's key was rotated", extra={"new": fingerprint(new.public),
                                                             "old": fingerprint(old.public), "kept_as": retired.name})
        return new, retired

    def retire(self, name: str) -> ProvinceKey:
        """Forgets a secondary key: bundles sealed to it can no longer be opened."""
        with self._lock:
            keys = self.keys()
            if name == CURRENT:
                raise KeyFileError("server.key_current", name=name)
            gone = next((k for k in keys if k.name == name), None)
            if gone is None:
                raise KeyFileError("server.key_unknown", name=name)
            with self.engine.begin() as conn:  # the database first: a file with one key more is harmless
                conn.execute(delete(S.server_keys).where(S.server_keys.c.name == name))
                conn.execute(delete(S.meta).where(S.meta.c.key.startswith(_META, autoescape=True),
                                                  S.meta.c.value == gone.public))
            self.file.write([k for k in keys if k.name != name])
            self._keys, self._stamp = self.file.read(), self.file.stamp()
        log.info("a province key was retired", extra={"key_name": name, "key": fingerprint(gone.public)})
        return gone

    def set_passphrase(self, passphrase: str) -> None:
        """Writes the file again encrypted with ``passphrase`` ("" : in clear)."""
        with self._lock:
            keys = self.keys()
            self.file.write(keys, passphrase=passphrase)
            self._stamp = self.file.stamp()

    # ---------------------------------------------------------- who sealed to which key
    def opened_with(self, device_id: str, key: ProvinceKey) -> None:
        """Remembers which key an installation's bundle was sealed to (a secondary one:
        it has not learnt the new key yet), so its acknowledgement is signed by a key it
        knows; the current key forgets it."""
        k = f"{_META}{device_id}"
        with self.engine.begin() as conn:
            row = conn.execute(select(S.meta.c.value).where(S.meta.c.key == k)).first()
            if key.name == CURRENT:
                if row is not None:
                    conn.execute(delete(S.meta).where(S.meta.c.key == k))
            elif row is None:
                conn.execute(insert(S.meta).values(key=k, value=key.public))
            elif row.value != key.public:
                conn.execute(update(S.meta).where(S.meta.c.key == k).values(value=key.public))

    def key_for(self, device_id: str) -> SigningKey:
        """The key to sign an installation's acknowledgement with: the secondary its last
        bundle was sealed to while the province still holds it, else the current one."""
        with self.engine.connect() as conn:
            row = conn.execute(select(S.meta.c.value).where(S.meta.c.key == f"{_META}{device_id}")).first()
        keys = self.keys()
        if row is not None:
            held = next((k for k in keys if k.public == row.value), None)
            if held is not None:
                return held.key
        return keys[0].key

    def users(self) -> dict[str, int]:
        """Public key → how many installations last sealed a bundle to it (secondaries)."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(S.meta.c.value).where(S.meta.c.key.startswith(_META, autoescape=True))).all()
        out: dict[str, int] = {}
        for r in rows:
            out[r.value] = out.get(r.value, 0) + 1
        return out

    def describe(self) -> dict[str, Any]:
        """What ``songmay-server key show`` prints."""
        users = self.users()
        return {"file": str(self.file.path), "encrypted": bool(self.file.encrypted()),
                "keys": [{"name": k.name, "public_key": k.public, "fingerprint": fingerprint(k.public),
                          "created_at": k.created_at, "retired_at": k.retired_at, "current": k.name == CURRENT,
                          "installations": users.get(k.public, 0) if k.name != CURRENT else None}
                         for k in self.keys()]}


def open_as_province(keys: ProvinceKeys, data: bytes, **opener: Any) -> tuple[Any, ProvinceKey]:
    """``sync.bundle.open_bundle`` for the reader ``server`` with each key the province
    holds, the current one first: (the bundle, the key that opened it). A bundle none
    opens is refused as the current key's refusal."""
    first: BundleError | None = None
    for k in keys.readers():
        try:
            return open_bundle(data, reader_id=CURRENT, reader_key=k.key, **opener), k
        except BundleError as e:
            if e.key != "bundle.key_mismatch":
                raise
            first = first or e
    assert first is not None
    raise first

