"""The authorization matrix (DESIGN §8, docs/security.md): every record kind × every kind of
sender, in and out of its area, and every operator endpoint × every kind of account,
against a real server process on SQLite and on PostgreSQL.

The province's registry (``world``): commune X (03388) with schools A and B and its office
OX; commune Y (03394) with school C and its office OY; the provincial department P. Every
refused attempt is checked to change nothing the victim can see: the server's row stays as
it was, and the victim's computer, syncing after all the attacks, holds exactly what it
wrote itself and what was allowed.
"""

from __future__ import annotations

import itertools
import json
import re
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import pytest
import requests

from app import changes, sync_state
from app.records import KINDS, Allocation, CoverageGap, Donation, Student, Unit
from app.store import SYNC_META, Store
from server.storage import ServerStore
from sync import client
from sync.protocol import encode_batch
from tests.e2e.conftest import OPERATOR
from tests.helpers import factories as f

_big = itertools.count(10**6)  # counters above anything the senders wrote themselves


@dataclass
class World:
    url: str
    db: str
    reader: ServerStore
    units: dict[str, str] = field(default_factory=dict)  # code letter → unit id
    dev: dict[str, Store] = field(default_factory=dict)  # a1, a2, b1, c1, ox, oy, p
    seeds: dict[str, Any] = field(default_factory=dict)  # kind → a record of school A on the server
    accounts: dict[str, tuple[str, str]] = field(default_factory=dict)

    def token(self, who: str) -> str:
        return sync_state.enrolment(self.dev[who]).token

    def push(self, who: str, chs: list[dict[str, Any]], end: dict[str, int] | None = None) -> dict[str, Any]:
        """A batch made by hand (what a hostile program on an enrolled laptop can send)."""
        data = encode_batch([*chs, {"k": changes.END, "p": end or {}, "s": "*|*"}])
        resp = requests.post(self.url + "/api/v1/sync/push", data=data, timeout=30,
                             headers={"Authorization": f"Bearer {self.token(who)}",
                                      "Content-Type": "application/x-songmay-batch"})
        assert resp.status_code == 200, resp.text
        return resp.json()

    def row(self, kind: str, rid: str) -> dict[str, Any] | None:
        with self.reader.engine.connect() as conn:
            r = conn.exec_driver_sql(f"SELECT * FROM {KINDS[kind].TABLE} WHERE id = %s" if self.pg else
                                     f"SELECT * FROM {KINDS[kind].TABLE} WHERE id = ?", (rid,)).first()
        return dict(r._mapping) if r is not None else None

    @property
    def pg(self) -> bool:
        return self.reader.dialect == "postgresql"

    def change(self, kind: str, rid: str, who: str, /, **fields: Any) -> dict[str, Any]:
        """The server's version of a record, changed by ``who``: its vector gains a write of
        ``who``'s own instance (the sender's own entry: only the rules stand in the way)."""
        row = self.row(kind, rid)
        assert row is not None
        vv = json.loads(row["_vv"])
        f_ = {k: v for k, v in row.items() if k not in SYNC_META and k not in ("id", "search_key")}
        for name in KINDS[kind].JSON_FIELDS:
            f_[name] = json.loads(f_[name])
        f_.update(fields)
        return {"k": kind, "id": rid, "vv": {**vv, self.dev[who].instance_id: next(_big)}, "d": 0,
                "t": "2026-12-01T00:00:00+00:00", "f": f_}

    def new(self, kind: str, who: str, /, **fields: Any) -> dict[str, Any]:
        rid = str(uuid.uuid4())
        return {"k": kind, "id": rid, "vv": {self.dev[who].instance_id: next(_big)}, "d": 0,
                "t": "2026-12-01T00:00:00+00:00", "f": fields}


def _operator(name: str, password: str) -> tuple[bytes, bytes]:
    return name.encode(), password.encode()


def _api(w: World, method: str, path: str, who: str | None, **kw: Any) -> requests.Response:
    auth = _operator(*w.accounts[who]) if who else None
    return requests.request(method, w.url + path, auth=auth, timeout=30, **kw)


@pytest.fixture(scope="module")
def world(server, server_db, tmp_path_factory) -> World:
    tmp = tmp_path_factory.mktemp("authz")
    w = World(server.url, server_db, ServerStore.open(server_db, upgrade=False))
    w.accounts["province"] = OPERATOR
    tag = uuid.uuid4().hex[:4].upper()  # the server is shared by the module's parametrised runs only
    registry = {  # letter: (code, kind, level, commune, name)
        "P": (f"SO-{tag}", "province", "", "", "Sở GD&ĐT Lai Châu"),
        "OX": (f"XA-X-{tag}", "commune", "", "03388", "UBND xã X"),
        "OY": (f"XA-Y-{tag}", "commune", "", "03394", "UBND xã Y"),
        "A": (f"TH-A-{tag}", "school", "TH", "03388", "Trường TH A"),
        "B": (f"TH-B-{tag}", "school", "TH", "03388", "Trường TH B"),
        "C": (f"TH-C-{tag}", "school", "TH", "03394", "Trường TH C"),
    }
    for letter, (code, kind, level, commune, name) in registry.items():
        body = {"code": code, "name": name, "kind": kind, "level": level, "commune_code": commune}
        if kind == "province":
            body["province_code"] = "12"
        resp = _api(w, "POST", "/api/v1/admin/units", "province", json=body)
        assert resp.status_code == 201, resp.text
        w.units[letter] = resp.json()["id"]
    for letter, who in (("A", "a1"), ("A", "a2"), ("B", "b1"), ("C", "c1"), ("OX", "ox"), ("OY", "oy"),
                        ("P", "p"), ("A", "rv")):
        s = Store.open(tmp / who)
        code = _api(w, "POST", "/api/v1/admin/enrolments", "province",
                    json={"unit_code": registry[letter][0]}).json()["code"]
        client.enrol(s, w.url, code)
        assert s.unit_id == w.units[letter]
        w.dev[who] = s
    for name, letter, role in (("cb.x", "OX", "officer"), ("cb.y", "OY", "officer"), ("so.x", "OX", "province")):
        password = f"mật khẩu {name} dài"
        w.reader.add_account(f"{name}-{tag}", role, password, registry[letter][0])
        w.accounts[name] = (f"{name}-{tag}", password)

    a1 = w.dev["a1"]
    st = f.student(a1, full_name="Lò Thị Ánh")
    need = f.approved_need(a1, st)
    dev = f.device(a1)
    sim = f.sim(a1)
    hand = f.handover(a1, st, need, dev)
    gap = a1.save(CoverageGap(unit_id=a1.unit_id, village="Bản Nậm Cha", commune_code="03388"), "gv")
    gift = a1.save(Donation(unit_id=a1.unit_id, donor_name="Viettel", devices={"tablet": 1},
                            received_date="2025-10-01"), "gv")
    client.sync(a1)
    ox = w.dev["ox"]
    client.sync(ox)
    alloc = ox.save(Allocation(unit_id=ox.unit_id, decision_no="01/QĐ", decision_date="2025-10-01",
                               to_unit_id=w.units["A"], counts={"tablet": 2}), "cán bộ")
    client.sync(ox)
    b1 = w.dev["b1"]
    w.seeds = {"unit": w.units["A"], "student": st.id, "need": need.id, "device": dev.id, "sim": sim.id,
               "handover": hand.id, "coverage_gap": gap.id, "donation": gift.id, "allocation": alloc.id,
               "b_device": f.device(b1).id, "b_student": f.student(b1, full_name="Hờ A Sử").id}
    client.sync(b1)
    for who in w.dev:
        client.sync(w.dev[who])
    yield w
    w.reader.close()
    for s in w.dev.values():
        s.close()


