"""Reads for the handover screen and the printed minute (no Qt, read-only; the actions
are in ``app.ops.handovers``).

``minute_data`` gathers what a minute (biên bản) prints, as a plain dict the PDF writer
(``ui.minute_pdf``) lays out; the other functions feed the handover screen's lists and combos.
"""

from __future__ import annotations

import re
from typing import Any

from app import messages, minute_numbers, predicates, rules
from app.admin import locality
from app.paper import paper_settings
from app.records import (
    CARRIERS,
    CONDITIONS,
    DEVICE_KINDS,
    DEVICE_STATUSES,
    HANDOVER_EVENTS,
    NEED_STATUSES,
    Device,
    Handover,
    Need,
    Sim,
    Student,
    Unit,
    label,
)
from app.store import Store, search_clause
from app.text import fold
from app.workflow import priority_rank

# The number a closing event prints: the handover minute's number with its own mark.
CLOSING_MARKS = minute_numbers.CLOSING_MARKS

EVENT_COLUMNS = ("id", "event", "minute_no", "date", "full_name", "class_name", "device", "sim",
                 "signed_paper", "active", "refers_to", "student_id", "device_id", "sim_id")


def waiting_children(store: Store, text: str = "", unit_id: str | None = None) -> list[dict]:
    """Children whose need is approved, by priority rank, then class and name."""
    cols = Store.STUDENT_OVERVIEW_COLUMNS
    rows = [dict(zip(cols, r, strict=True))
            for r in store.student_overview(text, need_status="approved", unit_id=unit_id)]
    for r in rows:
        r["priority_rank"] = priority_rank(r["priority_tier"], bool(r["policy_family"]))
    rows.sort(key=lambda r: (r["priority_rank"] is None, r["priority_rank"] or 0, r["class_name"] or "",
                             fold(r["full_name"])))
    return rows


def handover_events(store: Store, text: str = "", unit_id: str | None = None) -> list[tuple]:
    """Every handover event (columns: EVENT_COLUMNS), newest first; ``text`` matches the
    child (accents optional) or the minute number."""
    where, params = search_clause(text)
    clauses = ["h._deleted=0"]
    if where:
        words = fold(text).split()
        minute = " AND ".join("lower(h.minute_no) LIKE ?" for _w in words)
        clauses.append(f"(({where.replace('search_key', 's.search_key')}) OR ({minute}))")
        params += [f"%{w}%" for w in words]
    if unit_id:
        clauses.append("h.unit_id=?")
        params.append(unit_id)
    sql = f"""
        SELECT h.id, h.event, h.minute_no, h.date, coalesce(s.full_name, ''), coalesce(s.class_name, ''),
               trim(coalesce(d.brand_model, '') || ' ' || coalesce(d.serial, '')), coalesce(m.number, ''),
               h.signed_paper, ({predicates.active_handover('h')}) AS active, h.refers_to, h.student_id, h.device_id,
               h.sim_id
        FROM handovers h
        LEFT JOIN students s ON s.id = h.student_id
        LEFT JOIN devices d ON d.id = h.device_id
        LEFT JOIN sims m ON m.id = h.sim_id
        WHERE {" AND ".join(clauses)}
        ORDER BY h.date DESC, h._ctr DESC
    """
    rows = [list(r) for r in store.conn.execute(sql, params)]
    letters: dict[tuple[str, str], dict[str, str]] = {}
    for r in rows:  # the minute's number as printed (see minute_number)
        made = minute_numbers.made(r[2])
        if made:
            unit = unit_id or store.conn.execute("SELECT unit_id FROM handovers WHERE id=?", (r[0],)).fetchone()[0]
            key = (unit, made["year"])
            if key not in letters:
                letters[key] = installation_letters(store, *key)
            r[2] = minute_numbers.printed(r[2], r[1], letters[key])
    return [tuple(r) for r in rows]


def handovers_screen(store: Store, text: str = "", unit_id: str | None = None) -> tuple[list[dict], list[tuple]]:
    """The handover screen: the children waiting and the events, both matching ``text``."""
    return waiting_children(store, text, unit_id), handover_events(store, text, unit_id)


