"""Scale-out on existing engines, proven (issue 18; docs/deploy.md): the shipped nginx rules
(deploy/nginx/songmay-proxy.conf, songmay-tls.conf) terminate TLS in front of two
``songmay-server serve`` processes, each in a network namespace of its own (two hosts),
on one PostgreSQL. Real schools (demo data through the app's own store) enrol and sync
through nginx at once; one server is killed (SIGKILL) in the middle of a push — while its
transaction holds written rows — and nginx gives the cut request to the other. Then, as the
schools sync what they wrote since, the other is killed too and the first comes back only
once nginx has had to answer a school 502: the schools' own retries carry them through.
Every record arrives exactly once, and the next syncs, through both hosts, send nothing.

The layout (all addresses inside this test's own namespaces; nothing leaves the machine):

    test process, PostgreSQL (host's namespace; the servers reach it by its Unix socket)
    ns L: nginx on 127.0.0.1:8443 (HTTPS, a CA made here), the schools' clients
          10.231.1.1 ──veth── 10.231.1.2:8765  ns A: songmay-server (host 1)
          10.231.2.1 ──veth── 10.231.2.2:8765  ns B: songmay-server (host 2)

Needs root, ``ip netns``, Debian's nginx and PostgreSQL. Elsewhere it skips and says why —
unless ``SONGMAY_REQUIRE_DEPLOY`` is set (``.ci/run`` sets it), which makes it fail.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import psycopg
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from app import demo
from app.records import KINDS, Unit
from app.store import Store
from server.storage import ServerStore
from tests.helpers.servers import ROOT, postgres_unavailable, start_postgres

pytestmark = pytest.mark.deploy

SCHOOLS = 5
STUDENTS = 600  # each: about 1,200 records, pushed in batches of 16 KB (several per school)
HOSTS = {"A": "10.231.1.2", "B": "10.231.2.2"}
PORT = 8765
NGINX = "127.0.0.1:8443"


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None)


def unavailable() -> str | None:
    if os.geteuid() != 0:
        return "network namespaces need root"
    if shutil.which("ip") is None:
        return "iproute2's ip is not installed"
    if nginx_binary() is None:
        return "nginx is not installed (apt-get install nginx)"
    return postgres_unavailable()


@pytest.fixture(scope="module")
def needs():
    reason = unavailable()
    if reason:
        if os.environ.get("SONGMAY_REQUIRE_DEPLOY") or os.environ.get("SONGMAY_REQUIRE_POSTGRES"):
            pytest.fail(f"the scale-out test must run here (SONGMAY_REQUIRE_DEPLOY) but: {reason}")
        pytest.skip(reason)


# ------------------------------------------------------------------ the network
def ip(*args: str) -> None:
    subprocess.run(["ip", *args], check=True, capture_output=True, timeout=30)


@pytest.fixture
def netns(needs):
    """Three namespaces, L (the proxy) joined to A and B by veth pairs; removed after."""
    tag = f"smd{os.getpid() % 100000}"
    names = {k: f"{tag}{k}" for k in "LAB"}
    try:
        for name in names.values():
            ip("netns", "add", name)
            ip("-n", name, "link", "set", "lo", "up")
        for n, host in enumerate("AB", start=1):
            here, there = f"{tag}l{host.lower()}", f"{tag}{host.lower()}l"
            ip("link", "add", here, "netns", names["L"], "type", "veth", "peer", "name", there,
               "netns", names[host])
            ip("-n", names["L"], "addr", "add", f"10.231.{n}.1/30", "dev", here)
            ip("-n", names[host], "addr", "add", f"10.231.{n}.2/30", "dev", there)
            ip("-n", names["L"], "link", "set", here, "up")
            ip("-n", names[host], "link", "set", there, "up")
        yield names
    finally:
        for name in names.values():
            subprocess.run(["ip", "netns", "del", name], capture_output=True, timeout=30)


def in_ns(ns: str, *cmd: str) -> list[str]:
    return ["ip", "netns", "exec", ns, *cmd]


# ------------------------------------------------------------------ TLS
def make_certificates(folder: Path) -> tuple[Path, Path, Path]:
    """A CA of this test and a server certificate for 127.0.0.1 signed by it: (ca, chain, key)."""
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "SongMay test CA")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
          .not_valid_after(now + dt.timedelta(days=1))
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                       content_commitment=False, key_encipherment=False, data_encipherment=False,
                                       key_agreement=False, encipher_only=False, decipher_only=False), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "songmay.test")]))
            .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("songmay.test"),
                                                        x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    pem = serialization.Encoding.PEM
    (ca_file := folder / "ca.pem").write_bytes(ca.public_bytes(pem))
    (chain := folder / "server.pem").write_bytes(cert.public_bytes(pem) + ca.public_bytes(pem))
    (key_file := folder / "server.key").write_bytes(key.private_bytes(
        pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    key_file.chmod(0o600)
    return ca_file, chain, key_file


# ------------------------------------------------------------------ nginx
def nginx_conf(folder: Path, chain: Path, key: Path) -> Path:
    """The test's main file around the shipped rules: its upstream, its certificate, its logs."""
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (folder / sub).mkdir(exist_ok=True)
    upstream = "\n".join(f"        server {addr}:{PORT} max_fails=1 fail_timeout=2s;" for addr in HOSTS.values())
    conf = folder / "nginx.conf"
    conf.write_text(f"""
user root;
worker_processes 2;
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/error.log info;
events {{ worker_connections 512; }}
http {{
    default_type application/octet-stream;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    log_format songmay '$remote_addr "$request" $status up=$upstream_addr upstatus=$upstream_status '
                       'tls=$ssl_protocol';
    access_log {folder}/access.log songmay;
    upstream songmay_servers {{
{upstream}
        keepalive 8;
        keepalive_timeout 20s;
    }}
    server {{
        listen {NGINX} ssl;
        ssl_certificate {chain};
        ssl_certificate_key {key};
        include {ROOT}/deploy/nginx/songmay-tls.conf;
        include {ROOT}/deploy/nginx/songmay-proxy.conf;
    }}
}}
""")
    return conf


