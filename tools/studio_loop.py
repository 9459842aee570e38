"""Measure the studio's loop: start to first gallery, and a saved copy change to the
refreshed preview of that item, on a temporary copy of the campaign.

    python tools/studio_loop.py [--region maasdal] [--only poster] [--edits 3]

Prints: the time to the address, to the first gallery (an empty studio folder, then a
restart on the folder just made), to every product built, and per edit of a poster
headline the time until the page serves the item's new preview, with the studio's own
refresh time for posters. (A benchmark, not a test: the figures depend on the machine.)
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADLINE = re.compile(r"(\{% block buren_headline %\}).*?(\{% endblock %\})")
TEXTS = ("Een buurvrouw die het ziet, kan veel betekenen.",
         "Een buur die iets ziet, kan veel betekenen.",
         "Een buur die het merkt, kan veel betekenen.",
         "Een buurman die het ziet, kan veel betekenen.")


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as answer:
        return answer.read().decode("utf-8")


def _preview(url: str, region: str) -> str | None:
    match = re.search(rf"previews/{region}/poster/poster-buren-A4-1\.png\?v=(\w+)", _get(url))
    return match[1] if match else None


def _start(campaign: Path, out: Path, arguments: list[str]) -> tuple[subprocess.Popen, str,
                                                                     float]:
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, str(ROOT / "make_toolkit.py"), "studio",
                                "--campaign", str(campaign), "--out", str(out), "--port", "0",
                                *arguments], stdout=subprocess.PIPE, text=True)
    url = re.search(r"http://\S+/", process.stdout.readline())[0]
    return process, url, started


def _until(test, started: float, limit_s: float = 600) -> float:
    while not test():
        if time.perf_counter() - started > limit_s:
            raise TimeoutError
        time.sleep(0.02)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--region", default="maasdal")
    parser.add_argument("--only", action="append", default=[])
    parser.add_argument("--edits", type=int, default=3)
    options = parser.parse_args()
    arguments = ["--region", options.region, *(f"--only={p}" for p in options.only)]
    with tempfile.TemporaryDirectory() as folder:
        campaign, out = Path(folder) / "campaign", Path(folder) / "studio"
        for name in ("assets", "templates"):
            shutil.copytree(ROOT / name, campaign / name)
        for label in ("empty folder", "restart"):
            process, url, started = _start(campaign, out, arguments)
            ready = time.perf_counter() - started
            gallery = _until(lambda: _preview(url, options.region), started)
            built = _until(lambda: not json.loads(_get(url + "version"))["building"], started)
            print(f"{label}: address {ready:.2f} s, first gallery {gallery:.2f} s, "
                  f"every product {built:.2f} s")
            if label == "restart":
                break
            process.terminate()
            process.wait(30)
        template = campaign / "templates/poster.nl.j2"
        time.sleep(20)
        seen, refresh, cpu = [], [], []  # (after 20 s: the studio has warmed up)
        for text in TEXTS[:options.edits]:
            before = _preview(url, options.region)
            source = template.read_text("utf-8")
            started = time.perf_counter()
            template.write_text(HEADLINE.sub(lambda m: m[1] + text + m[2], source), "utf-8")
            seen.append(_until(lambda: _preview(url, options.region) != before, started, 120))
            _until(lambda: not json.loads(_get(url + "version"))["building"], started, 120)
            state = json.loads(_get(url + "version"))
            refresh.append(state["seconds"]["poster"])
            cpu.append(state["cpu_seconds"]["poster"])
        print(f"edit -> new preview served: {', '.join(f'{s:.2f}' for s in seen)} s "
              f"(median {statistics.median(seen):.2f}); the studio's poster refresh: "
              f"{', '.join(f'{s:.2f}' for s in refresh)} s (CPU "
              f"{', '.join(f'{s:.2f}' for s in cpu)} s)")
        process.terminate()
        process.wait(30)


if __name__ == "__main__":
    main()
