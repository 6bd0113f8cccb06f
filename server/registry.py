"""The province's unit registry: schools and offices are created by the province, here.

A unit is an ordinary synced record (``app.records.Unit``), written by the server itself as
instance ``"server"``: its counter lives in the server's meta ``counter`` and each write
takes a counter above every entry of the row it changes, so the registry's version wins
over whatever a device held (the stamp of a row is its latest write; ``app.changes``).
Devices learn units by pulling them; they may change only the descriptive fields of their
own unit (``app.authz``). Units come from ``songmay-server unit add``, ``unit import``
(the province's list of schools as CSV or XLSX), and ``enrol --unit CODE`` with the fields.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from sqlalchemy import text
from sqlalchemy.engine import Connection

from app import admin
from app.changes import apply_changes
from app.errors import RuleError, SongMayError
from app.records import LEVELS, UNIT_KINDS, Unit
from app.store import now_iso

SERVER = "server"
# Column names accepted in an import file (lower-cased, accents kept): field ← header.
_HEADERS = {
    "code": ("code", "mã", "ma", "mã trường", "mã đơn vị"),
    "name": ("name", "tên", "ten", "tên trường", "tên đơn vị"),
    "kind": ("kind", "loại", "loai"),
    "level": ("level", "cấp học", "cap hoc", "cấp"),
    "commune_code": ("commune", "commune_code", "mã xã", "ma xa", "xã", "xa"),
    "parent_code": ("parent", "parent_code", "đơn vị cấp trên", "mã đơn vị cấp trên"),
    "address": ("address", "địa chỉ", "dia chi"),
}


@dataclass
class ImportResult:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (row number, message)

    def as_dict(self) -> dict[str, Any]:
        return {"added": self.added, "updated": self.updated, "unchanged": self.unchanged,
                "errors": [{"row": n, "message": m} for n, m in self.errors]}


def unit_fields(code: str, name: str, *, kind: str = "school", level: str = "", commune_code: str = "",
                province_code: str = "", parent_id: str = "", address: str = "") -> dict[str, Any]:
    """The registry's fields of a unit, checked: the commune must exist (its province is
    taken from it), a school needs a level, an office none."""
    code = "".join(str(code).split()).upper()
    if kind not in UNIT_KINDS:
        raise RuleError("registry.kind", kind=kind, kinds=", ".join(UNIT_KINDS))
    commune_code = str(commune_code or "").strip()
    if commune_code:
        commune_code = commune_code.zfill(5)
        found = next((c for c in admin.communes() if c.code == commune_code), None)
        if found is None:
            raise RuleError("registry.commune", commune=commune_code)
        if province_code and province_code != found.province_code:
            raise RuleError("registry.commune_province", commune=commune_code, province=province_code)
        province_code = found.province_code
    elif kind in ("school", "commune"):
        raise RuleError("registry.commune_required", code=code)
    if province_code and not any(p.code == province_code for p in admin.provinces()):
        raise RuleError("registry.province", province=province_code)
    if kind == "school" and level not in LEVELS:
        raise RuleError("registry.level", level=level, levels=", ".join(LEVELS))
    f = {"code": code, "name": str(name).strip(), "kind": kind, "level": level if kind == "school" else "",
         "commune_code": commune_code, "province_code": province_code, "parent_id": parent_id,
         "address": str(address or "").strip()}
    rec = Unit.build({**f, "id": "x", "unit_id": "x"})
    rec.checked()  # the record's own rules (code and name required, choices)
    return f


def write(conn: Connection, target: Any, kind_fields: dict[str, Any], *, record_id: str | None = None,
          actor: str, deleted: bool = False) -> str:
    """Writes a unit as the server: a new version above the stored one. Returns its id."""
    rid = record_id or str(uuid.uuid4())
    row = conn.execute(text("SELECT * FROM units WHERE id = :id"), {"id": rid}).mappings().first()
    old_vv = json.loads(row["_vv"]) if row is not None else {}
    lock = " FOR UPDATE" if conn.dialect.name == "postgresql" else ""
    current = conn.execute(text(f"SELECT value FROM meta WHERE key='counter'{lock}")).first()
    counter = max(int(current[0]) if current else 0, *old_vv.values(), 0) + 1
    conn.execute(text("UPDATE meta SET value = :v WHERE key = 'counter'"), {"v": str(counter)})
    base = {k: v for k, v in row.items() if not k.startswith("_") and k != "search_key"} if row is not None else {}
    f = {**base, **kind_fields, "unit_id": rid}
    f.pop("id", None)
    vv = {**old_vv, SERVER: counter}
    result = apply_changes(target, [{"k": "unit", "id": rid, "vv": vv, "d": int(deleted), "t": now_iso(),
                                     "f": f}], actor=actor, final_refusals=True)
    if result.rejected:
        raise SongMayError("registry.refused", code=kind_fields.get("code", ""), reason=result.rejected[0].reason)
    return rid


def by_code(conn: Connection, code: str) -> dict[str, Any] | None:
    row = conn.execute(text("SELECT * FROM units WHERE upper(code) = :c AND _deleted = 0 ORDER BY id"),
                       {"c": str(code).strip().upper()}).mappings().first()
    return dict(row) if row is not None else None


# An XLSX is a zip: its parts' sizes, as the zip's directory states them, are checked before
# openpyxl inflates anything (a few kB can claim gigabytes). A province's list of schools is
# well under a megabyte unpacked.
MAX_XLSX_BYTES = 32 * 1024 * 1024  # unpacked, all parts together
MAX_XLSX_PARTS = 500


def check_xlsx(path: Path) -> None:
    """Refuses an XLSX whose unpacked size or number of parts is beyond the bounds (a zip
    bomb), in words; reading it then stops at the stated sizes (``zipfile`` checks them)."""
    try:
        with zipfile.ZipFile(path) as z:
            parts = z.infolist()
    except (OSError, zipfile.BadZipFile) as e:
        raise SongMayError("registry.file", path=str(path), detail=str(e)) from e
    if len(parts) > MAX_XLSX_PARTS or sum(p.file_size for p in parts) > MAX_XLSX_BYTES:
        raise SongMayError("registry.file", path=str(path),
                           detail=f"> {MAX_XLSX_BYTES // (1024 * 1024)} MB / {MAX_XLSX_PARTS} parts unpacked")


def area_communes(units: list[dict[str, Any]]) -> set[str]:
    """The communes an operator's area holds (its units' commune codes): a school added by an
    account of an area must be in one of them (``console`` and the API's ``units``)."""
    return {u.get("commune_code") or "" for u in units} - {""}


def parse_rows(path: Path) -> list[dict[str, str]]:
    """The rows of a CSV (UTF-8, with or without BOM; comma or semicolon) or XLSX file, by
    the headers ``_HEADERS`` knows, as {field: text}. An XLSX is checked first
    (``check_xlsx``)."""
    if path.suffix.lower() == ".xlsx":
        check_xlsx(path)
        try:
            wb = load_workbook(path, read_only=True, data_only=True)
        except Exception as e:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
            raise SongMayError("registry.file", path=str(path), detail=str(e)) from e
        rows = [["" if v is None else str(v).strip() for v in r] for r in wb.active.iter_rows(values_only=True)]
        wb.close()
    else:
        try:
            raw = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as e:
            raise SongMayError("registry.file", path=str(path), detail=str(e)) from e
        dialect = csv.Sniffer().sniff(raw.splitlines()[0] if raw else ",", delimiters=",;\t")
        rows = [[c.strip() for c in r] for r in csv.reader(io.StringIO(raw), dialect)]
    rows = [r for r in rows if any(r)]
    if not rows:
        return []
    names: list[str | None] = []
    for h in rows[0]:
        h = h.strip().lower()
        names.append(next((f for f, hs in _HEADERS.items() if h in hs), None))
    if "code" not in names or "name" not in names:
        raise SongMayError("registry.headers", path=str(path))
    return [{n: v for n, v in zip(names, r, strict=False) if n} for r in rows[1:]]


def import_rows(store: Any, rows: list[dict[str, str]], *, actor: str, dry_run: bool = False) -> ImportResult:
    """Adds or updates every unit of ``rows`` in one transaction (all or nothing: a row in
    error changes nothing; ``dry_run`` checks only). Parents are named by code, in the file
    or already in the registry."""
    out = ImportResult()
    checked: list[tuple[int, dict[str, Any], str]] = []
    codes_in_file: dict[str, int] = {}
    for n, r in enumerate(rows, start=2):
        try:
            f = unit_fields(r.get("code", ""), r.get("name", ""), kind=(r.get("kind") or "school").strip().lower(),
                            level=(r.get("level") or "").strip().upper(), commune_code=r.get("commune_code", ""),
                            address=r.get("address", ""))
        except SongMayError as e:
            out.errors.append((n, e.message()))
            continue
        if f["code"] in codes_in_file:
            out.errors.append((n, SongMayError("registry.duplicate", code=f["code"], row=codes_in_file[f["code"]])
                               .message()))
            continue
        codes_in_file[f["code"]] = n
        checked.append((n, f, (r.get("parent_code") or "").strip().upper()))
    if out.errors or dry_run:
        return out
    with store.engine.begin() as conn:
        target = store.merge_target(conn)
        ids: dict[str, str] = {}
        for _n, f, _parent in checked:  # the units first, then their parents by code
            existing = by_code(conn, f["code"])
            if existing is None:
                ids[f["code"]] = write(conn, target, f, actor=actor)
                out.added.append(f["code"])
            else:
                ids[f["code"]] = existing["id"]
                if any(str(existing.get(k) or "") != str(v or "") for k, v in f.items() if k != "parent_id"):
                    write(conn, target, {k: v for k, v in f.items() if k != "parent_id"},
                          record_id=existing["id"], actor=actor)
                    out.updated.append(f["code"])
                else:
                    out.unchanged.append(f["code"])
        for n, f, parent in checked:
            if not parent:
                continue
            pid = ids.get(parent) or (by_code(conn, parent) or {}).get("id")
            if pid is None:
                raise SongMayError("registry.parent", code=f["code"], parent=parent, row=n)
            current = conn.execute(text("SELECT parent_id FROM units WHERE id = :id"), {"id": ids[f["code"]]}).scalar()
            if current != pid:
                write(conn, target, {"parent_id": pid}, record_id=ids[f["code"]], actor=actor)
    store.units_changed()
    return out


@dataclass
class PreviewRow:
    """A row of an import file as the registry would take it: ``action`` "add", "change"
    (``reason`` names the fields changed), "same" or "refuse" (``reason`` says why)."""

    row: int
    code: str
    name: str
    action: str
    reason: str = ""
    source: dict[str, str] = field(default_factory=dict)


def preview_rows(store: Any, rows: list[dict[str, str]], *, lang: str | None = None) -> list[PreviewRow]:
    """What ``import_rows`` would do with each row of ``rows``, without writing: the same
    checks (``unit_fields``, a code twice in the file, a parent neither in the file nor in
    the registry). The rows not refused are what the console's import then takes."""
    out: list[PreviewRow] = []
    codes_in_file: dict[str, int] = {}
    with store.engine.connect() as conn:
        for n, r in enumerate(rows, start=2):
            code, name = "".join(str(r.get("code", "")).split()).upper(), str(r.get("name", "")).strip()
            try:
                f = unit_fields(r.get("code", ""), r.get("name", ""),
                                kind=(r.get("kind") or "school").strip().lower(),
                                level=(r.get("level") or "").strip().upper(), commune_code=r.get("commune_code", ""),
                                address=r.get("address", ""))
                if f["code"] in codes_in_file:
                    raise SongMayError("registry.duplicate", code=f["code"], row=codes_in_file[f["code"]])
                parent = (r.get("parent_code") or "").strip().upper()
                if parent and parent not in {str(x.get("code", "")).strip().upper() for x in rows} \
                        and by_code(conn, parent) is None:
                    raise SongMayError("registry.parent", code=f["code"], parent=parent, row=n)
            except SongMayError as e:
                out.append(PreviewRow(n, code, name, "refuse", e.message(lang), dict(r)))
                continue
            codes_in_file[f["code"]] = n
            existing = by_code(conn, f["code"])
            if existing is None:
                out.append(PreviewRow(n, f["code"], f["name"], "add", "", dict(r)))
                continue
            changed = [k for k, v in f.items() if k != "parent_id" and str(existing.get(k) or "") != str(v or "")]
            out.append(PreviewRow(n, f["code"], f["name"], "change" if changed else "same", ", ".join(changed),
                                  dict(r)))
    return out
