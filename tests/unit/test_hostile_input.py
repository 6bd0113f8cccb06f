"""Hostile input never crashes a reader nor exhausts its memory (issue 12, item 8).

Sync batches, USB bundles really signed by a school's key, offline enrolment files and
the files an officer names on the command line: JSON nested 100,000 deep, payloads of the
wrong shape, a FIFO, /dev/zero, a symbolic link loop, a 1 GiB sparse file. Each is refused
with a typed error whose message is in words (Vietnamese and English), as a per-file
result where files are imported, and the commands exit ≠ 0 without a traceback. Fuzz: the
batch decoder and a bundle's payload give a decoded batch or the typed error, never
another exception.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
import subprocess
import sys
import threading
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import changes, messages, sync_state
from songmay.cli import main as songmay
from sync import bundle as B
from sync import enrolment, keys, usb
from sync import protocol as P
from tests.helpers import factories as f
from tests.helpers.bundles import Commune
from tests.helpers.servers import ROOT, server_cli, start_server
from tests.unit.test_protocol import mixed

DEEP = 100_000
POSIX = pytest.mark.skipif(os.name != "posix", reason="FIFOs, /dev/zero and symbolic links as POSIX has them")


def frame(payload: bytes, codec: int = P.ZLIB) -> bytes:
    """A whole, well-checksummed batch around any payload (as a hostile peer makes one)."""
    rest = bytes((P.PROTOCOL_VERSION, codec)) + (zlib.compress(payload, 1) if codec == P.ZLIB else payload)
    return P.MAGIC + hashlib.sha256(rest).digest() + rest


def nested(depth: int, inner: str = "0", open_: str = "[", close: str = "]") -> bytes:
    return (open_ * depth + inner + close * depth).encode()


def deep_doc(depth: int = DEEP) -> bytes:
    """A batch's document whose first column holds a value nested ``depth`` deep."""
    return b'{"v":1,"inst":[],"scopes":[],"kinds":[{"k":"student","fields":["x"],"vv":[null],"p":[null],' \
           b'"s":[null],"cols":[[' + nested(depth) + b"]]}]}"


def words(err, *needles_vi_en: tuple[str, str]) -> None:
    """The error's message says each (Vietnamese, English) pair in its language."""
    for vi, en in needles_vi_en:
        assert vi in err.message("vi"), err.message("vi")
        assert en in err.message("en"), err.message("en")


# ------------------------------------------------------------------ sync batches
def test_a_batch_nested_100000_deep_is_refused_in_words_before_json_sees_it():
    with pytest.raises(P.ProtocolError) as e:
        P.read_batch(frame(deep_doc()))
    assert e.value.key == "protocol.too_deep"
    words(e.value, ("lồng nhau quá sâu", "nested deeper than"), (str(P.MAX_DEPTH), str(P.MAX_DEPTH)))
    for doc in (nested(DEEP), nested(DEEP, "0", "{\"a\":", "}"), b"[" * DEEP, b'{"v":' + b"[" * DEEP):
        with pytest.raises(P.ProtocolError):
            P.read_batch(frame(doc))


def test_the_depth_bound_is_exact_and_legitimate_nesting_round_trips():
    """A record's JSON field may nest as deep as the bound allows (the batch itself takes 5
    levels); one level more is refused; brackets inside strings, escaped quotes and
    backslashes count for nothing."""
    base = mixed()
    ok = P.MAX_DEPTH - 5
    for depth, fine in ((ok, True), (ok + 1, False)):
        value: object = 0
        for _ in range(depth):
            value = [value]
        chs = [dict(ch) for ch in base]
        chs[1] = {**chs[1], "f": {**chs[1]["f"], "notes": value}}
        data = P.encode_batch(chs)
        if fine:
            assert P.decode_batch(data) == chs
        else:
            with pytest.raises(P.ProtocolError) as e:
                P.decode_batch(data)
            assert e.value.key == "protocol.too_deep"
    tricky = ['[' * 500, ']' * 500 + '"' + '{' * 100, '\\"[[[[\\\\', '\\', '"]]}}', "Nguyễn [Văn] {A}"]
    chs = [dict(ch) for ch in base]
    for n, text in enumerate(tricky):
        chs[n + 1] = {**chs[n + 1], "f": {**chs[n + 1]["f"], "full_name": text}} if n + 1 < len(chs) - 1 else chs[n + 1]
    assert P.decode_batch(P.encode_batch(chs)) == chs


