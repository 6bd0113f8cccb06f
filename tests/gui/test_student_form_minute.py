"""Issue 16 item 13: reprint a child's handover minute from the student's form ("In biên bản…"),
through the operations runner and the handover page's writer."""

from __future__ import annotations

import pytest

from app.records import Handover
from tests.helpers import factories as f
from tools.render_minutes import sample_store
from ui.minutes import MinuteActions
from ui.student_form import StudentForm


@pytest.fixture
def offered(monkeypatch):
    got: list = []
    monkeypatch.setattr(MinuteActions, "offer", staticmethod(lambda parent, written: got.append(written)))
    return got


def test_reprint_from_the_students_form(open_app, qtbot, tmp_path, offered):
    store, ids = sample_store(tmp_path / "school")
    child = store.get(Handover, ids["minute-sim"]).student_id
    returned = store.get(Handover, ids["minute-return"]).student_id
    nobody = f.student(store, full_name="Vừ Thị Dua").id
    window = open_app(store, "Lò Thị Hoa", "head")

    # a child with no handover: no button
    form = StudentForm(window.ctx, nobody, window)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitUntil(lambda: form.student is not None)
    qtbot.wait(100)
    assert not form.minute_button.isVisible()
    form.close()

    # one minute: the button writes it and offers to open or print it
    form = StudentForm(window.ctx, child, window)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitUntil(lambda: form.minute_button.isVisible())
    assert form.minute_button.text() == "In biên bản…"
    form.minute_button.click()
    qtbot.waitUntil(lambda: len(offered) == 1, timeout=10000)
    [(path, minute)] = offered[0]
    assert path.exists() and path.parent == window.ctx.data_dir / "minutes"
    assert minute["number"] == "002/2025/BBBG-THCS0427" and path.name == "002-2025-BBBG-THCS0427.pdf"
    form.close()

    # a handover and its return: both listed, each printed on choice
    form = StudentForm(window.ctx, returned, window)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitUntil(lambda: form.minute_button.isVisible())
    actions = form.minute_menu.actions()
    assert [a.text().split(" – ")[0] for a in actions] == ["001/2025/BBBG-THCS0427", "001/2025/BBTH-THCS0427"]
    actions[1].trigger()
    qtbot.waitUntil(lambda: len(offered) == 2, timeout=10000)
    [(path, minute)] = offered[1]
    assert minute["event"] == "returned" and minute["giver_rep"] == "Lò Thị Hoa"
    form.close()