# ------------------------------------------------------------------ record kinds × senders
# May this sender change school A's record of this kind? (school A's own computers: what a
# school writes; the commune office of A: what an office writes, in its area; the others: nothing)
KIND_FIELD = {"unit": {"address": "Bản mới"}, "student": {"village": "Bản Sửa"}, "need": {"note": "sửa"},
              "device": {"note": "sửa"}, "sim": {"data_package": "D30"}, "handover": {"accessories": "sạc"},
              "coverage_gap": {"note": "sửa"}, "donation": {"note": "sửa"}, "allocation": {"donor": "sửa"}}
ALLOWED = {
    "a1": set(KIND_FIELD) - {"allocation"},
    "a2": set(KIND_FIELD) - {"allocation"},
    "ox": set(KIND_FIELD) - {"unit"},  # an office changes no school's unit: the province's registry does
    "p": set(KIND_FIELD),  # the provincial department: its whole province, the registry too
    "b1": set(), "c1": set(), "oy": set(),
}


@pytest.mark.parametrize("who", sorted(ALLOWED))
@pytest.mark.parametrize("kind", sorted(KIND_FIELD))
def test_changing_a_record_of_school_a(world, kind, who):
    rid = world.seeds[kind]
    before = world.row(kind, rid)
    ack = world.push(who, [world.change(kind, rid, who, **KIND_FIELD[kind])])
    after = world.row(kind, rid)
    if kind in ALLOWED[who]:
        assert ack["rejected"] == [], ack
        assert json.loads(after["_vv"]).get(world.dev[who].instance_id)  # the sender's write is in
    else:
        [r] = ack["rejected"]
        assert r["id"] == rid and r["code"] == "forbidden" and r["reason"]
        assert after == before  # nothing the victim can see changed


@pytest.mark.parametrize("who", ["b1", "c1", "oy"])
def test_taking_over_or_deleting_school_as_child(world, who):
    """Finding 3: a version that moves another school's child to the sender, or deletes it."""
    rid = world.seeds["student"]
    before = world.row("student", rid)
    own = world.dev[who].unit_id
    moved = world.change("student", rid, who, unit_id=own)
    deleted = {**world.change("student", rid, who), "d": 1}
    ack = world.push(who, [moved])
    ack2 = world.push(who, [deleted])
    assert [r["code"] for r in ack["rejected"] + ack2["rejected"]] == ["forbidden", "forbidden"]
    assert world.row("student", rid) == before


CREATE = {  # sender → may it create a child of school A
    "a1": True, "a2": True, "ox": True, "p": True, "b1": False, "c1": False, "oy": False}


@pytest.mark.parametrize("who", sorted(CREATE))
def test_creating_a_child_of_school_a(world, who):
    ch = world.new("student", who, unit_id=world.units["A"], full_name="Giàng A Páo", birth_date="2016-01-02",
                   sex="M", class_name="3A", school_year="2025-2026", personal_id=f.personal_id(2016, "M"))
    ack = world.push(who, [ch])
    assert bool(ack["rejected"]) != CREATE[who], ack
    assert (world.row("student", ch["id"]) is not None) == CREATE[who]


def test_a_school_cannot_make_itself_a_province_nor_adopt_another_school(world):
    """Finding 1: a school's own unit with kind=province or another province's code; another
    school's unit with the attacker as parent."""
    a = world.units["A"]
    before = world.row("unit", a), world.row("unit", world.units["B"])
    for fields in ({"kind": "province"}, {"province_code": "01"}, {"commune_code": "03394"},
                   {"parent_id": world.units["OY"]}, {"code": "XXX"}, {"name": "Sở GD&ĐT"}):
        [r] = world.push("a1", [world.change("unit", a, "a1", **fields)])["rejected"]
        assert r["code"] == "forbidden" and "Sở GD&ĐT" in r["reason"]
    [r] = world.push("a1", [world.change("unit", world.units["B"], "a1", parent_id=a)])["rejected"]
    assert r["code"] == "forbidden"
    [r] = world.push("a1", [world.new("unit", "a1", code="SO-GIA", name="Sở giả", kind="province",
                                      province_code="12")])["rejected"]
    assert r["code"] == "forbidden"
    assert (world.row("unit", a), world.row("unit", world.units["B"])) == before
    # and the next hello gives school A its own unit only: no other school's children
    client.sync(world.dev["a1"])
    assert sync_state.enrolment(world.dev["a1"]).scope == [a]
    assert world.dev["a1"].get_or_none(Student, world.seeds["b_student"]) is None


def test_kinds_a_school_never_writes(world):
    """Finding 7: an allocation decision written by a school; a handover of another school's device."""
    a1 = world.dev["a1"]
    decision = world.new("allocation", "a1", unit_id=a1.unit_id, decision_no="99/QĐ", decision_date="2025-10-01",
                         to_unit_id=a1.unit_id, counts={"tablet": 50}, status="approved")
    handover = world.new("handover", "a1", unit_id=a1.unit_id, student_id=world.seeds["student"],
                         need_id=world.seeds["need"], device_id=world.seeds["b_device"], minute_no="01/BB",
                         date="2025-10-15", guardian_name="Lò Văn Bình", guardian_relation="Bố")
    ack = world.push("a1", [decision, handover])
    assert sorted((r["kind"], r["code"]) for r in ack["rejected"]) == [("allocation", "forbidden"),
                                                                     ("handover", "forbidden")]
    assert world.row("allocation", decision["id"]) is None and world.row("handover", handover["id"]) is None


