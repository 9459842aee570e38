#!/usr/bin/env python3
"""Build the campaign toolkit. Thin entry point: see toolkit/cli.py."""
import sys

from toolkit.cli import main

if __name__ == "__main__":
    sys.exit(main())
