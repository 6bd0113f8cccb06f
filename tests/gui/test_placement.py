"""The officer's verify of a child active at two schools opens both records side by side,
and "Keep at this school" decides (issue 14, item 2) — through the real widgets."""

from __future__ import annotations

import dataclasses

import shiboken6
from PySide6.QtWidgets import QPushButton

from app.records import Need, Placement
from sync import usb
from tests.helpers import factories as f
from tests.helpers.bundles import Commune


def _submitted(store, **kw):
    st = f.student(store, **kw)
    need = store.save(Need(unit_id=st.unit_id, student_id=st.id, school_year="2025-2026"), "gv")
    return st, store.need_action(need.id, "submit", "gv", "teacher")


def test_verifying_a_child_of_two_schools_opens_the_decision_and_keeping_decides(open_app, qtbot, tmp_path,
                                                                                 no_real_dialogs):
    from ui.placement_dialog import PlacementDialog
    from ui.student_form import StudentForm

    area = Commune(tmp_path)
    try:
        schools = []
        for code, name in (("TH-A", "Trường TH Nậm Cha"), ("TH-B", "Trường TH Pa Ủ")):
            s = area.school(code)
            s.save(dataclasses.replace(s.unit(), name=name), "gv")
            schools.append(s)
        a, b = schools
        pid = f.personal_id(2016, "F")
        kid_a, need_a = _submitted(a, personal_id=pid, class_name="3A", guardian_name="Lò Văn Bình")
        kid_b, need_b = _submitted(b, personal_id=pid, class_name="4B", guardian_name="Lò Thị Xuân")
        for s in (a, b):
            usb.export_bundle(s, tmp_path / "stick")
        usb.import_bundles(area.officer, [tmp_path / "stick"])
        window = open_app(area.officer, "Cán bộ xã", "officer")
    finally:
        area.close()
    ctx = window.ctx

    form = StudentForm(ctx, kid_b.id, window)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitUntil(lambda: form.findChild(QPushButton, "action_verify") is not None
                    and form.findChild(QPushButton, "action_verify").isEnabled())
    form.findChild(QPushButton, "action_verify").click()
    qtbot.waitUntil(lambda: form.findChild(PlacementDialog) is not None)
    dlg = form.findChild(PlacementDialog)
    assert "Trường TH Nậm Cha (TH-A)" in form.message.text()  # the refusal names the other school
    qtbot.waitUntil(lambda: dlg.table.columnCount() == 2)
    column = {dlg.table.item(0, c).text(): c for c in range(2)}
    assert set(column) == {"Trường TH Pa Ủ (TH-B)", "Trường TH Nậm Cha (TH-A)"}
    rows = {dlg.table.verticalHeaderItem(r).text(): r for r in range(dlg.table.rowCount())}
    keep = column["Trường TH Nậm Cha (TH-A)"]
    assert dlg.table.item(rows["Lớp"], keep).text() == "3A"
    assert dlg.table.item(rows["Cha mẹ/người giám hộ"], keep).text().startswith("Lò Văn Bình")
    assert dlg.table.item(rows["Lớp"], 1 - keep).text() == "4B"
    assert dlg.table.item(rows["Ngày sinh"], keep).text() == "04/03/2016"
    assert dlg.table.item(rows["Trạng thái nhu cầu"], keep).text() == "Đã gửi"

    button = dlg.findChild(QPushButton, f"keep_{keep}")
    button.click()  # no reason yet: refused in words, nothing written
    assert dlg.message.text() and ctx.worker.call(lambda store: store.count(Placement)) == 0
    qtbot.keyClicks(dlg.reason, "Em chuyen ve truong A tu thang 9")
    button.click()
    qtbot.waitUntil(lambda: ctx.worker.call(lambda store: store.count(Placement)) == 1)
    qtbot.waitUntil(lambda: not shiboken6.isValid(dlg))  # closed (and deleted) once decided
    decision = ctx.worker.call(lambda store: store.find(Placement)[0])
    assert (decision.keep_student_id, decision.release_student_id) == (kid_a.id, kid_b.id)
    assert ctx.worker.call(lambda store: store.get(Need, need_b.id).status) == "withdrawn"
    # the form shows the decision, and the released need as withdrawn
    qtbot.waitUntil(lambda: form.placement_banner.isVisible())
    assert "Trường TH Nậm Cha (TH-A)" in form.placement_banner.text()
    qtbot.waitUntil(lambda: form.need_status.text() == "Rút lại")
    # the kept child's need now verifies
    kept = ctx.worker.call(lambda store: store.need_action(need_a.id, "verify", "Cán bộ xã", "officer"))
    assert kept.status == "verified"
    assert [k for k, _ in no_real_dialogs if k in ("warn", "error")] == []
