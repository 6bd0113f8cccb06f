"""Syncs at once from several installations, as schools' computers do in a storm."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path

from app.store import Store
from sync import client


def sync_at_once(data_dirs: Iterable[Path], *, timeout: float = 120) -> list[BaseException]:
    """One ``client.sync`` from each data folder, all started together (each store opened by
    the thread that uses it); the errors raised, [] when every sync went through."""
    errors: list[BaseException] = []

    def push(data_dir: Path) -> None:
        try:
            store = Store.open(data_dir)
            try:
                client.sync(store)
            finally:
                store.close()
        except BaseException as e:  # noqa: BLE001 - returned to the test
            errors.append(e)

    threads = [threading.Thread(target=push, args=(d,)) for d in data_dirs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout)
    return errors
