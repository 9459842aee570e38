"""Hostile inputs, second round (issue #18): containment of every input, links, CSV output,
the output folder as untrusted input, bounded work, parser edges and the right blame.

Each case ends with exit 0 and a sensible result, or exit 2 (3 for an output folder that
cannot take the build) naming the file, with no traceback and nothing written. Most cases
run `check` in-process (no rendering); the output-folder cases share one earlier build
of Maasdal's posters and copy it.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import struct
import time
import zipfile
from pathlib import Path

import font_lato
import pytest

from tests.conftest import ROOT, build_into, shared_build
from tests.test_bad_inputs import BRAND, MAASDAL, POSTER, SVG_LOGO, edit, run
from toolkit.config.content import MAX_SLOT_CHARS, CopyRenderer, template_context
from toolkit.config.load import load_campaign
from toolkit.config.markup import Paragraph, parse
from toolkit.config.socialmap import MAX_MAP_ROWS
from toolkit.errors import OutputError
from toolkit.publish.pack import pack_bytes
from toolkit.render.spreadsheet import csv_bytes, neutralised
from toolkit.run.build import plan
from toolkit.run.cli import main
from toolkit.run.pipeline import BuildOptions
from toolkit.run.workers import limit_memory, render_part

MAASDAL_DIR = "assets/regions/maasdal"
SOCIAL_MAP = f"{MAASDAL_DIR}/sociale-kaart.csv"
NATIONAL_MAP = "assets/national/sociale-kaart.csv"
HANDREIKING = "templates/handreiking.nl.j2"
SVG_NS = 'xmlns="http://www.w3.org/2000/svg"'
QUICK_S = 60.0  # the bound per case; most take well under a second
POSTER_ONLY = ("--only", "poster", "--region", "maasdal")
HANDREIKING_ONLY = ("--only", "handreiking", "--region", "maasdal")
CUBE_BUILD = ("--only", "cube", "--region", "maasdal", "--jobs", "1")  # one PDF: quick
CUBE = "maasdal/cube/cube-net-A3.pdf"


def refused(capsys, campaign: Path, *arguments: str, command: str = "check") -> list[str]:
    """Run a command that must refuse the input: exit 2, problems printed, quickly."""
    started = time.perf_counter()
    result = run(capsys, command, campaign, *arguments)
    assert time.perf_counter() - started < QUICK_S
    assert result.code == 2, result.stderr
    assert result.errors, result.stderr
    assert not (campaign / "output").exists()
    return result.errors


def has(errors: list[str], *parts: str) -> str:
    matching = [error for error in errors if all(part in error for part in parts)]
    assert matching, f"no problem with {parts}:\n" + "\n".join(errors)
    return matching[0]


def outside(tmp_path: Path, name: str = "secret.txt", data: str = "SECRET\n") -> Path:
    path = tmp_path / "elsewhere" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(data, "utf-8")
    return path


def replace_block(campaign: Path, name: str, block: str, body: str) -> None:
    path = campaign / name
    text = path.read_text("utf-8")
    pattern = re.compile(r"\{% block " + block + r" %\}.*?\{% endblock %\}", re.DOTALL)
    assert pattern.search(text), f"{name} has no block {block}"
    path.write_text(pattern.sub(lambda _m: f"{{% block {block} %}}{body}{{% endblock %}}",
                                text, count=1), "utf-8")


def svg(body: str) -> str:
    return f'<svg {SVG_NS} width="300" height="100">{body}</svg>'


# --- 1. containment: every input, symlinks out refused everywhere ------------------------

LINKED_OUT = [
    (BRAND, "file"), (MAASDAL, "file"), (SOCIAL_MAP, "file"), (NATIONAL_MAP, "file"),
    (POSTER, "file"), ("templates/extra.nl.j2", "file"), (MAASDAL_DIR + "/logos", "folder"),
    ("assets/regions/noord", "folder"), ("assets/regions.csv", "file"),
]


@pytest.mark.parametrize("name, kind", LINKED_OUT, ids=[name for name, _ in LINKED_OUT])
def test_a_symlink_out_of_the_campaign_is_refused_wherever_it_is(capsys, campaign, tmp_path,
                                                                  name, kind):
    target = outside(tmp_path) if kind == "file" else outside(tmp_path, "dir/x.txt").parent
    path = campaign / name
    if path.is_dir():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)
    path.symlink_to(target)
    errors = refused(capsys, campaign)
    has(errors, f"{name}: is a symlink that leaves the campaign folder")


def test_a_symlink_loop_in_the_campaign_is_refused(capsys, campaign):
    (campaign / "templates/a.j2").symlink_to("b.j2")
    (campaign / "templates/b.j2").symlink_to("a.j2")
    has(refused(capsys, campaign), "templates/a.j2: is a symlink loop")


def test_a_dangling_symlink_is_named(capsys, campaign):
    (campaign / "assets/brand/gone.ttf").symlink_to("nowhere.ttf")
    has(refused(capsys, campaign), "assets/brand/gone.ttf: is a symlink to 'nowhere.ttf'")


def test_a_symlink_inside_the_campaign_is_fine(capsys, campaign):
    logos = campaign / MAASDAL_DIR / "logos"
    (logos / "same.svg").symlink_to("wijkteam-maasdal.svg")
    edit(campaign, MAASDAL, 'logo = "logos/wijkteam-maasdal.svg"', 'logo = "logos/same.svg"')
    assert run(capsys, "check", campaign, *POSTER_ONLY).code == 0


@pytest.mark.parametrize("include", ["../assets/brand/brand.toml", "/etc/passwd",
                                     "x" * 5000, "a\\u0000b"])
def test_a_template_includes_only_templates(capsys, campaign, include):
    replace_block(campaign, POSTER, "trainers_headline", f'{{% include "{include}" %}}')
    has(refused(capsys, campaign, *POSTER_ONLY), f"{POSTER}: trainers_headline")


@pytest.mark.parametrize("style", ["../../../../etc/passwd", "Bold/../Regular", "Bolt",
                                   "/usr/share/fonts/x", ""])
def test_a_lato_font_must_be_an_installed_style(capsys, campaign, style):
    edit(campaign, BRAND, 'bold = "lato:Bold"', f'bold = "lato:{style}"')
    has(refused(capsys, campaign), f"{BRAND}: fonts.bold: 'lato:{style}' is not a style of "
        "the installed Lato")


# --- 2. links: only https, http, mailto, tel; values are plain text -----------------------

BAD_LINKS = ["javascript:alert(1)", "file:///etc/passwd", "ftp://example.nl/x",
             "//evil.example/x", "data:text/html,hi", "relative/page.html"]


@pytest.mark.parametrize("url", BAD_LINKS)
def test_a_link_in_the_markup_must_be_web_mail_or_phone(capsys, campaign, url):
    path = campaign / HANDREIKING
    text = path.read_text("utf-8")
    path.write_text(text.replace("{% block colophon %}\n",
                                 f"{{% block colophon %}}\nZie [hier]({url}).\n", 1), "utf-8")
    error = has(refused(capsys, campaign, *HANDREIKING_ONLY), f"{HANDREIKING}: colophon, line")
    assert "is not a web, e-mail or phone link" in error


def test_a_bad_link_in_a_sociale_kaart_note_names_the_block(capsys, campaign):
    (campaign / SOCIAL_MAP).write_text("organisation;offer;audience\n", "utf-8")
    replace_block(campaign, HANDREIKING, "map_regional_empty", "Zie [dit](javascript:x).")
    has(refused(capsys, campaign, *HANDREIKING_ONLY), f"{HANDREIKING}: map_regional_empty")


def test_good_links_are_fine(capsys, campaign):
    edit(campaign, HANDREIKING, "Laat het ons weten via <{{ region.landing_url }}>.",
         "Mail [ons](mailto:a@b.nl), bel <tel:112> of <http://a.nl>.")
    assert run(capsys, "check", campaign, *HANDREIKING_ONLY).code == 0


HOSTILE_NAME = "**Vet** [klik](javascript:alert(1)) <tel:666> | x | # Kop"


def test_names_from_toml_enter_the_markup_as_plain_text(campaign):
    edit(campaign, MAASDAL, 'name = "Maasdal"', f'name = "{HOSTILE_NAME}"')
    edit(campaign, MAASDAL, 'name = "Wijkteam Maasdal"', 'name = "[p](file:///etc/passwd)"')
    loaded, _problems = load_campaign(campaign, ["maasdal"])
    region = loaded.regions[0]
    copy = CopyRenderer(loaded.templates).render(
        "handreiking.nl.j2", template_context(loaded.brand, region), raw=("body", "colophon"))
    blocks = parse(copy["colophon"], copy.template, "colophon")
    spans = [span for block in blocks if isinstance(block, Paragraph) for span in block.spans]
    text = "".join(span.text for span in spans)
    assert HOSTILE_NAME in text and "[p](file:///etc/passwd)" in text
    assert {span.url for span in spans} <= {"", region.landing_url}
    assert not any(span.bold and "Vet" in span.text for span in spans)
    assert copy["document_title"].endswith(HOSTILE_NAME)  # plain blocks stay as written


# --- 3. spreadsheet-safe CSV ---------------------------------------------------------------


@pytest.mark.parametrize("cell", ["=HYPERLINK(\"https://x\")", "+31 6", "-2+3", "@SUM(A1)",
                                  "\tx", "\rx"])
def test_a_csv_cell_that_could_run_as_a_formula_is_neutralised(cell):
    assert neutralised(cell) == "'" + cell
    row = next(iter(__import__("csv").reader(io.StringIO(
        csv_bytes([[cell, "plain"]]).decode("utf-8-sig"), newline=""))))
    assert row == ["'" + cell, "plain"]


def test_ordinary_cells_are_unchanged():
    for cell in ("2026-11-16", "09:00", "Lees meer", "#rotdag", "https://x.nl", "'quoted"):
        assert neutralised(cell) == cell


def test_planning_csv_neutralises_a_caption_that_starts_a_formula(campaign, tmp_path):
    replace_block(campaign, "templates/social_meta.nl.j2", "caption",
                  '=HYPERLINK("https://evil.example","klik") {{ caption }} {{ link }}')
    jobs, _warnings = plan(BuildOptions(root=campaign, out=tmp_path / "out",
                                        regions=("maasdal",), only=("social",)))
    data = next(job.data for job in jobs if job.path.endswith("planning.csv"))
    rows = list(__import__("csv").reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[1][2].startswith("'=HYPERLINK(")
    assert not any(cell[:1] in "=+-@\t\r" for row in rows for cell in row)


# --- 4. the output folder is untrusted -------------------------------------------------------


@pytest.fixture(scope="module")
def earlier(tmp_path_factory) -> Path:
    """An earlier build of Maasdal's cube (with its manifest, cache and pack), made once
    for the run; tests copy it."""
    return shared_build(tmp_path_factory, "earlier-cube",
                        lambda out: build_into(out, *CUBE_BUILD))


def build_over(capsys, campaign: Path, out: Path, *arguments: str):
    capsys.readouterr()
    started = time.perf_counter()
    code = build_into(out, *CUBE_BUILD, *arguments, campaign=campaign)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert time.perf_counter() - started < QUICK_S
    return code, captured.out + captured.err


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink()}


def pack_names(out: Path) -> list[str]:
    with zipfile.ZipFile(out / "packs/maasdal.zip") as archive:
        return archive.namelist()


def tamper_manifest(out: Path, change) -> None:
    data = json.loads((out / "manifest.json").read_text("utf-8"))
    assert any(entry["product"] == "cube" for entry in data["files"])
    change(data["files"])
    (out / "manifest.json").write_text(json.dumps(data), "utf-8")


def _entry(path: str, **fields) -> dict:
    return {"path": path, "region": "maasdal", "product": "cube", "bytes": 7,
            "sha256": "0" * 64, **fields}


MANIFEST_CASES = {
    "dotdot": lambda files: files.append(_entry("../../elsewhere/secret.txt")),
    "absolute": lambda files: files.append(_entry("/etc/passwd")),
    "backslash": lambda files: files.append(_entry("maasdal\\..\\..\\x")),
    "unknown product": lambda files: files.append(_entry("maasdal/x.pdf", product="virus")),
    "bad region": lambda files: files.append(_entry("con/x.pdf", region="../x")),
    "not a list": lambda files: files.clear() or files.append("x"),
}


@pytest.mark.parametrize("case", list(MANIFEST_CASES))
def test_an_untrusted_manifest_is_set_aside_with_a_warning(capsys, campaign, tmp_path,
                                                             earlier, case):
    out = tmp_path / "out"
    shutil.copytree(earlier, out, symlinks=True)
    secret = outside(tmp_path)
    tamper_manifest(out, MANIFEST_CASES[case])
    code, text = build_over(capsys, campaign, out)
    assert code == 0, text
    assert "manifest.json: not used:" in text
    entries = json.loads((out / "manifest.json").read_text("utf-8"))["files"]
    assert all(not e["path"].startswith(("/", "..")) and e["product"] != "virus"
               for e in entries)
    assert all(".." not in name and not name.startswith("/") for name in pack_names(out))
    assert secret.read_text() == "SECRET\n"


def test_a_manifest_that_is_a_symlink_out_is_not_read(capsys, campaign, tmp_path, earlier):
    out = tmp_path / "out"
    shutil.copytree(earlier, out, symlinks=True)
    secret = outside(tmp_path, "manifest.json", json.dumps({"files": []}))
    (out / "manifest.json").unlink()
    (out / "manifest.json").symlink_to(secret)
    code, text = build_over(capsys, campaign, out)
    assert code == 0, text
    assert "manifest.json: not used: it is a symbolic link" in text
    assert json.loads(secret.read_text()) == {"files": []}  # replaced the link, not its target


@pytest.mark.parametrize("pairs", [
    {"maasdal/cube": {"fingerprint": "x", "templates": ["../../../etc/passwd"], "paths": []}},
    {"maasdal/cube": {"fingerprint": "x", "templates": [], "paths": ["../../secret.txt"]}},
    {"../x/cube": {"fingerprint": "x", "templates": [], "paths": []}},
    {"maasdal/cube": "not a table"},
], ids=["template outside", "path outside", "unknown pair", "damaged entry"])
def test_an_untrusted_cache_is_set_aside_with_a_warning(capsys, campaign, tmp_path, earlier,
                                                          pairs):
    out = tmp_path / "out"
    shutil.copytree(earlier, out, symlinks=True)
    (out / ".toolkit-cache.json").write_text(json.dumps({"version": 1, "pairs": pairs}))
    code, text = build_over(capsys, campaign, out)
    assert code == 0, text
    assert ".toolkit-cache.json: not used:" in text


@pytest.mark.parametrize("journal", [
    {"staging": ".staging-1", "paths": ["../../elsewhere/moved.txt"]},
    {"staging": "../elsewhere", "paths": ["secret.txt"]},
    {"staging": ".staging-1", "paths": "not a list"},
], ids=["path outside", "staging outside", "damaged"])
def test_an_untrusted_journal_moves_nothing(capsys, campaign, tmp_path, earlier, journal):
    out = tmp_path / "out"
    shutil.copytree(earlier, out, symlinks=True)
    secret = outside(tmp_path)
    (out / ".staging-1").mkdir()
    (out / ".staging-1/moved.txt").write_text("planted")
    (out / ".toolkit-commit.json").write_text(json.dumps(journal))
    code, text = build_over(capsys, campaign, out)
    assert code == 0, text
    assert ".toolkit-commit.json: not used:" in text
    assert not (secret.parent / "moved.txt").exists() and secret.read_text() == "SECRET\n"
    assert not (out / ".staging-1").exists()


def test_an_output_file_linked_out_is_neither_read_nor_packed(capsys, campaign, tmp_path,
                                                                earlier):
    out = tmp_path / "out"
    shutil.copytree(earlier, out, symlinks=True)
    secret = outside(tmp_path)
    target = out / CUBE
    target.unlink()
    target.symlink_to(secret)
    code, text = build_over(capsys, campaign, out)
    assert code == 0, text
    assert not target.is_symlink() and target.read_bytes().startswith(b"%PDF")
    assert secret.read_text() == "SECRET\n"
    with zipfile.ZipFile(out / "packs/maasdal.zip") as archive:
        assert all(b"SECRET" not in archive.read(name) for name in archive.namelist())


def test_a_folder_linked_out_inside_out_stops_the_build_before_it_writes(capsys, campaign,
                                                                         tmp_path, earlier):
    out = tmp_path / "out"
    shutil.copytree(earlier, out, symlinks=True)
    elsewhere = outside(tmp_path).parent
    shutil.rmtree(out / "maasdal/cube")
    (out / "maasdal/cube").symlink_to(elsewhere, target_is_directory=True)
    before = tree(elsewhere)
    code, text = build_over(capsys, campaign, out, "--force")
    assert code == 3, text
    assert "maasdal/cube' is a symbolic link; the build does not write through links" in text
    assert tree(elsewhere) == before
    assert not (out / ".toolkit-commit.json").exists()


def test_a_planted_staging_link_is_not_followed(capsys, campaign, tmp_path, earlier):
    out = tmp_path / "out"
    shutil.copytree(earlier, out, symlinks=True)
    elsewhere = outside(tmp_path).parent
    (out / f".staging-{os.getpid()}").symlink_to(elsewhere, target_is_directory=True)
    before = tree(elsewhere)
    code, text = build_over(capsys, campaign, out, "--force")
    assert code == 0, text
    assert tree(elsewhere) == before


def test_finishing_an_interrupted_commit_says_how_many_files_it_moved(capsys, campaign,
                                                                      tmp_path, earlier):
    out = tmp_path / "out"
    shutil.copytree(earlier, out, symlinks=True)
    (out / ".staging-1/maasdal/cube").mkdir(parents=True)
    shutil.copy(out / CUBE, out / ".staging-1" / CUBE)
    shutil.copy(out / "manifest.json", out / ".staging-1/manifest.json")
    (out / ".toolkit-commit.json").write_text(json.dumps({
        "staging": ".staging-1", "paths": [CUBE, "manifest.json"]}))
    capsys.readouterr()
    code = main(["build", "--campaign", str(campaign), "--out", str(out), *CUBE_BUILD])
    printed = capsys.readouterr().out
    assert code == 0
    assert "finished an interrupted build first: 2 file(s) moved into place" in printed


def test_a_pack_never_holds_an_unsafe_member_name():
    with pytest.raises(OutputError, match="is not a safe name in a ZIP"):
        pack_bytes("maasdal", [({"path": "../../x.pdf"}, b"x")], "leesmij")
    with pytest.raises(OutputError):
        pack_bytes("maasdal", [({"path": "/etc/passwd"}, b"x")], "leesmij")


# --- 5. bounded work -------------------------------------------------------------------------

RUNAWAY = {
    "format width": "{{ '{:>999999999}'.format(1) }}",
    "printf width": "{{ '%0999999999d' % 1 }}",
    "format filter": "{{ '%.999999999f' | format(1.5) }}",
    "many widths": "{{ ('{:>90000}' * 20).format(*range(20)) }}",
    "center then replace": "{{ 'x' | center(100000) | replace(' ', 'yyyyyyyy') }}",
    "indent": "{{ ('a\\n' * 50000) | indent(500) }}",
    "wordwrap": "{{ ('a' * 99999) | wordwrap(1, wrapstring='b' * 999) }}",
    "lipsum": "{{ lipsum(100000) }}",
    "join method": "{{ ('x' * 99999).join('y' * 999) }}",
    "replace method": "{{ ('a' * 99999).replace('a', 'bbbbbbbbbb') }}",
    "multiplication": "{% set n = 10 ** 18 %}{{ n * n * n * n * n * n * n * n * n * n * n * n"
                      " * n * n * n * n * n * n }}",
    "nested loops": "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}"
                    "{% endfor %}",
    "expandtabs": "{{ ('\\t' * 99999).expandtabs(99999) }}",
}


@pytest.mark.parametrize("case", list(RUNAWAY))
def test_a_template_cannot_build_huge_text_or_numbers(capsys, campaign, case):
    replace_block(campaign, POSTER, "trainers_headline", RUNAWAY[case])
    error = has(refused(capsys, campaign, *POSTER_ONLY), f"{POSTER}: trainers_headline")
    assert "cannot be rendered" in error or "characters" in error


def test_a_slot_over_its_character_cap_stops_at_once(capsys, campaign):
    replace_block(campaign, POSTER, "trainers_headline", "woord " * 16_000)
    has(refused(capsys, campaign, *POSTER_ONLY), f"{POSTER}: trainers_headline: is 95,999 "
        f"characters long; a text slot holds at most {MAX_SLOT_CHARS:,}")


def test_a_slot_filled_to_its_cap_is_refused_within_seconds(capsys, campaign):
    replace_block(campaign, POSTER, "trainers_headline", "woord " * (MAX_SLOT_CHARS // 6))
    has(refused(capsys, campaign, *POSTER_ONLY), "trainers_headline: does not fit")


def test_a_sociale_kaart_of_100000_rows_stops_with_a_clear_message(capsys, campaign):
    rows = ["organisation;offer;audience;phone"]
    rows += ["O;H;I;"] * 100_000
    (campaign / SOCIAL_MAP).write_text("\n".join(rows), "utf-8")
    has(refused(capsys, campaign), f"{SOCIAL_MAP}: row {MAX_MAP_ROWS + 2}: the table has "
        f"more than {MAX_MAP_ROWS}")


def test_a_sociale_kaart_at_its_row_limit_is_checked_in_seconds(capsys, campaign):
    rows = ["organisation;offer;audience;phone"]
    rows += [f"Organisatie {n};Hulp bij zorgen.;Iedereen;043 123 45 67"
             for n in range(MAX_MAP_ROWS)]
    (campaign / SOCIAL_MAP).write_text("\n".join(rows), "utf-8")
    started = time.perf_counter()
    assert run(capsys, "check", campaign, *HANDREIKING_ONLY).code == 0
    assert time.perf_counter() - started < 20


def test_a_worker_out_of_memory_ends_as_a_problem_naming_the_region(monkeypatch, tmp_path):
    """The memory limit of a worker, applied in a forked child: an allocation past it is a
    MemoryError, which the worker hands back as a problem (exit 2), not a traceback."""
    def hungry(options):
        return bytearray(4 * 1024**3)

    monkeypatch.setattr("toolkit.run.pipeline.prepare", hungry)
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        os.close(read)
        limit_memory()
        options = BuildOptions(root=ROOT, out=tmp_path, regions=("maasdal",), only=("poster",))
        part = render_part((options, []))
        os.write(write, "\n".join(str(p) for p in part.errors).encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as stream:
        message = stream.read()
    os.waitpid(child, 0)
    assert message.startswith("region maasdal: poster: needs more memory than a region's "
                              "materials may take (2 GiB)")


# --- 6. parser edges -------------------------------------------------------------------------

TOML_EDGES = [
    ("deep list", "\nextra = " + "[" * 5000 + "]" * 5000, "nests lists or tables too deeply"),
    ("deep table", "\nextra = " + "{a=" * 3000 + "1" + "}" * 3000,
     "nests lists or tables too deeply"),
    ("huge integer", "\nextra = " + "9" * 5000, "holds a value TOML cannot read"),
]


@pytest.mark.parametrize("name, tail, expected", TOML_EDGES, ids=[t[0] for t in TOML_EDGES])
def test_toml_edges_are_input_errors(capsys, campaign, name, tail, expected):
    path = campaign / MAASDAL
    path.write_text(path.read_text("utf-8") + tail, "utf-8")
    has(refused(capsys, campaign), f"{MAASDAL}: {expected}")


def test_an_integer_of_thousands_of_digits_in_a_setting_is_named(capsys, campaign):
    edit(campaign, BRAND, "cmyk = [", "cmyk = [" + "9" * 4000 + ", ")
    has(refused(capsys, campaign), f"{BRAND}: colours.")


PATH_EDGES = [
    ("nul byte", "logos/wijkteam\\u0000.svg", "holds a NUL byte"),
    ("over-long", "logos/" + "x" * 3000 + ".svg", "is longer than 1024 characters"),
    ("long name", "logos/" + "x" * 300 + ".svg", "has a file or folder name longer than 255 bytes"),
    ("loop", "logos/loop.svg", "is a symlink loop"),
]


@pytest.mark.parametrize("name, logo, expected", PATH_EDGES, ids=[p[0] for p in PATH_EDGES])
def test_path_edges_are_input_errors(capsys, campaign, name, logo, expected):
    edit(campaign, MAASDAL, 'logo = "logos/wijkteam-maasdal.svg"', f'logo = "{logo}"')
    errors = refused(capsys, campaign, *POSTER_ONLY) if name != "loop" else None
    if name == "loop":  # a loop planted after the tree was checked: inside() names it too
        (campaign / MAASDAL_DIR / "logos/loop.svg").symlink_to("loop.svg")
        errors = refused(capsys, campaign, *POSTER_ONLY)
        has(errors, f"{MAASDAL_DIR}/logos/loop.svg: is a symlink loop")
        return
    has(errors, f"{MAASDAL}: partners[0].logo: path", expected)


@pytest.mark.parametrize("folder, expected", [
    ("con", "is a name Windows reserves"), ("nul", "is a name Windows reserves"),
    ("aux", "is a name Windows reserves"), ("com1", "is a name Windows reserves"),
    ("a" * 65, "is longer than 64 characters"), ("Noord", "is not a simple name"),
])
def test_region_ids_no_system_could_hold_are_refused(capsys, campaign, folder, expected):
    shutil.copytree(campaign / MAASDAL_DIR, campaign / "assets/regions" / folder)
    has(refused(capsys, campaign), f"assets/regions/{folder}: region id", expected)


def test_a_table_id_that_windows_reserves_is_refused(capsys, campaign):
    (campaign / "assets/regions.csv").write_text(
        "id;name;landing_url;contact\nlpt1;Lpt;https://x.nl/a;Bel ons.\n", "utf-8")
    has(refused(capsys, campaign), "assets/regions.csv: row 2: id: 'lpt1' is a name Windows "
        "reserves")


@pytest.mark.parametrize("file, old, new, field", [
    (MAASDAL, 'landing_url = "https://maakhetverschilvooreenkind.nl/maasdal"',
     'landing_url = "https://maakhetverschilvooreenkind.nl/maasdal\\n"', "landing_url"),
    (BRAND, 'hex = "#', 'hex = "\\n#', "colours."),
])
def test_urls_and_colours_with_a_newline_are_refused(capsys, campaign, file, old, new, field):
    text = (campaign / file).read_text("utf-8")
    if old not in text:
        pytest.skip(f"{file} no longer holds {old!r}")
    edit(campaign, file, old, new)
    has(refused(capsys, campaign), f"{file}: {field}")


def test_a_colour_with_a_trailing_newline_is_refused(capsys, campaign):
    text = (campaign / BRAND).read_text("utf-8")
    first = re.search(r'hex = "(#[0-9A-Fa-f]{6})"', text).group(1)
    edit(campaign, BRAND, f'hex = "{first}"', f'hex = "{first}\\n"')
    has(refused(capsys, campaign), f"{BRAND}: colours.", "is not a colour")


SVG_EDGES = {
    "scale 1e308": (svg('<g transform="scale(1e308)"><rect width="10" height="10"/></g>'),
                    "holds the number 1e308"),
    "font-size 1e300": (svg('<text font-size="1e300">Hi</text>'), "holds the number 1e300"),
    "style 1e300": (svg('<rect style="stroke-width:9e99" width="9" height="9"/>'),
                    "holds the number 9e99"),
    "deep nesting": (svg("<g>" * 150 + '<rect width="9" height="9"/>' + "</g>" * 150),
                     "nests elements more than 100 deep"),
    "garbage path": (svg('<path d="garbage"/>'), "cannot be read as a logo"),
    "bad points": (svg('<polygon points="a b c"/>'), "cannot be read as a logo"),
    "dropped path": (svg('<path d="M 0 0 L"/>'), "draws nothing"),
    "empty path": (svg('<path d=""/>'), "draws nothing"),
}


@pytest.mark.parametrize("case", list(SVG_EDGES))
def test_svg_edges_are_input_errors(capsys, campaign, case):
    data, expected = SVG_EDGES[case]
    (campaign / SVG_LOGO).write_text(data, "utf-8")
    has(refused(capsys, campaign, *POSTER_ONLY), f"{MAASDAL}: partners[0].logo:", expected)


def test_an_svg_with_a_hex_colour_that_looks_like_a_number_is_fine(capsys, campaign):
    (campaign / SVG_LOGO).write_text(svg('<rect fill="#1e3000" width="300" height="100"/>'))
    assert run(capsys, "check", campaign, *POSTER_ONLY).code == 0


def _composite_past_the_end(source: Path) -> bytes:
    """Lato with its first composite glyph's first part pointing past the last glyph."""
    from reportlab.pdfbase.ttfonts import TTFont

    data = bytearray(source.read_bytes())
    face = TTFont("probe", str(source)).face
    start, positions = face.table["glyf"]["offset"], face.glyphPos
    for glyph in range(len(positions) - 1):
        offset = start + positions[glyph]
        if positions[glyph + 1] > positions[glyph] and \
                struct.unpack_from(">h", data, offset)[0] < 0:
            struct.pack_into(">H", data, offset + 12, 0xFFF0)
            return bytes(data)
    raise AssertionError("Lato has no composite glyph")


