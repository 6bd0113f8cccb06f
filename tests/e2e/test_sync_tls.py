"""HTTPS as the schools use it (issue 18 item 4), against a real server process on 127.0.0.1:
the province's CA delivered at enrolment and verified by from then on, a wrong CA or name
refused in words, hello and push in one request (exactly once when its answer is lost),
the encodings negotiated (an API 1 device still served as before), bytes on the wire."""

from __future__ import annotations

import sqlite3
import uuid

import pytest
import requests

from app import demo, sync_state
from app.errors import SyncError
from app.records import Student, Unit
from app.store import Store
from server.exchange import EXCHANGE_PATH
from sync import client, protocol, session, tls
from tests.e2e.conftest import OPERATOR
from tests.helpers.proxy import Proxy
from tests.helpers.servers import server_cli, start_server
from tests.helpers.tls import make_certs

UNIT = {"name": "Trường PTDTBT TH Nậm Cha", "level": "TH", "commune_code": "03388"}


@pytest.fixture(scope="module")
def certs(tmp_path_factory):
    return make_certs(tmp_path_factory.mktemp("tls"), ("127.0.0.1",))


@pytest.fixture(scope="module")
def srv(tmp_path_factory, certs):
    db = f"sqlite:///{tmp_path_factory.mktemp('srv') / 'server.db'}"
    out = server_cli(db, "user", "add", OPERATOR[0], "--role", "province", "--password-stdin",
                     stdin=OPERATOR[1] + "\n")
    assert out.returncode == 0, out.stderr
    s = start_server(db, tls=certs)
    yield s
    s.stop()


@pytest.fixture
def stores(tmp_path):
    opened: list[Store] = []

    def make(unit_code: str | None = None) -> Store:
        s = Store.open(tmp_path / f"device{len(opened)}")
        opened.append(s)
        if unit_code is None:
            unit_code = f"TH-{uuid.uuid4().hex[:6].upper()}"
            s.set_unit(Unit(code=unit_code, **UNIT), "test")
        return s

    yield make
    for s in opened:
        s.close()


def code(srv, certs, unit_code: str) -> str:
    resp = requests.post(srv.url + "/api/v1/admin/enrolments", json={"unit_code": unit_code, "unit": UNIT},
                         auth=(OPERATOR[0].encode(), OPERATOR[1].encode()), timeout=30, verify=str(certs.ca))
    assert resp.ok, resp.text
    return resp.json()["code"]


def server_db(srv) -> sqlite3.Connection:
    return sqlite3.connect(srv.db.removeprefix("sqlite:///"))


# ------------------------------------------------------------------ trust
def test_the_ca_delivered_at_enrolment_is_kept_and_verifies_every_sync(srv, certs, stores):
    a = stores()
    unit_code = a.unit().code
    # the first contact is verified by the CA given with the code; the answer hands it over
    e = client.enrol(a, srv.url, code(srv, certs, unit_code), ca_pem=certs.ca_pem)
    assert e.ca_pem.strip() == certs.ca_pem.strip()
    assert e.server["api"] == 2 and protocol.FORMAT_V2 in e.server["formats"]
    kept = sync_state.enrolment(a)
    assert kept.ca_pem == e.ca_pem and kept.server == e.server  # beside the sync settings, in the store
    for n in range(3):
        st = Student(unit_id=a.unit_id, full_name=f"Lò Thị Ánh {n}", birth_date="2016-05-0" + str(n + 1), sex="F",
                     class_name="4A", school_year="2026-2027")
        a.save(st, "test")
    report = client.sync(a)  # HTTPS, verified by the kept CA alone
    assert report.sent == 3 and report.pending == 0
    b = stores(unit_code)
    client.enrol(b, srv.url, code(srv, certs, unit_code), ca_pem=certs.ca_pem)
    assert client.sync(b).received >= 3
    assert {s.full_name for s in b.find(Student)} == {f"Lò Thị Ánh {n}" for n in range(3)}


def test_a_server_whose_certificate_another_ca_signed_is_refused_in_words(srv, certs, stores, tmp_path):
    other = make_certs(tmp_path / "other", ("127.0.0.1",), ca_name="Not the province")
    a = stores()
    with pytest.raises(SyncError) as err:
        client.enrol(a, srv.url, code(srv, certs, a.unit().code), ca_pem=other.ca_pem)
    assert err.value.key == "sync.tls_untrusted"
    assert "Không xác minh được máy chủ" in err.value.message("vi") and "Không gửi" not in ""
    assert "Cannot verify the server" in err.value.message("en")
    assert sync_state.enrolment(a) is None  # nothing kept, nothing sent
    # nor does the system's store know a province's own CA
    with pytest.raises(SyncError) as err:
        client.enrol(a, srv.url, code(srv, certs, a.unit().code))
    assert err.value.key == "sync.tls_untrusted"
    with pytest.raises(SyncError) as err:  # the desktop app's probe says the same
        client.probe(srv.url, ca_pem=other.ca_pem)
    assert err.value.key == "sync.tls_untrusted" and err.value.key not in session.RETRYABLE


