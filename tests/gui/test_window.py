"""The main window fits the screen it opens on, comes back as it was left (maximised
too), every page fits a 1366×768 screen at 125 % scaling, and a very long name does not
push the students' columns off the screen."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt

from tests.helpers import factories as f
from ui.mainwindow import fit_to

# 1366×768 less a 40-pixel taskbar, at 125 %: what Qt lays out in
SCREEN_1366 = QRect(0, 0, 1366, 728)
SCREEN_1366_125 = QRect(0, 0, 1093, 582)


def test_the_window_fits_a_1366x768_screen_with_its_status_bar():
    place = fit_to(SCREEN_1366)
    assert place.width() <= 1366 - 16 and place.height() <= 728 - 40
    assert SCREEN_1366.contains(place.adjusted(-8, -32, 8, 8)), place  # the frame and title bar too
    assert fit_to(QRect(0, 0, 1920, 1040)).size() == QSize(1280, 800)


def test_the_window_opens_inside_its_screen(app_window, qtbot):
    available = app_window.screen().availableGeometry()
    qtbot.waitUntil(lambda: app_window.isVisible())
    assert app_window.isMaximized() or available.contains(app_window.geometry()), (
        app_window.geometry(), available)
    assert app_window.geometry().bottom() <= available.bottom()  # the status bar is on the screen


def test_the_window_remembers_being_maximised(qtbot, school_dir, monkeypatch):
    from ui.main import make_app, start
    from ui.mainwindow import MainWindow

    monkeypatch.setattr(MainWindow, "remember_offscreen", True)  # as on a real screen

    make_app()
    worker, window = start(school_dir, "vi")
    qtbot.addWidget(window)
    window.showNormal()
    window.setGeometry(QRect(40, 50, 1085, 560))
    qtbot.wait(50)
    window.close()
    worker.shutdown()
    worker, window = start(school_dir, "vi")
    qtbot.addWidget(window)
    window.show()
    assert (window.geometry().y(), window.geometry().height()) == (50, 560)  # the width is the screen's here
    window.showMaximized()
    qtbot.waitUntil(lambda: window.isMaximized())
    window.close()
    worker.shutdown()
    worker, window = start(school_dir, "vi")
    qtbot.addWidget(window)
    window.show()
    try:
        assert window.windowState() & Qt.WindowState.WindowMaximized
    finally:
        window.close()
        worker.shutdown()


def test_every_page_fits_1366x768_at_125_percent(app_window, qtbot):
    too_big = []
    for name in app_window.pages:
        app_window.show_page(name)
        qtbot.wait(50)
        hint = app_window.minimumSizeHint()
        if hint.width() > SCREEN_1366_125.width() or hint.height() > SCREEN_1366_125.height() - 40:
            too_big.append((name, hint))
    assert too_big == []


def test_a_300_character_name_does_not_push_columns_off_the_screen(app_window, qtbot):
    long_name = ("Nguyễn Thị Ánh Hồng Nhung Thanh Thủy " * 10)[:300]
    app_window.ctx.worker.call(lambda store: [f.student(store, full_name=long_name, class_name="1A1"),
                                              f.student(store, full_name="Lò Văn Sình", class_name="1A2")])
    app_window.ctx.notify("student")
    app_window.resize(1093, 582)
    page = app_window.pages["students"]
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    qtbot.wait(100)
    header = page.table.horizontalHeader()
    assert header.sectionSize(0) <= 320
    # the need and device columns are still on the screen beside the name
    assert header.sectionViewportPosition(8) + header.sectionSize(8) <= page.table.viewport().width() + 400


def test_classes_sort_naturally_in_the_filter(app_window, qtbot):
    app_window.ctx.worker.call(lambda store: [f.student(store, full_name=f"Em {c}", class_name=c)
                                              for c in ("1A10", "1A2", "1A100", "1A1")])
    app_window.ctx.notify("student")
    box = app_window.pages["students"].class_filter
    qtbot.waitUntil(lambda: box.count() == 5)
    assert [box.itemText(i) for i in range(1, 5)] == ["1A1", "1A2", "1A10", "1A100"]


def test_a_new_search_starts_at_the_top(app_window, qtbot):
    app_window.ctx.worker.call(lambda store: [f.student(store, full_name=f"Nguyễn Văn {i:03d}", class_name="3A")
                                              for i in range(120)])
    app_window.ctx.notify("student")
    page = app_window.pages["students"]
    qtbot.waitUntil(lambda: page.model.rowCount() == 120)
    bar = page.table.verticalScrollBar()
    bar.setValue(bar.maximum())
    assert bar.value() > 0
    qtbot.keyClicks(page.search, "nguyen")
    qtbot.waitUntil(lambda: bar.value() == 0, timeout=3000)


def test_the_navigation_counts_the_children_still_waiting(app_window, qtbot):
    from ui.mainwindow import BADGE

    item = app_window.nav.item(0)
    qtbot.waitUntil(lambda: app_window.waiting == 0)
    assert not item.data(BADGE)
    # a poor child with no need recorded yet is waiting (the dashboard's figure)
    app_window.ctx.worker.call(lambda store: f.student(store, full_name="Lò Thị Ánh", household="poor"))
    app_window.ctx.notify("student")
    qtbot.waitUntil(lambda: item.data(BADGE) == 1, timeout=5000)
    assert item.text() == "Học sinh và nhu cầu" and "1" in item.toolTip()
    # the sync state is in the navigation too: not connected, what to do next
    card = app_window.sync_card
    assert "Chưa đồng bộ" in card.state.text() and "Kết nối" in card.button.text()
    qtbot.waitUntil(lambda: "Thay đổi chưa gửi: 2" in card.pending.text())


def test_an_offscreen_run_leaves_no_window_place_behind(app_window, school_dir):
    """--self-check runs offscreen on the teacher's data folder: its pretend screen must not
    become the next start's window."""
    app_window.close()
    assert not (school_dir / "window.ini").exists()
