"""Lịch sử… speaks the user's language: the action in words, the fields by their labels,
the values as the forms show them — never "need.submit", "birth_date" or "draft → submitted"."""

from __future__ import annotations

from app.records import Need, Student
from tests.helpers import factories as f
from ui.history import HistoryDialog


def _history(app_window, qtbot, ids):
    dlg = HistoryDialog(app_window.ctx, ids, app_window)
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def test_history_shows_actions_fields_and_values_in_vietnamese(app_window, qtbot):
    def fill(store):
        st = f.student(store, full_name="Nguyễn Thị Ánh", class_name="4A", birth_date="2016-05-04",
                       household="poor")
        st.birth_date = "2016-05-14"
        st.household = "near_poor"
        store.save(st, "Lò Thị Hoa")
        need = store.save(Need(unit_id=store.unit_id, student_id=st.id), "Lò Thị Hoa")
        store.need_action(need.id, "submit", "Lò Thị Hoa", "head")
        return st.id, need.id

    sid, nid = app_window.ctx.worker.call(fill)
    dlg = _history(app_window, qtbot, [sid, nid])
    qtbot.waitUntil(lambda: dlg.tree.topLevelItemCount() >= 4)
    rows = [[dlg.tree.topLevelItem(i).text(c) for c in range(4)] for i in range(dlg.tree.topLevelItemCount())]
    actions = [r[2] for r in rows]
    changes = "\n".join(r[3] for r in rows)
    assert "Tạo mới" in actions and "Gửi nhu cầu" in actions, actions
    assert "Ngày sinh: 04/05/2016 → 14/05/2016" in changes, changes
    assert "Diện hộ: Hộ nghèo → Hộ cận nghèo" in changes, changes
    assert "Trạng thái: Nháp → Đã gửi" in changes, changes
    for key in ("need.submit", "birth_date", "draft", "submitted", "near_poor", "create", "update"):
        assert key not in changes and key not in actions, key
    dlg.close()


def test_history_follows_the_english_interface(app_window, qtbot):
    from ui import i18n

    sid = app_window.ctx.worker.call(lambda store: f.student(store, full_name="Lò Văn Sình", household="poor").id)
    app_window.ctx.worker.call(lambda store: store.save(
        Student(**{**store.get(Student, sid).__dict__, "household": "near_poor"}), "Lò Thị Hoa"))
    i18n.set_language("en")
    try:
        dlg = _history(app_window, qtbot, [sid])
        qtbot.waitUntil(lambda: dlg.tree.topLevelItemCount() >= 2)
        rows = [[dlg.tree.topLevelItem(i).text(c) for c in range(4)] for i in range(2)]
        assert rows[0][2] == "Created" and rows[1][2] == "Changed"
        assert "Household category: Poor → Near-poor" in rows[1][3], rows
    finally:
        i18n.set_language("vi")
