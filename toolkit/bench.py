"""Benchmark: `python -m toolkit.bench [--runs N] [--only PRODUCT] [--region ID]
[--scale 10,50,342]`.

Builds the default toolkit in fresh processes (cold: interpreter, imports, fonts, logos and
all) into temporary folders and prints, per kind of run, the median wall time, the median
CPU time (user + sys of the build and its workers) and the true peak memory of one process
(ru_maxrss from wait4() for that run alone: the largest process of its tree). Beside the
cold build runs a reference workload in the same conditions (Pillow drawing, quantizing and
encoding 40 social-sized images), so a figure measured on a busy machine still compares:
the build's CPU as a multiple of the reference's. Then the handreiking composed and
rendered in process, and the size of every file kind. A script, not a timed test.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = "poster.nl.j2"
REFERENCE_IMAGES = 40
REFERENCE_SIZE_PX = (1080, 1350)
REFERENCE_THUMBNAIL_PX = (270, 337)


# Python as a user runs it: with its bytecode cache (a machine that sets
# PYTHONDONTWRITEBYTECODE would compile every module from source in every run).
CHILD_ENVIRONMENT = {name: value for name, value in os.environ.items()
                     if name != "PYTHONDONTWRITEBYTECODE"}


@dataclass(frozen=True)
class Run:
    wall_s: float
    cpu_s: float  # user + sys of the process and every child it waited for
    peak_mb: float  # ru_maxrss of the largest process of the tree, this run only


def child(arguments: list[str]) -> Run:
    """Run arguments as a fresh process; its own wall, CPU and peak memory (wait4)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as errors:  # the build's warnings, shown if it fails
        process = subprocess.Popen(arguments, env=CHILD_ENVIRONMENT, stderr=errors)
        _pid, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode:
            errors.seek(0)
            raise subprocess.CalledProcessError(process.returncode, arguments,
                                                stderr=errors.read().decode(errors="replace"))
    return Run(time.perf_counter() - started, usage.ru_utime + usage.ru_stime,
               usage.ru_maxrss / 1024)


def timed_build(campaign: Path, out: Path, extra: list[str]) -> Run:
    return child([sys.executable, str(ROOT / "make_toolkit.py"), "build", "--campaign",
                  str(campaign), "--out", str(out), "-q", *extra])


def reference_run() -> Run:
    return child([sys.executable, "-m", "toolkit.bench", "--reference-workload"])


