"""Operators' logins against a real ``songmay-server`` process: a name that cannot log in is
answered at once, repeated failures get 429 with Retry-After and a good login passes
after the backoff, failures are logged without the password, a disabled account gets
401, and a flood of logins no longer costs the server gigabytes."""

from __future__ import annotations

import json
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from tests.helpers.servers import server_cli, start_server

PASSWORD = "mật khẩu của Sở GD&ĐT"
STATUS = "/api/v1/admin/status"


@pytest.fixture
def srv(tmp_path):
    """A fresh server on SQLite with two accounts: its login counts are its own."""
    db = f"sqlite:///{tmp_path / 'songmay-server.db'}"
    for name, role in (("so.gddt", "province"), ("can.bo", "officer")):
        out = server_cli(db, "user", "add", name, "--role", role, "--password-stdin", stdin=PASSWORD + "\n")
        assert out.returncode == 0, out.stderr
    s = start_server(db, log=tmp_path / "server.log")
    yield s
    s.stop()


def login(srv, name: str, password: str, client: str | None = None) -> requests.Response:
    """A request as ``name``; ``client``: the address a trusted proxy (127.0.0.1) reports."""
    headers = {"X-Forwarded-For": client} if client else {}
    return requests.get(srv.url + STATUS, auth=(name.encode(), password.encode()), headers=headers, timeout=60)


def timed(srv, *args: str) -> tuple[float, requests.Response]:
    t = time.perf_counter()
    r = login(srv, *args)
    return time.perf_counter() - t, r


def test_a_name_that_cannot_log_in_is_answered_at_once(srv):
    login(srv, "so.gddt", PASSWORD, "10.0.0.1")  # warm up
    bogus = []
    for n in range(4):  # fewer than the limit, from one address
        took, r = timed(srv, f"ke.la.{n}", "một mật khẩu đoán bừa", "10.0.0.2")
        assert r.status_code == 401 and r.json()["error"] == "server.login_failed"
        bogus.append(took)
    real = []
    for n in range(3):
        took, r = timed(srv, "so.gddt", PASSWORD, f"10.0.1.{n}")
        assert r.status_code == 200
        real.append(took)
    assert statistics.median(bogus) < 0.05, bogus
    assert min(real) > min(bogus), (real, bogus)  # the real one runs argon2, the bogus one does not


def test_repeated_failures_get_429_with_retry_after_then_a_good_login_passes(srv):
    for _ in range(5):
        r = login(srv, "so.gddt", "sai mật khẩu rồi", "198.51.100.7")
        assert r.status_code == 401
    r = login(srv, "so.gddt", PASSWORD, "198.51.100.7")  # refused before the password is looked at
    assert r.status_code == 429
    wait = int(r.headers["Retry-After"])
    assert wait == 2
    body = r.json()
    assert body["error"] == "server.login_limited" and "thử lại" in body["message"] and body["message_en"]
    assert login(srv, "so.gddt", PASSWORD, "203.0.113.5").status_code == 429  # the name waits everywhere
    assert login(srv, "can.bo", PASSWORD, "203.0.113.5").status_code == 200  # others are not held up
    time.sleep(wait + 0.2)
    assert login(srv, "so.gddt", PASSWORD, "198.51.100.7").status_code == 200


def test_failed_logins_are_logged_without_the_password(srv):
    guess = "Tr0ub4dor&3-đoán-thử"
    assert login(srv, "so.gddt", guess, "192.0.2.44").status_code == 401
    assert login(srv, "khong.co", guess, "192.0.2.45").status_code == 401
    deadline = time.monotonic() + 10
    while True:
        text = Path(srv.log).read_text(encoding="utf-8", errors="replace")
        failed = [json.loads(line) for line in text.splitlines()
                  if line.startswith("{") and '"login failed"' in line]
        if len(failed) >= 2 or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert [(e["user"], e["client"], e["reason"]) for e in failed] == [
        ("so.gddt", "192.0.2.44", "password"), ("khong.co", "192.0.2.45", "unknown")]
    assert guess not in text and PASSWORD not in text


def test_a_disabled_account_gets_401_and_a_new_password_works(srv):
    assert login(srv, "can.bo", PASSWORD, "10.1.0.1").status_code == 200
    out = srv.cli("user", "disable", "can.bo")
    assert out.returncode == 0, out.stderr
    r = login(srv, "can.bo", PASSWORD, "10.1.0.2")
    assert r.status_code == 401 and r.json()["error"] == "server.login_failed"
    assert srv.cli("user", "enable", "can.bo").returncode == 0
    assert login(srv, "can.bo", PASSWORD, "10.1.0.3").status_code == 200
    out = server_cli(srv.db, "user", "passwd", "can.bo", "--password-stdin", stdin="một mật khẩu mới hơn\n")
    assert out.returncode == 0, out.stderr
    assert login(srv, "can.bo", PASSWORD, "10.1.0.4").status_code == 401
    assert login(srv, "can.bo", "một mật khẩu mới hơn", "10.1.0.4").status_code == 200
    listed = {r["name"]: r for r in json.loads(srv.cli("user", "list", "--json").stdout)}
    assert listed["can.bo"]["last_login_at"] and not listed["can.bo"]["disabled"]


def _peak_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmHWM")


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads the server's peak memory in /proc")
def test_forty_logins_at_once_cost_the_server_little_memory(srv):
    assert login(srv, "so.gddt", PASSWORD, "10.2.0.1").status_code == 200  # argon2 has run once
    before = _peak_mib(srv.proc.pid)
    with ThreadPoolExecutor(40) as pool:  # wrong passwords for a real account: argon2 each, 40 addresses
        wrong = list(pool.map(lambda n: login(srv, "so.gddt", f"đoán số {n}", f"10.3.{n}.1").status_code,
                              range(40)))
        bogus = list(pool.map(lambda n: login(srv, f"khong.co.{n}", "x" * 12, f"10.4.{n}.1").status_code,
                              range(40)))
    assert set(wrong) <= {401, 429} and set(bogus) == {401}
    grown = _peak_mib(srv.proc.pid) - before
    assert grown < 100, f"the server's peak memory grew by {grown:.0f} MiB"  # 2 × 19 MiB; was 40 × 64 MiB