def children_to_hand_over(store: Store, text: str, unit_id: str | None,
                          skip: str | None = None) -> tuple[list[dict], list[str]]:
    """The handover dialog's children waiting that match ``text`` (``skip``: the child a
    reassigned device leaves), and when none does, why (``explain_no_child``)."""
    children = [c for c in waiting_children(store, text, unit_id) if c["id"] != skip]
    return children, ([] if children or not text.strip() else explain_no_child(store, text, unit_id))


def handover_form(store: Store, unit_id: str) -> tuple[tuple[list[Device], list[Sim]], list[dict]]:
    """What the handover dialog opens with: the unit's stock, and every child waiting."""
    return stock(store, unit_id), waiting_children(store, "", unit_id)


def child_and_need(store: Store, student_id: str, need_id: str = "") -> tuple[Student, Need | None]:
    """A child and the need being met (the guardian the dialog fills in is theirs)."""
    return store.get(Student, student_id), store.get_or_none(Need, need_id) if need_id else None


def minutes(store: Store, handover_ids: list[str]) -> list[dict[str, Any]]:
    """What the minutes of these handover events print (``minute_data`` of each)."""
    return [minute_data(store, i) for i in handover_ids]


def _dmy(iso: str) -> str:
    return "/".join(reversed(iso.split("-"))) if iso and len(iso) == 10 else iso


def _held(store: Store, student_id: str) -> str:
    """What a child holds now, in words ("đã nhận máy … theo biên bản số …"), or ""."""
    st = store.get_or_none(Student, student_id)
    for h in reversed(store.active_handovers(student_id)):
        if not h.device_id and not h.sim_id:
            continue
        what = []
        if h.device_id:
            d = store.get_or_none(Device, h.device_id, include_deleted=True)
            what.append(" ".join(x for x in ((d.brand_model, d.serial) if d else ()) if x) or h.device_id)
        if h.sim_id:
            m = store.get_or_none(Sim, h.sim_id, include_deleted=True)
            what.append(f"SIM {m.number if m else h.sim_id}")
        if h.device_id:  # a SIM alone leaves the child waiting: not "holds"
            return messages.text("handover.child_holds", name=st.full_name if st else "",
                                 cls=st.class_name if st else "",
                                 what=messages.text("handover.what_device") + " " + " + ".join(what),
                                 minute=minute_number(h, store), date=_dmy(h.date))
    return ""


def explain_no_child(store: Store, text: str, unit_id: str | None, limit: int = 3) -> list[str]:
    """Why a search of the handover dialog lists no child waiting: for each child of the
    school it finds (at most ``limit``), the device and minute they already hold, or
    where their need stands; or that no child matches."""
    where, params = search_clause(text)
    if not where:
        return []
    if unit_id:
        where += " AND unit_id=?"
        params.append(unit_id)
    found = store.find(Student, where, tuple(params), order_by="search_key", limit=limit)
    if not found:
        return [messages.text("handover.child_not_found", text=text.strip())]
    lang = messages.language()
    out = []
    for st in found:
        held = _held(store, st.id)
        if held:
            out.append(held)
            continue
        needs = store.find(Need, "student_id=?", (st.id,),
                           order_by="status IN ('rejected', 'withdrawn'), school_year DESC", limit=1)
        decision = rules.released(store, st.id, needs[0].school_year) if needs else None
        if decision is not None:  # an office decided another school keeps the child this year
            out.append(messages.text("handover.placement_released", lang, name=st.full_name,
                                     year=decision.school_year, date=rules.dmy(decision.decided_at),
                                     decision=decision.reason, office=rules.decider(store, decision)))
        elif needs and needs[0].status != "approved":
            out.append(messages.text("handover.child_need_status", name=st.full_name, cls=st.class_name,
                                     status=label(NEED_STATUSES, needs[0].status, lang)))
        elif not needs:
            out.append(messages.text("handover.child_no_need", name=st.full_name, cls=st.class_name))
    return out