def reference_workload() -> None:
    """Pillow draws REFERENCE_IMAGES flat graphics of 1080x1350 px (a field, ripples, a
    panel, four lines of type), quantizes each to 256 colours (fast octree) and saves it as
    a PNG at zlib level 6, and a 270x337 px thumbnail at level 3."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.load_default(size=72)
    centre_x, centre_y = REFERENCE_SIZE_PX[0] // 2, REFERENCE_SIZE_PX[1] // 2
    for number in range(REFERENCE_IMAGES):
        image = Image.new("RGB", REFERENCE_SIZE_PX, (20 + number * 5, 60, 120))
        draw = ImageDraw.Draw(image)
        for ring in range(12):
            radius = 80 + ring * 60
            draw.ellipse((centre_x - radius, centre_y - radius, centre_x + radius,
                          centre_y + radius), outline=(250, 200 - ring * 8, 80), width=6)
        draw.rectangle((80, 1100, 1000, 1270), fill=(255, 255, 255))
        for line in range(4):
            draw.text((90, 120 + line * 90), f"Maak het verschil {number} {line}",
                      font=font, fill=(255, 255, 255))
        for picture, level in ((image, 6), (image.resize(REFERENCE_THUMBNAIL_PX), 3)):
            picture.quantize(256, method=Image.Quantize.FASTOCTREE).save(
                io.BytesIO(), "PNG", compress_level=level)


def _report(label: str, runs: list[Run], reference: Run | None = None) -> None:
    wall = statistics.median(run.wall_s for run in runs)
    cpu = statistics.median(run.cpu_s for run in runs)
    ratio = f"{cpu / reference.cpu_s:>6.2f}x ref" if reference else " " * 10
    print(f"{label:<44}{wall:>7.2f} s wall{cpu:>7.2f} s CPU {ratio}"
          f"{max(run.peak_mb for run in runs):>6.0f} MB peak   ({len(runs)} runs, wall "
          f"{min(run.wall_s for run in runs):.2f}-{max(run.wall_s for run in runs):.2f})",
          flush=True)


def _checksums(out: Path) -> dict[str, str]:
    files = json.loads((out / "manifest.json").read_text())["files"]
    return {entry["path"]: entry["sha256"] for entry in files}


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


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
    """Cold builds of N synthetic municipalities: time, CPU, true peak per run, bytes."""
    print(f"load average at start: {load_average()}")
    print(f"{'regions':>8}{'jobs':>6}{'wall s':>9}{'CPU s':>9}{'CPU s/region':>14}"
          f"{'peak MB':>9}{'MB/region':>11}")
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        for count in counts:
            campaign = synthetic_campaign(base, count)
            for workers in jobs:
                out = base / f"out-{count}-{workers}"
                run = timed_build(campaign, out, ["--jobs", str(workers)])
                files = json.loads((out / "manifest.json").read_text())["files"]
                total = sum(entry["bytes"] for entry in files)
                print(f"{count:>8}{workers:>6}{run.wall_s:>9.1f}{run.cpu_s:>9.1f}"
                      f"{run.cpu_s / count:>14.2f}{run.peak_mb:>9.0f}"
                      f"{total / count / 1e6:>11.1f}", flush=True)
                shutil.rmtree(out)
    print(f"load average at end: {load_average()}")


def handreiking_in_process(region_id: str, runs: int) -> None:
    """The handreiking composed and rendered in one warm process (toolkit.run.timing)."""
    subprocess.run([sys.executable, "-m", "toolkit.run.timing", region_id, str(runs)],
                   check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", action="append", default=[])
    parser.add_argument("--region", action="append", default=[])
    parser.add_argument("--scale", default="", metavar="N,N,...",
                        help="instead: cold builds of N synthetic municipalities")
    parser.add_argument("--jobs", default="1,2", metavar="J,J", help="with --scale")
    parser.add_argument("--reference-workload", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    if arguments.reference_workload:
        reference_workload()
        return 0
    if arguments.scale:
        scale([int(n) for n in arguments.scale.split(",")],
              [int(j) for j in arguments.jobs.split(",")])
        return 0
    extra = [flag for name in arguments.only for flag in ("--only", name)]
    extra += [flag for name in arguments.region for flag in ("--region", name)]
    scope = " ".join(extra) or "all products"
    print(f"default toolkit, {scope}; load average at start: {load_average()} "
          f"({os.cpu_count()} cores)")
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        campaign = base / "campaign"
        for name in ("assets", "templates"):
            shutil.copytree(ROOT / name, campaign / name)
        references, colds = [], []
        for run in range(arguments.runs):  # interleaved: both see the same load
            references.append(reference_run())
            colds.append(timed_build(campaign, base / f"cold1-{run}", [*extra, "--jobs", "1"]))
        _report("reference workload (Pillow, 40 images)", references)
        cold = Run(0.0, statistics.median(run.cpu_s for run in colds), 0.0)
        _report("cold build, --jobs 1", colds, Run(0, statistics.median(
            run.cpu_s for run in references), 0))
        _report("cold build, --jobs 2", [timed_build(
            campaign, base / f"cold2-{run}", [*extra, "--jobs", "2"])
            for run in range(arguments.runs)])
        out = base / "cold2-0"
        same = _checksums(base / "cold1-0") == _checksums(out)
        print(f"{'':<44}--jobs 1 and --jobs 2: {'the same bytes' if same else 'DIFFERENT'}")
        fresh = [timed_build(campaign, out, extra) for _ in range(arguments.runs)]
        _report("rebuild, nothing changed", fresh)
        print(f"{'':<44}= {statistics.median(run.cpu_s for run in fresh) / cold.cpu_s:.1%} "
              "of the cold build's CPU")
        template = campaign / "templates" / TEMPLATE
        original = template.read_text("utf-8")
        changed = []
        for run in range(arguments.runs):
            template.write_text(original + f"\n{{# edit {run} #}}\n", "utf-8")
            changed.append(timed_build(campaign, out, extra))
        _report(f"rebuild after a change to {TEMPLATE}", changed)
        files = json.loads((out / "manifest.json").read_text())["files"]
    if not arguments.only or "handreiking" in arguments.only:
        handreiking_in_process((arguments.region or ["midden-limburg"])[0], arguments.runs)
    print(f"load average at end: {load_average()}")
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
