"""The merge core's fast paths give exactly what the general code gives."""

from __future__ import annotations

import gc
import json
import threading

from hypothesis import given
from hypothesis import strategies as st

from app.changes import gc_paused, vv_of, vv_text

vectors = st.dictionaries(st.text(min_size=1, max_size=40), st.integers(min_value=1, max_value=2**62),
                          min_size=1, max_size=4)


@given(vectors)
def test_a_vector_is_stored_as_json_dumps_stores_it_and_read_back_as_it_was(vv):
    text = vv_text(vv)
    assert text == json.dumps(vv, sort_keys=True)
    assert vv_of(text) == vv == json.loads(text)


def test_vectors_with_what_json_escapes_or_not_json_read_back_by_the_parser():
    for vv in ({'a", "b': 1}, {"a\\": 2}, {"ế": 3}, {"a": 1, "b": 2}, {", \"x": 4}):
        assert vv_of(vv_text(vv)) == vv
    for text in ('{"a": 1_0}', '{"a": +1}', '{"a": ١}'):
        try:
            got = vv_of(text)
        except ValueError:
            continue
        raise AssertionError(f"{text!r} read as {got!r}")


def test_the_collector_comes_back_as_it_was_after_nested_and_concurrent_pauses():
    normal = gc.get_threshold()
    assert gc.isenabled()
    with gc_paused():
        assert gc.isenabled() and gc.get_threshold()[0] >= 100_000 and gc.get_threshold()[1:] == normal[1:]
        with gc_paused():
            assert gc.get_threshold()[0] >= 100_000
        assert gc.get_threshold()[0] >= 100_000
        inside = threading.Event()
        leave = threading.Event()

        def other() -> None:
            with gc_paused():
                inside.set()
                leave.wait(5)

        t = threading.Thread(target=other)
        t.start()
        inside.wait(5)
    assert gc.get_threshold()[0] >= 100_000  # the other thread's step still runs
    leave.set()
    t.join()
    assert gc.get_threshold() == normal and gc.isenabled()


def test_overlapping_steps_never_switch_the_collector_off():
    """Sync threads whose steps overlap without end (a busy server): cycles made meanwhile are
    still collected."""
    import weakref

    class Node:
        pass

    stop = threading.Event()

    def steps() -> None:
        while not stop.is_set():
            with gc_paused():
                stop.wait(0.01)

    threads = [threading.Thread(target=steps) for _ in range(3)]
    for t in threads:
        t.start()
    try:
        refs = []
        for _ in range(3000):  # cycles, and enough containers to reach the raised threshold
            a, b = Node(), Node()
            a.other, b.other = b, a
            a.pad = [[] for _ in range(100)]
            refs.append(weakref.ref(a))
        assert sum(r() is not None for r in refs) < 3000  # some collected while the steps ran
    finally:
        stop.set()
        for t in threads:
            t.join()


def test_values_as_stored_take_the_short_way_to_the_same_answers():
    import datetime as dt

    import pytest

    from app import validate
    from app.errors import FieldError

    assert validate.parse_date("2020-01-05", "d") == dt.date(2020, 1, 5)
    assert validate.parse_date(" 2020-01-05 ", "d") == dt.date(2020, 1, 5)
    for bad in ("2020-02-30", "2020-13-01", "0000-01-01", "２０２０-01-05", "2020-1-5x"):
        with pytest.raises(FieldError):
            validate.parse_date(bad, "d")
    assert validate.normalise_phone("0912345678") == "0912345678"
    assert validate.normalise_phone("02123456789") == "02123456789"  # a fixed line: 11 digits
    for bad in ("0212345678", "021 234 5678", "0012345678", "0084123456", "0112345678", "０912345678"):
        with pytest.raises(FieldError):
            validate.normalise_phone(bad)
    born = dt.date(2015, 3, 1)
    assert validate.check_personal_id("001215001234", born, "M") == "001215001234"
    assert validate.check_personal_id("001 215 001 234", born, "M") == "001215001234"
    for bad in ("001315001234", "999215001234", "００1215001234"):
        with pytest.raises(FieldError):
            validate.check_personal_id(bad, born, "M")
