"""The secondary-suppression plan (``server.public.protect``) made faster stays the same plan:
the implementation before (each equation judged at every pass, ``_pins`` quadratic in its
hidden terms) is kept here, and the two agree on random tables of figures — equations of
totals and parts sharing their cells as a province's do (a commune = its units, the province =
its communes, a row's devices = their kinds), with small, large and zero figures."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from server import public
from server.public import SUPPRESSED, THRESHOLD, _interval


def _pins_before(values, total, parts, hidden) -> bool:
    terms = [(total, 1), *((p, -1) for p in parts)]
    shut = [(c, a) for c, a in terms if c in hidden]
    if not shut:
        return False
    known = sum(a * values.get(c, 0) for c, a in terms if c not in hidden)
    ranges = []
    for c, a in shut:
        lo, hi = _interval(hidden[c])
        ranges.append((a * lo, a * hi) if a > 0 else (a * hi, a * lo))
    for i, (c, a) in enumerate(shut):
        rest_lo = sum(r[0] for j, r in enumerate(ranges) if j != i)
        rest_hi = sum(r[1] for j, r in enumerate(ranges) if j != i)
        lo, hi = _interval(hidden[c])
        bounds = sorted(((-known - rest_hi) * a, (-known - rest_lo) * a))
        if max(lo, bounds[0]) >= min(hi, bounds[1]):
            return True
    return False


def protect_before(values, relations, primary):
    hidden = {}

    def hide(cell):
        hidden[cell] = SUPPRESSED if 0 < values.get(cell, 0) < THRESHOLD else public.HIDDEN

    for cell in primary:
        hide(cell)
    changed = True
    while changed:
        changed = False
        for total, parts in relations:
            if not _pins_before(values, total, parts, hidden):
                continue
            shown_parts = sorted((p for p in parts if p not in hidden and values.get(p, 0) > 0),
                                 key=lambda p: (values[p], str(p)))
            if shown_parts:
                hide(shown_parts[0])
            elif total not in hidden:
                hide(total)
            else:
                continue
            changed = True
    return hidden


FIELDS = ("handed", "handed_tablet", "handed_laptop")


@st.composite
def tables(draw):
    """A province: communes of units, each unit's figures (kinds adding up to the devices
    handed), the communes' and the province's the sums; the equations in the order
    ``server.public.protection`` makes them."""
    communes = draw(st.lists(st.integers(1, 5), min_size=1, max_size=5))
    small = st.one_of(st.integers(0, 6), st.integers(0, 40))
    values, relations = {}, []
    units = {}
    for c, n in enumerate(communes):
        units[c] = list(range(n))
        for u in range(n):
            tablets, laptops = draw(small), draw(small)
            values[("unit", (c, u), "handed_tablet")] = tablets
            values[("unit", (c, u), "handed_laptop")] = laptops
            values[("unit", (c, u), "handed")] = tablets + laptops + draw(st.sampled_from([0, 0, 0, 1]))
    for f in FIELDS:
        for c, us in units.items():
            values[("commune", c, f)] = sum(values[("unit", (c, u), f)] for u in us)
        values[("province", "", f)] = sum(values[("commune", c, f)] for c in units)
    for f in FIELDS:
        for c, us in units.items():
            relations.append((("commune", c, f), [("unit", (c, u), f) for u in us]))
        relations.append((("province", "", f), [("commune", c, f) for c in units]))
    for key in [*(("unit", (c, u)) for c, us in units.items() for u in us), *(("commune", c) for c in units),
                ("province", "")]:
        relations.append(((*key, "handed"), [(*key, "handed_tablet"), (*key, "handed_laptop")]))
    primary = [c for c in values if c[0] == "unit" and 0 < values[c] < THRESHOLD]
    return values, relations, primary


@settings(max_examples=400, deadline=None)
@given(tables())
def test_the_plan_is_the_plan_it_was(table):
    values, relations, primary = table
    assert public.protect(values, relations, primary) == protect_before(values, relations, primary)


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(st.integers(0, 12), st.integers(0, 12), min_size=2),
       st.lists(st.tuples(st.integers(0, 12), st.lists(st.integers(0, 12), max_size=6)), max_size=12),
       st.data())
def test_any_equations_any_order(values, relations, data):
    """Equations over any cells (a cell in several, or twice in one), in any order."""
    cells = list(values)
    relations = [(t % len(cells), [p % len(cells) for p in ps]) for t, ps in relations]
    primary = data.draw(st.lists(st.sampled_from(cells), max_size=6))
    assert public.protect(values, relations, primary) == protect_before(values, relations, primary)


def _marks_before(data, by_donor):
    """The plan's equations as ``server.public.protection`` built them before (cells named
    by tuples), judged by ``protect``."""
    fields = sorted(public.CHILD_FIELDS)
    donors = sorted({k[3] for k in by_donor})
    values, communes, provinces = {}, {}, {}

    def add(level, key, field, n):
        values[(level, key, field)] = values.get((level, key, field), 0) + n

    for (prov, com, uid), v in data.items():
        communes.setdefault((prov, com), set()).add(uid)
        provinces.setdefault(prov, set()).add((prov, com))
        for f in fields:
            n = int(v.get(f, 0))
            for level, key in (("unit", uid), ("commune", (prov, com)), ("province", prov), ("national", "")):
                add(level, key, f, n)
    for (prov, com, uid, donor), v in by_donor.items():
        communes.setdefault((prov, com), set()).add(uid)
        provinces.setdefault(prov, set()).add((prov, com))
        for level, key in (("unit", uid), ("commune", (prov, com)), ("province", prov), ("national", "")):
            add(level, key, f"donor:{donor}", int(v["n"]))
    every = fields + [f"donor:{d}" for d in donors]
    relations = []
    entities = ([("unit", u) for us in communes.values() for u in us] + [("commune", c) for c in communes]
                + [("province", p) for p in provinces] + [("national", "")])
    for f in every:
        for c, us in communes.items():
            relations.append((("commune", c, f), [("unit", u, f) for u in sorted(us)]))
        for p, cs in provinces.items():
            relations.append((("province", p, f), [("commune", c, f) for c in sorted(cs)]))
        relations.append((("national", "", f), [("province", p, f) for p in sorted(provinces)]))
    for level, key in entities:
        handed = (level, key, "devices_handed")
        relations.append((handed, [(level, key, f"handed_{k}") for k in public.DEVICE_KINDS]))
        relations.append((handed, [(level, key, f"donor:{d}") for d in donors]))
        relations.append(((level, key, "children_approved"),
                          [(level, key, "children_reached"), (level, key, "children_waiting")]))
    primary = [c for c in values if c[0] == "unit" and 0 < values[c] < THRESHOLD]
    return protect_before(values, relations, primary)


@st.composite
def figures(draw):
    """A country's figures per unit and devices per unit and donor, as the plan reads them:
    provinces of communes of units (a unit may have figures, devices by donor, or both)."""
    small = st.one_of(st.integers(0, 6), st.integers(0, 30))
    data, by_donor = {}, {}
    for p in range(draw(st.integers(1, 3))):
        for c in range(draw(st.integers(1, 3))):
            for u in range(draw(st.integers(1, 4))):
                key = (f"{p:02d}", f"{p:02d}{c:03d}", f"u{p}{c}{u}")
                if draw(st.booleans()) or u == 0:
                    kinds = {f"handed_{k}": draw(small) for k in public.DEVICE_KINDS}
                    reached, waiting = draw(small), draw(small)
                    data[key] = {**kinds, "devices_handed": sum(kinds.values()), "children_in_need": draw(small),
                                 "children_approved": reached + waiting, "children_reached": reached,
                                 "children_waiting": waiting, "donations": draw(small)}
                for donor in draw(st.lists(st.sampled_from(["Viettel", "VNPT", ""]), unique=True, max_size=3)):
                    by_donor[(*key, donor)] = {"n": draw(st.integers(1, 12))}
    return data, by_donor


@settings(max_examples=300, deadline=None)
@given(figures())
def test_the_plan_of_a_country_is_the_plan_it_was(table):
    data, by_donor = table
    assert public._marks_of(data, by_donor) == _marks_before(data, by_donor)
