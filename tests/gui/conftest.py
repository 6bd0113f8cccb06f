"""GUI fixtures: a school store with a user, the app started on it offscreen."""

from __future__ import annotations

import logging

import pytest

from app.records import Unit
from app.store import Store
from ui.errors import Dialogs, ErrorDialog


class FailOnLog(logging.Handler):
    """Errors logged by the app (e.g. from slots, which PySide6 swallows) fail the test."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(autouse=True)
def fail_on_error_log():
    handler = FailOnLog()
    logging.getLogger("songmay").addHandler(handler)
    yield handler
    logging.getLogger("songmay").removeHandler(handler)
    assert not handler.records, [r.getMessage() for r in handler.records]


@pytest.fixture(autouse=True)
def no_real_dialogs(monkeypatch):
    """Modal dialogs would block offscreen: record what would have been said."""
    said: list[tuple[str, str]] = []
    monkeypatch.setattr(Dialogs, "warn", staticmethod(lambda parent, msg: said.append(("warn", msg))))
    monkeypatch.setattr(Dialogs, "info", staticmethod(lambda parent, msg: said.append(("info", msg))))
    monkeypatch.setattr(Dialogs, "confirm", staticmethod(lambda parent, msg: True))
    # an unexpected error would open a modal dialog and hang the run offscreen: record it
    # instead (report_exception logs it first, so fail_on_error_log fails the test)
    monkeypatch.setattr(ErrorDialog, "exec", lambda self: said.append(("error", self.details)) or 0)
    return said


@pytest.fixture
def school_dir(tmp_path):
    d = tmp_path / "school"
    with Store.open(d) as s:
        s.set_unit(Unit(code="TH0001", name="Trường PTDTBT TH Nậm Cha", level="TH", commune_code="03388"), "setup")
        s.add_user("Lò Thị Hoa", "head", "1234")
    return d


@pytest.fixture
def app_window(qtbot, school_dir):
    from ui.main import make_app, start

    make_app()
    worker, window = start(school_dir, "vi")
    qtbot.addWidget(window)
    window.show()
    yield window
    window.close()
    worker.shutdown()


@pytest.fixture
def open_app(qtbot):
    """Starts the desktop app on a store's data folder as a user of ``role`` (the store is
    closed first: the app's database worker opens it); each window is closed at the end."""
    from ui.main import make_app, start

    opened = []

    def open_(store, user: str, role: str):
        store.add_user(user, role, "1234")
        store.close()
        make_app()
        worker, window = start(store.data_dir, "vi")
        qtbot.addWidget(window)
        window.show()
        opened.append((worker, window))
        return window

    yield open_
    for worker, window in opened:
        window.close()
        worker.shutdown()
