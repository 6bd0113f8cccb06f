"""File → Paper settings… ("Thiết lập văn bản…"): the unit's paper settings are shown,
edited and saved through the operations runner, and the next report prints them."""

from __future__ import annotations

import datetime as dt

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialogButtonBox

from app import reports
from app.paper import PaperSettings, paper_settings
from app.queries import reports as report_queries
from app.reports.model import Period
from app.reports.render import signer_titles


def test_paper_settings_dialog_saves_what_the_reports_print(app_window, qtbot):
    window = app_window
    window.ctx.worker.call(lambda store: store.set_setting("paper", '{"symbol": "BC-OLD"}'))
    action = window.findChild(QAction, "paper_settings")
    assert action is not None and "…" in action.text()
    action.trigger()
    dialog = window._paper_dialog
    qtbot.waitUntil(lambda: dialog.loaded is not None)
    assert dialog.symbol.text() == "BC-OLD"
    dialog.symbol.setText("bc-thnc")
    dialog.head_title.setText("Hiệu trưởng")
    dialog.sign_for.setCurrentIndex(dialog.sign_for.findData("KT."))
    dialog.signer_title.setText("Phó hiệu trưởng")
    dialog.signer_name.setText("lò thị  mai")
    dialog.recipients.setPlainText("Phòng GD&ĐT huyện Sìn Hồ\n\nLưu: VT")
    with qtbot.waitSignal(dialog.finished, timeout=5000):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    saved = window.ctx.worker.call(paper_settings)
    assert saved == PaperSettings(symbol="BC-THNC", head_title="Hiệu trưởng", sign_for="KT.",
                                  signer_title="Phó hiệu trưởng", signer_name="Lò Thị Mai",
                                  recipients=["Phòng GD&ĐT huyện Sìn Hồ", "Lưu: VT"])
    # the reports page's next report is on this paper, prepared by the signed-in user
    unit = window.ctx.unit
    data, _hint = window.ctx.worker.call(lambda store: report_queries.report(
        store, "needs", dict(unit), Period(dt.date(2025, 7, 1), dt.date(2025, 12, 31)), "vi",
        prepared_by=window.ctx.actor))
    assert signer_titles(data) == ["KT. HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG"]
    assert reports.ReportData.from_dict(data.to_dict()).paper["symbol"] == "BC-THNC"