def test_check_json_agrees_with_the_parser_on_depth():
    for depth in (0, 1, 5, P.MAX_DEPTH):
        P.check_json(nested(depth))
        P.check_json(nested(depth, '"]]]\\"[[["'))
        P.check_json(nested(depth // 2, "{}" if depth % 2 else "0", "{\"k\":[", "]}"))
    with pytest.raises(P.Unbounded):
        P.check_json(nested(P.MAX_DEPTH + 1))
    with pytest.raises(P.Unbounded):  # a string cannot hide a real bracket: the escape is counted
        P.check_json(b'["\\\\"' + b"[" * 40 + b"]" * 40 + b"]")
    for cut in (b"[" * 10, b"[" * DEEP, b'{"a":[[[' , b"]]][[[", b"[[[]]]]"):  # not JSON: cut short, not deep
        with pytest.raises(ValueError) as e:
            P.check_json(cut)
        assert not isinstance(e.value, P.Unbounded)
    assert P.loads_bounded(b'["\\\\", "[", {"a": "]]"}]') == ["\\", "[", {"a": "]]"}]


def test_a_payload_of_the_wrong_shape_is_refused_as_garbage():
    for doc in (b"[]", b"0", b'"text"', b"null", b'{"v":1,"inst":{},"scopes":[],"kinds":[]}',
                b'{"v":1,"inst":[],"scopes":[],"kinds":{}}', b'{"v":1,"inst":[],"scopes":[],"kinds":["x"]}',
                b'{"v":1,"inst":[],"scopes":[],"kinds":[{"k":[],"fields":[[]],"vv":[null],"p":[null],"s":[null],'
                b'"cols":[[1]]}]}', b'{"v":1,"inst":["a"],"scopes":[],"kinds":[],"order":[1.5]}',
                b'{"v":[],"inst":[],"scopes":[],"kinds":[]}', b"\xff\xfe{}"):
        with pytest.raises(P.ProtocolError) as e:
            P.read_batch(frame(doc))
        assert e.value.key == "protocol.garbage", doc
        assert "không đọc được" in e.value.message("vi") and "cannot be read" in e.value.message("en")


def test_too_many_values_are_refused_before_they_are_allocated():
    """17 million values (34 MB inflated from 150 kB): refused by counting, not by parsing."""
    doc = b'{"v":1,"x":[' + b"0," * (P.MAX_VALUES + 1) + b"0]}"
    data = frame(doc)
    assert len(data) < 200_000
    with pytest.raises(P.ProtocolError) as e:
        P.read_batch(data)
    assert e.value.key == "protocol.too_many_values"
    words(e.value, ("nhiều giá trị hơn", "more values"))
    with pytest.raises(P.Unbounded):
        P.check_json(b"[" + b"[]," * 100 + b"[]]", max_values=50)


# ------------------------------------------------------------------ the server: push, relay, import
@pytest.fixture(scope="module")
def province(tmp_path_factory):
    """A real ``songmay-server`` process (SQLite) and a school enrolled with it."""
    from tests.e2e.conftest import OPERATOR, Devices

    db = f"sqlite:///{tmp_path_factory.mktemp('server') / 'songmay-server.db'}"
    out = server_cli(db, "user", "add", OPERATOR[0], "--role", "province", "--password-stdin",
                     stdin=OPERATOR[1] + "\n")
    assert out.returncode == 0, out.stderr
    srv = start_server(db)
    devices = Devices(srv, tmp_path_factory.mktemp("devices"))
    school = devices.school()
    yield srv, school
    for s in devices.opened:
        s.close()
    srv.stop()


def signed(school, batches: list[bytes], *, records: int = 0, private: dict | None = None,
           header: dict | None = None) -> bytes:
    """A bundle of ``batches`` really signed by ``school``'s key, for its real readers."""
    unit = school.unit()
    chunks, _m = B.seal(batches, sender_key=keys.signing_key(school), readers=sync_state.recipients(school),
                        sender={"instance": school.instance_id, "unit_id": unit.id, "unit_code": unit.code,
                                "unit_name": unit.name}, summary={}, since={}, scope="*|*", records=records,
                        kinds={}, created_at="2025-10-01T00:00:00+00:00", app_version="x", private=private)
    data = b"".join(chunks)
    if header is not None:  # another header, signed again with the school's key
        head = json.dumps(header).encode() if isinstance(header, dict) else header
        n = struct.unpack(">I", data[len(B.MAGIC) + 1:len(B.MAGIC) + 5])[0]
        body = data[len(B.MAGIC) + 5 + n:-64]
        rest = B.MAGIC + b"\x01" + struct.pack(">I", len(head)) + head + body
        data = rest + keys.signing_key(school).sign(rest).signature
    return data


def test_the_push_endpoint_answers_400_in_words_not_500(province):
    import requests

    srv, school = province
    token = sync_state.enrolment(school).token
    for doc, key in ((deep_doc(), "protocol.too_deep"), (b'{"v":1,"inst":"x","scopes":[],"kinds":[]}',
                                                          "protocol.garbage")):
        resp = requests.post(srv.url + "/api/v1/sync/push", data=frame(doc), timeout=30,
                             headers={"Authorization": f"Bearer {token}", "Content-Type": "application/octet-stream"})
        assert resp.status_code == 400, resp.text
        assert resp.json()["error"] == key


def test_the_province_refuses_a_deep_signed_bundle_in_words(province, tmp_path):
    """``songmay-server import`` and the relay endpoint: a bundle signed by the school's
    real key whose payload, or sealed header, nests 100,000 deep."""
    import requests

    srv, school = province
    stick = tmp_path / "stick"
    stick.mkdir()
    (stick / "deep-payload.smb").write_bytes(signed(school, [frame(deep_doc())]))
    (stick / "deep-sealed.smb").write_bytes(signed(school, [P.encode_batch(mixed()[-1:])],
                                                   private={"x": json.loads(nested(500))}))
    out = server_cli(srv.db, "import", str(stick), "--json")
    assert out.returncode == 2, out.stderr
    assert "Traceback" not in out.stderr
    result = {Path(b["file"]).name: b for b in json.loads(out.stdout)["bundles"]}
    assert {b["refused"] for b in result.values()} == {"bundle.damaged"}
    assert "nested deeper than" in result["deep-payload.smb"]["message"] \
        or "lồng nhau quá sâu" in result["deep-payload.smb"]["message"]
    officer_token = sync_state.enrolment(school).token  # any enrolled device may carry a bundle
    resp = requests.post(srv.url + "/api/v1/bundles", data=(stick / "deep-payload.smb").read_bytes(),
                         headers={"Authorization": f"Bearer {officer_token}"}, timeout=30)
    assert resp.status_code == 400 and resp.json()["error"] == "bundle.damaged", resp.text


# ------------------------------------------------------------------ bundles at the officer
@pytest.fixture
def area(tmp_path):
    c = Commune(tmp_path)
    yield c
    c.close()


def opener(area) -> dict:
    return dict(reader_id=area.officer.instance_id, reader_key=keys.signing_key(area.officer),
                devices=sync_state.known_devices(area.officer), scope=list(area.scope))


def test_a_signed_bundle_nested_deep_anywhere_is_refused_at_the_officer(area, tmp_path):
    school = area.school()
    end = P.encode_batch(mixed()[-1:])
    cases = {
        "payload": signed(school, [frame(deep_doc())]),
        "payload-object": signed(school, [frame(nested(DEEP, "0", '{"a":', "}"))]),
        "sealed": signed(school, [end], private={"enrolment": json.loads(nested(600))}),
        "header": signed(school, [end], header=nested(DEEP)),
        "header-extra": signed(school, [end], header=b'{"extra":' + nested(DEEP) + b"}"),
    }
    for name, data in cases.items():
        with pytest.raises(B.BundleError) as e:
            B.open_bundle(data, name=name, **opener(area))
        assert e.value.key == "bundle.damaged", name
        words(e.value, ("lồng nhau quá sâu", "nested deeper than"))
        (tmp_path / f"{name}.smb").write_bytes(data)
    report = usb.import_bundles(area.officer, [tmp_path / f"{n}.smb" for n in cases])
    assert [b.status for b in report.bundles] == ["refused"] * len(cases) and report.exit_code == 2
    out = subprocess.run([sys.executable, "-m", "songmay", "import", str(tmp_path / "payload.smb"),
                          "--data-dir", str(area.officer.data_dir)], capture_output=True, text=True, timeout=120,
                         cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT), "SONGMAY_LANG": "en"})
    assert out.returncode == 2, out.stderr
    assert "Traceback" not in out.stderr and "nested deeper than" in out.stderr