def explain_device(store: Store, code: str, unit_id: str | None, *, unknown: bool = True) -> str:
    """Why the serial or IMEI ``code`` scanned in the handover dialog is not in stock:
    the child and minute it went to, or its status, or that no device has it (with
    ``unknown`` False, "" then: while a serial is being typed)."""
    code = (code or "").strip()
    if not code:
        return ""
    found = store.find(Device, "(upper(serial)=? OR imei=?)", (code.upper(), code), limit=1)
    if not found:
        return messages.text("handover.device_unknown", code=code) if unknown else ""
    d = found[0]
    name = " ".join(x for x in (d.brand_model, d.serial or d.imei) if x)
    if unit_id and d.unit_id != unit_id:
        return messages.text("handover.device_other_unit", device=name)
    if d.status == "handed_over":
        given = store.find(Handover, "device_id=? AND event='handed_over'", (d.id,), order_by="_ctr DESC", limit=1)
        if given:
            st = store.get_or_none(Student, given[0].student_id)
            return messages.text("handover.device_given", device=name, name=st.full_name if st else "",
                                 cls=st.class_name if st else "", minute=minute_number(given[0], store),
                                 date=_dmy(given[0].date))
    return messages.text("handover.device_status", device=name,
                         status=label(DEVICE_STATUSES, d.status, messages.language()))


def stock(store: Store, unit_id: str) -> tuple[list[Device], list[Sim]]:
    """The devices and SIMs of a unit that are in stock, ready to hand over."""
    devices = store.find(Device, "unit_id=? AND status='in_stock'", (unit_id,), order_by="kind, brand_model, serial")
    sims = store.find(Sim, "unit_id=? AND status='in_stock'", (unit_id,), order_by="number")
    return devices, sims


def closing_event(store: Store, handover_id: str) -> Handover | None:
    """The return or reassignment that closed a handover, if any."""
    found = store.find(Handover, "refers_to=? AND event!='handed_over'", (handover_id,), order_by="_ctr", limit=1)
    return found[0] if found else None


def minute_number(h: Handover, store: Store | None = None) -> str:
    """The number printed on the minute of ``h``: short enough for one line, unique in its unit.

    The record keeps the full number the installation made, "012/2025/BBBG-TH0001.AB12":
    sequence, year, mark and unit code, and the computer's mark (its instance), so two
    computers of one school never make the same record number, and a search or a report can
    always find the exact record. The paper shows it without the computer's mark,
    "012/2025/BBBG-TH0001". A school with one computer (nearly all) has nothing more to it.
    When two or more computers of a school number minutes in the same year, each sequence
    would start at 001 on each of them, so every computer but the first gets a letter after
    its sequence, "012B/2025/BBBG-TH0001" (then C, D…). The first is the computer whose
    earliest minute of the year has the earliest date (ties: its mark), so the main
    computer's papers keep their numbers when a second one joins later; every installation
    works the same letters out from the same synced records. Known limit: a second computer
    that prints before it ever synced prints a number without its letter (it cannot know);
    its reprints carry the letter, and the record's full number stays unique.

    Closing events print the handover's number with their own mark (BBTH, BBCG). Without
    ``store`` no letter is worked out (the computer's mark is still left off).
    """
    number = h.minute_no or h.id[:8].upper()
    made = minute_numbers.made(number)
    year_letters = installation_letters(store, h.unit_id, made["year"]) if made and store else None
    return minute_numbers.printed(number, h.event, year_letters)


def installation_letters(store: Store, unit_id: str, year: str) -> dict[str, str]:
    """For the computers that numbered handover minutes of ``unit_id`` in ``year``: their
    mark → the letter their printed numbers carry ("" for the first; see ``minute_number``)."""
    return minute_numbers.letters(store.conn.execute(
        "SELECT minute_no, date FROM handovers WHERE unit_id=? AND event='handed_over' AND minute_no LIKE ?",
        (unit_id, f"%/{year}/%")), year)


