"""The studio's page: every item of the chosen regions as a gallery, grouped by product,
with its preview and, beside it, the errors and warnings that concern it (from
templates/studio.nl.html.j2; the Dutch lives there).

Which item a problem concerns is read from the problem itself: its file names the product
(a template) or the region (a region's folder), and the words of its field and message
name the item (an audience, a design, a format: `buren_headline` on `A4`). A problem that
names no item is shown above its product's group.
"""

from __future__ import annotations

import re
from typing import Any

from toolkit.catalog import PRODUCTS
from toolkit.config.content import MAX_PAGE_LOOP_STEPS, make_environment, render_whole
from toolkit.errors import Problem

TEMPLATE = "studio.nl.html.j2"
TEMPLATE_PRODUCTS = {"poster": ("poster",), "social": ("social",), "social_meta": ("social",),
                     "deskcard": ("deskcard", "cube"), "handreiking": ("handreiking",)}
WORD = re.compile(r"[a-z0-9]+")


def _words(text: str) -> set[str]:
    return set(WORD.findall(text.lower().replace("_", " ")))


def _item_words(path: str, product: str) -> set[str]:
    """The words that tell this item from its neighbours: poster-buren-A4 -> buren, a4."""
    stem = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return _words(stem.replace("-", " ")) - {product}


def _products_of(problem: Problem, product: str) -> tuple[str, ...]:
    match = re.match(r"templates/([a-z_]+)\.", problem.file)
    return TEMPLATE_PRODUCTS.get(match[1], (product,)) if match else (product,)


def concerns(problem: Problem, product: str, items: list[dict[str, Any]]) -> list[str]:
    """The paths of the items the problem is about (empty: its product as a whole)."""
    products = _products_of(problem, product)
    said = _words(f"{problem.field} {problem.message}")
    scores: dict[str, int] = {}
    for item in items:
        if item["product"] not in products:
            continue
        if f"regions/{item['region']}/" not in problem.file and "regions/" in problem.file:
            continue  # another region's file
        scores[item["path"]] = len(_item_words(item["path"], item["product"]) & said)
    best = max(scores.values(), default=0)
    return [path for path, score in scores.items() if score == best] if best else []


def gallery(entries: list[dict[str, Any]], problems: dict[str, list[tuple[str, Problem]]]
            ) -> list[dict[str, Any]]:
    """Per product (in catalogue order): its items with preview and problems, and the
    problems about the product as a whole."""
    previews = {e["of"]: e for e in entries if e.get("product") == "preview"
                and e.get("page") == 1}
    items = [{**entry, "preview": previews.get(entry["path"]), "problems": []}
             for entry in sorted(entries, key=lambda e: e["path"])
             if entry.get("product") in PRODUCTS]
    by_path = {item["path"]: item for item in items}
    groups = {product: {"product": product, "files": [], "problems": []}
              for product in PRODUCTS}
    for item in items:
        groups[item["product"]]["files"].append(item)
    for product, found in problems.items():
        for level, problem in found:
            shown = {"level": level, "file": problem.file, "field": problem.field,
                     "message": problem.message, "fix": problem.fix}
            paths = concerns(problem, product, items)
            for path in paths:
                by_path[path]["problems"].append(shown)
            if not paths:
                target = _products_of(problem, product)[0]
                groups.get(target, groups[product])["problems"].append(shown)
    return [group for group in groups.values() if group["files"] or group["problems"]]


def studio_html(templates, entries: list[dict[str, Any]],
                problems: dict[str, list[tuple[str, Problem]]], state: dict[str, Any],
                regions: tuple[str, ...]) -> bytes:
    """The page, rendered from templates/studio.nl.html.j2."""
    environment = make_environment(templates, max_loop_steps=MAX_PAGE_LOOP_STEPS,
                                   autoescape=True, trim_blocks=True, lstrip_blocks=True)
    return render_whole(environment, TEMPLATE, {
        "groups": gallery(entries, problems), "state": state, "regions": regions,
    }).encode("utf-8")
