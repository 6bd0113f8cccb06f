"""Operator accounts (server/accounts.py) and the limits on guessing (server/limits.py):
logins cost no argon2 for a name that cannot log in, at most two hashes run at once, old
hashes are upgraded, failures are counted and logged (never the password), and the
``songmay-server user`` verbs answer in words."""

from __future__ import annotations

import logging
import threading
import time

import pytest
from argon2 import PasswordHasher

from app.errors import SyncError
from server import accounts as A
from server import schema as S
from server.cli import main
from server.limits import RateLimiter, TooManyAttempts
from server.storage import ServerStore

PASSWORD = "mật khẩu của Sở GD&ĐT"


class Clock:
    """A clock the test moves by hand (the limiter's ``clock``)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def store(tmp_path):
    s = ServerStore.open(f"sqlite:///{tmp_path / 's.db'}")
    s.add_account("so.gddt", "province", PASSWORD)
    yield s
    s.close()


# ------------------------------------------------------------------ the limiter
def test_the_limiter_backs_off_exponentially_and_forgets_after_a_quiet_window():
    clock = Clock()
    lim = RateLimiter(threshold=5, window=300, base=2, cap=900, clock=clock)
    key = ("addr", "10.0.0.7")
    for _ in range(4):
        assert lim.failed(key) == 0
        clock.now += 1
    assert lim.retry_after(key) == 0
    assert lim.failed(key) == 2  # the 5th failure in 5 minutes: 2 s
    assert lim.retry_after(key) == 2
    with pytest.raises(TooManyAttempts) as e:
        lim.check(key)
    assert e.value.status == 429 and e.value.retry_after == 2
    clock.now += 2
    assert lim.retry_after(key) == 0
    assert lim.failed(key) == 4  # still 5 in the window: twice as long
    clock.now += 4
    assert lim.failed(key) == 8
    for _ in range(20):
        clock.now += lim.retry_after(key)
        lim.failed(key)
    assert lim.retry_after(key) == 900  # capped
    assert lim.retry_after(("addr", "10.0.0.8")) == 0  # another key is not touched
    clock.now += 900 + 301  # a quiet window: strikes forgotten
    assert lim.retry_after(key) == 0
    assert lim.failed(key) == 0
    lim.succeeded(key)
    assert len(lim) == 0


def test_the_limiter_keeps_bounded_memory_under_a_flood_of_new_keys():
    lim = RateLimiter(max_keys=100)
    for n in range(10_000):
        lim.failed(("addr", f"10.{n // 65536}.{n // 256 % 256}.{n % 256}"))
    assert len(lim) == 100


# ------------------------------------------------------------------ logins
def test_an_unknown_or_disabled_name_costs_no_argon2(store):
    before = A.hash_count()
    t = time.perf_counter()
    for name in ("nobody", "", "x" * 500):
        with pytest.raises(SyncError) as e:
            store.check_account(name, "whatever it is", client="10.0.0.1")
        assert e.value.key == "server.login_failed" and e.value.status == 401
    assert A.hash_count() == before
    assert time.perf_counter() - t < 0.05 * 3

    store.accounts.set_disabled("so.gddt")
    with pytest.raises(SyncError) as e:
        store.check_account("so.gddt", PASSWORD, client="10.0.0.2")  # even with the right password
    assert e.value.key == "server.login_failed"
    assert A.hash_count() == before

    store.accounts.set_disabled("so.gddt", False)
    assert store.check_account("so.gddt", PASSWORD, client="10.0.0.3")["role"] == "province"
    assert A.hash_count() == before + 1  # one verification


def test_an_old_hash_still_verifies_and_is_rehashed_at_the_next_good_login(store):
    old = PasswordHasher().hash("an older password")  # argon2-cffi's defaults: 64 MiB, as the first versions
    with store.engine.begin() as conn:
        conn.execute(S.accounts.insert().values(name="can.bo", role="officer", unit_code="XA-03388",
                                                password_hash=old, created_at="2026-01-01T00:00:00+00:00"))
    with pytest.raises(SyncError):
        store.check_account("can.bo", "not the password", client="10.0.0.4")
    assert _hash_of(store, "can.bo") == old  # a failed login changes nothing

    assert store.check_account("can.bo", "an older password", client="10.0.0.4")["unit_code"] == "XA-03388"
    new = _hash_of(store, "can.bo")
    assert new != old and not A.HASHER.check_needs_rehash(new)
    assert "m=19456,t=2,p=1" in new and new.startswith("$argon2id$")
    assert store.check_account("can.bo", "an older password", client="10.0.0.4")["name"] == "can.bo"
    row = next(r for r in store.accounts.list() if r["name"] == "can.bo")
    assert row["last_login_at"] and row["disabled"] is False


def test_at_most_two_hashes_run_at_once():
    running, peak, lock = 0, 0, threading.Lock()

    def probe() -> None:
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        time.sleep(0.05)
        with lock:
            running -= 1

    threads = [threading.Thread(target=A._argon2, args=(probe,)) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert peak == A.MAX_HASHING == 2


def test_repeated_failures_are_refused_with_retry_after_then_a_good_login_passes(store):
    clock = Clock()
    store.accounts.limiter = RateLimiter(threshold=5, window=300, clock=clock)
    for _ in range(5):
        with pytest.raises(SyncError) as e:
            store.check_account("so.gddt", "guess", client="203.0.113.9")
        assert e.value.key == "server.login_failed"
    before = A.hash_count()
    with pytest.raises(TooManyAttempts) as e:
        store.check_account("so.gddt", PASSWORD, client="203.0.113.9")  # refused before any check
    assert e.value.status == 429 and e.value.retry_after == 2 and e.value.key == "server.login_limited"
    assert "2" in e.value.message("vi") and "thử lại" in e.value.message("vi")
    with pytest.raises(TooManyAttempts):  # the name too, from another address
        store.check_account("so.gddt", PASSWORD, client="198.51.100.1")
    assert A.hash_count() == before
    clock.now += 2
    assert store.check_account("so.gddt", PASSWORD, client="203.0.113.9")["name"] == "so.gddt"


def test_failed_logins_are_logged_without_the_password(store, caplog):
    caplog.set_level(logging.INFO, logger="songmay.server")
    secret_guess = "Tr0ub4dor&3-đoán"
    with pytest.raises(SyncError):
        store.check_account("so.gddt", secret_guess, client="192.0.2.10")
    with pytest.raises(SyncError):
        store.check_account("ai.do", secret_guess, client="192.0.2.11")
    failed = [r for r in caplog.records if r.getMessage() == "login failed"]
    assert [(r.user, r.client, r.reason) for r in failed] == [  # type: ignore[attr-defined]
        ("so.gddt", "192.0.2.10", "password"), ("ai.do", "192.0.2.11", "unknown")]
    for r in caplog.records:
        assert secret_guess not in repr(vars(r)) and PASSWORD not in repr(vars(r))


# ------------------------------------------------------------------ the user verbs
def _hash_of(store: ServerStore, name: str) -> str:
    with store.engine.connect() as conn:
        return conn.execute(S.accounts.select().where(S.accounts.c.name == name)).first().password_hash


def _run(monkeypatch, capsys, *args: str, stdin: str = "") -> tuple[int, str, str]:
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_user_add_twice_is_a_clear_error_without_a_traceback(tmp_path, monkeypatch, capsys):
    d = ("--data-dir", str(tmp_path))
    code, out, _ = _run(monkeypatch, capsys, "user", "add", "so.gddt", "--role", "province", "--password-stdin",
                        *d, stdin=PASSWORD + "\n")
    assert code == 0 and "so.gddt" in out
    code, out, err = _run(monkeypatch, capsys, "user", "add", "so.gddt", "--role", "officer", "--password-stdin",
                          *d, stdin="another long password\n")
    assert code == 1
    assert "Đã có tài khoản “so.gddt”" in err
    assert "Traceback" not in err + out and "argon2" not in err + out and "IntegrityError" not in err
    code, _, err = _run(monkeypatch, capsys, "user", "add", "so.gddt", "--role", "officer", "--password-stdin",
                        "--lang", "en", *d, stdin="another long password\n")
    assert code == 1 and "An account “so.gddt” exists already" in err
    code, _, err = _run(monkeypatch, capsys, "user", "add", "có dấu cách", "--role", "officer", "--password-stdin",
                        "--lang", "vi", *d, stdin="another long password\n")
    assert code == 1 and "không dùng được" in err


def test_user_list_disable_enable_and_passwd(tmp_path, monkeypatch, capsys):
    import json

    d = ("--data-dir", str(tmp_path))
    for name, role, unit in (("so.gddt", "province", ""), ("can.bo", "officer", "xa-03388")):
        code, _, err = _run(monkeypatch, capsys, "user", "add", name, "--role", role, "--unit", unit,
                            "--password-stdin", *d, stdin=PASSWORD + "\n")
        assert code == 0, err
    code, out, _ = _run(monkeypatch, capsys, "user", "list", "--json", *d)
    rows = json.loads(out)
    assert [(r["name"], r["role"], r["unit_code"], r["disabled"], r["last_login_at"]) for r in rows] == [
        ("can.bo", "officer", "XA-03388", False, ""), ("so.gddt", "province", "", False, "")]
    assert all(r["created_at"] for r in rows) and not any("password_hash" in r for r in rows)

    assert _run(monkeypatch, capsys, "user", "disable", "can.bo", *d)[0] == 0
    code, out, _ = _run(monkeypatch, capsys, "user", "list", *d)
    assert code == 0 and "disabled" in next(line for line in out.splitlines() if line.startswith("can.bo"))
    store = ServerStore.open(f"sqlite:///{tmp_path / 'songmay-server.db'}")
    try:
        with pytest.raises(SyncError) as e:
            store.check_account("can.bo", PASSWORD, client="10.0.0.1")
        assert e.value.status == 401
        assert _run(monkeypatch, capsys, "user", "enable", "can.bo", *d)[0] == 0
        assert store.check_account("can.bo", PASSWORD, client="10.0.0.1")["name"] == "can.bo"

        code, out, _ = _run(monkeypatch, capsys, "user", "passwd", "can.bo", "--password-stdin", *d,
                            stdin="một mật khẩu mới hơn\n")
        assert code == 0 and "can.bo" in out
        with pytest.raises(SyncError):
            store.check_account("can.bo", PASSWORD, client="10.0.0.2")
        assert store.check_account("can.bo", "một mật khẩu mới hơn", client="10.0.0.2")["role"] == "officer"
    finally:
        store.close()
    code, _, err = _run(monkeypatch, capsys, "user", "passwd", "can.bo", "--password-stdin", *d, stdin="ngắn\n")
    assert code == 1 and "ít nhất 10 ký tự" in err
    for verb in ("disable", "enable"):
        code, _, err = _run(monkeypatch, capsys, "user", verb, "ai.do", *d)
        assert code == 1 and "Không có tài khoản “ai.do”" in err and "Traceback" not in err
    code, _, err = _run(monkeypatch, capsys, "user", "passwd", "ai.do", "--password-stdin", *d,
                        stdin="một mật khẩu đủ dài\n")
    assert code == 1 and "Không có tài khoản “ai.do”" in err
