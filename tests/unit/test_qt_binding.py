"""Guards against a Qt binding that corrupts Python's reference counts.

PySide6-Essentials 6.12.0 took a reference away from None on every call returning
nothing; on Python 3.11 the app died with "Fatal Python error: none_dealloc" after
enough calls. Run the check in a child process so a crash fails one test, not the run.
"""

from __future__ import annotations

import subprocess
import sys

CHECK = """
import sys
from PySide6.QtCore import QObject
o = QObject()
before = sys.getrefcount(None)
for _ in range(20000):
    o.setObjectName("x")
print(sys.getrefcount(None) - before)
"""


def test_void_calls_keep_none_alive():
    done = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert abs(int(done.stdout.strip())) < 100
