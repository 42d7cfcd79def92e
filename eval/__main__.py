"""`python -m eval [--facts PATH] [--json] ...`: the same as `reportchat eval ...`."""

from __future__ import annotations

import sys

from cli import main

if __name__ == "__main__":
    raise SystemExit(main(["eval", *sys.argv[1:]]))