def test_a_certificate_for_another_name_is_refused_in_words(srv, certs, stores):
    a = stores()
    other_name = srv.url.replace("127.0.0.1", "localhost")  # the certificate names 127.0.0.1 alone
    with pytest.raises(SyncError) as err:
        client.enrol(a, other_name, code(srv, certs, a.unit().code), ca_pem=certs.ca_pem)
    assert err.value.key == "sync.tls_hostname"
    assert "không mang tên “localhost”" in err.value.message("vi")
    assert "is not for “localhost”" in err.value.message("en")


def test_a_later_sync_in_the_same_process_resumes_the_tls_session(srv, certs, stores):
    tls.forget_sessions()
    a = stores()
    client.enrol(a, srv.url, code(srv, certs, a.unit().code), ca_pem=certs.ca_pem)
    proxy = Proxy(srv.port)
    try:
        e = sync_state.enrolment(a)
        sizes = []
        for _ in range(2):
            c = client.Client(proxy.url("https"), e.token, ca_pem=e.ca_pem)
            proxy.reset()
            client.sync(a, client=c)
            c.close()
            sizes.append(proxy.down)
        # the second handshake resumes: the server does not send its certificate again
        assert sizes[1] < sizes[0] - 300, sizes
    finally:
        proxy.close()


# ------------------------------------------------------------------ one request, exactly once
def test_hello_and_push_go_in_one_request_and_a_lost_answer_is_taken_once(tmp_path, stores):
    db = f"sqlite:///{tmp_path / 'plain.db'}"
    plain = start_server(db)
    proxy = Proxy(plain.port)
    try:
        a = stores()
        unit_code = a.unit().code
        out = server_cli(db, "enrol", "--unit", unit_code, "--name", UNIT["name"], "--level", "TH",
                         "--commune", "03388")
        client.enrol(a, plain.url, out.stdout.strip())
        demo.generate(a, students=40, seed=3)
        pending = a.pending_changes(sync_state.SERVER)
        token = sync_state.enrolment(a).token
        paths: list[str] = []

        def sync_once() -> client.SyncReport:
            c = client.Client(proxy.url(), token)
            c.session.hooks["response"].append(lambda r, *_a, **_k: paths.append(r.request.path_url))
            try:
                return client.sync(a, client=c)
            finally:
                c.close()

        proxy.lose_answers = 1
        with pytest.raises(SyncError) as err:
            sync_once()
        assert err.value.key == "sync.offline" and proxy.lost == 1
        assert a.pending_changes(sync_state.SERVER) == pending  # no answer: nothing taken as acknowledged
        with server_db(plain) as conn:  # yet the server had merged the batch before it answered
            assert conn.execute("SELECT count(*) FROM students").fetchone()[0] == 40
            audit_before = conn.execute("SELECT count(*) FROM audit").fetchone()[0]
        report = sync_once()  # the same request again
        assert paths == [EXCHANGE_PATH]  # hello and push in one request, nothing else
        assert report.pending == 0 and a.pending_changes(sync_state.SERVER) == 0
        with server_db(plain) as conn:
            assert conn.execute("SELECT count(*) FROM students").fetchone()[0] == 40
            assert conn.execute("SELECT count(*) FROM audit").fetchone()[0] == audit_before  # not merged twice
            assert conn.execute("SELECT count(*) FROM batches").fetchone()[0] == 1
    finally:
        proxy.close()
        plain.stop()


def test_a_server_restored_from_a_backup_gets_everything_again(tmp_path, stores):
    """The one request sends what the server was last known to hold onwards; a server that
    holds less (its database restored) gets everything again: it merges none of those batches
    (``since``), and the merge core holds back a claim it cannot back in any case."""
    path = tmp_path / "restored.db"
    db = f"sqlite:///{path}"
    srv = start_server(db)
    try:
        a = stores()
        out = server_cli(db, "enrol", "--unit", a.unit().code, "--name", UNIT["name"], "--level", "TH",
                         "--commune", "03388")
        client.enrol(a, srv.url, out.stdout.strip())
        srv.stop()
        backup = path.read_bytes()  # the nightly backup, before the school's data arrived
        srv = srv.restart()
        demo.generate(a, students=15, seed=8)
        assert client.sync(a).pending == 0
        srv.stop()
        path.write_bytes(backup)  # the disk failed; the backup is restored
        srv = srv.restart()
        st = Student(unit_id=a.unit_id, full_name="Thào Thị Dua", birth_date="2016-03-04", sex="F",
                     class_name="4A", school_year="2026-2027")
        a.save(st, "test")
        report = client.sync(a)
        assert report.pending == 0
        with server_db(srv) as conn:
            assert conn.execute("SELECT count(*) FROM students").fetchone()[0] == 16
    finally:
        srv.stop()