def test_more_records_than_the_header_says_are_refused(area):
    school = area.school()
    f.student(school)
    f.student(school)
    picked = [ch for batch in changes.changes_since(school, {}, scope_unit_ids=[school.unit_id]) for ch in batch]
    data = signed(school, [P.encode_batch(picked)], records=0)
    with pytest.raises(B.BundleError) as e:
        B.open_bundle(data, **opener(area))
    assert e.value.key == "bundle.damaged" and "record count" in e.value.message()


# ------------------------------------------------------------------ files named on the command line
@pytest.fixture
def stick(area, tmp_path):
    """A stick with one good bundle of a school of the area."""
    school = area.school()
    f.student(school)
    folder = tmp_path / "stick"
    usb.export_bundle(school, folder)
    return folder


def import_alone(officer, path) -> usb.BundleResult:
    """``path`` imported on its own; a reader blocked opening a FIFO is set free after 20 s
    (the test then fails) rather than hanging the test run."""
    rescue = None
    if Path(path).is_fifo():
        def free() -> None:
            try:
                fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)  # only succeeds while a reader waits
                os.close(fd)
            except OSError:
                pass
        rescue = threading.Timer(20, free)
        rescue.start()
    try:
        report = usb.import_bundles(officer, [path])
    finally:
        if rescue is not None:
            rescue.cancel()
    (b,) = report.bundles
    assert b.status == "refused" and report.exit_code == 2
    return b