def test_forged_vector_entries_of_another_computer_are_not_taken(world):
    """A version carrying a write of the victim's installation that the server never saw
    (a forged counter would make the victim's later writes look old and vanish)."""
    a1, b1 = world.dev["a1"], world.dev["b1"]
    rid = world.seeds["b_student"]
    forged = world.change("student", rid, "a1")
    forged["vv"] = {**json.loads(world.row("student", rid)["_vv"]), b1.instance_id: 10**9}
    before = world.row("student", rid)
    [r] = world.push("a1", [forged])["rejected"]
    assert r["code"] in ("forbidden", "deferred")
    assert world.row("student", rid) == before
    # the victim's next write of that child arrives
    kid = b1.get(Student, rid)
    kid.village = "Bản Thật"
    b1.save(kid, "gv")
    client.sync(b1)
    assert world.row("student", rid)["village"] == "Bản Thật"
    assert a1.get_or_none(Student, rid) is None


def test_claims_about_another_computer_are_ignored(world):
    """Finding 2: an end-of-transfer claim of another installation's counter at 10⁹."""
    a1, b1 = world.dev["a1"], world.dev["b1"]
    world.push("a1", [], end={b1.instance_id: 10**9, a1.instance_id: 1})
    kids = [f.student(b1, full_name=f"Em {n}") for n in range(3)]
    report = client.sync(b1)
    assert report.sent >= 3 and report.pending == 0
    assert all(world.row("student", k.id) is not None for k in kids)


def test_a_device_learns_no_other_installations_ids(world):
    """The hello's summary and claims name the installations of the device's scope and the
    offices above it, never the province's other computers."""
    resp = requests.post(world.url + "/api/v1/sync/hello", timeout=30, stream=True,
                         json={"protocol": 1, "summary": {}, "batch_bytes": 4096},
                         headers={"Authorization": f"Bearer {world.token('b1')}"})
    body = resp.content
    others = [world.dev[w].instance_id for w in ("a1", "a2", "c1", "oy", "rv")]
    assert all(i.encode() not in body for i in others)
    header = json.loads(body[5:5 + int.from_bytes(body[1:5], "big")])
    assert set(header["summary"]) <= {world.dev[w].instance_id for w in ("b1", "ox", "p")} | {"server"}


def test_fake_conflicts_on_another_schools_record_are_dropped(world):
    """Finding 6: a 'conflict' reported on another school's record never reaches its computers."""
    a1, b1 = world.dev["a1"], world.dev["b1"]
    rid = world.seeds["b_student"]
    fake = {"kind": "student", "record_id": rid, "instance": a1.instance_id, "counter": 5,
            "vv": {a1.instance_id: 5}, "data": {"full_name": "Tên giả", "unit_id": b1.unit_id}, "deleted": 0}
    also = {**fake, "instance": b1.instance_id, "vv": {b1.instance_id: 5}}  # in b1's name: not a1's to say
    resp = requests.post(world.url + "/api/v1/sync/hello", timeout=30,
                         json={"protocol": 1, "summary": {}, "conflicts": [fake, also]},
                         headers={"Authorization": f"Bearer {world.token('a1')}"})
    assert resp.status_code == 200
    client.sync(b1)
    assert changes.open_conflicts(b1) == []


def test_enrolment_cannot_take_another_installations_id(world):
    """Finding 4: a valid one-time code with another installation's instance id."""
    from nacl.signing import SigningKey

    a1 = world.dev["a1"]
    code = _api(world, "POST", "/api/v1/admin/enrolments", "province",
                json={"unit_code": world.dev["b1"].unit().code}).json()["code"]
    key = SigningKey.generate()
    from server.storage import enrol_message

    body = {"code": code, "instance_id": a1.instance_id, "public_key": bytes(key.verify_key).hex(),
            "proof": key.sign(enrol_message(a1.instance_id, code)).signature.hex(), "name": "x"}
    resp = requests.post(world.url + "/api/v1/enrol", json=body, timeout=30)
    assert resp.status_code == 409 and resp.json()["error"] == "enrol.instance_taken"
    # without a proof of the key: refused before the code is even looked at
    resp = requests.post(world.url + "/api/v1/enrol", json={**body, "proof": "00" * 64}, timeout=30)
    assert resp.status_code == 403
    assert client.sync(a1).contacted  # a1 keeps its token, key and school
    assert world.dev["a1"].unit_id == world.units["A"]


def test_a_revoked_computer_and_no_token_are_refused(world):
    rv = world.dev["rv"]
    out = _api(world, "POST", f"/api/v1/admin/devices/{rv.instance_id}/revoke", "province", json={"reason": "mất"})
    assert out.status_code == 200
    for token in (world.token("rv"), "", "not-a-token"):
        for path in ("/api/v1/sync/push", "/api/v2/sync"):  # API 2's one request: the same token check
            resp = requests.post(world.url + path, data=b"x", timeout=30,
                                 headers={"Authorization": f"Bearer {token}"})
            assert resp.status_code in (401, 403), path