# ------------------------------------------------------------------ encodings
def test_an_api_1_device_is_served_as_before(srv, certs, stores):
    a = stores()
    client.enrol(a, srv.url, code(srv, certs, a.unit().code), ca_pem=certs.ca_pem)
    demo.generate(a, students=20, seed=4)
    client.sync(a)
    b = stores(a.unit().code)
    e = client.enrol(b, srv.url, code(srv, certs, a.unit().code), ca_pem=certs.ca_pem)
    # an old device: the hello of API 1, no formats or codecs named
    resp = requests.post(srv.url + "/api/v1/sync/hello", json={"protocol": 1, "summary": {}},
                         headers={"Authorization": f"Bearer {e.token}"}, verify=str(certs.ca), timeout=30)
    assert resp.ok
    frames = list(protocol.read_frames(_reader(resp.content)))
    assert frames[0][0] == "header"
    batches = [p for k, p in frames if k == "batch"]
    assert batches and all(b[36:38] == bytes((protocol.FORMAT_V1, protocol.ZLIB)) for b in batches)
    got = sum(len(protocol.read_batch(b).changes) for b in batches)
    assert got > 20
    # and its push, layout 1 and zlib, is taken
    st = Student(unit_id=b.unit_id, full_name="Giàng A Páo", birth_date="2015-02-03", sex="M", class_name="5A",
                 school_year="2026-2027")
    b.save(st, "test")
    with b.snapshot():
        from app import changes

        picked = [ch for x in changes.changes_since(b, {}, writer=b.instance_id) for ch in x]
    data = protocol.encode_batch(picked)
    ack = requests.post(srv.url + "/api/v1/sync/push", data=data, verify=str(certs.ca), timeout=30,
                        headers={"Authorization": f"Bearer {e.token}", "Content-Type": protocol.BATCH_TYPE}).json()
    assert ack["complete"] and ack["inserted"] == 1


def test_a_device_that_never_heard_of_api_2_uses_the_old_endpoints(srv, certs, stores):
    a = stores()
    e = client.enrol(a, srv.url, code(srv, certs, a.unit().code), ca_pem=certs.ca_pem)
    e.server = {}  # as enrolled with an older server
    sync_state.save_enrolment(a, e)
    demo.generate(a, students=10, seed=5)
    paths: list[str] = []
    c = client.Client(srv.url, e.token, ca_pem=e.ca_pem)
    c.session.hooks["response"].append(lambda r, *_a, **_k: paths.append(r.request.path_url))
    client.sync(a, client=c)
    c.close()
    assert paths[0] == "/api/v1/sync/hello" and "/api/v1/sync/push" in paths
    assert sync_state.enrolment(a).server["api"] == 2  # learnt from the answer: the next sync is one request


def test_a_slow_link_gets_lzma_both_ways_and_fewer_bytes(srv, certs, stores, monkeypatch):
    sizes = {}
    for slow in (False, True):
        monkeypatch.setattr(session, "SLOW_LINK", 0.0 if slow else 1e9)
        a = stores()
        client.enrol(a, srv.url, code(srv, certs, a.unit().code), ca_pem=certs.ca_pem)
        demo.generate(a, students=512, seed=1)
        n = a.pending_changes(sync_state.SERVER)
        proxy = Proxy(srv.port)
        e = sync_state.enrolment(a)
        c = client.Client(proxy.url("https"), e.token, ca_pem=e.ca_pem)
        seen: list[bytes] = []
        original = c.exchange

        def spy(make, original=original, seen=seen):
            def wrapped(link):
                hello, batches = make(link)
                return hello, (seen.append(b) or b for b in batches)
            return original(wrapped)

        c.exchange = spy
        try:
            client.sync(a, client=c)
        finally:
            c.close()
            proxy.close()
        assert seen and all(b[36] == protocol.FORMAT_V2 for b in seen)
        assert all(b[37] == (protocol.LZMA_RAW if slow else protocol.ZLIB) for b in seen)
        sizes[slow] = (proxy.up + proxy.down) / n
        # a fresh device of the school pulls them in the codec it asked for
        b = stores(a.unit().code)
        client.enrol(b, srv.url, code(srv, certs, a.unit().code), ca_pem=certs.ca_pem)
        assert client.sync(b).received >= n
    # bytes on the wire, TLS and HTTP included: well under the budget of 50 a record
    assert sizes[True] < sizes[False] and sizes[True] <= 50, sizes


def _reader(data: bytes):
    at = 0

    def read(n: int, allow_eof: bool) -> bytes:
        nonlocal at
        if at == len(data) and allow_eof:
            return b""
        chunk = data[at:at + n]
        at += n
        return chunk

    return read
