"""Entry point of the frozen SongMay: both executables of the folder run this
(``SongMay`` without a console on Windows, ``songmay-cli`` with one); see build.spec."""

import sys

from songmay.cli import main

if __name__ == "__main__":
    sys.exit(main())