# ------------------------------------------------------------------ operator endpoints × accounts
def test_operator_endpoints_are_scoped_to_the_accounts_area(world):
    """Finding 5: every /admin endpoint filters or refuses by the account's area."""
    x_ids = {world.dev[w].instance_id for w in ("a1", "a2", "b1", "ox")}
    y_ids = {world.dev[w].instance_id for w in ("c1", "oy")}
    for who, mine, not_mine in (("cb.x", x_ids, y_ids), ("cb.y", y_ids, x_ids)):
        devs = {d["id"] for d in _api(world, "GET", "/api/v1/admin/devices", who).json()}
        assert mine <= devs and not (devs & not_mine)
        units = {u["id"] for u in _api(world, "GET", "/api/v1/admin/units", who).json()}
        assert world.units["P"] not in units
        status = _api(world, "GET", "/api/v1/admin/status", who).json()
        assert status["devices"]["enrolled"] == len(devs - {world.dev["rv"].instance_id})
        for q in _api(world, "GET", "/api/v1/admin/quarantine", who).json():
            assert q["unit_id"] in units
    everything = {d["id"] for d in _api(world, "GET", "/api/v1/admin/devices", "province").json()}
    assert x_ids | y_ids <= everything
    # codes: inside the area, yes; outside, no; the registry: the province only
    ok = _api(world, "POST", "/api/v1/admin/enrolments", "cb.x", json={"unit_code": world.dev["b1"].unit().code})
    assert ok.status_code == 200
    for who, unit in (("cb.x", world.dev["c1"].unit().code), ("cb.y", world.dev["a1"].unit().code)):
        no = _api(world, "POST", "/api/v1/admin/enrolments", who, json={"unit_code": unit})
        assert no.status_code == 403 and no.json()["error"] == "enrol.unit_outside_area"
    assert _api(world, "POST", "/api/v1/admin/units", "cb.x",
                json={"code": "TH-NEW", "name": "Trường mới", "level": "TH",
                      "commune_code": "03388"}).status_code == 403
    # revoking: the province's operators only; reports: the area only
    assert _api(world, "POST", f"/api/v1/admin/devices/{world.dev['c1'].instance_id}/revoke", "cb.x",
                json={}).status_code == 403
    assert _api(world, "GET", "/api/v1/admin/reports/needs", "cb.x",
                params={"unit": world.dev["c1"].unit().code}).status_code == 403
    assert _api(world, "GET", "/api/v1/admin/reports/needs", "cb.x",
                params={"unit": world.dev["a1"].unit().code}).status_code == 200


def test_the_victim_sees_only_what_was_allowed(world):
    """After every attack above: school B's computer holds its own children as it wrote them,
    and school A's computers agree with the server."""
    b1 = world.dev["b1"]
    client.sync(b1)
    assert b1.get(Student, world.seeds["b_student"]).full_name == "Hờ A Sử"
    for cls in (Student,):
        for rec in b1.find(cls):
            assert rec.unit_id == b1.unit_id
    a1, a2 = world.dev["a1"], world.dev["a2"]
    client.sync(a1)
    client.sync(a2)
    assert a1.unit().kind == a2.unit().kind == "school"
    assert a1.get(Unit, a1.unit_id).province_code == "12"
    for s in (a1, a2, b1):
        assert s.pending_changes(sync_state.SERVER) == 0


def test_a_province_account_of_a_unit_reports_on_that_area_only(world):
    """A province-role account tied to a commune's unit is that unit's operator (reports too)."""
    assert _api(world, "GET", "/api/v1/admin/reports/needs", "so.x",
                params={"unit": world.dev["c1"].unit().code}).status_code == 403
    assert _api(world, "GET", "/api/v1/admin/reports/needs", "so.x",
                params={"unit": world.dev["a1"].unit().code}).status_code == 200
    devs = {d["id"] for d in _api(world, "GET", "/api/v1/admin/devices", "so.x").json()}
    assert world.dev["c1"].instance_id not in devs and world.dev["a1"].instance_id in devs


def test_oversized_bodies_are_refused_before_they_are_read(world):
    """A 3 MB JSON body (no login needed for an enrolment) is refused at once, declared or chunked."""
    big = b'{"file": {"x": "' + b"a" * (3 << 20) + b'"}}'
    resp = requests.post(world.url + "/api/v1/enrol/file", data=big, timeout=30,
                         headers={"Content-Type": "application/json"})
    assert resp.status_code == 413
    resp = requests.post(world.url + "/api/v1/enrol/file", data=(big[i:i + 65536] for i in range(0, len(big), 65536)),
                         timeout=30, headers={"Content-Type": "application/json"})
    assert resp.status_code == 413
    ok = requests.post(world.url + "/api/v1/sync/hello", json={"protocol": 1, "summary": {}}, timeout=30,
                       headers={"Authorization": f"Bearer {world.token('a1')}"})
    assert ok.status_code == 200


def test_a_school_confirms_the_receipt_of_a_decision_addressed_to_it_and_nothing_more(world):
    """Issue 14 item 4: the school a decision is addressed to writes its receipt (the count
    received, when, by whom, a note) on the approved decision — nothing else of it, and no
    other school; its devices may name that decision, another school's may not."""
    from app.ops import stock as ops
    from app.queries import stock as sq
    from app.records import Device

    ox, a1 = world.dev["ox"], world.dev["a1"]
    client.sync(ox)
    decision = ox.save(Allocation(unit_id=ox.unit_id, decision_no="20/QĐ", decision_date="2025-10-05",
                                  to_unit_id=world.units["A"], counts={"tablet": 3}), "cán bộ")
    ops.approve_allocation(ox, decision.id, "cán bộ")
    client.sync(ox)
    rid = decision.id
    receipt = {"received_counts": {"tablet": 3}, "received_at": "2026-12-01T08:00:00+00:00",
               "received_by": "Lò Thị Hoa", "receipt_note": "đủ"}

    def refused(who: str, ch: dict[str, Any]) -> None:
        before = world.row("allocation", ch["id"])
        [r] = world.push(who, [ch])["rejected"]
        assert r["code"] == "forbidden" and r["reason"], r
        assert world.row("allocation", ch["id"]) == before

    for who in ("b1", "c1"):  # another school of the commune, a school of another commune
        refused(who, world.change("allocation", rid, who, **receipt))
    for fields in ({"counts": {"tablet": 30}}, {"status": "draft"}, {"to_unit_id": world.units["B"]},
                   {"donor": "sửa"}, {"device_ids": [world.seeds["b_device"]]}):
        refused("a1", world.change("allocation", rid, "a1", **receipt, **fields))
    refused("a1", {**world.change("allocation", rid, "a1", **receipt), "d": 1})
    refused("a1", world.change("allocation", world.seeds["allocation"], "a1", **receipt))  # a draft: not yet
    ack = world.push("a1", [world.change("allocation", rid, "a1", **receipt)])
    assert ack["rejected"] == [], ack
    assert json.loads(world.row("allocation", rid)["received_counts"]) == {"tablet": 3}

    # the real path: the school's computer confirms and registers a serial; sync carries both
    client.sync(a1)
    assert ops.confirm_receipt(a1, rid, {"tablet": 2}, "một máy về sau", "Lò Thị Hoa").allocation.received_counts \
        == {"tablet": 2}
    ops.register_received_devices(a1, "RCPT-0001", Device(kind="tablet", brand_model="Samsung Galaxy Tab A8",
                                                               allocation_id=rid), "Lò Thị Hoa")
    report = client.sync(a1)
    assert report.pending == 0
    row = world.row("allocation", rid)
    assert (json.loads(row["received_counts"]), row["receipt_note"], row["status"]) == (
        {"tablet": 2}, "một máy về sau", "approved")
    [dev] = [d for d in a1.find(Device, "allocation_id=?", (rid,))]
    assert world.row("device", dev.id)["allocation_id"] == rid
    client.sync(ox)  # the office sees what the school confirmed and registered
    assert ox.get(Allocation, rid).received_counts == {"tablet": 2}
    assert [r.registered for r in sq.allocations(ox) if r.id == rid] == [{"tablet": 1}]
    # school B's device naming school A's decision: refused
    b_dev = world.new("device", "b1", unit_id=world.units["B"], kind="tablet", brand_model="Lenovo Tab M8",
                      serial="RCPT-B-0001", allocation_id=rid)
    [r] = world.push("b1", [b_dev])["rejected"]
    assert r["code"] == "forbidden" and world.row("device", b_dev["id"]) is None