@POSIX
def test_a_fifo_a_device_and_a_folder_are_refused_unopened(area, tmp_path):
    fifo = tmp_path / "pipe.smb"
    os.mkfifo(fifo)
    b = import_alone(area.officer, fifo)
    assert b.error.key == "bundle.not_a_file"
    words(b.error, ("FIFO", "FIFO"), ("Không đọc", "was not read"))
    b = import_alone(area.officer, "/dev/zero")
    assert b.error.key == "bundle.not_a_file"
    words(b.error, ("/dev/zero", "/dev/zero"), ("thiết bị", "device"))
    with pytest.raises(B.BundleError) as e:
        B.read_bundle(tmp_path)
    assert e.value.key == "bundle.not_a_file" and "thư mục" in e.value.message("vi")


@POSIX
def test_a_link_loop_and_a_dangling_link_are_refused_in_words(area, tmp_path):
    (tmp_path / "a.smb").symlink_to(tmp_path / "b.smb")
    (tmp_path / "b.smb").symlink_to(tmp_path / "a.smb")
    b = import_alone(area.officer, tmp_path / "a.smb")
    assert b.error.key == "bundle.read_failed"
    words(b.error, ("lặp vòng", "link loop"))
    (tmp_path / "gone.smb").symlink_to(tmp_path / "nowhere.smb")
    b = import_alone(area.officer, tmp_path / "gone.smb")
    words(b.error, ("không có tệp này", "no such file"))
    assert usb.find_bundles([tmp_path / "a.smb", tmp_path / "a.smb"]) == [tmp_path / "a.smb"]