def find_minute(store: Store, number: str) -> Handover | None:
    """The handover event whose minute is ``number`` as printed ("012/2025/BBBG-TH0001",
    "012B/…", a return's "012/2025/BBTH-…") or as recorded (with the computer's mark);
    None when no event has it."""
    wanted = re.sub(r"\s+", "", number or "").upper()
    seq = re.match(r"^(\d+)", wanted)
    if not wanted:
        return None
    # a closing event keeps the number of the handover it closes: both are candidates
    candidates = store.find(Handover, "minute_no LIKE ? OR upper(minute_no)=?",
                            (f"{seq.group(1)}%" if seq else wanted, wanted), order_by="_ctr")
    for h in candidates:
        if wanted in (minute_number(h, store).upper(), h.minute_no.upper() if h.event == "handed_over" else ""):
            return h
    return None


def student_minute(store: Store, student_id: str) -> Handover | None:
    """The child's latest handover event (the handover, or the return that closed it), whose
    minute ``songmay minute --student`` prints; None for a child with none."""
    found = store.find(Handover, "student_id=?", (student_id,), order_by="date DESC, _ctr DESC", limit=1)
    return found[0] if found else None


def student_minutes(store: Store, student_id: str) -> list[dict[str, str]]:
    """A child's handover events, oldest first, as the reprint menu lists them:
    {id, event, number (as printed), date, what (the device or SIM)}."""
    out = []
    for h in store.find(Handover, "student_id=?", (student_id,), order_by="date, _ctr"):
        d = store.get_or_none(Device, h.device_id, include_deleted=True) if h.device_id else None
        m = store.get_or_none(Sim, h.sim_id, include_deleted=True) if h.sim_id else None
        what = " + ".join(x for x in (" ".join(y for y in (d.brand_model, d.serial) if y) if d else "",
                                      f"SIM {m.number}" if m else "") if x)
        out.append({"id": h.id, "event": h.event, "number": minute_number(h, store), "date": h.date, "what": what})
    return out


def minute_file_name(number: str) -> str:
    """A file name for a minute number: "001/2025/BBBG-X" → "001-2025-BBBG-X.pdf"."""
    return re.sub(r'[\\/:*?"<>|\s]+', "-", number).strip("-.") + ".pdf"


def minute_data(store: Store, handover_id: str) -> dict[str, Any]:
    """Everything the printed minute of one handover event shows, as a plain dict."""
    h = store.get(Handover, handover_id)
    unit = store.get_or_none(Unit, h.unit_id) or store.unit()
    st = store.get_or_none(Student, h.student_id)
    device = store.get_or_none(Device, h.device_id, include_deleted=True) if h.device_id else None
    sim = store.get_or_none(Sim, h.sim_id, include_deleted=True) if h.sim_id else None
    original = store.get_or_none(Handover, h.refers_to) if h.refers_to else None
    commune = store.admin_unit(unit.commune_code) if unit and unit.commune_code else None
    province_code = (unit.province_code if unit else "") or (commune or {}).get("province_code", "")
    province = store.admin_unit(province_code) if province_code else None
    giver_rep, giver_position, place, guardian_id, relation = (
        h.giver_rep, h.giver_position, h.place, h.guardian_id_no, h.guardian_relation)
    paper = paper_settings(store)
    if h.event != "handed_over":
        # A return records only what changed; the rest comes from the minute it closes. The
        # school's side is its representative from the paper settings (with position), never
        # the login that recorded the return; without one, the handover's representative.
        if not giver_rep and paper.representative:
            giver_rep, giver_position = paper.representative, giver_position or paper.representative_title
        giver_rep = giver_rep or (original.giver_rep if original else "")
        if original is not None:
            same = giver_rep == original.giver_rep
            giver_position = giver_position or (original.giver_position if same else "")
            place = place or original.place
            guardian_id = guardian_id or original.guardian_id_no
            relation = relation or original.guardian_relation
    elif not giver_rep and paper.representative:
        giver_rep, giver_position = paper.representative, giver_position or paper.representative_title
    return {
        "event": h.event,
        "event_label": label(HANDOVER_EVENTS, h.event, "vi"),
        "number": minute_number(h, store),
        "record_number": h.minute_no,  # the full number in the record (with the computer's mark)
        "refers_to_number": minute_number(original, store) if original else "",
        "date": h.date,
        "place": place or (unit.name if unit else ""),
        "locality": paper.place or locality(commune) or (province or {}).get("name", ""),
        "parent_unit": paper.managing_body.upper() or _parent_unit(store, unit, commune, province),
        "unit_name": h.giver_unit or (unit.name if unit else ""),
        "unit_address": unit.address if unit else "",
        "giver_rep": giver_rep,
        "giver_position": giver_position,
        "student": {
            "full_name": st.full_name if st else "",
            "class_name": st.class_name if st else "",
            "birth_date": st.birth_date if st else "",
            "personal_id": st.personal_id if st else "",
        },
        "guardian": {"name": h.guardian_name, "relation": relation, "id_no": guardian_id},
        "witness": h.witness,
        "override_reason": h.override_reason,
        "reason": h.note if h.event != "handed_over" else "",
        "transfer_to": _successor(store, h) if h.event == "reassigned" else {},
        "lines": [_line(h, device, sim)],
        "signed_paper": h.signed_paper,
    }


