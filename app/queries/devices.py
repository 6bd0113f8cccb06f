"""Reads for the devices and SIMs screen, and the checks of a pasted list of devices.

Read-only: the actions that save devices and SIMs are in ``app.ops.stock``. A pasted list
is one line per device, a serial or an IMEI, or "serial<TAB>imei" / "serial;imei" rows as
copied from Excel.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass

from app.errors import ValidationError
from app.records import DEVICE_STATUSES, SIM_STATUSES, Device, Sim
from app.store import Store
from app.text import fold

CHUNK = 400  # identities per IN (...) query, well under SQLite's variable limit


def devices(store: Store, unit_id: str | None = None, status: str = "") -> list[Device]:
    where, params = _scope(unit_id, status)
    return store.find(Device, where, params, order_by="received_date DESC, brand_model, serial")


def sims(store: Store, unit_id: str | None = None, status: str = "") -> list[Sim]:
    where, params = _scope(unit_id, status)
    return store.find(Sim, where, params, order_by="free_until = '', free_until, number")


def devices_with_counts(store: Store, unit_id: str | None = None,
                        status: str = "") -> tuple[list[Device], dict[str, int]]:
    """The devices screen: its rows and the number per status of the unit's devices."""
    return devices(store, unit_id, status), status_counts(store, Device, unit_id)


def sims_with_counts(store: Store, unit_id: str | None = None, status: str = "") -> tuple[list[Sim], dict[str, int]]:
    """The SIMs tab: its rows and the number per status of the unit's SIMs."""
    return sims(store, unit_id, status), status_counts(store, Sim, unit_id)


def _scope(unit_id: str | None, status: str) -> tuple[str, list]:
    clauses, params = [], []
    if unit_id:
        clauses.append("unit_id=?")
        params.append(unit_id)
    if status:
        clauses.append("status=?")
        params.append(status)
    return " AND ".join(clauses), params


def status_counts(store: Store, cls: type[Device] | type[Sim], unit_id: str | None = None) -> dict[str, int]:
    """Number of devices (or SIMs) per status, every status present (zero included)."""
    sql = f"SELECT status, count(*) FROM {cls.TABLE} WHERE _deleted=0"
    params: tuple = ()
    if unit_id:
        sql += " AND unit_id=?"
        params = (unit_id,)
    found = {r[0]: r[1] for r in store.conn.execute(sql + " GROUP BY status", params)}
    statuses = DEVICE_STATUSES if cls is Device else SIM_STATUSES
    return {**{s: 0 for s in statuses}, **found}


def _matches(store: Store, cls, column: str, values: Iterable[str], exclude_id: str = "") -> dict[str, object]:
    """value → the first record (any unit, not deleted) whose ``column`` holds it."""
    wanted = sorted({v for v in values if v})
    out: dict[str, object] = {}
    for i in range(0, len(wanted), CHUNK):
        part = wanted[i:i + CHUNK]
        where = f"{column} IN ({', '.join('?' * len(part))}) AND id!=?"
        for rec in store.find(cls, where, [*part, exclude_id], order_by="_ctr"):
            out.setdefault(getattr(rec, column), rec)
    return out


def device_duplicate(store: Store, dev: Device) -> tuple[str, Device] | None:
    """("serial" | "imei", the device already recorded) when ``dev`` (normalised) repeats one."""
    for column in ("imei", "serial"):
        value = getattr(dev, column)
        hit = _matches(store, Device, column, [value], dev.id).get(value) if value else None
        if hit is not None:
            return column, hit
    return None


def sim_duplicate(store: Store, sim: Sim) -> tuple[str, Sim] | None:
    """("number" | "iccid", the SIM already recorded) when ``sim`` (normalised) repeats one."""
    for column in ("number", "iccid"):
        value = getattr(sim, column)
        hit = _matches(store, Sim, column, [value], sim.id).get(value) if value else None
        if hit is not None:
            return column, hit
    return None


