"""In-process timings for the benchmark (python -m toolkit.bench runs this as
`python -m toolkit.run.timing REGION RUNS`): the handreiking's three editions composed,
then rendered, in one warm process, the figure to hold against Typst, and what the pikepdf
post-pass adds to each PDF."""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from toolkit.config import load_campaign
from toolkit.config.content import CopyRenderer
from toolkit.errors import Problems
from toolkit.products import BuildContext, registry
from toolkit.render.finish import finish_pdf
from toolkit.render.pdf import render_pdf
from toolkit.render.profiles import print_profile

ROOT = Path(__file__).resolve().parent.parent.parent
YEAR = 2026


def handreiking_in_process(region_id: str, runs: int) -> None:
    """Print the median CPU per edition: composing, composing and rendering, and the
    post-pass's share."""
    campaign, _problems = load_campaign(ROOT, [region_id])
    context = BuildContext(campaign=campaign, copy=CopyRenderer(campaign.templates),
                           print_profile=print_profile(3.0, True), problems=Problems(),
                           year=YEAR)
    build = registry()["handreiking"]
    region = campaign.regions[0]
    compose, render, finish = [], [], []
    for run in range(runs + 1):  # the first run warms fonts, templates, hyphenation
        started = time.process_time()
        jobs = build(region, context)
        composed = time.process_time()
        raw = [render_pdf(job.document, job.profile, finish=False) for job in jobs]
        rendered = time.process_time()
        for job, data in zip(jobs, raw):
            finish_pdf(data, job.document, job.profile)
        if run:
            compose.append(composed - started)
            render.append(rendered - composed)
            finish.append(time.process_time() - rendered)
    editions = len(jobs)
    pages = sum(len(job.document.pages) for job in jobs)

    def per_edition(times: list[float]) -> float:
        return statistics.median(times) * 1000 / editions
    print(f"handreiking in process ({region_id}, {editions} editions, {pages} pages, "
          f"median of {runs}, CPU per edition): composing {per_edition(compose):.0f} ms, "
          f"rendering with reportlab {per_edition(render):.0f} ms, the pikepdf post-pass "
          f"{per_edition(finish):.1f} ms; together "
          f"{per_edition(compose) + per_edition(render) + per_edition(finish):.0f} ms",
          flush=True)


if __name__ == "__main__":
    handreiking_in_process(sys.argv[1], int(sys.argv[2]))
