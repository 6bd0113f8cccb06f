"""A TCP proxy on 127.0.0.1 for tests: counts the bytes each way (TLS records, HTTP headers
and bodies: what the link carries above TCP), and can lose an answer — forward a request
whole to the server, then cut the connection as the server starts answering."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable


class Proxy:
    def __init__(self, target_port: int, *, lose_answers: int = 0):
        self.target = ("127.0.0.1", target_port)
        self.lose_answers = lose_answers  # the next N connections lose their first answer
        self.up = self.down = self.connections = 0
        self.lost = 0
        self._lock = threading.Lock()
        self._sock = socket.create_server(("127.0.0.1", 0))
        self.port = self._sock.getsockname()[1]
        self._stop = False
        self._open: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def url(self, scheme: str = "http") -> str:
        return f"{scheme}://127.0.0.1:{self.port}"

    def reset(self) -> None:
        with self._lock:
            self.up = self.down = self.connections = 0

    def close(self) -> None:
        self._stop = True
        self._sock.close()
        with self._lock:
            for sock in self._open:
                sock.close()

    def _accept(self) -> None:
        while not self._stop:
            try:
                c, _ = self._sock.accept()
            except OSError:
                return
            s = socket.create_connection(self.target)
            with self._lock:
                self._open += [c, s]
                self.connections += 1
                lose = self.lose_answers > 0
                if lose:
                    self.lose_answers -= 1
            for sock in (c, s):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            threading.Thread(target=self._pipe, args=(c, s, "up", None), daemon=True).start()
            cut = (lambda c=c, s=s: self._cut(c, s)) if lose else None
            threading.Thread(target=self._pipe, args=(s, c, "down", cut), daemon=True).start()

    def _cut(self, c: socket.socket, s: socket.socket) -> None:
        with self._lock:
            self.lost += 1
        for sock in (c, s):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()

    def _pipe(self, src: socket.socket, dst: socket.socket, way: str, cut: Callable[[], None] | None) -> None:
        try:
            while data := src.recv(65536):
                if cut is not None and way == "down" and _is_answer(data):
                    cut()
                    return
                with self._lock:
                    if way == "up":
                        self.up += len(data)
                    else:
                        self.down += len(data)
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (src, dst):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                sock.close()


def _is_answer(data: bytes) -> bool:
    """An HTTP answer's first bytes (the plain-HTTP tests lose answers, not handshakes)."""
    return data.startswith(b"HTTP/1.1 ")