# ------------------------------------------------------------------ pasted lists
_SPLIT = re.compile(r"[\t;]")
_IMEI_LIKE = re.compile(r"\d{14,16}")


@dataclass
class ListLine:
    """One pasted line. ``problem``: "" (will be saved), "invalid", "duplicate" (of an
    earlier line: ``detail`` is its number) or "exists" (``detail``: the device already
    recorded, ``existing_status`` its status)."""

    line_no: int
    serial: str
    imei: str
    problem: str = ""
    detail: str = ""
    existing_status: str = ""
    device: Device | None = None

    @property
    def ok(self) -> bool:
        return not self.problem


def parse_device_list(text: str) -> list[ListLine]:
    """Lines of ``text`` with their serial and IMEI, blank lines and a header row left out.

    One value on a line is an IMEI when it is 14–16 digits (spaces, dashes allowed),
    otherwise a serial; two values are serial then IMEI; further columns are ignored."""
    out = []
    for no, raw in enumerate(text.splitlines(), start=1):
        parts = [p.strip() for p in _SPLIT.split(raw)]
        while parts and not parts[-1]:
            parts.pop()
        if not any(parts):
            continue
        if not out and _is_header(parts):
            continue
        if len(parts) == 1:
            value = parts[0]
            if _IMEI_LIKE.fullmatch(re.sub(r"[\s\-/]", "", value)):
                out.append(ListLine(no, "", value))
            else:
                out.append(ListLine(no, value, ""))
        else:
            out.append(ListLine(no, parts[0], parts[1]))
    return out


def _is_header(parts: list[str]) -> bool:
    words = fold(" ".join(parts))
    return not any(ch.isdigit() for ch in words) and ("serial" in words or "imei" in words)


def check_device_list(store: Store, lines: list[ListLine], template: Device) -> list[ListLine]:
    """Fill each line's ``device`` (``template`` with the line's serial/IMEI, normalised)
    or its problem: invalid, duplicate of an earlier line, or already in the database.

    ``template`` itself must be valid (see ``check_template``)."""
    first_seen: dict[tuple[str, str], int] = {}
    for line in lines:
        line.problem = line.detail = line.existing_status = ""
        line.device = None
        try:
            dev = dataclasses.replace(template, id=Device().id, serial=line.serial, imei=line.imei).checked()
        except ValidationError as e:
            line.problem, line.detail = "invalid", e.message()
            continue
        keys = [(c, getattr(dev, c)) for c in ("serial", "imei") if getattr(dev, c)]
        earlier = next((first_seen[k] for k in keys if k in first_seen), None)
        if earlier is not None:
            line.problem, line.detail = "duplicate", str(earlier)
            continue
        for k in keys:
            first_seen[k] = line.line_no
        line.device = dev
    good = [ln for ln in lines if ln.device is not None]
    known = {
        column: _matches(store, Device, column, [getattr(ln.device, column) for ln in good])
        for column in ("serial", "imei")
    }
    for line in good:
        for column in ("imei", "serial"):
            hit = known[column].get(getattr(line.device, column))
            if hit is not None:
                line.problem, line.detail, line.existing_status = "exists", hit.label, hit.status
                line.device = None
                break
    return lines


def check_template(template: Device) -> None:
    """Raise ValidationError for problems of the fields a pasted list shares (kind, model,
    donor, date…); the serial and IMEI are the lines' business."""
    try:
        dataclasses.replace(template, serial=template.serial or "X").checked()
    except ValidationError as e:
        problems = [p for p in e.problems if p.field not in ("serial", "imei")]
        if problems:
            raise ValidationError(problems) from None


def preview_device_list(store: Store, text: str, template: Device) -> tuple[dict[str, str], list[ListLine]]:
    """What saving the pasted ``text`` would do: (the template's problems by field, the
    lines checked), nothing written."""
    try:
        check_template(template)
    except ValidationError as e:
        return e.by_field(), []
    return {}, check_device_list(store, parse_device_list(text), template)