# ------------------------------------------------------------------ the web console (issue 17)
def _console(w: World, who: str) -> requests.Session:
    """A browser's session of the console, signed in as ``who`` (the form, its CSRF token)."""
    s = requests.Session()
    form = s.get(w.url + "/console/sign-in", timeout=30)
    csrf = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)
    name, password = w.accounts[who]
    for _attempt in range(4):  # the matrix's wrong logins above may leave the address waiting a few seconds
        resp = s.post(w.url + "/console/sign-in", data={"csrf": csrf, "name": name, "password": password},
                      allow_redirects=False, timeout=30)
        if resp.status_code != 429:
            break
        time.sleep(min(20, int(resp.headers.get("retry-after", "2"))))
    assert resp.status_code == 303, resp.text
    return s


def test_console_pages_are_scoped_to_the_accounts_area(world):
    """An officer of area X opens X's unit pages and none of Y's, by URL (403); the
    province's own account opens every one."""
    code = {letter: world.dev[who].unit().code for letter, who in
            (("A", "a1"), ("B", "b1"), ("C", "c1"), ("OX", "ox"), ("OY", "oy"), ("P", "p"))}
    x, y = [code["A"], code["B"], code["OX"], "03388"], [code["C"], code["OY"], "03394"]
    for who, mine, not_mine in (("cb.x", x, y), ("cb.y", y, x), ("so.x", x, y)):
        s = _console(world, who)
        for unit in mine:
            assert s.get(f"{world.url}/console/unit/{unit}", timeout=30).status_code == 200, (who, unit)
        for unit in [*not_mine, code["P"], "12"]:
            resp = s.get(f"{world.url}/console/unit/{unit}", timeout=30)
            assert resp.status_code == 403, (who, unit)
            assert "data-figure" not in resp.text
    s = _console(world, "province")
    for unit in [*x, *y, code["P"]]:
        assert s.get(f"{world.url}/console/unit/{unit}", timeout=30).status_code == 200, unit


def test_a_device_token_or_an_api_login_cannot_use_the_console(world):
    """The console takes its own session cookie only: a school's token, or an operator's
    HTTP Basic login, is sent to the sign-in form and sees no figure."""
    unit = world.dev["a1"].unit().code
    for headers in ({"Authorization": f"Bearer {world.token('a1')}"}, {"Authorization": f"Bearer {world.token('p')}"}):
        for path in ("/console/", f"/console/unit/{unit}"):
            resp = requests.get(world.url + path, headers=headers, allow_redirects=False, timeout=30)
            assert resp.status_code == 303 and "/console/sign-in" in resp.headers["location"], path
    resp = requests.get(world.url + f"/console/unit/{unit}", auth=_operator(*world.accounts["province"]),
                        allow_redirects=False, timeout=30)
    assert resp.status_code == 303
    resp = requests.post(world.url + "/console/sign-out", headers={"Authorization": f"Bearer {world.token('a1')}"},
                         data={"csrf": "x"}, allow_redirects=False, timeout=30)
    assert resp.status_code == 403


def test_console_registry_and_reports_are_scoped_to_the_accounts_area(world):
    """The units and computers pages and the report downloads: an officer of area X opens
    X's, never Y's unit, computer (revoke) or report by URL (403), nor issues Y a code."""
    code = {letter: world.dev[who].unit().code for letter, who in
            (("A", "a1"), ("C", "c1"), ("OX", "ox"), ("OY", "oy"))}
    device = {letter: world.dev[who].instance_id for letter, who in (("A", "a2"), ("C", "c1"))}
    for who, mine, other in (("cb.x", "A", "C"), ("cb.y", "C", "A"), ("so.x", "A", "C")):
        s = _console(world, who)
        page = s.get(f"{world.url}/console/don-vi/{code[mine]}", timeout=30)
        assert page.status_code == 200, (who, mine)
        csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
        assert s.get(f"{world.url}/console/bao-cao/tai?kind=needs&unit={code[mine]}&format=xlsx",
                     timeout=30).status_code == 200, (who, mine)
        listed = s.get(f"{world.url}/console/don-vi", timeout=30).text
        assert code[mine] in listed and code[other] not in listed, who
        resp = s.get(f"{world.url}/console/don-vi/{code[other]}", timeout=30)
        assert resp.status_code == 403 and device[other][:8] not in resp.text, (who, other)
        for unit in (code[other], "12", ""):
            resp = s.get(f"{world.url}/console/bao-cao/tai?kind=needs&unit={unit}&format=pdf", timeout=30)
            assert resp.status_code == 403, (who, unit)
        resp = s.post(f"{world.url}/console/don-vi/{code[other]}/ma-dang-ky", data={"csrf": csrf}, timeout=30)
        assert resp.status_code == 403 and 'id="code"' not in resp.text, (who, other)
        resp = s.post(f"{world.url}/console/may/{device[other]}/thu-hoi", data={"csrf": csrf, "reason": "thử"},
                      allow_redirects=False, timeout=30)
        assert resp.status_code == 403, (who, other)
    assert not any(i["revoked_at"] for i in world.reader.installations() if i["id"] in device.values())
    s = _console(world, "province")
    for letter in ("A", "C"):
        assert s.get(f"{world.url}/console/don-vi/{code[letter]}", timeout=30).status_code == 200, letter


