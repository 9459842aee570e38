"""Hostile inputs, found when issue #18 was audited for closing: cases the second round's
corpus (tests/test_hostile_second.py) did not try, each fixed where the input enters.

A campaign whose assets/ or templates/ folder itself is a link out; bookkeeping files of
the output folder nested too deep for the JSON decoder, made a pipe, or far too large; SVG
logos whose <use> refers to itself or multiplies into millions of shapes; a logo that is a
pipe; --year and SOURCE_DATE_EPOCH beyond the calendar; TOML lists of thousands of
partners; a word of 90,000 letters quoted in a message; and a few more ways in for links
and templates. Each ends with exit 0 and a sensible result (a warning), or exit 2 naming
the file, quickly, with no traceback and nothing written.
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
import time
from pathlib import Path

import pytest

from tests.conftest import build_into
from tests.test_bad_inputs import BRAND, MAASDAL, POSTER, SVG_LOGO, edit, run
from tests.test_hostile_second import (
    CUBE_BUILD,
    HANDREIKING,
    HANDREIKING_ONLY,
    POSTER_ONLY,
    QUICK_S,
    SOCIAL_MAP,
    has,
    outside,
    refused,
    replace_block,
    svg,
)
from toolkit.config.content import CopyRenderer, template_context
from toolkit.config.load import load_campaign
from toolkit.config.markup import Paragraph, inline, parse
from toolkit.config.schema import MAX_LIST_ITEMS
from toolkit.config.svgsafety import MAX_SVG_ELEMENTS
from toolkit.products.schedule import LAST_YEAR, today
from toolkit.publish.untrusted import MAX_BOOKKEEPING_BYTES
from toolkit.run.cli import main

XLINK = 'xmlns:xlink="http://www.w3.org/1999/xlink"'


# --- 1. containment: the campaign's top folders themselves --------------------------------


@pytest.mark.parametrize("folder", ["assets", "templates"])
def test_a_top_folder_linked_out_of_the_campaign_is_refused(capsys, campaign, tmp_path,
                                                            folder):
    moved = tmp_path / "elsewhere" / folder
    moved.parent.mkdir()
    shutil.move(campaign / folder, moved)
    (campaign / folder).symlink_to(moved, target_is_directory=True)
    errors = refused(capsys, campaign)
    assert len(errors) == 1, errors  # one clear problem, not one per file read through it
    has(errors, f"{folder}: is a symlink that leaves the campaign folder")


def test_a_top_folder_linked_inside_the_campaign_is_walked_and_fine(capsys, campaign):
    shutil.move(campaign / "templates", campaign / "assets/copy")
    (campaign / "templates").symlink_to("assets/copy", target_is_directory=True)
    assert run(capsys, "check", campaign, *POSTER_ONLY).code == 0
    (campaign / "assets/copy/extra.j2").symlink_to(outside(campaign.parent))
    has(refused(capsys, campaign, *POSTER_ONLY),
        "assets/copy/extra.j2: is a symlink that leaves the campaign folder")


def test_a_logo_that_is_a_pipe_is_named_not_opened(capsys, campaign):
    (campaign / SVG_LOGO).unlink()
    os.mkfifo(campaign / SVG_LOGO)  # opening it would wait for a writer forever
    has(refused(capsys, campaign, *POSTER_ONLY), f"{MAASDAL}: partners[0].logo: logo file "
        "'wijkteam-maasdal.svg' is not a regular file")


def test_a_brand_file_that_is_a_pipe_is_named_not_opened(capsys, campaign):
    (campaign / BRAND).unlink()
    os.mkfifo(campaign / BRAND)
    has(refused(capsys, campaign), f"{BRAND}: is not a regular file")


@pytest.mark.parametrize("statement", [
    '{% include ["nope.j2", "../assets/brand/brand.toml"] %}',
    '{% from "/etc/passwd" import x %}{{ x }}',
    '{% include region.name ~ "/../../assets/brand/brand.toml" %}',
    '{% extends "../assets/brand/brand.toml" %}',
], ids=["include-list", "from-import", "include-variable", "extends"])
def test_a_template_reaches_no_file_outside_templates_by_any_statement(capsys, campaign,
                                                                       statement):
    replace_block(campaign, POSTER, "trainers_headline", statement)
    error = has(refused(capsys, campaign, *POSTER_ONLY), f"{POSTER}: ")  # the block or line
    assert "maakhetverschil" not in error  # brand.toml's text never shown


# --- 2. links ----------------------------------------------------------------------------


@pytest.mark.parametrize("link", ["[hier](JavaScript:alert(1))", "[a](vbscript:msgbox)",
                                  "[a](HTTPS:evil)"])
def test_a_link_scheme_in_capitals_is_still_refused(capsys, campaign, link):
    path = campaign / HANDREIKING
    path.write_text(path.read_text("utf-8").replace(
        "{% block colophon %}\n", f"{{% block colophon %}}\nZie {link}.\n", 1), "utf-8")
    error = has(refused(capsys, campaign, *HANDREIKING_ONLY), f"{HANDREIKING}: colophon")
    assert "is not a web, e-mail or phone link" in error


@pytest.mark.parametrize("text", ["[a]( javascript:x)", "[a](java\tscript:x)",
                                  "<JAVASCRIPT:x>", "<javascript:x>", "<file:///etc/passwd>"])
def test_a_link_the_markup_does_not_recognise_stays_plain_text(text):
    spans = inline(f"Zie {text}.", HANDREIKING, "colophon")
    assert "".join(span.text for span in spans) == f"Zie {text}."
    assert not any(span.url for span in spans)


@pytest.mark.parametrize("file, text, field", [
    (MAASDAL, None, "landing_url"),
    (SOCIAL_MAP, "organisation;offer;audience;website\nX;Hulp.;Iedereen;javascript:x\n",
     "row 2: website"),
    (SOCIAL_MAP, "organisation;offer;audience;email\nX;Hulp.;Iedereen;a@b.nl?bcc=c@d.nl\n",
     "row 2: email"),
], ids=["landing-url", "map-website", "map-email"])
def test_a_link_from_toml_or_csv_is_checked_where_it_is_read(capsys, campaign, file, text,
                                                             field):
    if text is None:
        edit(campaign, MAASDAL, 'landing_url = "https://maakhetverschilvooreenkind.nl/maasdal"',
             'landing_url = "javascript:alert(1)"')
    else:
        (campaign / file).write_text(text, "utf-8")
    has(refused(capsys, campaign, "--region", "maasdal"), f"{file}: {field}")


# --- 4. the output folder: bookkeeping files as hostile JSON -----------------------------


@pytest.fixture(scope="module")
def earlier_cube(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("earlier-cube") / "out"
    assert build_into(out, *CUBE_BUILD) == 0
    return out


BOOKKEEPING = {"manifest": "manifest.json", "cache": ".toolkit-cache.json",
               "journal": ".toolkit-commit.json"}


def _deep(out: Path, name: str) -> None:
    (out / name).write_text('{"files": ' + "[" * 200_000, "utf-8")  # RecursionError in json


def _pipe(out: Path, name: str) -> None:
    (out / name).unlink(missing_ok=True)
    os.mkfifo(out / name)  # reading it would block the build forever


def _huge(out: Path, name: str) -> None:
    with open(out / name, "wb") as handle:  # sparse: takes no disk
        handle.truncate(MAX_BOOKKEEPING_BYTES + 1)


@pytest.mark.parametrize("kind", list(BOOKKEEPING))
@pytest.mark.parametrize("damage, reason", [
    (_deep, "it is not a {kind} the toolkit wrote"), (_pipe, "it is not a regular file"),
    (_huge, f"it is larger than {MAX_BOOKKEEPING_BYTES // 2**20} MB"),
], ids=["nested-deep", "pipe", "huge"])
def test_a_bookkeeping_file_that_cannot_be_json_is_set_aside(capsys, campaign, tmp_path,
                                                             earlier_cube, kind, damage,
                                                             reason):
    name = BOOKKEEPING[kind]
    out = tmp_path / "out"
    shutil.copytree(earlier_cube, out, symlinks=True)
    damage(out, name)
    capsys.readouterr()
    started = time.perf_counter()
    code = build_into(out, *CUBE_BUILD, campaign=campaign)
    printed = capsys.readouterr()
    assert time.perf_counter() - started < QUICK_S
    assert code == 0 and "Traceback" not in printed.err, printed.err
    if damage is _pipe and kind == "journal":  # not a commit's journal: never opened
        assert (out / name).is_fifo()
        return
    assert f"{name}: not used: {reason.format(kind=kind)}" in printed.out + printed.err
    if kind != "journal":  # written anew, whole
        assert json.loads((out / name).read_text("utf-8"))


@pytest.fixture(scope="module")
def earlier_two(tmp_path_factory) -> Path:
    """Maasdal's cube and desk card: a build of the cube alone packs the desk card's
    files from the folder."""
    out = tmp_path_factory.mktemp("earlier-two") / "out"
    assert build_into(out, *CUBE_BUILD, "--only", "deskcard") == 0
    return out


@pytest.mark.parametrize("swap", ["other bytes", "huge sparse"])
def test_an_output_file_replaced_by_another_writer_is_never_packed(capsys, campaign, tmp_path,
                                                                   earlier_two, swap):
    out = tmp_path / "out"
    shutil.copytree(earlier_two, out, symlinks=True)
    pack = (out / "packs/maasdal.zip").read_bytes()
    target = out / "maasdal/deskcard/deskcard-duplex-A5-landscape.pdf"
    if swap == "other bytes":
        target.write_bytes(b"MZ planted program " * 100)
    else:
        with open(target, "wb") as handle:
            handle.truncate(3 * 2**30)  # read whole, it would take 3 GB of memory
    capsys.readouterr()
    code = build_into(out, *CUBE_BUILD, "--force", campaign=campaign)
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err, err
    assert f"error: {target}: has changed since the build wrote it" in err
    assert "--only deskcard" in err
    assert (out / "packs/maasdal.zip").read_bytes() == pack  # nothing written
    assert build_into(out, *CUBE_BUILD[:-2], "--only", "deskcard", "--jobs", "1",
                      campaign=campaign) == 0  # the fix the message gives
    assert target.read_bytes().startswith(b"%PDF")


# --- 5. bounded work ---------------------------------------------------------------------


def _many_partners(count: int) -> str:
    return "".join(f'[[partners]]\nname = "Partner {n}"\n' for n in range(count))


@pytest.mark.parametrize("key, old, new", [
    ("partners", "[print]", _many_partners(20_000) + "[print]"),
    ("municipalities", 'municipalities = ["Maasdal", "Heuvelrand"]',
     "municipalities = [" + ", ".join(f'"Gemeente {n}"' for n in range(30_000)) + "]"),
], ids=["partners", "municipalities"])
def test_a_toml_list_of_thousands_stops_at_once_naming_the_key(capsys, campaign, key, old,
                                                               new):
    edit(campaign, MAASDAL, old, new)
    has(refused(capsys, campaign, *POSTER_ONLY), f"{MAASDAL}: {key}: has ",
        f"items; a list holds at most {MAX_LIST_ITEMS}")


def test_a_toml_list_at_its_limit_is_read_and_judged_by_the_layout(capsys, campaign):
    edit(campaign, MAASDAL, "[print]", _many_partners(MAX_LIST_ITEMS - 3) + "[print]")
    started = time.process_time()
    has(refused(capsys, campaign, *POSTER_ONLY), f"{MAASDAL}: partners: "
        f"{MAX_LIST_ITEMS} partner logos do not fit")
    assert time.process_time() - started < 20


def test_svg_use_copies_that_multiply_are_refused_before_drawing(capsys, campaign):
    levels = ['<rect id="l0" width="1" height="1"/>']
    levels += [f'<g id="l{n}">' + f'<use xlink:href="#l{n - 1}"/>' * 10 + "</g>"
               for n in range(1, 10)]  # 100 elements standing for 10**9 rectangles
    (campaign / SVG_LOGO).write_text(svg("<defs>" + "".join(levels) + '</defs><use '
                                         'xlink:href="#l9"/>').replace("<svg ", f"<svg {XLINK} "))
    started = time.process_time()
    has(refused(capsys, campaign, *POSTER_ONLY), f"{MAASDAL}: partners[0].logo:",
        f"draws more than {MAX_SVG_ELEMENTS:,} elements once its <use> copies are counted")
    assert time.process_time() - started < 5


@pytest.mark.parametrize("body", [
    '<rect width="9" height="9"/><use id="a" xlink:href="#a"/>',
    '<rect width="9" height="9"/><g id="a"><use xlink:href="#b"/></g>'
    '<g id="b"><use xlink:href="#a"/></g>',
    "".join(f'<g id="g{n}"><use xlink:href="#g{n + 1}"/></g>' for n in range(150))
    + '<rect id="g150" width="9" height="9"/>',
], ids=["itself", "each-other", "chain-150"])
def test_svg_use_that_loops_or_chains_too_deep_is_refused(capsys, campaign, body):
    (campaign / SVG_LOGO).write_text(svg(body).replace("<svg ", f"<svg {XLINK} "))
    has(refused(capsys, campaign, *POSTER_ONLY), f"{MAASDAL}: partners[0].logo:",
        "uses itself, or nests more than 100 deep through <use>")


def test_svg_use_inside_the_logo_is_fine(capsys, campaign):
    (campaign / SVG_LOGO).write_text(svg(
        '<defs><rect id="r" width="100" height="100" fill="#00606E"/></defs>'
        '<use xlink:href="#r"/><use xlink:href="#r" x="150"/>').replace("<svg ",
                                                                         f"<svg {XLINK} "))
    assert run(capsys, "check", campaign, *POSTER_ONLY).code == 0


# --- 6. parser edges: the calendar, tables, long values -----------------------------------


@pytest.mark.parametrize("year", ["0", "1999", str(LAST_YEAR + 1), "9" * 20, "volgend"])
def test_a_year_beyond_the_calendar_is_an_input_error(capsys, campaign, year):
    with pytest.raises(SystemExit) as stopped:
        main(["check", "--campaign", str(campaign), "--only", "social", "--year", year])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "argument --year:" in err and "Traceback" not in err


@pytest.mark.parametrize("seconds", ["99999999999999", "9" * 40,
                                     str(int(datetime.datetime(LAST_YEAR + 1, 1, 1,
                                                               tzinfo=datetime.UTC
                                                               ).timestamp()))])
def test_a_source_date_epoch_past_the_calendar_is_named(capsys, campaign, monkeypatch,
                                                        seconds):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", seconds)
    has(refused(capsys, campaign, "--region", "maasdal", "--only", "social"),
        "SOURCE_DATE_EPOCH: ", f"is not a date before {LAST_YEAR + 1}")


def test_a_source_date_epoch_of_zero_is_a_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")  # a common choice in reproducible builds
    assert today() == datetime.date(1970, 1, 1)


def test_a_csv_cell_beyond_the_reader_field_limit_is_named(capsys, campaign):
    (campaign / SOCIAL_MAP).write_text(
        'organisation;offer;audience\nX;"' + "a" * 200_000 + '";Iedereen\n', "utf-8")
    has(refused(capsys, campaign, "--region", "maasdal"), f"{SOCIAL_MAP}: line ",
        "is not a readable table")


def test_a_word_of_90000_letters_is_quoted_short(capsys, campaign):
    path = campaign / HANDREIKING
    path.write_text(path.read_text("utf-8").replace(
        "{% block colophon %}\n", "{% block colophon %}\n" + "x" * 90_000 + "\n\n", 1), "utf-8")
    error = has(refused(capsys, campaign, *HANDREIKING_ONLY), f"{HANDREIKING}: colophon: "
                "the word 'xxx")
    assert len(error) < 400, error[:400]


def test_names_and_contact_lines_from_a_csv_enter_the_markup_as_plain_text(campaign):
    """regions.csv's name and contact, like region.toml's, are text in the handreiking."""
    name, contact = "Zuid [k](javascript:x) **vet**", "Bel <tel:666> of [k](file:///etc/passwd)."
    (campaign / "assets/regions.csv").write_text(
        "id;name;landing_url;contact\n"
        f"zuid;{name};https://maakhetverschilvooreenkind.nl/zuid;{contact}\n", "utf-8")
    loaded, _problems = load_campaign(campaign, ["zuid"])
    region = loaded.regions[0]
    copy = CopyRenderer(loaded.templates).render(
        "handreiking.nl.j2", template_context(loaded.brand, region), raw=("body", "colophon"))
    spans = [span for field in ("body", "colophon")
             for block in parse(copy[field], copy.template, field)
             if isinstance(block, Paragraph) for span in block.spans]
    text = "".join(span.text for span in spans)
    assert name in text
    assert {span.url for span in spans} <= {"", region.landing_url}
    assert not any(span.bold and "vet" in span.text for span in spans)