def test_a_font_whose_composite_glyph_points_past_the_end_is_refused(capsys, campaign):
    source = Path(font_lato.font_directory) / "Lato-Bold.ttf"
    (campaign / "assets/brand/Broken.ttf").write_bytes(_composite_past_the_end(source))
    edit(campaign, BRAND, 'bold = "lato:Bold"', 'bold = "Broken.ttf"')
    has(refused(capsys, campaign), f"{BRAND}: fonts.bold: 'Broken.ttf' is a damaged font "
        "(composite glyph")


# --- 7. the right blame ----------------------------------------------------------------------


def test_an_audience_too_long_for_a_file_name_is_named_in_brand_toml(capsys, campaign):
    edit(campaign, BRAND, '"buren"', '"' + "b" * 300 + '"')
    has(refused(capsys, campaign), f"{BRAND}: campaign.audiences:", "longer than 64")


def test_a_region_name_too_long_to_fit_is_blamed_on_region_toml(capsys, campaign):
    edit(campaign, MAASDAL, 'name = "Maasdal"', 'name = "' + "Maasdalerwaard " * 40 + '"')
    errors = refused(capsys, campaign, "--region", "maasdal")
    has(errors, f"{MAASDAL}: name: is too long for templates/", "characters; the text does "
        "not fit even at its smallest size")


# --- 8. smaller points -----------------------------------------------------------------------


@pytest.mark.parametrize("file, header", [
    (SOCIAL_MAP, "organisation;offer;audience;phone;phone"),
    ("assets/regions.csv", "id;name;landing_url;name"),
])
def test_a_column_named_twice_is_an_error(capsys, campaign, file, header):
    path = campaign / file
    body = path.read_text("utf-8").split("\n", 1)[1] if path.exists() else ""
    path.write_text(header + "\n" + body, "utf-8")
    has(refused(capsys, campaign), f"{file}: header: column(s) named twice:")