def test_a_unit_account_adds_schools_only_in_its_areas_communes(world):
    """A province account of commune X's office adds a school under its unit, in X's commune
    only — in the API and in the console: a school of Y's commune under X's office would
    bring Y's school into X's area."""
    ox = world.dev["ox"].unit().code
    tag = uuid.uuid4().hex[:4].upper()
    body = {"code": f"TH-Y-{tag}", "name": "Trường ở xã Y", "level": "TH", "commune_code": "03394",
            "parent_code": ox}
    assert _api(world, "POST", "/api/v1/admin/units", "so.x", json=body).status_code == 403
    s = _console(world, "so.x")
    page = s.get(f"{world.url}/console/don-vi", timeout=30)
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    resp = s.post(f"{world.url}/console/don-vi/them", data={**body, "csrf": csrf}, allow_redirects=False,
                  timeout=30)
    assert resp.status_code == 403
    assert world.reader.unit_by_code(body["code"]) is None
    ok = {**body, "code": f"TH-X-{tag}", "commune_code": "03388"}
    assert _api(world, "POST", "/api/v1/admin/units", "so.x", json=ok).status_code == 201
    resp = s.post(f"{world.url}/console/don-vi/them", data={**ok, "code": f"TH-X2-{tag}", "csrf": csrf},
                  allow_redirects=False, timeout=30)
    assert resp.status_code == 303


def test_a_console_session_signed_out_is_dead_everywhere(world):
    """Sign-out deletes the session's row on the server: the same cookie, sent again (a copy),
    opens nothing and posts nothing."""
    s = _console(world, "cb.x")
    cookies = s.cookies.copy()
    page = s.get(f"{world.url}/console/", timeout=30)
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    assert s.post(f"{world.url}/console/sign-out", data={"csrf": csrf}, allow_redirects=False,
                  timeout=30).status_code == 303
    copy = requests.Session()
    copy.cookies.update(cookies)
    for path in ("/console/", "/console/don-vi", "/console/quarantine", "/console/hai-truong", "/console/bao-cao"):
        resp = copy.get(world.url + path, allow_redirects=False, timeout=30)
        assert resp.status_code == 303 and "/console/sign-in" in resp.headers["location"], path


def test_a_device_token_cannot_use_the_console_registry_or_reports(world):
    unit = world.dev["a1"].unit().code
    headers = {"Authorization": f"Bearer {world.token('a1')}"}
    for path in ("/console/don-vi", f"/console/don-vi/{unit}", "/console/bao-cao",
                 f"/console/bao-cao/tai?kind=needs&unit={unit}&format=pdf"):
        resp = requests.get(world.url + path, headers=headers, allow_redirects=False, timeout=30)
        assert resp.status_code == 303 and "/console/sign-in" in resp.headers["location"], path
        resp = requests.get(world.url + path, auth=_operator(*world.accounts["province"]), allow_redirects=False,
                            timeout=30)
        assert resp.status_code == 303, path
    for path in ("/console/don-vi/them", f"/console/don-vi/{unit}/ma-dang-ky",
                 f"/console/may/{world.dev['a2'].instance_id}/thu-hoi"):
        resp = requests.post(world.url + path, headers=headers, data={"csrf": "x", "reason": "x", "code": "X"},
                             allow_redirects=False, timeout=30)
        assert resp.status_code == 403, path
    assert not world.reader.installations() or not any(
        i["revoked_at"] for i in world.reader.installations() if i["id"] == world.dev["a2"].instance_id)


def _csrf(s: requests.Session, w: World) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', s.get(w.url + "/console/", timeout=30).text).group(1)


def test_console_pairs_and_quarantine_are_scoped_to_the_accounts_area(world):
    """Children at two schools and quarantine (/console/hai-truong, /console/quarantine): an
    officer of another area can neither open nor decide a child of school A, nor mark a
    refused version of area X handled (403, no name shown); area X's officer is not refused."""
    kid = world.seeds["student"]  # Lò Thị Ánh, school A (not at two schools: 404 to whom may see it)
    mine = [q for q in world.reader.quarantined() if q["unit_id"] in (world.units["A"], world.units["B"])]
    assert mine, "the matrix above leaves refused versions of area X"
    for who, status in (("cb.y", 403), ("cb.x", 404), ("so.x", 404), ("province", 404)):
        s = _console(world, who)
        resp = s.get(f"{world.url}/console/hai-truong/{kid}", timeout=30)
        assert resp.status_code == status, who
        assert "Lò Thị Ánh" not in resp.text
        csrf = _csrf(s, world)
        resp = s.post(f"{world.url}/console/hai-truong/{kid}", data={"csrf": csrf, "keep": kid, "reason": "x"},
                      allow_redirects=False, timeout=30)
        assert resp.status_code == status, who
        page = s.get(f"{world.url}/console/quarantine", timeout=30)
        assert page.status_code == 200
        assert (f'data-entry="{mine[0]["id"]}"' in page.text) == (who != "cb.y"), who
    s = _console(world, "cb.y")
    resp = s.post(f"{world.url}/console/quarantine/{mine[0]['id']}/handled", data={"csrf": _csrf(s, world)},
                  allow_redirects=False, timeout=30)
    # another area's entry is answered as one that is not there: numbered in order, a 403
    # would tell other areas' refusals from numbers never used
    unused = s.post(f"{world.url}/console/quarantine/987654321/handled", data={"csrf": _csrf(s, world)},
                    allow_redirects=False, timeout=30)
    assert resp.status_code == unused.status_code == 404
    assert mine[0]["id"] in {q["id"] for q in world.reader.quarantined()}  # still unhandled


