"""Record ids (``app.records.new_id``): UUIDs of version 8 that a process hands out in
sequence behind a random prefix — unique, and compressible in a sync batch."""

from __future__ import annotations

import subprocess
import sys
import uuid
from pathlib import Path

from app.records import Student, new_id
from sync import protocol


def test_ids_are_rfc_uuids_of_version_8_in_sequence():
    ids = [new_id() for _ in range(1000)]
    parsed = [uuid.UUID(x) for x in ids]
    assert all(u.version == 8 and u.variant == uuid.RFC_4122 and str(u) == x for u, x in zip(parsed, ids, strict=True))
    assert len(set(ids)) == 1000
    assert len({u.bytes[:10] for u in parsed}) == 1  # one prefix in a process
    assert [u.int & (2**48 - 1) for u in parsed] == list(range(parsed[0].int & (2**48 - 1),
                                                               (parsed[0].int & (2**48 - 1)) + 1000))
    assert Student().id != Student().id


_FORK = """
import os, sys, uuid
from app.records import new_id
parent = new_id()
r, w = os.pipe()
pid = os.fork()
if pid == 0:
    os.write(w, " ".join(new_id() for _ in range(3)).encode())
    os._exit(0)
os.waitpid(pid, 0)
print(parent, new_id(), os.read(r, 4096).decode())
"""


def test_a_forked_child_draws_its_own_prefix():
    # in a process of its own: forking this one (threads of other tests) would be unsafe
    out = subprocess.run([sys.executable, "-c", _FORK], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[2], timeout=60).stdout.split()
    parent, after, children = out[0], out[1], out[2:]
    assert len(children) == 3 and len(set(out)) == 5
    assert uuid.UUID(after).bytes[:10] == uuid.UUID(parent).bytes[:10]
    assert {uuid.UUID(x).bytes[:10] for x in children} != {uuid.UUID(parent).bytes[:10]}


def test_a_batch_of_sequential_ids_compresses_far_below_random_ones():
    def batch(ids):
        return protocol.encode_batch([{"k": "sim", "id": i, "i": "a" * 32, "c": n + 1, "vv": {"a" * 32: n + 1},
                                       "d": 0, "t": "2026-12-06T00:00:00", "f": {}}
                                      for n, i in enumerate(ids)], codec=protocol.LZMA_RAW, fmt=protocol.FORMAT_V2)
    ours = len(batch([new_id() for _ in range(1000)]))
    random4 = len(batch([str(uuid.uuid4()) for _ in range(1000)]))
    assert random4 > 15_000  # 16 random bytes each do not compress
    assert ours < random4 / 3
