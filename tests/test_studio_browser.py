"""The studio's loop in a real browser (Debian's Chromium driven by Playwright): start the
studio on a copy of the campaign, see the gallery, save a template, and see that item's
preview change by itself; a copy that cannot be set shows its error beside the item.

Skipped, with the reason, only where Chromium or Playwright is not installed (.ci/run
installs them)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
TEMPLATE = "templates/messages.nl.j2"  # the buren headline: poster and social
HEADLINE = re.compile(r"(\{% block buren_headline %\}).*?(\{% endblock %\})")
ITEM = 'li[data-path="maasdal/poster/poster-buren-A4.pdf"]'
STARTUP_S = 120  # a cold first build of the posters on a busy machine
REFRESH_MS = 60_000

playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
if not Path(CHROMIUM).exists():
    pytest.skip("Chromium is not installed (apt-get install chromium)", allow_module_level=True)


@pytest.fixture
def studio(campaign, tmp_path):
    """The studio on the campaign copy (posters of Maasdal only), on any free port."""
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "make_toolkit.py"), "studio", "--campaign", str(campaign),
         "--out", str(tmp_path / "studio"), "--region", "maasdal", "--only", "poster",
         "--port", "0"], stdout=subprocess.PIPE, stderr=(tmp_path / "stderr").open("w"),
        text=True)
    try:
        line = process.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:\d+/", line)
        assert match, f"no address in {line!r}: {(tmp_path / 'stderr').read_text()}"
        yield match[0]
    finally:
        process.terminate()
        process.wait(timeout=30)


def _set_headline(campaign: Path, text: str) -> None:
    path = campaign / TEMPLATE
    old = path.read_text("utf-8")
    new = HEADLINE.sub(lambda match: match[1] + text + match[2], old, count=1)
    assert new != old, "the buren headline block moved: update the test"
    path.write_text(new, "utf-8")


def _preview(page) -> tuple[str, bytes]:
    source = page.locator(f"{ITEM} img").get_attribute("src")
    return source, page.request.get(page.url.rstrip("/") + source).body()


def test_a_saved_template_refreshes_that_items_preview(studio, campaign):
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM,
                                         args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(studio)
        assert page.locator("html").get_attribute("lang") == "nl"
        page.locator(f"{ITEM} img").wait_for(timeout=STARTUP_S * 1000)
        page.locator("#status", has_text="Bijgewerkt").wait_for(timeout=STARTUP_S * 1000)
        assert page.locator("section#poster li.item").count() == 20  # 6 audiences x 3 sizes, office A4, A3
        source, before = _preview(page)
        untouched = page.locator('li[data-path="maasdal/poster/poster-docenten-A4.pdf"] img'
                                 ).get_attribute("src")

        _set_headline(campaign, "Een buurvrouw die iets merkt, kan het verschil maken.")
        page.wait_for_function(  # the page reloads itself when the studio has rebuilt
            "([item, old]) => { const image = document.querySelector(item + ' img');"
            " return image && image.getAttribute('src') !== old; }",
            arg=[ITEM, source], timeout=REFRESH_MS)
        after_source, after = _preview(page)
        assert after != before and after[:8] == b"\x89PNG\r\n\x1a\n"
        # Only the items whose layout changed were made again.
        assert page.locator('li[data-path="maasdal/poster/poster-docenten-A4.pdf"] img'
                            ).get_attribute("src") == untouched
        # The item opens as its PDF.
        link = page.locator(f"{ITEM} a").get_attribute("href")
        assert page.request.get(page.url.rstrip("/") + link).body()[:5] == b"%PDF-"

        _set_headline(campaign, "Een " + "buur" * 14 + " ziet het.")
        problem = page.locator(f"{ITEM} ul.problems li.error")
        problem.wait_for(timeout=REFRESH_MS)
        assert "buren_headline" in problem.inner_text() and "Fout" in problem.inner_text()
        assert page.locator(f"{ITEM} img").get_attribute("src") == after_source  # kept
        assert page.locator('li[data-path="maasdal/poster/poster-docenten-A4.pdf"] '
                            "ul.problems").count() == 0
        assert errors == []
        browser.close()


def test_the_studio_answers_only_on_the_loopback_interface(studio):
    assert studio.startswith("http://127.0.0.1:")
    with urllib.request.urlopen(studio + "version", timeout=10) as answer:
        assert answer.headers["Content-Type"] == "application/json"