@POSIX
def test_a_stick_with_a_pipe_a_device_link_and_loops_imports_its_good_bundle(area, stick):
    os.mkfifo(stick / "pipe.smb")
    (stick / "zero.smb").symlink_to("/dev/zero")
    (stick / "loop.smb").symlink_to(stick / "loop.smb")
    (stick / "sub").mkdir()
    (stick / "sub" / "up").symlink_to(stick)  # a folder loop: links to folders are not followed
    report = usb.import_bundles(area.officer, [stick])
    assert [b.status for b in report.bundles] == ["imported"] and report.exit_code == 0


@POSIX
def test_songmay_import_of_a_fifo_and_dev_zero_exits_2_in_words_without_a_traceback(area, tmp_path):
    fifo = tmp_path / "pipe.smb"
    os.mkfifo(fifo)
    out = subprocess.run([sys.executable, "-m", "songmay", "import", str(fifo), "/dev/zero", "--lang", "en",
                          "--data-dir", str(area.officer.data_dir)], capture_output=True, text=True, timeout=60,
                         cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert out.returncode == 2, out.stderr
    assert "Traceback" not in out.stderr
    assert "pipe (FIFO)" in out.stderr and "/dev/zero" in out.stderr


# the peak of this process's own memory (VmHWM, KiB): ru_maxrss would carry over the peak of
# the process that forked it (a pytest grown large in a long run), VmHWM starts with exec
MEMORY_PROBE = """
import sys
from songmay.cli import main
code = main(sys.argv[1:])
hwm = next(line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM"))
print("maxrss", hwm, file=sys.stderr)
sys.exit(code)
"""


@POSIX
def test_a_1_gib_sparse_file_is_refused_after_its_header_without_being_read(area, stick, tmp_path):
    good = next(stick.glob("*.smb")).read_bytes()
    head_len = struct.unpack(">I", good[len(B.MAGIC) + 1:len(B.MAGIC) + 5])[0]
    header = json.loads(good[len(B.MAGIC) + 5:len(B.MAGIC) + 5 + head_len])
    gib = 1 << 30
    zeros = tmp_path / "zeros.smb"  # not a bundle at all
    with open(zeros, "wb") as out:
        out.truncate(gib)
    padded = tmp_path / "padded.smb"  # a real bundle, then a gigabyte more
    padded.write_bytes(good)
    os.truncate(padded, gib)
    huge = tmp_path / "huge.smb"  # a header that says so: a gigabyte of payload
    header["payload"]["bytes"] = gib
    head = json.dumps(header).encode()
    huge.write_bytes(B.MAGIC + b"\x01" + struct.pack(">I", len(head)) + head)
    os.truncate(huge, len(B.MAGIC) + 5 + len(head) + gib + 64)
    expected = {"zeros.smb": "bundle.not_bundle", "padded.smb": "bundle.damaged", "huge.smb": "bundle.too_large"}
    for path in (zeros, padded, huge):
        with pytest.raises(B.BundleError) as e:
            B.read_bundle(path)
        assert e.value.key == expected[path.name]
    words(B.BundleError("bundle.too_large", name="huge.smb", size=P.megabytes(gib), limit="512"),
          ("quá lớn", "too large"))
    out = subprocess.run([sys.executable, "-c", MEMORY_PROBE, "import", str(zeros), str(padded), str(huge),
                          "--json", "--data-dir", str(area.officer.data_dir)], capture_output=True, text=True,
                         timeout=120, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert out.returncode == 2, out.stderr
    assert "Traceback" not in out.stderr
    refused = {Path(b["file"]).name: b["error"] for b in json.loads(out.stdout)["bundles"]}
    assert refused == expected
    maxrss_kib = int(out.stderr.split("maxrss")[-1].split()[0])
    assert maxrss_kib < 400 * 1024, f"{maxrss_kib} KiB"  # the gigabytes were never read


# ------------------------------------------------------------------ offline enrolment files
@POSIX
def test_an_enrolment_file_that_is_a_fifo_a_device_too_big_or_too_deep_is_refused(tmp_path, data_dir, capsys):
    fifo = tmp_path / "ENROL_pipe.sme"
    os.mkfifo(fifo)
    big = tmp_path / "ENROL_big.sme"
    with open(big, "wb") as out:
        out.truncate(enrolment.MAX_FILE_BYTES + 1)
    deep = tmp_path / "ENROL_deep.sme"
    deep.write_bytes(b'{"format":"songmay-enrolment","version":1,"grant":' + nested(DEEP) + b"}")
    for path, key, said in ((fifo, "enrol.file_unreadable", ("FIFO", "FIFO")),
                            (Path("/dev/zero"), "enrol.file_unreadable", ("thiết bị", "device")),
                            (big, "enrol.file_unreadable", ("quá lớn", "too large")),
                            (deep, "enrol.file_malformed", ("lồng nhau quá sâu", "nested deeper than"))):
        with pytest.raises(enrolment.EnrolmentFileError) as e:
            enrolment.load(path)
        assert e.value.key == key, path
        words(e.value, said)
    doc: object = {}
    for _ in range(5000):  # decoded already (a bundle's, an HTTP request's): walked, bounded
        doc = {"body": doc}
    with pytest.raises(enrolment.EnrolmentFileError) as e:
        enrolment.check({"format": enrolment.FORMAT, "grant": doc, "delegation": doc})
    assert e.value.key == "enrol.file_malformed"
    for path in (fifo, deep):
        assert songmay(["enrol", "--file", str(path), "--data-dir", str(data_dir)]) != 0
        err = capsys.readouterr().err
        assert "Tệp đăng ký" in err or "tệp đăng ký" in err, err


# ------------------------------------------------------------------ fuzz
json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70), st.floats(allow_nan=False),
              st.text(max_size=8)),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=3), inner, max_size=4)),
    max_leaves=20)
