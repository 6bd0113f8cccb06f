"""Dashboard figures: nobody missed (approved without a device, eligible without a
need), approved in all, SIMs in stock and ending soon."""

from __future__ import annotations

import datetime as dt

from app.queries.dashboard import dashboard, sim_figures, waiting_children
from app.records import Need, Unit
from tests.helpers import factories as f

TODAY = dt.date(2026, 11, 22)


def test_waiting_children_approved_without_device_and_eligible_without_need(store):
    a = f.student(store, full_name="Lò Thị Hoa", class_name="3A")
    b = f.student(store, full_name="Lò Văn Bình", sex="M", class_name="3A")
    need_a = f.approved_need(store, a)
    f.approved_need(store, b)
    f.handover(store, a, need_a, f.device(store))
    near = f.student(store, full_name="Hà Văn Tú", sex="M", household="near_poor", class_name="2A")
    covid = f.student(store, full_name="Sùng Thị Dợ", household="none", covid_orphan=True, class_name="1A")
    f.student(store, full_name="Lý Văn Sình", sex="M", household="none")  # in no priority group
    drafted = f.student(store, full_name="Vừ Thị Say", household="poor")
    store.save(Need(unit_id=drafted.unit_id, student_id=drafted.id), "gv")  # recorded: not missed
    other = Unit(code="TH0002", name="Trường TH Pa Vệ Sủ", level="TH", commune_code="03388")
    other.unit_id = other.id
    store.save(other, "t")
    f.student(store, full_name="Vàng Thị Dở", unit_id=other.id)

    waiting = waiting_children(store, store.unit_id)
    assert [(w.full_name, w.tier, w.reason) for w in waiting] == [
        ("Lò Văn Bình", 1, "approved"), ("Hà Văn Tú", 2, "no_need"), ("Sùng Thị Dợ", 3, "no_need")]
    assert waiting[1].student_id == near.id and waiting[2].student_id == covid.id
    assert len(waiting_children(store)) == 4  # every unit: the other school's child too


def test_returned_device_puts_the_child_back_on_the_waiting_list(store):
    a = f.student(store)
    need = f.approved_need(store, a)
    h = f.handover(store, a, need, f.device(store))
    assert waiting_children(store, store.unit_id) == []
    store.return_device(h.id, "gv", date="2025-11-01", reason="chuyển trường")
    assert [w.reason for w in waiting_children(store, store.unit_id)] == ["approved"]


def test_sim_figures(store):
    f.sim(store, free_until=(TODAY + dt.timedelta(days=10)).isoformat())
    f.sim(store, free_until=(TODAY + dt.timedelta(days=30)).isoformat())
    f.sim(store, free_until=(TODAY + dt.timedelta(days=31)).isoformat())
    f.sim(store, free_until=(TODAY - dt.timedelta(days=1)).isoformat())
    f.sim(store, free_until="")
    f.sim(store, free_until=(TODAY + dt.timedelta(days=3)).isoformat(), status="expired")
    assert sim_figures(store, store.unit_id, today=TODAY) == {"sims_in_stock": 5, "sims_ending_soon": 2}


def test_dashboard_adds_approved_total_and_waiting(store):
    a = f.student(store, full_name="Lò Thị Hoa")
    b = f.student(store, full_name="Lò Văn Bình", sex="M")
    need_a = f.approved_need(store, a)
    f.approved_need(store, b)
    f.handover(store, a, need_a, f.device(store))
    f.device(store, kind="laptop")
    many = [f.student(store, full_name=f"Học Sinh {i}", household="poor") for i in range(3)]
    figures = dashboard(store, store.unit_id, today=TODAY, limit=2)
    assert figures["approved"] == 2 and figures["handed_over"] == 1 and figures["in_need"] == 2
    assert figures["in_need_by_tier"] == {1: 2}
    assert figures["waiting"] == 4 and figures["waiting_approved"] == 1 and figures["waiting_no_need"] == 3
    assert len(figures["waiting_list"]) == 2 and figures["waiting_list"][0].student_id == b.id
    assert figures["in_stock_by_kind"] == {"laptop": 1}
    assert figures["sims_in_stock"] == 0 and figures["sims_ending_soon"] == 0
    assert many
