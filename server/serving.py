"""uvicorn, as ``songmay-server serve`` runs it: HTTPS when given a certificate, and a
listening socket with TCP Fast Open (``sync.tls.listening_socket``), for one worker or many.

TLS: ``--tls-cert`` (the server's certificate, with its chain) and ``--tls-key``; TLS 1.2 at
least, 1.3 offered first (Python's default server context), session tickets on (a device
that syncs again in the same process resumes). ``--tls-ca``: the CA certificate to hand to
devices at enrolment (``server.exchange``), when the province runs its own CA. Behind nginx,
which terminates TLS itself (docs/deploy.md), none of these is given.
"""

from __future__ import annotations

import argparse
import os
import ssl
from pathlib import Path
from typing import Any

ENV_TLS_CA = "SONGMAY_SERVER_TLS_CA"  # the CA certificate file handed to devices (``--tls-ca``)
MAX_CA_BYTES = 64 * 1024


def tls_ca() -> str:
    """The PEM of the CA devices should verify this server by ("" : the system's store)."""
    path = os.environ.get(ENV_TLS_CA, "")
    if not path:
        return ""
    data = Path(path).read_bytes()[:MAX_CA_BYTES + 1]
    if len(data) > MAX_CA_BYTES or b"-----BEGIN CERTIFICATE-----" not in data:
        raise SystemExit(f"{path}: not a PEM certificate of at most {MAX_CA_BYTES} bytes")
    return data.decode("ascii")


def add_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--tls-cert", default=os.environ.get("SONGMAY_SERVER_TLS_CERT") or None, metavar="PEM",
                        help="serve HTTPS with this certificate (and its chain); default: SONGMAY_SERVER_TLS_CERT")
    parser.add_argument("--tls-key", default=os.environ.get("SONGMAY_SERVER_TLS_KEY") or None, metavar="PEM",
                        help="the certificate's private key; default: SONGMAY_SERVER_TLS_KEY")
    parser.add_argument("--tls-ca", default=os.environ.get(ENV_TLS_CA) or None, metavar="PEM",
                        help="the CA certificate devices are given at enrolment to verify this server by (a "
                             "province's own CA); default: SONGMAY_SERVER_TLS_CA, else none (the system's store)")


def run(app: Any, *, host: str, port: int, workers: int, log_level: str, args: argparse.Namespace,
        **kw: Any) -> None:
    """``uvicorn.run``, on a socket of our own (Fast Open) and with TLS when configured."""
    import uvicorn  # noqa: PLC0415  (start-up time: a command loads only what it runs)
    from uvicorn.supervisors import Multiprocess  # noqa: PLC0415

    from sync.tls import listening_socket  # noqa: PLC0415

    cert, key, ca = getattr(args, "tls_cert", None), getattr(args, "tls_key", None), getattr(args, "tls_ca", None)
    if bool(cert) != bool(key):
        raise SystemExit("songmay-server serve: --tls-cert and --tls-key go together")
    if ca:
        os.environ[ENV_TLS_CA] = os.path.abspath(ca)  # read by every worker (``server.exchange.tls_ca``)
        tls_ca()  # refuse a file that is no certificate now, not at the first enrolment
    tls: dict[str, Any] = {}
    if cert:
        tls = {"ssl_certfile": cert, "ssl_keyfile": key, "ssl_version": ssl.PROTOCOL_TLS_SERVER}
    config = uvicorn.Config(app, host=host, port=port, workers=workers, log_config=None, log_level=log_level,
                            timeout_keep_alive=30, **tls, **kw)
    server = uvicorn.Server(config)
    sock = listening_socket(host, port)
    try:
        if config.workers > 1:
            Multiprocess(config, sockets=[sock]).run()
        else:
            server.run(sockets=[sock])
    finally:
        sock.close()
