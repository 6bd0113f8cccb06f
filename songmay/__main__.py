"""``python -m songmay``: the ``songmay`` command."""

import sys

from songmay.cli import main

if __name__ == "__main__":
    sys.exit(main())
