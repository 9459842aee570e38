"""Parallel and incremental builds: --jobs 2 gives the bytes of --jobs 1; a build with
nothing changed writes nothing; a changed template or logo rebuilds exactly what uses it;
a damaged cache or a touched output never leaves a wrong file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, build_into, read_manifest, same_files

PRODUCT_FILES = {"poster", "social", "deskcard", "cube"}
# What a build with nothing to do never imports.
HEAVY = {"reportlab", "svglib", "jinja2", "PIL", "pikepdf", "pypdfium2", "pyphen"}


def snapshot(out: Path) -> dict[str, tuple[int, bytes]]:
    """Every file under out: its mtime (ns) and bytes."""
    return {str(p.relative_to(out)): (p.stat().st_mtime_ns, p.read_bytes())
            for p in sorted(out.rglob("*")) if p.is_file()}


def changed(before: dict, after: dict) -> set[str]:
    return {path for path in after if before.get(path) != after[path]}


def test_two_workers_give_the_bytes_of_one(rebuilt, built):
    one = same_files(rebuilt)  # shards on one worker each, merged
    two = same_files(built)  # one build with --jobs = cores
    assert one.keys() == two.keys()
    assert [p for p in one if one[p] != two[p]] == []


def test_nothing_changed_writes_nothing(tmp_path, campaign):
    out = tmp_path / "out"
    assert build_into(out, "--region", "maasdal", "--only", "deskcard", campaign=campaign) == 0
    before = snapshot(out)
    assert build_into(out, "--region", "maasdal", "--only", "deskcard", campaign=campaign) == 0
    assert changed(before, snapshot(out)) == set()
    # The same check in a fresh interpreter, as a coordinator runs it: it answers without
    # loading the drawing and template libraries (most of a cold start's time).
    probe = (f"import sys; sys.argv = ['make_toolkit.py', 'build', '--campaign', "
             f"{str(campaign)!r}, '--out', {str(out)!r}, '-q', '--region', 'maasdal', "
             "'--only', 'deskcard']\n"
             "from toolkit.run.cli import main\n"
             "code = main()\n"
             f"print(code, sorted({{m.split('.')[0] for m in sys.modules}} & {HEAVY!r}))")
    answer = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True, cwd=ROOT).stdout.split()
    assert answer == ["0", "[]"], answer
    assert changed(before, snapshot(out)) == set()


def rewritten_after_edit(out: Path, campaign: Path, arguments: tuple[str, ...],
                         template: str, old: str, new: str) -> tuple[set[str], dict[str, str]]:
    """Build, replace old by new in templates/template, build again: the files the second
    build rewrote, and every file's product."""
    assert build_into(out, *arguments, campaign=campaign) == 0
    before = snapshot(out)
    path = campaign / "templates" / template
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")
    assert build_into(out, *arguments, campaign=campaign) == 0
    return changed(before, snapshot(out)), {e["path"]: e["product"] for e in read_manifest(out)}


def test_a_template_change_rebuilds_exactly_its_files(tmp_path, campaign):
    rewritten, products = rewritten_after_edit(
        tmp_path / "out", campaign, ("--region", "maasdal", "--only", "poster", "--only",
                                     "deskcard"), "poster.nl.j2", "Wat kun jij doen?",
        "Wat doe jij?")
    rewritten_products = {products.get(path) for path in rewritten}
    assert "poster" in rewritten_products
    assert not rewritten_products & {"deskcard", "cube"}, rewritten
    posters = {p for p, product in products.items() if product == "poster"}
    assert posters <= rewritten  # every poster uses the template
    # previews of the posters, the pack, the sheet and the page follow; nothing else
    assert {products.get(p) for p in rewritten} <= {"poster", "preview", "pack",
                                                     "contactsheet", "printspec", "portal",
                                                     None}


def test_a_change_to_the_shared_messages_rebuilds_what_shows_them(tmp_path, campaign):
    """poster.nl.j2 extends messages.nl.j2: its files depend on both; the handreiking on
    neither."""
    rewritten, products = rewritten_after_edit(
        tmp_path / "out", campaign, ("--region", "maasdal", "--only", "poster", "--only",
                                     "handreiking"), "messages.nl.j2",
        "Een buur die het ziet, kan veel betekenen.", "Een buur die het ziet, helpt echt.")
    assert {p for p, product in products.items() if product == "poster"} <= rewritten
    assert not {p for p in rewritten if products.get(p) == "handreiking"}, rewritten