DOC_KEYS = ["v", "inst", "scopes", "kinds", "order", "k", "fields", "vv", "p", "s", "cols", "miss", "idhex", "id",
            "d", "t"]


def good_doc() -> dict:
    return json.loads(zlib.decompress(P.encode_batch(mixed())[38:]))


def paths_of(doc, at=()):
    yield at
    if isinstance(doc, dict):
        for k, v in doc.items():
            yield from paths_of(v, (*at, k))
    elif isinstance(doc, list):
        for n, v in enumerate(doc):
            yield from paths_of(v, (*at, n))


GOOD_PATHS = list(paths_of(good_doc()))


def mutated(edits) -> bytes:
    doc = good_doc()
    for at, value, depth in edits:
        path = GOOD_PATHS[at % len(GOOD_PATHS)]
        for _ in range(depth):
            value = [value]
        if not path:
            doc = value
            continue
        target = doc
        try:
            for step in path[:-1]:
                target = target[step]
            target[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            pass
    return json.dumps(doc).encode()


def decoded_or_refused(data: bytes) -> None:
    try:
        batch = P.read_batch(data)
    except P.ProtocolError as e:
        e.message("vi"), e.message("en")  # every refusal has its words, with all their parameters
    else:
        assert isinstance(batch.changes, list)


FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                        HealthCheck.too_slow])