# ------------------------------------------------------------------ the schools
def make_schools(server: ServerStore, folder: Path) -> list[dict]:
    """Schools of the registry, each with an installation full of demo records and a code."""
    out = []
    for i in range(SCHOOLS):
        code = f"THSO{i:02d}-{uuid.uuid4().hex[:4].upper()}"
        name = f"Trường PTDTBT TH Nậm Cha số {i + 1}"
        with Store.open(folder / code) as store:
            store.set_unit(Unit(code=code, name=name, level="TH", commune_code="03388"), "test")
            demo.generate(store, students=STUDENTS, seed=100 + i)
        server.add_unit(code, name, level="TH", commune_code="03388", actor="test")
        enrol_code, _ = server.issue_code(code, created_by="test")
        out.append({"code": code, "dir": str(folder / code), "enrol_code": enrol_code})
    return out


def versions_in(store: Store) -> dict[str, dict[str, tuple[str, int]]]:
    """{table: {id: (instance, counter)}} of every record the installation holds."""
    out = {}
    for cls in KINDS.values():
        if cls.TABLE == "units":
            continue
        rows = store.db.execute(f"SELECT id, _inst, _ctr FROM {cls.TABLE}").fetchall()
        out[cls.TABLE] = {r[0]: (r[1], int(r[2])) for r in rows}
    return out


def versions_at_server(conn: psycopg.Connection, table: str) -> dict[str, tuple[str, int]]:
    return {r[0]: (r[1], int(r[2])) for r in conn.execute(f"SELECT id, _inst, _ctr FROM {table}")}