def test_a_device_token_cannot_use_the_console_pairs_or_quarantine(world):
    kid = world.seeds["student"]
    if not world.reader.quarantined():  # run alone: a refused version of its own to point at
        world.push("b1", [world.change("student", kid, "b1", village="Bản Lạ")])
    entry = world.reader.quarantined()[0]["id"]
    for who in ("a1", "p"):
        headers = {"Authorization": f"Bearer {world.token(who)}"}
        for path in ("/console/hai-truong", f"/console/hai-truong/{kid}", "/console/quarantine"):
            resp = requests.get(world.url + path, headers=headers, allow_redirects=False, timeout=30)
            assert resp.status_code == 303 and "/console/sign-in" in resp.headers["location"], path
        for path, data in ((f"/console/hai-truong/{kid}", {"csrf": "x", "keep": kid, "reason": "x"}),
                           (f"/console/quarantine/{entry}/handled", {"csrf": "x"})):
            resp = requests.post(world.url + path, headers=headers, data=data, allow_redirects=False, timeout=30)
            assert resp.status_code == 403, path
    resp = requests.get(world.url + "/console/quarantine", auth=_operator(*world.accounts["province"]),
                        allow_redirects=False, timeout=30)
    assert resp.status_code == 303  # an API login is no console session
    assert entry in {q["id"] for q in world.reader.quarantined()}


# last: its failed logins make the address wait (the limiter), for every test after it
ADMIN_PATHS = ["/api/v1/admin/status", "/api/v1/admin/devices", "/api/v1/admin/quarantine",
               "/api/v1/admin/duplicates", "/api/v1/admin/units", "/api/v1/admin/reports/needs"]


def test_operator_endpoints_need_a_login(world):
    for path in ADMIN_PATHS:
        assert requests.get(world.url + path, timeout=30).status_code == 401, path
    for path in ADMIN_PATHS:  # an account by path rather than by lookup: one try each, below the limit
        assert requests.get(world.url + path, auth=_operator("không-có", "sai mật khẩu"),
                            timeout=30).status_code in (401, 429)
    resp = requests.get(world.url + ADMIN_PATHS[0], auth=_operator(world.accounts["cb.y"][0], "sai"), timeout=30)
    assert resp.status_code in (401, 429)


def test_waiting_acknowledgements_are_listed_for_an_office_of_the_area_only(world):
    """GET /api/v1/bundles/acks (issue 14 item 3): an office sees the school computers of
    its own area, never another area's; a school sees none; no token, no answer."""
    def waiting(who: str) -> list[str]:
        resp = requests.get(world.url + "/api/v1/bundles/acks", timeout=30,
                            headers={"Authorization": f"Bearer {world.token(who)}"})
        assert resp.status_code == 200, resp.text
        return [w["device"] for w in resp.json()["waiting"]]

    ox = world.dev["ox"]
    ox.save(Allocation(unit_id=ox.unit_id, decision_no="02/QĐ", decision_date="2025-10-02",
                       to_unit_id=world.units["B"], counts={"laptop": 1}), "cán bộ")
    synced = client.sync(ox)  # pushes the decision, then fetches what its schools wait for
    assert any(world.dev["b1"].instance_id[:8] in a for a in synced.acks)
    assert not any(world.dev["c1"].instance_id[:8] in a for a in synced.acks)
    assert waiting("ox") == []  # fetched: on its way, until something new comes
    later = world.new("allocation", "ox", unit_id=world.units["OX"], decision_no="03/QĐ", decision_date="2025-10-03",
                      to_unit_id=world.units["B"], counts={"laptop": 1}, status="draft")
    later["vv"] = {ox.instance_id: ox.counter + 10}  # the office's next write (its clock only rises)
    world.push("ox", [later])  # pushed by hand: no acknowledgement fetched this time
    seen = waiting("ox")
    assert world.dev["b1"].instance_id in seen  # the decision waits for school B
    outside = {world.dev[w].instance_id for w in ("c1", "oy", "p", "ox")}
    assert not outside & set(seen)
    assert world.dev["b1"].instance_id not in waiting("oy")
    assert waiting("a1") == [] and waiting("b1") == []
    for token in ("", "not-a-token"):
        resp = requests.get(world.url + "/api/v1/bundles/acks", timeout=30,
                            headers={"Authorization": f"Bearer {token}"})
        assert resp.status_code in (401, 403)
    resp = requests.get(world.url + f"/api/v1/bundles/ack/{world.dev['c1'].instance_id}", timeout=30,
                        headers={"Authorization": f"Bearer {world.token('ox')}"})
    assert resp.status_code in (403, 404)  # another area's computer: no acknowledgement for it


# ------------------------------------------------------------------ placement decisions (issue 14 item 2)
# Which school keeps a child found at two schools: written by an office whose area holds both
# schools, addressed to both (who, the writing unit, the kept school, the released school → allowed)
PLACEMENTS = [
    ("a1", "A", "A", "B", False),  # a school never decides, not even keeping its own child
    ("b1", "B", "B", "A", False),
    ("ox", "OX", "A", "B", True),  # the commune office of A and B
    ("p", "P", "B", "A", True),  # the province
    ("oy", "OY", "A", "B", False),  # another commune's office: neither school is in its area
    ("ox", "OX", "A", "C", False),  # addressed to a school outside the office's area
    ("ox", "OY", "A", "B", False),  # written as another office
]


@pytest.mark.parametrize(("who", "unit", "keep", "release", "allowed"), PLACEMENTS)
def test_placement_decisions(world, who, unit, keep, release, allowed):
    students = {"A": world.seeds["student"], "B": world.seeds["b_student"], "C": world.seeds["b_student"]}
    ch = world.new("placement", who, unit_id=world.units[unit], school_year="2025-2026",
                   personal_id=f.personal_id(2016, "F"), keep_unit_id=world.units[keep],
                   keep_student_id=students[keep], release_unit_id=world.units[release],
                   release_student_id=students[release], reason="Em học tại trường giữ em", decided_by="cán bộ",
                   decided_at="2025-10-02T08:00:00+00:00", status="decided")
    ack = world.push(who, [ch])
    row = world.row("placement", ch["id"])
    if allowed:
        assert ack["rejected"] == [] and row is not None and row["keep_unit_id"] == world.units[keep]
    else:
        [r] = ack["rejected"]
        assert r["code"] == "forbidden" and r["reason"] and row is None


