"""The download page in a real browser (Debian's Chromium driven by Playwright), loaded
from disk: no console errors, every link and image resolves, the copy button puts the
caption on the clipboard, and axe-core finds no serious accessibility violations.

Skipped, with the reason, only where Chromium, Playwright or axe-core is not installed
(.ci/run installs them)."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.conftest import ROOT, read_manifest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = ROOT / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"

playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
if not Path(CHROMIUM).exists():
    pytest.skip("Chromium is not installed (apt-get install chromium)", allow_module_level=True)


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as driver:
        instance = driver.chromium.launch(executable_path=CHROMIUM,
                                          args=["--no-sandbox", "--disable-gpu"])
        yield instance
        instance.close()


@pytest.fixture
def page(browser, built):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    tab = context.new_page()
    problems: list[str] = []
    tab.on("console", lambda message: problems.append(message.text)
           if message.type == "error" else None)
    tab.on("pageerror", lambda error: problems.append(str(error)))
    tab.on("requestfailed", lambda request: problems.append(f"failed: {request.url}"))
    tab.goto((built / "index.html").as_uri())
    tab.wait_for_load_state("load")
    tab.problems = problems
    yield tab
    context.close()


def test_no_console_errors_and_every_image_loads(page):
    # Lazy images load as they scroll into view: ask for all of them now.
    broken = page.evaluate("""async () => {
        const images = [...document.images];
        images.forEach(image => { image.loading = "eager"; });
        await Promise.all(images.map(image => image.decode().catch(() => null)));
        return images.filter(image => !image.complete || image.naturalWidth === 0)
                     .map(image => image.getAttribute("src"));
    }""")
    assert page.evaluate("document.images.length") > 40  # a card per design and region
    assert broken == []
    assert page.problems == []


def test_every_link_resolves(page, built):
    hrefs = page.evaluate("[...document.querySelectorAll('a[href]')].map(a => a.href)")
    assert len(hrefs) > 200
    for href in hrefs:
        parts = urlsplit(href)
        if parts.scheme == "file":
            assert Path(unquote(parts.path)).is_file() or parts.fragment, href
            if parts.fragment:
                assert page.locator(f"#{parts.fragment}").count() == 1, href
        else:
            assert parts.scheme in ("https", "tel", "mailto"), href


def test_copy_button_puts_the_caption_on_the_clipboard(page, built):
    entry = next(e for e in read_manifest(built) if e["product"] == "social"
                 and e.get("design") == "week-3" and e["format"] == "link")
    button = page.locator(f"#{entry['region']} button[data-text]").filter(
        has_text="linkedin").nth(0)
    wanted = button.get_attribute("data-text")
    button.focus()
    page.keyboard.press("Enter")  # keyboard users copy too
    page.wait_for_function("document.getElementById('copy-status').textContent !== ''")
    assert page.evaluate("navigator.clipboard.readText()") == wanted
    assert "utm_source=linkedin" in wanted and "#maakhetverschil" in wanted


def test_axe_finds_no_serious_violations(page):
    if not AXE.is_file():
        pytest.skip("axe-core is not installed (npm install --prefix tests/browser)")
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ["violations"]});
        return result.violations.map(v => ({id: v.id, impact: v.impact,
                                            count: v.nodes.length, help: v.help}));
    }""")
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == [], serious