@FUZZ
@given(st.one_of(
    json_values.map(lambda v: json.dumps(v).encode()),
    st.dictionaries(st.sampled_from(DOC_KEYS), json_values, max_size=6).map(lambda d: json.dumps(d).encode()),
    st.tuples(st.integers(0, 3000), st.sampled_from("[{"), json_values).map(
        lambda t: nested(t[0], json.dumps(t[2]), t[1] if t[1] == "[" else '{"a":', "]" if t[1] == "[" else "}")),
    st.lists(st.tuples(st.integers(0, 10**6), json_values, st.integers(0, 40)), min_size=1, max_size=4).map(mutated),
    st.binary(max_size=300),
), st.sampled_from([P.ZLIB, P.LZMA]))
def test_fuzz_the_batch_decoder_decodes_or_refuses_never_crashes(payload, codec):
    if codec == P.LZMA:
        import lzma

        rest = bytes((P.PROTOCOL_VERSION, codec)) + lzma.compress(payload)
        decoded_or_refused(P.MAGIC + hashlib.sha256(rest).digest() + rest)
    else:
        decoded_or_refused(frame(payload))


@pytest.fixture(scope="module")
def signer(tmp_path_factory):
    c = Commune(tmp_path_factory.mktemp("fuzz"))
    school = c.school()
    yield school, opener(c)
    c.close()


@FUZZ
@given(st.lists(st.one_of(
    st.integers(0, 2000).map(lambda d: frame(deep_doc(d))),
    st.lists(st.tuples(st.integers(0, 10**6), json_values, st.integers(0, 40)), min_size=1,
             max_size=3).map(lambda e: frame(mutated(e))),
    json_values.map(lambda v: frame(json.dumps(v).encode())),
    st.binary(max_size=100),
    st.just(P.encode_batch(mixed())),
), max_size=3), st.integers(0, 12), st.one_of(st.none(), json_values, st.integers(0, 3000).map(
    lambda d: json.loads(nested(min(d, 900))))))
def test_fuzz_a_signed_bundles_payload_opens_or_is_refused_never_crashes(signer, batches, records, private):
    school, opened_by = signer
    data = signed(school, batches, records=records, private=None if private is None else {"enrolment": private})
    try:
        b = B.open_bundle(data, **opened_by)
    except B.BundleError as e:
        e.message("vi"), e.message("en")
    else:
        assert b.changes[-1]["k"] == changes.END and len(b.changes) == records + 1


def test_messages_of_refusals_exist_in_both_languages():
    for key in ("protocol.too_deep", "protocol.too_many_values", "bundle.not_a_file", "bundle.too_large",
                "enrol.file_malformed", "json.too_deep", "json.too_many_values", "json.too_large",
                "json.file_too_large"):
        vi, en = messages.CATALOG[key]
        assert vi and en and vi != en


def _limit_memory() -> None:  # a reader that reads /dev/zero whole fails fast, not the machine
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


@POSIX
def test_songmay_server_import_of_a_fifo_and_dev_zero_refuses_them_in_words(tmp_path):
    """(server/cli.py reads each file with ``sync.bundle.read_bundle``.)"""
    fifo = tmp_path / "pipe.smb"
    os.mkfifo(fifo)
    db = f"sqlite:///{tmp_path / 'songmay-server.db'}"
    for named in (str(fifo), "/dev/zero"):
        try:
            out = subprocess.run([sys.executable, "-m", "server", "import", named, "--json", "--db", db],
                                 capture_output=True, text=True, timeout=10, cwd=ROOT, preexec_fn=_limit_memory,
                                 env={**os.environ, "PYTHONPATH": str(ROOT)})
        except subprocess.TimeoutExpired:
            pytest.fail(f"songmay-server import {named} did not return")
        assert out.returncode == 2 and "Traceback" not in out.stderr, out.stderr
        assert json.loads(out.stdout)["bundles"][0]["refused"] == "bundle.not_a_file"