# ------------------------------------------------------------------ submitted reports (issue 17)
def _submitted(world, who: str, unit: str, number: str, **extra: Any) -> dict[str, Any]:
    """A submitted report as a hostile or honest computer could send it: a real needs report
    of school A, frozen under ``number``, for the unit ``unit``."""
    import datetime as dt  # noqa: PLC0415
    import hashlib  # noqa: PLC0415

    from app.queries.reports import report  # noqa: PLC0415
    from app.reports.model import Period  # noqa: PLC0415

    a1 = world.dev["a1"]
    data, _hint = report(a1, "needs", {"code": a1.unit().code}, Period(dt.date(2025, 9, 1), dt.date(2025, 9, 30)),
                         "vi")
    frozen = {**data.to_dict(), "number": number, "submitted_by": "hiệu trưởng"}
    text = json.dumps(frozen, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return world.new("submitted_report", who, unit_id=unit, number=number, report_kind="needs", unit_code="X",
                     unit_name="X", period_start="2025-09-01", period_end="2025-09-30",
                     submitted_at="2025-10-01T08:00:00+07:00", submitted_by="hiệu trưởng", data=text,
                     digest=hashlib.sha256(text.encode()).hexdigest(), **extra)


def test_a_submitted_report_is_its_own_units_and_never_changes(world):
    """A unit submits its own reports only (a school its school's, an office its own unit's;
    an office forwards its schools' as they wrote them); once at the province a submitted
    report is never changed nor deleted, not even by its own school; a text that does not
    match its digest is refused."""
    a, b = world.units["A"], world.units["B"]
    mine = _submitted(world, "a1", a, "01/BC-THA")
    assert world.push("a1", [mine])["rejected"] == []
    office = _submitted(world, "ox", world.dev["ox"].unit_id, "01/BC-UBND")
    assert world.push("ox", [office])["rejected"] == []
    for who, unit in (("a1", b), ("b1", a), ("c1", a), ("ox", a), ("oy", a)):
        forged = _submitted(world, who, unit, f"02/BC-{who}")
        [r] = world.push(who, [forged])["rejected"]
        assert r["code"] == "forbidden" and r["reason"], (who, r)
        assert world.row("submitted_report", forged["id"]) is None, who
    before = world.row("submitted_report", mine["id"])
    for who, ch in (("a1", world.change("submitted_report", mine["id"], "a1", number="99/BC-THA")),
                    ("a2", {**world.change("submitted_report", mine["id"], "a2"), "d": 1}),
                    ("ox", world.change("submitted_report", mine["id"], "ox", submitted_by="cán bộ"))):
        [r] = world.push(who, [ch])["rejected"]
        assert r["code"] == "forbidden", (who, r)
        assert world.row("submitted_report", mine["id"]) == before, who
    bad = {**_submitted(world, "a1", a, "03/BC-THA")}
    bad["f"] = {**bad["f"], "data": bad["f"]["data"].replace("03/BC-THA", "04/BC-THA")}
    [r] = world.push("a1", [bad])["rejected"]
    assert r["code"] != "forbidden" or r["reason"]
    assert world.row("submitted_report", bad["id"]) is None
    world.seeds["submitted_report"] = mine["id"]


def test_console_submitted_reports_are_scoped_to_the_accounts_area(world):
    """/console/bao-cao lists, and /console/bao-cao/da-nop/<id> downloads, the reports the
    area's units submitted: school A's to A's commune officer and the province, 403 to
    another commune's officer (and not listed); a device token or an API login is sent to
    the sign-in form."""
    rid = world.seeds.get("submitted_report")
    if rid is None:  # run alone
        ch = _submitted(world, "a1", world.units["A"], "05/BC-THA")
        assert world.push("a1", [ch])["rejected"] == []
        rid = ch["id"]
    number = world.row("submitted_report", rid)["number"]
    for who, status in (("cb.x", 200), ("so.x", 200), ("province", 200), ("cb.y", 403)):
        s = _console(world, who)
        listed = s.get(f"{world.url}/console/bao-cao", timeout=30).text
        assert (number in listed) == (status == 200), who
        resp = s.get(f"{world.url}/console/bao-cao/da-nop/{rid}?format=xlsx", timeout=30)
        assert resp.status_code == status, who
        if status == 200:
            assert resp.headers["content-type"].startswith("application/vnd.openxmlformats")
            assert resp.headers["cache-control"] == "no-store"
    s = _console(world, "province")
    assert s.get(f"{world.url}/console/bao-cao/da-nop/{uuid.uuid4()}", timeout=30).status_code == 404
    for headers, auth in (({"Authorization": f"Bearer {world.token('a1')}"}, None),
                          ({}, _operator(*world.accounts["province"]))):
        resp = requests.get(f"{world.url}/console/bao-cao/da-nop/{rid}?format=pdf", headers=headers, auth=auth,
                            allow_redirects=False, timeout=30)
        assert resp.status_code == 303 and "/console/sign-in" in resp.headers["location"]


def test_a_large_pull_holds_its_scope_alone_and_claims_only_whom_it_may_know(world, tmp_path):
    """A pull of more than ``server.exchange.PULL_SMALL`` changes (API 2: the header with its
    first batch, the rest made and encoded after the server's transaction, ``changes.select``):
    a new computer of school C gets school C's records and what is addressed to it — none of
    commune X's — and the END marker's claims name only the installations it may know of."""
    from app import demo
    from server.exchange import PULL_SMALL

    c1 = world.dev["c1"]
    demo.generate(c1, students=600, seed=23)
    pushed = client.sync(c1)
    assert pushed.rejected == [] and pushed.pending == 0
    c2 = Store.open(tmp_path / "c2")
    code = _api(world, "POST", "/api/v1/admin/enrolments", "province",
                json={"unit_code": c1.unit().code}).json()["code"]
    client.enrol(c2, world.url, code)
    try:
        report = client.sync(c2)
        assert report.received > PULL_SMALL and report.pending == 0
        scope = {world.units["C"], world.units["OY"], world.units["P"]}
        for cls in KINDS.values():
            for (unit_id,) in c2.conn.execute(f"SELECT unit_id FROM {cls.TABLE} WHERE _deleted = 0"):
                assert unit_id in scope, (cls.KIND, unit_id)
            mine = c2.conn.execute(f"SELECT count(*) FROM {cls.TABLE} WHERE unit_id = ?", (c1.unit_id,)).fetchone()[0]
            theirs = c1.conn.execute(f"SELECT count(*) FROM {cls.TABLE} WHERE unit_id = ?", (c1.unit_id,)).fetchone()[0]
            assert mine == theirs, cls.KIND  # the whole school, nothing less
        others = {world.dev[w].instance_id for w in ("a1", "a2", "b1", "ox", "rv")}
        assert not others & set(changes.summary(c2))
        assert not any(i.encode() in row[0].encode() for row in c2.conn.execute("SELECT _vv FROM students")
                       for i in others)
    finally:
        c2.close()