def clients(netns: dict, spec: dict, folder: Path, env: dict) -> subprocess.Popen:
    path = folder / f"spec-{uuid.uuid4().hex[:6]}.json"
    path.write_text(json.dumps(spec))
    return subprocess.Popen(in_ns(netns["L"], sys.executable, "-m", "tests.deploy.netclients", "sync", str(path)),
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finished(proc: subprocess.Popen, timeout: float = 90) -> dict:
    out, err = proc.communicate(timeout=timeout)
    assert proc.returncode == 0, err[-3000:]
    return json.loads(out.strip().splitlines()[-1])


# ------------------------------------------------------------------ the test
def test_two_hosts_behind_nginx_one_killed_mid_push_every_record_once(netns, tmp_path, monkeypatch):
    procs: list[subprocess.Popen] = []
    pg = start_postgres()
    try:
        db = f"songmay_{uuid.uuid4().hex[:10]}"
        tcp_url = pg.create_database(db)
        monkeypatch.setenv("SONGMAY_SERVER_KEY_FILE", str(tmp_path / "province.key"))  # one key, both hosts
        server = ServerStore.open(tcp_url)  # migrates; the registry and the codes, as the province's CLI
        try:
            schools = make_schools(server, tmp_path)
        finally:
            server.close()
        expected = {}

        ca, chain, key = make_certificates(tmp_path)
        env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}  # nothing goes elsewhere
        # the servers hand the CA to the devices at enrolment (as a province running its own CA)
        env.update(PYTHONPATH=str(ROOT), SONGMAY_TEST_CA=str(ca), SONGMAY_SERVER_TLS_CA=str(ca),
                   SONGMAY_SERVER_KEY_FILE=str(tmp_path / "province.key"))

        def serve(host: str) -> subprocess.Popen:
            # each host reaches PostgreSQL by its Unix socket (a path: every namespace sees it)
            url = (f"postgresql://postgres@/{db}?host={pg.folder}&port={pg.port}"
                   f"&application_name=songmay-{host}")
            log = open(tmp_path / f"server-{host}.log", "ab")  # noqa: SIM115 - the process writes to it
            p = subprocess.Popen(in_ns(netns[host], sys.executable, "-m", "server", "serve", "--db", url, "--host",
                                       HOSTS[host], "--port", str(PORT), "--log-level", "warning"),
                                 cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                                 env={**env, "FORWARDED_ALLOW_IPS": HOSTS[host].rsplit(".", 1)[0] + ".1"})
            log.close()
            procs.append(p)
            return p

        servers = {h: serve(h) for h in HOSTS}
        nginx_dir = tmp_path / "nginx"
        nginx_dir.mkdir()
        conf = nginx_conf(nginx_dir, chain, key)
        nginx = subprocess.Popen(in_ns(netns["L"], nginx_binary(), "-p", str(nginx_dir), "-c", str(conf),
                                       "-e", str(nginx_dir / "error.log")),
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        procs.append(nginx)
        url = f"https://{NGINX}"
        wait = subprocess.run(in_ns(netns["L"], sys.executable, "-m", "tests.deploy.netclients", "wait",
                                    *(f"http://{a}:{PORT}/health" for a in HOSTS.values()), url + "/health"),
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=90)
        assert wait.returncode == 0, (wait.stderr[-2000:], nginx.poll(),
                                      *((tmp_path / f"server-{h}.log").read_text()[-1500:] for h in HOSTS))

        # every school at once; host A killed while one of its transactions holds written rows
        killed, done = threading.Event(), threading.Event()

        def kill_mid_push() -> None:
            with psycopg.connect(tcp_url, autocommit=True) as conn:
                deadline = time.monotonic() + 60
                while time.monotonic() < deadline and not done.is_set():
                    busy = conn.execute(
                        "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'songmay-A' "
                        "AND backend_xid IS NOT NULL AND query ~* '(students|needs|devices|audit)'").fetchone()[0]
                    if busy:
                        servers["A"].send_signal(signal.SIGKILL)
                        killed.set()
                        return
                    time.sleep(0.002)

        killer = threading.Thread(target=kill_mid_push, daemon=True)
        killer.start()
        try:
            first = finished(clients(netns, {"url": url, "schools": schools, "seconds": 60}, tmp_path, env))
        finally:
            done.set()
            killer.join(5)
        assert all("crashed" not in rec for rec in first.values()), json.dumps(first)
        assert killed.is_set(), "host A never held a push's written rows: nothing was killed"
        assert servers["A"].wait(5) == -signal.SIGKILL

        for code, rec in first.items():
            assert rec.get("pending") == 0 and "crashed" not in rec, (code, rec)
        log = (nginx_dir / "access.log").read_text()
        pushes = [line for line in log.splitlines()  # a push, or a hello and push in one (v2)
                  if re.search(r'"POST /api/v(1/sync/push|\d+/sync) ', line)]
        assert all("tls=TLSv1.3" in line for line in pushes)
        cut = [line for line in pushes if re.search(rf"up={re.escape(HOSTS['A'])}:{PORT}\S* .*upstatus=502", line)]
        assert cut, "no push was cut by the kill:\n" + "\n".join(pushes[-20:])
        assert any(f"up={HOSTS['B']}" in line for line in pushes) and any(f"up={HOSTS['A']}" in line
                                                                            for line in pushes)

        def at_server() -> tuple[dict[str, dict], int]:
            with psycopg.connect(tcp_url) as conn:
                tables = {t: versions_at_server(conn, t) for t in next(iter(expected.values()))}
                repeated = conn.execute("SELECT record_id, instance, counter FROM audit "
                                        "GROUP BY record_id, instance, counter HAVING count(*) > 1").fetchall()
                assert repeated == [], "a version was applied more than once"
                return tables, conn.execute("SELECT count(*) FROM audit").fetchone()[0]

        def exactly_once() -> tuple[dict[str, dict], int]:
            """Every record's version at the server is the one its school holds, once."""
            for s in schools:
                with Store.open(s["dir"]) as store:
                    expected[s["code"]] = versions_in(store)
            tables, audit_rows = at_server()
            for table, rows in tables.items():
                sent = {}
                for versions in expected.values():
                    sent.update(versions[table])
                assert rows == sent, f"{table}: {len(rows)} at the server, {len(sent)} sent"
            return tables, audit_rows

        exactly_once()
        assert sum(len(v) for by in expected.values() for v in by.values()) > SCHOOLS * 1000

        # both hosts down for a moment, while the schools sync what they wrote since: B killed,
        # A started again only once nginx has had to answer a school 502 (no server left). The
        # schools' own retries carry their syncs through.
        for i, s in enumerate(schools):
            with Store.open(s["dir"]) as store:
                demo.generate(store, students=40, seed=300 + i)
        servers["B"].send_signal(signal.SIGKILL)
        assert servers["B"].wait(5) == -signal.SIGKILL
        seen = (nginx_dir / "access.log").stat().st_size
        again = clients(netns, {"url": url, "schools": [{**s, "enrol_code": ""} for s in schools], "seconds": 60},
                        tmp_path, env)
        deadline = time.monotonic() + 30
        while not re.search(r'" 502 ', (nginx_dir / "access.log").read_text()[seen:]):
            assert time.monotonic() < deadline and again.poll() is None, "no school met the outage"
            time.sleep(0.05)
        servers["A"] = serve("A")
        second = finished(again)
        for code, rec in second.items():
            assert rec.get("pending") == 0 and "crashed" not in rec, (code, rec)
        assert any(rec["errors"] for rec in second.values()), json.dumps(second)  # they had to try again
        tables, audit_rows = exactly_once()

        # B back too; the next syncs, through both, send and change nothing
        servers["B"] = serve("B")
        up = subprocess.run(in_ns(netns["L"], sys.executable, "-m", "tests.deploy.netclients", "wait",
                                  *(f"http://{a}:{PORT}/health" for a in HOSTS.values())), cwd=ROOT, env=env,
                            timeout=90, capture_output=True, text=True)
        assert up.returncode == 0, up.stderr[-2000:]
        time.sleep(2)  # nginx's fail_timeout: B is tried again
        seen = (nginx_dir / "access.log").stat().st_size
        noop = finished(clients(netns, {"url": url, "schools": [{**s, "enrol_code": ""} for s in schools],
                                        "seconds": 30}, tmp_path, env))
        for code, rec in noop.items():
            assert (rec.get("sent"), rec.get("pending"), rec.get("errors")) == (0, 0, []), (code, rec)
        assert at_server() == (tables, audit_rows)
        answered = (nginx_dir / "access.log").read_text()[seen:]
        assert all(f"up={a}:{PORT}" in answered for a in HOSTS.values())  # both hosts serve again
    finally:
        for p in reversed(procs):
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
                try:
                    p.wait(10)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait(10)
        if (pg.folder / "log").exists():  # kept for a failure's diagnosis
            shutil.copy(pg.folder / "log", tmp_path / "postgres.log")
        pg.stop()


def test_the_shipped_site_file_passes_nginx_own_check(tmp_path):
    """deploy/nginx/songmay.conf as a province installs it (its paths pointed here): ``nginx -t``."""
    if nginx_binary() is None:
        if os.environ.get("SONGMAY_REQUIRE_DEPLOY"):
            pytest.fail("nginx is required here (SONGMAY_REQUIRE_DEPLOY) but is not installed")
        pytest.skip("nginx is not installed (apt-get install nginx)")
    _ca, chain, key = make_certificates(tmp_path)
    site = (ROOT / "deploy" / "nginx" / "songmay.conf").read_text()
    for installed, here in (("/etc/ssl/songmay/fullchain.pem", str(chain)), ("/etc/ssl/songmay/privkey.pem", str(key)),
                            ("snippets/", f"{ROOT}/deploy/nginx/"), ("/var/log/nginx/", f"{tmp_path}/")):
        assert installed in site
        site = site.replace(installed, here)
    (tmp_path / "songmay.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(f"""
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log;
events {{ worker_connections 64; }}
http {{
    client_body_temp_path {tmp_path}; proxy_temp_path {tmp_path}; fastcgi_temp_path {tmp_path};
    uwsgi_temp_path {tmp_path}; scgi_temp_path {tmp_path};
    include {tmp_path}/songmay.conf;
}}
""")
    out = subprocess.run([nginx_binary(), "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-e",
                          str(tmp_path / "error.log")], capture_output=True, text=True, timeout=30)
    assert out.returncode == 0 and "test is successful" in out.stderr, out.stderr
