"""Benchmark: `python -m toolkit.bench [--runs N] [--only PRODUCT]`.

Builds the default toolkit in fresh processes (cold: imports, fonts, logos and all) into a
temporary folder and prints the median wall time, plus the size of every file kind.
A script, not a timed test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed_build(out: Path, extra: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "make_toolkit.py"), "build", "--campaign",
                    str(ROOT), "--out", str(out), "-q", *extra], check=True)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", action="append", default=[])
    arguments = parser.parse_args(argv)
    extra = [flag for name in arguments.only for flag in ("--only", name)]
    with tempfile.TemporaryDirectory() as folder:
        times = [timed_build(Path(folder) / f"run{i}", extra) for i in range(arguments.runs)]
        files = json.loads((Path(folder) / "run0/manifest.json").read_text())["files"]
    print(f"cold build ({' '.join(extra) or 'all products'}), {arguments.runs} runs: "
          f"median {statistics.median(times):.2f} s (min {min(times):.2f}, "
          f"max {max(times):.2f})")
    sizes: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for entry in files:
        sizes[(entry["product"], entry["format"], entry["region"])].append(entry["bytes"])
    print(f"{'product':<12}{'format':<12}{'region':<18}{'files':>6}{'median KB':>11}"
          f"{'max KB':>9}")
    for (product, fmt, region), values in sorted(sizes.items()):
        print(f"{product:<12}{fmt:<12}{region:<18}{len(values):>6}"
              f"{statistics.median(values) / 1024:>11.0f}{max(values) / 1024:>9.0f}")
    total = sum(entry["bytes"] for entry in files)
    print(f"total: {len(files)} files, {total / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
