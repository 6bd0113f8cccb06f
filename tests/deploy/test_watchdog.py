"""deploy/bin/songmay-watchdog: a process that accepts connections and answers nothing is
restarted after three silent checks in a row; one that answers (even 503: the database is
down) is left alone. ``systemctl`` is a stand-in that writes down what it was asked."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.helpers.servers import ROOT

pytestmark = pytest.mark.deploy
SCRIPT = ROOT / "deploy" / "bin" / "songmay-watchdog"


@pytest.fixture
def env(tmp_path):
    if shutil.which("curl") is None:
        if os.environ.get("SONGMAY_REQUIRE_DEPLOY"):
            pytest.fail("curl is required here (SONGMAY_REQUIRE_DEPLOY) but is not installed")
        pytest.skip("curl is not installed")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    stub = bin_dir / "systemctl"
    stub.write_text(f'#!/bin/sh\necho "$*" >> {tmp_path}/systemctl.log\n[ "$1" != is-active ] || exit 0\n')
    stub.chmod(0o755)
    (tmp_path / "server.env").write_text("SONGMAY_SERVER_DB=postgresql://a@b/c?sslmode=verify-full&x=y\n"
                                         "SONGMAY_LISTEN=127.0.0.1\n")
    return {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "SONGMAY_ENV_FILE": str(tmp_path / "server.env"),
            "SONGMAY_WATCHDOG_STATE": str(tmp_path), "SONGMAY_WATCHDOG_SECONDS": "1"}


def check(port: int, env: dict) -> subprocess.CompletedProcess:
    out = subprocess.run([str(SCRIPT), str(port)], env=env, capture_output=True, text=True, timeout=30)
    assert out.returncode == 0, out.stderr
    return out


def test_a_silent_process_is_restarted_after_three_checks(env, tmp_path):
    with socket.socket() as hung:  # accepts (the kernel's backlog) and never answers
        hung.bind(("127.0.0.1", 0))
        hung.listen(8)
        port = hung.getsockname()[1]
        for _ in range(2):
            check(port, env)
        assert not (tmp_path / "systemctl.log").exists()
        assert "restarting" in check(port, env).stdout
    assert (tmp_path / "systemctl.log").read_text().splitlines() == [
        f"is-active --quiet songmay-server@{port}", f"restart songmay-server@{port}"]


def test_a_process_that_answers_even_503_is_left_alone(env, tmp_path):
    class Busy(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            self.send_response(503)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Busy)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        for _ in range(4):
            check(server.server_address[1], env)
    finally:
        server.shutdown()
        server.server_close()
    assert not (tmp_path / "systemctl.log").exists()
