"""Real servers for tests and benches: a PostgreSQL cluster and the SongMay server process.

PostgreSQL: ``initdb`` + ``pg_ctl`` from PATH (or /usr/lib/postgresql/*/bin), in a temp
folder; as root it runs as the ``postgres`` user (PostgreSQL refuses root). Where no
binaries exist, ``postgres_unavailable()`` says why, and tests skip with that reason —
unless ``SONGMAY_REQUIRE_POSTGRES`` is set (CI), which makes them fail instead.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ------------------------------------------------------------------ PostgreSQL
def _pg_bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


def postgres_unavailable() -> str | None:
    """Why PostgreSQL cannot be started here, or None."""
    for name in ("initdb", "pg_ctl"):
        if _pg_bin(name) is None:
            return f"PostgreSQL's {name} is not installed"
    if os.geteuid() == 0:
        try:
            import pwd

            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no 'postgres' user to run PostgreSQL as"
        if shutil.which("runuser") is None:
            return "running as root without runuser"
    return None


@dataclass
class Postgres:
    url: str
    folder: Path
    port: int
    _as: list[str]

    def stop(self) -> None:
        subprocess.run([*self._as, _pg_bin("pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate", "stop"],
                       capture_output=True, timeout=60)
        shutil.rmtree(self.folder, ignore_errors=True)

    def pause(self) -> None:
        """Stops the cluster, keeping its data (``resume`` starts it again, same port)."""
        subprocess.run([*self._as, _pg_bin("pg_ctl"), "-D", str(self.folder / "data"), "-m", "fast", "-w",
                        "stop"], capture_output=True, timeout=60, check=True)

    def resume(self) -> None:
        opts = (f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        subprocess.run([*self._as, _pg_bin("pg_ctl"), "-D", str(self.folder / "data"), "-o", opts, "-l",
                        str(self.folder / "log"), "-w", "-t", "60", "start"], check=True, capture_output=True,
                       timeout=90)

    def create_database(self, name: str) -> str:
        """A new empty database in this cluster; returns its URL."""
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url.rsplit("/", 1)[0] + f"/{name}"


def start_postgres() -> Postgres:
    reason = postgres_unavailable()
    if reason:
        raise RuntimeError(reason)
    folder = Path(tempfile.mkdtemp(prefix="songmay-pg-"))
    run_as: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
        run_as = ["runuser", "-u", "postgres", "--"]
    data = folder / "data"
    subprocess.run([*run_as, _pg_bin("initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
                    "--encoding=UTF8", "--locale=C"], check=True, capture_output=True, timeout=120)
    pg = Postgres(f"postgresql://postgres@127.0.0.1:{(port := free_port())}/postgres", folder, port, run_as)
    pg.resume()
    return pg


# ------------------------------------------------------------------ the SongMay server
@dataclass
class ServerProc:
    url: str
    port: int
    db: str
    proc: subprocess.Popen
    log: Path
    tls: Any = None

    def stop(self, *, kill: bool = False) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=15)

    def restart(self) -> ServerProc:
        self.stop()
        return start_server(self.db, port=self.port, log=self.log, tls=self.tls)

    def cli(self, *args: str) -> subprocess.CompletedProcess:
        """``songmay-server ARGS --db THIS`` (enrol, revoke, status …)."""
        return server_cli(self.db, *args)


def server_cli(db: str, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "server", *args, "--db", db], capture_output=True, text=True,
                          input=stdin, cwd=ROOT, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})


def start_server(db: str, *, port: int | None = None, log: Path | None = None, workers: int = 1,
                 tls: Any = None) -> ServerProc:
    """``songmay-server serve`` on 127.0.0.1, ready (GET /health answered) on return.
    ``tls``: ``tests.helpers.tls.Certs`` — HTTPS with its certificate, its CA handed to
    devices at enrolment (``--tls-ca``)."""
    port = port or free_port()
    log = log or Path(tempfile.mkstemp(prefix="songmay-server-", suffix=".log")[1])
    out = open(log, "ab")  # noqa: SIM115 - the process writes to it until stopped
    secure = ["--tls-cert", str(tls.cert), "--tls-key", str(tls.key), "--tls-ca", str(tls.ca)] if tls else []
    proc = subprocess.Popen([sys.executable, "-m", "server", "serve", "--db", db, "--port", str(port),
                             "--log-level", os.environ.get("SONGMAY_TEST_SERVER_LOG", "warning"),
                             "--workers", str(workers), *secure],
                            stdout=out, stderr=subprocess.STDOUT, cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    out.close()
    url = f"{'https' if tls else 'http'}://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited ({proc.returncode}):\n{log.read_text(errors='replace')[-3000:]}")
        with contextlib.suppress(requests.RequestException):
            if requests.get(url + "/health", timeout=2, verify=str(tls.ca) if tls else True).ok:
                return ServerProc(url, port, db, proc, log, tls)
        time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"the server did not answer within 60 s:\n{log.read_text(errors='replace')[-3000:]}")


@contextlib.contextmanager
def running_server(db: str) -> Iterator[ServerProc]:
    srv = start_server(db)
    try:
        yield srv
    finally:
        srv.stop()