def _line(h: Handover, device: Device | None, sim: Sim | None) -> dict[str, str]:
    sim_text = ""
    if sim is not None:
        extra = ", ".join(x for x in (label(CARRIERS, sim.carrier, "vi") if sim.carrier else "", sim.data_package) if x)
        sim_text = f"{sim.number} ({extra})" if extra else sim.number
    if device is not None:
        name = " ".join(x for x in (label(DEVICE_KINDS, device.kind, "vi"), device.brand_model) if x)
    else:
        name = "SIM điện thoại"
    return {
        "name": name,
        # a SIM handed over alone: its ICCID is its serial (the column reads "Số serial / ICCID")
        "serial": device.serial if device else (sim.iccid if sim is not None else ""),
        "imei": device.imei if device else "",
        "sim": sim_text,
        "accessories": h.accessories,
        "condition": label(CONDITIONS, h.condition, "vi"),
        "quantity": "1",
    }


def _parent_unit(store: Store, unit: Unit | None, commune: dict | None, province: dict | None) -> str:
    """The managing body printed above the school's name."""
    if unit is None:
        return ""
    if unit.parent_id:
        parent = store.get_or_none(Unit, unit.parent_id)
        if parent is not None:
            return parent.name.upper()
    if unit.kind == "school" and unit.level in ("THPT", "GDTX") and province:
        return f"SỞ GD&ĐT {province['name']}".upper()
    if unit.kind == "school" and commune:
        return f"UBND {commune['name']}".upper()
    if province:
        return f"UBND {province['division']} {province['name']}".upper()
    return ""


def _successor(store: Store, closing: Handover) -> dict[str, str]:
    """For a reassignment: the child the device went to next, and that minute's number."""
    if not closing.device_id and not closing.sim_id:
        return {}
    column, value = ("device_id", closing.device_id) if closing.device_id else ("sim_id", closing.sim_id)
    after = store.find(
        Handover,
        f"event='handed_over' AND {column}=? AND _ctr > (SELECT _ctr FROM handovers WHERE id=?)",
        (value, closing.id), order_by="_ctr", limit=1,
    )
    if not after:
        return {}
    st = store.get_or_none(Student, after[0].student_id)
    return {"full_name": st.full_name if st else "", "class_name": st.class_name if st else "",
            "number": minute_number(after[0], store)}


def find_student(store: Store, key: str) -> Student | None:
    """A child by personal ID (12 digits), MOET code or record id; None when none has it."""
    key = (key or "").strip()
    if not key:
        return None
    found = store.find(Student, "personal_id=? OR moet_code=? OR id=?", (key, key, key), limit=1)
    return found[0] if found else None
