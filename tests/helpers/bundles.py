"""A commune for USB bundle tests: a province key, an officer, schools — keys set directly.

Enrolment through a real server hands each installation the keys it needs (the readers of
its bundles, the installations whose bundles it may import, its scope); the unit tests of
the bundle format set the same state with ``sync_state.save_enrolment``/``save_keys``, so
they run in milliseconds and can make what a server never would (a revoked sender, a
school outside the officer's area, an officer the school was not told of).
tests/e2e/test_usb_bundles.py does the same through a real server.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

from nacl.signing import SigningKey

from app import sync_state
from app.records import Unit
from app.store import Store
from sync import keys

_n = itertools.count()


def enrol_offline(store: Store, *, scope: list[str], readers: list[dict[str, Any]],
                  devices: list[dict[str, Any]], province: SigningKey) -> None:
    unit = store.unit()
    sync_state.save_enrolment(store, sync_state.Enrolment(
        url="http://127.0.0.1:9", token="t", device_id=store.instance_id, unit_id=unit.id, unit_code=unit.code,
        scope=scope, server_key=bytes(province.verify_key).hex()))
    sync_state.save_keys(store, readers, devices)


def device_entry(store: Store, *, revoked: bool = False) -> dict[str, Any]:
    unit = store.unit()
    return {"id": store.instance_id, "unit_id": unit.id, "unit_code": unit.code,
            "public_key": keys.public_key_hex(store), "revoked": revoked}


def reader_entry(store: Store) -> dict[str, Any]:
    return {"id": store.instance_id, "kind": "officer", "unit_code": store.unit().code,
            "public_key": keys.public_key_hex(store)}


class Commune:
    """One commune office and the schools it collects from."""

    def __init__(self, tmp: Path, commune: str = "03388"):
        self.tmp = tmp
        self.commune = commune
        self.province = SigningKey.generate()
        self.opened: list[Store] = []
        self.officer = self.office(f"XA-{commune}")
        self.schools: list[Store] = []
        self.devices: list[dict[str, Any]] = []
        self.scope: list[str] = [self.officer.unit_id]
        self._tell_officer()

    @property
    def province_reader(self) -> dict[str, Any]:
        return {"id": "server", "kind": "server", "unit_code": "",
                "public_key": bytes(self.province.verify_key).hex()}

    def open(self, name: str) -> Store:
        s = Store.open(self.tmp / f"{name}-{next(_n)}")
        self.opened.append(s)
        return s

    def office(self, code: str) -> Store:
        s = self.open(code)
        s.set_unit(Unit(code=code, name="UBND xã Nậm Cha", kind="commune", commune_code=self.commune), "cán bộ")
        keys.signing_key(s)  # made at enrolment
        return s

    def school(self, code: str | None = None, *, known: bool = True, in_scope: bool = True,
               readers: list[Store] | None = None) -> Store:
        """A school installation, enrolled: its bundles are for the province and
        ``readers`` (default: this commune's officer). ``known``: the officer knows the
        installation; ``in_scope``: the school is in the officer's area."""
        s = self.open("school")
        s.set_unit(Unit(code=code or f"TH{len(self.schools) + 1:04d}", name="Trường PTDTBT TH Nậm Cha",
                        level="TH", commune_code=self.commune), "gv")
        enrol_offline(s, scope=[s.unit_id], province=self.province, devices=[],
                      readers=[self.province_reader, *(reader_entry(r) for r in (readers or [self.officer]))])
        self.schools.append(s)
        if in_scope:
            self.scope.append(s.unit_id)
        if known:
            self.devices.append(device_entry(s))
        self._tell_officer()
        return s

    def revoke(self, school: Store) -> None:
        for d in self.devices:
            if d["id"] == school.instance_id:
                d["revoked"] = True
        self._tell_officer()

    def _tell_officer(self) -> None:
        enrol_offline(self.officer, scope=list(self.scope), readers=[self.province_reader],
                      devices=list(self.devices), province=self.province)

    def close(self) -> None:
        for s in self.opened:
            s.close()
