"""Build the teacher's folder with build.spec, or reuse one built from the same sources.

    python -m tools.frozen [--out DIR]      # prints the folder

The frozen smoke test (tests/build/) and bench/frozen.py use ``ensure_build``: one build
in ``build/frozen/<digest>/`` (git-ignored), redone only when a source, resource, the spec
or an installed package changed. To build by hand, ``pyinstaller build.spec --noconfirm`` is the
same thing into ``dist/SongMay`` (docs/install.md).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import importlib.metadata
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "build.spec"
NAME = "SongMay"
CACHE = ROOT / "build" / "frozen"
# what goes into the build: our code and resources (server/, tests/… never do)
INPUTS = ("songmay", "app", "ui", "sync", "resources", "packaging")
EXE_SUFFIX = ".exe" if sys.platform == "win32" else ""


def executable(folder: Path, gui: bool = False) -> Path:
    """``SongMay`` (windowed on Windows) or ``songmay-cli`` (console) in a built folder."""
    return folder / (("SongMay" if gui else "songmay-cli") + EXE_SUFFIX)


def inputs_digest() -> str:
    h = hashlib.sha256()
    files = [SPEC] + sorted(
        f for d in INPUTS for f in (ROOT / d).rglob("*")
        if f.is_file() and "__pycache__" not in f.parts and f.suffix not in (".pyc", ".ts")
    )
    for f in files:
        h.update(str(f.relative_to(ROOT)).encode() + b"\0" + f.read_bytes() + b"\0")
    dists = sorted(f"{d.metadata['Name']}=={d.version}" for d in importlib.metadata.distributions())
    h.update("\n".join([sys.version, *dists]).encode())
    return h.hexdigest()


def build(dist: Path, work: Path) -> Path:
    """Run PyInstaller on build.spec; the folder is ``dist/SongMay``."""
    cmd = [sys.executable, "-m", "PyInstaller", str(SPEC), "--noconfirm", "--log-level", "WARN",
           "--distpath", str(dist), "--workpath", str(work)]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"PyInstaller failed ({done.returncode}):\n{done.stdout[-4000:]}\n{done.stderr[-8000:]}")
    folder = dist / NAME
    if not executable(folder).exists():
        raise RuntimeError(f"PyInstaller made no {executable(folder)}:\n{done.stderr[-4000:]}")
    return folder


@contextlib.contextmanager
def _locked(path: Path):
    """One build at a time in the cache, even with several test runs on the machine."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as f:
        try:
            import fcntl  # noqa: PLC0415  (POSIX only: Windows has no fcntl)
        except ImportError:  # Windows: no second test run at the same time, we hope
            yield
            return
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def ensure_build(cache: Path = CACHE, keep: int = 2) -> Path:
    """The built folder for today's inputs, in ``cache/<digest>/``: built now unless there.
    Each set of inputs has its own folder, so a test run still using the previous build is
    not pulled from under; only the ``keep`` newest are kept."""
    digest = inputs_digest()[:16]
    with _locked(cache / "build.lock"):
        here = cache / digest
        folder = here / "dist" / NAME
        if (here / "done").exists() and executable(folder).exists():
            return folder
        shutil.rmtree(here, ignore_errors=True)
        here.mkdir(parents=True)
        build(here / "dist", here / "work")
        shutil.rmtree(here / "work", ignore_errors=True)
        (here / "done").write_text(digest + "\n")
        builds = sorted((d for d in cache.iterdir() if (d / "done").exists()),
                        key=lambda d: (d / "done").stat().st_mtime, reverse=True)
        for old in builds[keep:]:
            shutil.rmtree(old, ignore_errors=True)
        return folder


def folder_size(folder: Path) -> int:
    """Bytes of every file in the folder (links counted as links, not as their targets)."""
    total = 0
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            total += os.lstat(os.path.join(dirpath, name)).st_size
    return total


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", type=Path, default=CACHE, help="cache folder (default: build/frozen)")
    args = p.parse_args()
    print(ensure_build(args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
