#!/usr/bin/env python3
"""Build the campaign toolkit. Thin entry point: see toolkit/run/cli.py."""
import sys

from toolkit.run.cli import main

if __name__ == "__main__":
    sys.exit(main())
