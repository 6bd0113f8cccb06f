"""``songmay enrol --ca`` (and the desktop dialog's CA file, ``sync.tls.read_ca_file``) against
a real HTTPS server process whose certificate the province's own CA signed: a file that is no
certificate, or a damaged one, is refused in words before anything is sent and nothing is
enrolled; the right one enrols, and the CA is kept for every later sync."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app import sync_state
from app.errors import SyncError
from app.store import Store
from sync import tls
from tests.helpers.servers import start_server
from tests.helpers.tls import make_certs

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def certs(tmp_path_factory):
    return make_certs(tmp_path_factory.mktemp("tls"), ("127.0.0.1",))


@pytest.fixture(scope="module")
def srv(tmp_path_factory, certs):
    s = start_server(f"sqlite:///{tmp_path_factory.mktemp('srv') / 'server.db'}", tls=certs)
    yield s
    s.stop()


def songmay(*args: str, data_dir: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "SONGMAY_LANG": "vi", "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "songmay", *args, "--data-dir", str(data_dir)],
                          capture_output=True, text=True, env=env, timeout=120)


def test_read_ca_file_refuses_what_is_no_certificate(tmp_path, certs):
    assert tls.read_ca_file("") == ""
    assert tls.read_ca_file(str(certs.ca)) == certs.ca_pem
    junk = tmp_path / "junk.pem"
    junk.write_text("not a certificate")
    damaged = tmp_path / "damaged.pem"
    damaged.write_text("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")
    huge = tmp_path / "huge.pem"
    huge.write_bytes(b"-----BEGIN CERTIFICATE-----\n" + b"A" * 200_000)
    for bad in (junk, damaged, huge, tmp_path / "missing.pem", tmp_path):
        with pytest.raises(SyncError) as e:
            tls.read_ca_file(str(bad))
        assert e.value.key == "sync.tls_bad_ca", bad


def test_enrol_with_the_provinces_ca_file(tmp_path, srv, certs):
    school = tmp_path / "school"
    done = songmay("setup", "--code", "TH0007", "--name", "Trường TH Pa Ủ", "--commune", "03388", data_dir=school)
    assert done.returncode == 0, done.stderr
    out = srv.cli("enrol", "--unit", "TH0007", "--name", "Trường TH Pa Ủ", "--level", "TH", "--commune", "03388")
    assert out.returncode == 0, out.stderr
    code = out.stdout.strip()

    junk = tmp_path / "junk.crt"
    junk.write_text("hello")
    bad = songmay("enrol", "--server", srv.url, "--code", code, "--ca", str(junk), data_dir=school)
    assert bad.returncode != 0 and "Tệp chứng chỉ (CA) của Sở không đọc được" in bad.stderr, bad.stderr
    untrusted = songmay("enrol", "--server", srv.url, "--code", code, data_dir=school)  # the system's store
    assert untrusted.returncode != 0 and "Không xác minh được máy chủ" in untrusted.stderr, untrusted.stderr
    with Store.open(school) as s:
        assert sync_state.enrolment(s) is None  # nothing half-enrolled; the code is still good

    good = songmay("enrol", "--server", srv.url, "--code", code, "--ca", str(certs.ca), data_dir=school)
    assert good.returncode == 0, good.stderr
    with Store.open(school) as s:
        e = sync_state.enrolment(s)
        assert e is not None and e.url == srv.url and e.ca_pem == certs.ca_pem
    synced = songmay("sync", data_dir=school)
    assert synced.returncode == 0, synced.stderr