def test_a_logo_change_rebuilds_only_that_region(tmp_path, campaign):
    out = tmp_path / "out"
    arguments = ("--only", "deskcard")
    assert build_into(out, *arguments, campaign=campaign) == 0
    before = snapshot(out)
    logo = campaign / "assets" / "regions" / "maasdal" / "logos" / "wijkteam-maasdal.svg"
    logo.write_text(logo.read_text("utf-8").replace("Wijkteam", "Buurtteam"), "utf-8")
    assert build_into(out, *arguments, campaign=campaign) == 0
    rewritten = changed(before, snapshot(out))
    regions = {e["path"]: e.get("region") for e in read_manifest(out)}
    assert any(regions.get(p) == "maasdal" for p in rewritten)
    assert not [p for p in rewritten if regions.get(p) == "midden-limburg"], rewritten


def test_a_touched_output_or_damaged_cache_is_rebuilt(tmp_path, campaign):
    out = tmp_path / "out"
    arguments = ("--region", "maasdal", "--only", "cube")
    assert build_into(out, *arguments, campaign=campaign) == 0
    cube = out / "maasdal/cube/cube-net-A3.pdf"
    good = cube.read_bytes()
    cube.write_bytes(b"%PDF-1.4 damaged")
    assert build_into(out, *arguments, campaign=campaign) == 0
    assert cube.read_bytes() == good
    (out / ".toolkit-cache.json").write_text("{not json", "utf-8")
    cube.unlink()
    assert build_into(out, *arguments, campaign=campaign) == 0
    assert cube.read_bytes() == good
    cache = json.loads((out / ".toolkit-cache.json").read_text("utf-8"))
    assert "maasdal/cube/cube-net-A3.pdf" in cache["pairs"]["maasdal/cube"]["paths"]


def test_force_rebuilds_everything(tmp_path, campaign):
    out = tmp_path / "out"
    arguments = ("--region", "maasdal", "--only", "cube")
    assert build_into(out, *arguments, campaign=campaign) == 0
    before = snapshot(out)
    assert build_into(out, *arguments, "--force", campaign=campaign) == 0
    after = snapshot(out)
    cube = "maasdal/cube/cube-net-A3.pdf"
    assert after[cube][0] != before[cube][0] and after[cube][1] == before[cube][1]


def test_shards_merged_equal_a_single_build(rebuilt, built):
    merged = same_files(rebuilt)  # shards 1/2 and 2/2, copied together and merged
    assert {p for p in rebuilt.glob("manifest.shard*")}  # the shards left their manifests
    whole = same_files(built)
    assert merged.keys() == whole.keys()
    assert [p for p in merged if merged[p] != whole[p]] == []


def _root():
    from tests.conftest import ROOT

    return ROOT


def test_regions_from_a_table(tmp_path, campaign):
    (campaign / "assets" / "regions.csv").write_text(
        "\ufeffid;name;landing_url;logo;contact\n"
        "echt-susteren;Echt-Susteren;https://maakhetverschilvooreenkind.nl/echt-susteren;;\n"
        "leudal;Leudal;https://maakhetverschilvooreenkind.nl/leudal;"
        "regions/maasdal/logos/wijkteam-maasdal.svg;\"Vragen? Bel het wijkteam;\nLeudal.\"\n",
        "utf-8")
    (campaign / "assets" / "regions-defaults.toml").write_text(
        'contact = "Zorgen om een kind? Het CJG denkt met je mee."\n'
        '[[partners]]\nname = "GGD Limburg-Noord"\n', "utf-8")
    out = tmp_path / "out"
    assert build_into(out, "--region", "leudal", "--region", "echt-susteren", "--only",
                      "deskcard", campaign=campaign) == 0
    from tests.pdfcheck import page_text

    text = " ".join(page_text(out / "echt-susteren/deskcard/"
                              "deskcard-duplex-A5-landscape.pdf").split())
    assert "Echt-Susteren" in text and "GGD Limburg-Noord" in text and "CJG" in text
    leudal = " ".join(page_text(out / "leudal/deskcard/deskcard-duplex-A5-landscape.pdf").split())
    assert "Bel het wijkteam; Leudal." in leudal  # quoted separator and newline kept


def test_bad_table_rows_are_named(tmp_path, campaign, capsys):
    (campaign / "assets" / "regions.csv").write_text(
        "id,name,landing_url\nBad Id,X,notaurl\n,Y,https://x.nl\nok,Z,https://x.nl,extra\n",
        "utf-8")
    from toolkit.run.cli import main

    out = tmp_path / "out"
    assert main(["build", "--campaign", str(campaign), "--out", str(out)]) == 2
    error = capsys.readouterr().err
    assert "assets/regions.csv: row 2: id: 'Bad Id' is not a simple name" in error
    assert "row 2: landing_url" in error and "row 3: id: is empty" in error
    assert "row 4: has more fields than the header" in error
    assert not out.exists() or not any(out.iterdir())
