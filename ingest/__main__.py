"""`python -m ingest PATH... [--rebuild]`: the same as `reportchat ingest PATH...`."""

from __future__ import annotations

import sys

from cli import main

if __name__ == "__main__":
    raise SystemExit(main(["ingest", *sys.argv[1:]]))
