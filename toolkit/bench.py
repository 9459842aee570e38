"""Benchmark: `python -m toolkit.bench [--runs N] [--only PRODUCT] [--region ID]
[--scale 10,50,342]`.

Builds the default toolkit in fresh processes (cold: interpreter, imports, fonts, logos and
all) into temporary folders and prints medians of N runs for: a cold build with --jobs 1
and --jobs 2, a rebuild with nothing changed, and a rebuild after one template changed;
then the size of every file kind. A script, not a timed test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = "poster.nl.j2"


def timed_build(campaign: Path, out: Path, extra: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "make_toolkit.py"), "build", "--campaign",
                    str(campaign), "--out", str(out), "-q", *extra], check=True)
    return time.perf_counter() - started


def _median(label: str, times: list[float]) -> None:
    print(f"{label:<44}{statistics.median(times):>8.2f} s   (min {min(times):.2f}, "
          f"max {max(times):.2f}, {len(times)} runs)")


def synthetic_campaign(base: Path, count: int) -> Path:
    """The default campaign plus `count` synthetic municipalities in assets/regions.csv."""
    campaign = base / f"campaign-{count}"
    for name in ("assets", "templates"):
        shutil.copytree(ROOT / name, campaign / name)
    shutil.rmtree(campaign / "assets" / "regions")  # only the table's regions
    (campaign / "assets" / "regions").mkdir()
    rows = ["id;name;landing_url;logo;contact"]
    for number in range(1, count + 1):
        rows.append(f"gemeente-{number:03d};Gemeente {number:03d};"
                    f"https://maakhetverschilvooreenkind.nl/gemeente-{number:03d};;")
    (campaign / "assets" / "regions.csv").write_text("\n".join(rows) + "\n", "utf-8")
    (campaign / "assets" / "regions-defaults.toml").write_text(
        'contact = "Zorgen om een kind? Het wijkteam van je gemeente denkt met je mee."\n'
        '[[partners]]\nname = "GGD"\n[[partners]]\nname = "Veilig Thuis"\n', "utf-8")
    return campaign


def scale(counts: list[int], jobs: list[int]) -> None:
    """Cold builds of N synthetic municipalities: time, peak memory per process, bytes."""
    print(f"{'regions':>8}{'jobs':>6}{'seconds':>10}{'s/region':>10}{'peak MB':>9}"
          f"{'MB/region':>11}")
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        for count in counts:
            campaign = synthetic_campaign(base, count)
            for workers in jobs:
                out = base / f"out-{count}-{workers}"
                before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
                seconds = timed_build(campaign, out, ["--jobs", str(workers)])
                peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
                files = json.loads((out / "manifest.json").read_text())["files"]
                total = sum(entry["bytes"] for entry in files)
                print(f"{count:>8}{workers:>6}{seconds:>10.1f}{seconds / count:>10.2f}"
                      f"{max(peak, before) / 1024:>9.0f}{total / count / 1e6:>11.1f}",
                      flush=True)
                shutil.rmtree(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", action="append", default=[])
    parser.add_argument("--region", action="append", default=[])
    parser.add_argument("--scale", default="", metavar="N,N,...",
                        help="instead: cold builds of N synthetic municipalities")
    parser.add_argument("--jobs", default="1,2", metavar="J,J", help="with --scale")
    arguments = parser.parse_args(argv)
    if arguments.scale:
        scale([int(n) for n in arguments.scale.split(",")],
              [int(j) for j in arguments.jobs.split(",")])
        return 0
    extra = [flag for name in arguments.only for flag in ("--only", name)]
    extra += [flag for name in arguments.region for flag in ("--region", name)]
    scope = " ".join(extra) or "all products"
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        campaign = base / "campaign"
        for name in ("assets", "templates"):
            shutil.copytree(ROOT / name, campaign / name)
        print(f"default toolkit, {scope}:")
        for jobs in (1, 2):
            times = [timed_build(campaign, base / f"cold{jobs}-{i}", [*extra, "--jobs", str(jobs)])
                     for i in range(arguments.runs)]
            _median(f"cold build, --jobs {jobs}", times)
        out = base / "cold2-0"
        _median("rebuild, nothing changed", [timed_build(campaign, out, extra)
                                             for _ in range(arguments.runs)])
        template = campaign / "templates" / TEMPLATE
        original = template.read_text("utf-8")
        times = []
        for run in range(arguments.runs):
            template.write_text(original + f"\n{{# edit {run} #}}\n", "utf-8")
            times.append(timed_build(campaign, out, extra))
        _median(f"rebuild after a change to {TEMPLATE}", times)
        files = json.loads((out / "manifest.json").read_text())["files"]
    sizes: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for entry in files:
        sizes[(entry["product"], entry["format"], entry["region"] or "-")].append(
            entry["bytes"])
    print(f"\n{'product':<14}{'format':<22}{'region':<16}{'files':>6}{'median kB':>11}"
          f"{'max kB':>9}")
    for (product, fmt, region), values in sorted(sizes.items()):
        print(f"{product:<14}{fmt:<22}{region:<16}{len(values):>6}"
              f"{statistics.median(values) / 1000:>11.0f}{max(values) / 1000:>9.0f}")
    total = sum(entry["bytes"] for entry in files)
    print(f"total: {len(files)} files, {total / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
