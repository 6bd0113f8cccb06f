"""What the sync says is true: a failed connect does not promise to send the data "when a
connection appears" (the computer is not connected), an address typed without a scheme
is https, and progress never reads "81 of 76"."""

from __future__ import annotations

import socket

from PySide6.QtCore import Qt

from sync.client import Client


def _closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now: the connection is refused at once
    return port


def test_a_failed_connect_says_not_connected_not_sent_later(app_window, qtbot):
    window = app_window
    window.sync_status.enrol_action.trigger()
    dialog = window.sync_status.enrol_dialog
    window.sync.probe_timeout = 2
    qtbot.keyClicks(dialog.url, f"http://127.0.0.1:{_closed_port()}")
    qtbot.keyClicks(dialog.code, "AAAAA-BBBBB")
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.connect_button.isEnabled() and dialog.message.text() != "", timeout=20_000)
    qtbot.waitUntil(lambda: "Không kết nối được" in dialog.message.text(), timeout=20_000)
    text = dialog.message.text()
    assert "khi có mạng" not in text and "sẽ được gửi" not in text, text
    assert "chưa kết nối" in text
    assert not window.sync.enrolled
    # the status bar and the navigation's card say the same
    assert "sẽ được gửi" not in window.sync_label.text() + window.sync_label.toolTip()
    assert "sẽ được gửi" not in window.sync_card.state.text() + window.sync_card.state.toolTip()
    assert "Kết nối" in window.sync_card.button.text()  # the next thing to do: connect
    dialog.close()


def test_an_address_without_a_scheme_is_https():
    assert Client("songmay.example.vn").url == "https://songmay.example.vn"
    assert Client("http://127.0.0.1:8765/").url == "http://127.0.0.1:8765"


def test_progress_never_goes_past_the_total(app_window):
    status, controller = app_window.sync_status, app_window.sync
    controller.running, controller.stage = True, ("push", 81, 76)
    try:
        text, _tip, _style = status.result_text()
        assert "81" not in text and "76" in text, text
    finally:
        controller.running, controller.stage = False, None
