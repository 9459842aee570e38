"""Every bad input a coordinator can make is refused the same way by `check` and `build`:
exit code 2, one line per problem naming the file, the field and what to do, every problem
of a run at once, no traceback, nothing written, and earlier outputs left as they were.

Each test edits a fresh copy of the campaign (the `campaign` fixture) and asserts on the
parts of the message a coordinator needs: the file, the key path, the expectation or fix.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT, build_into, shared_build
from toolkit.run.cli import main

BRAND = "assets/brand/brand.toml"
MAASDAL = "assets/regions/maasdal/region.toml"
POSTER = "templates/poster.nl.j2"
PNG_LOGO = "assets/regions/maasdal/logos/jeugdpunt-heuvelrand.png"
SVG_LOGO = "assets/regions/maasdal/logos/wijkteam-maasdal.svg"
TRAINERS_HEADLINE = "Op het veld zie je meer dan een wedstrijd."
# Builds that must fail are kept small: the input is refused before anything is drawn.
SMALL_BUILD = ("--only", "poster", "--region", "maasdal")


# --- helpers -----------------------------------------------------------------------------


def edit(campaign: Path, name: str, old: str, new: str) -> None:
    """Replace old (which must be there, so the test really breaks something) by new."""
    path = campaign / name
    text = path.read_text("utf-8")
    assert old in text, f"{name} no longer holds {old!r}: update the test"
    path.write_text(text.replace(old, new, 1), "utf-8")


def line_of(campaign: Path, name: str, start: str) -> int:
    """The 1-based number of the first line of name that starts with start."""
    lines = (campaign / name).read_text("utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith(start))


@dataclass
class Run:
    code: int
    errors: list[str]
    warnings: list[str]
    stderr: str


def run(capsys, command: str, campaign: Path, *arguments: str) -> Run:
    """Run the CLI in-process; check the stderr contract every bad-input run must keep."""
    capsys.readouterr()
    code = main([command, "--campaign", str(campaign), "-q", *arguments])
    stderr = capsys.readouterr().err
    assert "Traceback" not in stderr, stderr
    assert not re.search(r" object at 0x[0-9a-f]+", stderr), f"Python repr in message:\n{stderr}"
    errors = [line.removeprefix("error: ") for line in stderr.splitlines()
              if line.startswith("error: ")]
    warnings = [line.removeprefix("warning: ") for line in stderr.splitlines()
                if line.startswith("warning: ")]
    if errors:
        last = stderr.splitlines()[-1]
        assert last == f"{len(errors)} problem(s); nothing written." or re.fullmatch(
            rf"{len(errors)} problem\(s\) in region\(s\) [^:]+: left as they were "
            r"\(their earlier files unchanged\); the other regions were built", last), stderr
        assert len(set(errors)) == len(errors), f"a problem is reported twice:\n{stderr}"
    return Run(code, errors, warnings, stderr)


def left_as_they_were(result: Run) -> list[str]:
    """The regions a build left as they were for their errors (the others were built)."""
    match = re.search(r"in region\(s\) ([^:]+): left as they were", result.stderr)
    return match[1].split(", ") if match else []


def files_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def refused(capsys, campaign: Path, tmp_path: Path, *arguments: str,
            build_only: tuple[str, ...] = SMALL_BUILD) -> list[str]:
    """Run `check`, then `build` into a fresh folder, with the same input: both must refuse
    it with exit code 2, and write nothing. Returns the problems `check` found.

    The build is kept small (build_only, unless arguments choose regions or products), so
    it reports the problems of what it builds: all of check's, or some of them."""
    checked = run(capsys, "check", campaign, *arguments)
    assert checked.code == 2, checked.stderr
    assert checked.errors, checked.stderr
    assert files_in(campaign / "output") == []
    out = tmp_path / "fresh-out"
    restricted = () if {"--only", "--region"} & set(arguments) else build_only
    built = run(capsys, "build", campaign, "--out", str(out), *restricted, *arguments)
    assert built.code == 2, built.stderr
    if restricted:
        assert built.errors and set(built.errors) <= set(checked.errors), built.stderr
    else:
        assert built.errors == checked.errors
    failed = left_as_they_were(built)  # one bad region beside good ones: those are built
    written = {path.relative_to(out).parts[0] for path in files_in(out)}
    assert not failed and written == set() or failed and not set(failed) & written, \
        "a refused build wrote files"
    return checked.errors


def one(errors: list[str], *parts: str) -> str:
    """The one problem that holds every part (file, field, expectation...)."""
    matching = [error for error in errors if all(part in error for part in parts)]
    assert len(matching) == 1, f"expected one problem with {parts}, got:\n" + "\n".join(errors)
    return matching[0]


def wcag_ratio(first: str, second: str) -> float:
    """WCAG 2.x contrast ratio of two '#RRGGBB' colours, computed here independently."""
    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
                  for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


# --- 1. unknown keys ----------------------------------------------------------------------


@pytest.mark.parametrize("file, old, new, expected", [
    (BRAND, "website =", "websiet =",
     "assets/brand/brand.toml: campaign.websiet: unknown key (did you mean 'website'?)"),
    (BRAND, "[colours.primary]", "[colurs.primary]",
     "assets/brand/brand.toml: colurs: unknown key (did you mean 'colours'?)"),
    (BRAND, "heavy =", "haevy =",
     "assets/brand/brand.toml: fonts.haevy: unknown key (did you mean 'heavy'?)"),
    (MAASDAL, 'logo = "logos/wijkteam', 'logoo = "logos/wijkteam',
     "assets/regions/maasdal/region.toml: partners[0].logoo: unknown key "
     "(did you mean 'logo'?)"),
], ids=["websiet", "colurs", "haevy", "logoo"])
def test_unknown_key_names_it_and_suggests_the_right_one(capsys, campaign, tmp_path, file,
                                                         old, new, expected):
    edit(campaign, file, old, new)
    errors = refused(capsys, campaign, tmp_path)
    assert expected in errors


def test_unknown_key_far_from_any_lists_the_valid_keys(capsys, campaign, tmp_path):
    edit(campaign, BRAND, "[colours.primary]", '[colours.primary]\nshade = "dark"')
    errors = refused(capsys, campaign, tmp_path)
    assert errors == ["assets/brand/brand.toml: colours.primary.shade: unknown key "
                      "(expected one of: cmyk, hex)"]


# --- 2. wrong types -----------------------------------------------------------------------


@pytest.mark.parametrize("file, old, new, field, expectation", [
    (BRAND, 'hashtags = ["#MaakHetVerschil", "#IkMaakHetVerschil"]',
     'hashtags = "#MaakHetVerschil"', "campaign.hashtags",
     "expected a list, got text '#MaakHetVerschil'"),
    (BRAND, 'name = "Maak het verschil voor een kind"', "name = 42", "campaign.name",
     "expected text, got a whole number 42"),
    (BRAND, 'hex = "#00606E"', "hex = 0x00606E", "colours.primary.hex",
     "expected text, got a whole number 24686"),
    (BRAND, "cmyk = [90, 30, 35, 45]", 'cmyk = [100, "30", 35, 30]', "colours.primary.cmyk",
     "expected a list of a whole number or a number, found '30'"),
    (BRAND, 'bold = "lato:Bold"', "bold = true", "fonts.bold",
     "expected text, got true or false True"),
    (MAASDAL, 'municipalities = ["Maasdal", "Heuvelrand"]', 'municipalities = "Maasdal"',
     "municipalities", "expected a list, got text 'Maasdal'"),
    (MAASDAL, 'logo = "logos/wijkteam-maasdal.svg"', "logo = 3", "partners[0].logo",
     "expected text, got a whole number 3"),
], ids=["hashtags-text", "name-number", "hex-number", "cmyk-text-item", "font-bool",
        "municipalities-text", "logo-number"])
def test_wrong_type_names_the_expected_type(capsys, campaign, tmp_path, file, old, new, field,
                                            expectation):
    edit(campaign, file, old, new)
    errors = refused(capsys, campaign, tmp_path)
    assert errors == [f"{file}: {field}: {expectation}"]


# --- 3. missing keys ----------------------------------------------------------------------


@pytest.mark.parametrize("file, old, field, fix", [
    (BRAND, 'tag = "maakhetverschil"\n', "campaign.tag", "add campaign.tag ("),
    (BRAND, '[colours.ink]       # text on paper: 100 % black, never four-colour black\n'
            'hex = "#1D1D1B"\ncmyk = [0, 0, 0, 100]\n', "colours.ink", "add [colours.ink]"),
    (BRAND, 'hex = "#F49A5C"\n', "colours.accent.hex", "add colours.accent.hex ("),
    (MAASDAL, 'landing_url = "https://maakhetverschilvooreenkind.nl/maasdal"\n',
     "landing_url", "add landing_url ("),
    (MAASDAL, 'name = "Wijkteam Maasdal"\n', "partners[0].name", "add partners[0].name ("),
], ids=["campaign.tag", "colours.ink", "colours.accent.hex", "landing_url", "partner-name"])
def test_missing_key_names_it_and_says_add_it(capsys, campaign, tmp_path, file, old, field,
                                              fix):
    edit(campaign, file, old, "")
    errors = refused(capsys, campaign, tmp_path)
    assert len(errors) == 1
    assert errors[0].startswith(f"{file}: {field}: is missing ({fix}"), errors


def test_missing_brand_file_names_it(capsys, campaign, tmp_path):
    (campaign / BRAND).unlink()
    errors = refused(capsys, campaign, tmp_path)
    assert errors == [f"{BRAND}: file not found (create {BRAND})"]


# --- 4. logos -----------------------------------------------------------------------------


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:2000])


def _garbage(path: Path) -> None:
    path.write_bytes(bytes(range(256)) * 4)


@pytest.mark.parametrize("logo, damage, field, expectation, fix", [
    (PNG_LOGO, Path.unlink, "partners[1].logo",
     "image file 'jeugdpunt-heuvelrand.png' not found", "correct the path"),
    (PNG_LOGO, _garbage, "partners[1].logo",
     "'jeugdpunt-heuvelrand.png' is not a readable PNG or JPEG", "export the logo again"),
    (PNG_LOGO, _truncate, "partners[1].logo",
     "'jeugdpunt-heuvelrand.png' is not a readable PNG or JPEG (image file is truncated)",
     "export the logo again"),
    (SVG_LOGO, lambda path: path.write_text('<svg xmlns="http://www.w3.org/2000/svg"><rect'),
     "partners[0].logo", "'wijkteam-maasdal.svg' is not a safe, well-formed SVG",
     "export the logo again as plain SVG"),
    (SVG_LOGO, lambda path: path.write_text(
        '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]>'
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">&a;</svg>'),
     "partners[0].logo", "'wijkteam-maasdal.svg' is not a safe, well-formed SVG",
     "export the logo again as plain SVG"),
], ids=["png-missing", "png-garbage", "png-truncated", "svg-not-xml", "svg-entity"])
def test_bad_logo_file_names_partner_file_and_fix(capsys, campaign, tmp_path, logo, damage,
                                                  field, expectation, fix):
    damage(campaign / logo)
    errors = refused(capsys, campaign, tmp_path)
    assert len(errors) == 1
    assert errors[0].startswith(f"{MAASDAL}: {field}: {expectation}"), errors
    assert fix in errors[0]


# --- 5. fonts -----------------------------------------------------------------------------


@pytest.mark.parametrize("font_file, expectation, fix", [
    (None, "font file 'Brand-Bold.ttf' not found", "correct the path"),
    (bytes(range(256)) * 8, "'Brand-Bold.ttf' is not a font that can be embedded",
     "give a TrueType (.ttf)"),
    (b"", "'Brand-Bold.ttf' is not a font that can be embedded", "give a TrueType (.ttf)"),
], ids=["missing", "garbage", "empty"])
def test_bad_brand_font_file_names_role_file_and_fix(capsys, campaign, tmp_path, font_file,
                                                     expectation, fix):
    edit(campaign, BRAND, 'bold = "lato:Bold"', 'bold = "Brand-Bold.ttf"')
    if font_file is not None:
        (campaign / "assets/brand/Brand-Bold.ttf").write_bytes(font_file)
    errors = refused(capsys, campaign, tmp_path)
    assert len(errors) == 1
    assert errors[0].startswith(f"{BRAND}: fonts.bold: {expectation}"), errors
    assert fix in errors[0]


def test_unknown_lato_style_names_the_installed_styles(capsys, campaign, tmp_path):
    edit(campaign, BRAND, 'bold = "lato:Bold"', 'bold = "lato:Bolt"')
    errors = refused(capsys, campaign, tmp_path)
    one(errors, f"{BRAND}: fonts.bold: 'lato:Bolt' is not a style of the installed Lato "
        "(did you mean 'Bold'?)")


# --- 6. colours ---------------------------------------------------------------------------


@pytest.mark.parametrize("old, new, expected", [
    ('hex = "#00606E"', 'hex = "#12345G"',
     "colours.primary.hex: '#12345G' is not a colour; write it as '#RRGGBB'"),
    ('hex = "#00606E"', 'hex = "teal"',
     "colours.primary.hex: 'teal' is not a colour; write it as '#RRGGBB'"),
    ("cmyk = [90, 30, 35, 45]", "cmyk = [100, 30, 135, 30]",
     "colours.primary.cmyk: [100, 30, 135, 30] is not a CMYK value; write four percentages"),
    ("cmyk = [90, 30, 35, 45]", "cmyk = [100, 30, -5, 30]",
     "colours.primary.cmyk: [100, 30, -5, 30] is not a CMYK value; write four percentages"),
    ("cmyk = [90, 30, 35, 45]", "cmyk = [100, 30, 35]",
     "colours.primary.cmyk: [100, 30, 35] is not a CMYK value; write four percentages"),
    ("cmyk = [90, 30, 35, 45]", "cmyk = [100, 90, 90, 30]",
     "colours.primary.cmyk: total ink 310 % is above 300 % (lower the CMYK values)"),
], ids=["hex-bad-digit", "hex-name", "cmyk-over-100", "cmyk-negative", "cmyk-three",
        "total-ink"])
def test_bad_colour_names_role_value_and_form(capsys, campaign, tmp_path, old, new, expected):
    edit(campaign, BRAND, old, new)
    errors = refused(capsys, campaign, tmp_path)
    assert len(errors) == 1
    assert errors[0].startswith(f"{BRAND}: {expected}"), errors


# --- 7, 8. copy: characters the font lacks, text that does not fit ------------------------


def test_character_the_font_cannot_draw_names_template_block_and_character(capsys, campaign,
                                                                            tmp_path):
    edit(campaign, POSTER, TRAINERS_HEADLINE, "Op het veld \u2603 zie je meer.")
    errors = refused(capsys, campaign, tmp_path)
    # Once, although both regions and all three formats set this headline.
    assert errors == [f"{POSTER}: trainers_headline: font Lato-Black has no glyph for "
                      "'\u2603' (U+2603 SNOWMAN) (remove or replace the character, or choose "
                      "a font that has it)"]


def test_copy_that_does_not_fit_names_template_block_format_and_says_shorten(
        capsys, campaign, tmp_path):
    edit(campaign, POSTER, TRAINERS_HEADLINE, " ".join(["Kinderbescherming"] * 80))
    errors = refused(capsys, campaign, tmp_path)
    assert len(errors) == 3, errors  # A4, A3 and A2, each once for both regions
    for paper in ("A4", "A3", "A2"):
        message = one(errors, f"{POSTER}: trainers_headline: does not fit in the {paper} poster")
        assert re.search(r"at the \d+ pt minimum \(\d+ lines, room for \d+\)", message), message
        assert re.search(r"\(shorten the text by about [\d,]+ characters\)$", message), message


# --- 9. TOML syntax -----------------------------------------------------------------------


@pytest.mark.parametrize("file, old, new", [
    (BRAND, 'tag = "maakhetverschil"', 'tag = "maakhetverschil'),
    (MAASDAL, '[[partners]]\nname = "Jeugdpunt', '[[partners]\nname = "Jeugdpunt'),
], ids=["brand-unclosed-string", "region-unclosed-table"])
def test_toml_syntax_error_names_file_and_line(capsys, campaign, tmp_path, file, old, new):
    text = (campaign / file).read_text("utf-8")
    line = text[:text.index(old)].count("\n") + 1
    edit(campaign, file, old, new)
    errors = refused(capsys, campaign, tmp_path)
    assert len(errors) == 1
    assert errors[0].startswith(f"{file}: line {line}: "), errors
    assert "Illegal character" not in errors[0] and "(at line" not in errors[0], errors


def test_file_that_is_not_utf8_is_named(capsys, campaign, tmp_path):
    before = 'name = "Maasdal'
    (campaign / MAASDAL).write_bytes(f'{before}\u00e9"\n'.encode("latin-1"))
    errors = refused(capsys, campaign, tmp_path)
    assert errors == [f"{MAASDAL}: is not UTF-8 text (byte {len(before)}) (save the file as "
                      "UTF-8)"]


# --- 10. paths that leave the campaign folder ---------------------------------------------


@pytest.mark.parametrize("file, old, new, field", [
    (MAASDAL, "logos/jeugdpunt-heuvelrand.png", "../../../../etc/passwd", "partners[1].logo"),
    (MAASDAL, "logos/jeugdpunt-heuvelrand.png", "/etc/passwd", "partners[1].logo"),
    (BRAND, "lato:Bold", "../../../Brand-Bold.ttf", "fonts.bold"),
], ids=["logo-dotdot", "logo-absolute", "font-dotdot"])
def test_path_leaving_the_campaign_folder_is_refused(capsys, campaign, tmp_path, file, old,
                                                     new, field):
    edit(campaign, file, old, new)
    errors = refused(capsys, campaign, tmp_path)
    assert errors == [f"{file}: {field}: path '{new}' leaves the campaign folder (put the file "
                      "inside the campaign folder and give a relative path)"]


def test_logo_symlink_leaving_the_campaign_folder_is_refused(capsys, campaign, tmp_path):
    outside = tmp_path / "secret.png"
    shutil.copy(campaign / PNG_LOGO, outside)
    (campaign / PNG_LOGO).unlink()
    (campaign / PNG_LOGO).symlink_to(outside)
    errors = refused(capsys, campaign, tmp_path)
    # found before any file is read, wherever the link is (issue #18)
    one(errors, f"{PNG_LOGO}: is a symlink that leaves the campaign folder (to '{outside}')")


# --- 11. unknown --only and --region ------------------------------------------------------


@pytest.mark.parametrize("arguments, expected", [
    (("--only", "flyer"),
     "--only: flyer: no such product "
     "(expected one of: cube, deskcard, handreiking, poster, social)"),
    (("--only", "postr"), "--only: postr: no such product (did you mean 'poster'?)"),
    (("--region", "noord"),
     "--region: noord: no such region (expected one of: maasdal, midden-limburg)"),
    (("--region", "maasdl"), "--region: maasdl: no such region (did you mean 'maasdal'?)"),
    (("--region", "maasdal", "--only", "poster", "--only", "flyer"),
     "--only: flyer: no such product "
     "(expected one of: cube, deskcard, handreiking, poster, social)"),
], ids=["only-flyer", "only-typo", "region-noord", "region-typo", "one-of-two-unknown"])
def test_unknown_product_or_region_lists_the_valid_ones(capsys, campaign, tmp_path, arguments,
                                                        expected):
    errors = refused(capsys, campaign, tmp_path, *arguments)
    assert errors == [expected]


# --- 12, 13. colour pairs and derived CMYK ------------------------------------------------


def test_colour_pair_below_wcag_contrast_names_both_colours_and_the_ratio(capsys, campaign,
                                                                          tmp_path):
    edit(campaign, BRAND, 'hex = "#FFF7EE"', 'hex = "#8FBAC0"')  # light text on primary
    errors = refused(capsys, campaign, tmp_path)
    ratio = wcag_ratio("#8FBAC0", "#00606E")
    assert 1 < ratio < 4.5
    assert errors == [f"{BRAND}: colours.light on colours.primary: contrast #8FBAC0 on #00606E "
                      f"is {ratio:.2f}:1, below 4.5:1 (WCAG 2.2 AA) (darken or lighten one of "
                      "the two)"]


ACCENT_WARNING = (f"{BRAND}: colours.accent.cmyk: missing; derived [0, 46, 65, 5] from "
                  "#F49A5C for FOGRA39 (add the CMYK values from the brand guide)")


def test_colour_without_cmyk_is_a_warning(capsys, campaign, tmp_path):
    edit(campaign, BRAND, "cmyk = [0, 50, 65, 0]\n", "")
    checked = run(capsys, "check", campaign, "--region", "maasdal")
    assert (checked.code, checked.errors, checked.warnings) == (0, [], [ACCENT_WARNING])


def test_colour_without_cmyk_is_an_error_with_strict(capsys, campaign, tmp_path):
    edit(campaign, BRAND, "cmyk = [0, 50, 65, 0]\n", "")
    errors = refused(capsys, campaign, tmp_path, "--strict", "--region", "maasdal")
    assert errors == [ACCENT_WARNING.replace("cmyk: missing", "cmyk: (strict) missing")]


def test_lower_case_hashtag_is_a_warning(capsys, campaign, tmp_path):
    """A screen reader reads '#ikmaakhetverschil' as one word: CamelCase reads word by word."""
    edit(campaign, BRAND, '"#IkMaakHetVerschil"', '"#ikmaakhetverschil"')
    checked = run(capsys, "check", campaign, "--region", "maasdal")
    assert (checked.code, checked.errors) == (0, [])
    assert checked.warnings == [
        f"{BRAND}: campaign.hashtags[1]: '#ikmaakhetverschil' is in lower case only: a screen "
        "reader reads it as one word (give every word a capital (CamelCase): "
        "'#MaakHetVerschil')"]


# --- 14. every problem at once ------------------------------------------------------------


def test_several_problems_are_reported_in_one_run(capsys, campaign, tmp_path):
    edit(campaign, BRAND, 'hex = "#00606E"', 'hex = "#12345G"')
    edit(campaign, BRAND, 'website = "', 'websiet = "x"\nwebsite = "')
    edit(campaign, BRAND, "cmyk = [0, 50, 65, 0]", "cmyk = [0, 50, 165, 0]")
    (campaign / PNG_LOGO).unlink()
    edit(campaign, MAASDAL, 'landing_url = "https://', 'landing_url = "http://')
    edit(campaign, "assets/regions/midden-limburg/region.toml", "[[partners]]\nname",
         "[[partners]]\nlogo = \"logos/met-ggz.svg\"\nname")
    errors = refused(capsys, campaign, tmp_path, "--region", "maasdal",
                     "--region", "midden-limburg")
    assert len(errors) == 6, errors
    one(errors, BRAND, "campaign.websiet: unknown key (did you mean 'website'?)")
    one(errors, BRAND, "colours.primary.hex: '#12345G' is not a colour")
    one(errors, BRAND, "colours.accent.cmyk: [0, 50, 165, 0] is not a CMYK value")
    one(errors, MAASDAL, "partners[1].logo: image file 'jeugdpunt-heuvelrand.png' not found")
    one(errors, MAASDAL, "landing_url: 'http://maakhetverschilvooreenkind.nl/maasdal' is not "
        "a web address")
    one(errors, "assets/regions/midden-limburg/region.toml: partners[0].logo: logo file "
        "'met-ggz.svg' not found")


def test_several_copy_problems_are_reported_in_one_run(capsys, campaign, tmp_path):
    edit(campaign, POSTER, TRAINERS_HEADLINE, "Op het veld \u2603 zie je meer.")
    edit(campaign, POSTER, "Je hoeft geen hulpverlener te zijn om te helpen.",
         " ".join(["Vrijwilligerswerk"] * 80))
    edit(campaign, "templates/deskcard.nl.j2", "Stappenplan meldcode",
         "Stappenplan \u2603 meldcode")
    errors = refused(capsys, campaign, tmp_path, build_only=("--region", "maasdal"))
    one(errors, POSTER, "trainers_headline: font Lato-Black has no glyph for '\u2603'")
    assert len([e for e in errors if "vrijwilligers_headline: does not fit" in e]) == 3
    one(errors, "templates/deskcard.nl.j2", "no glyph for '\u2603'")


# --- other inputs a coordinator edits -----------------------------------------------------


MESSAGES = "templates/messages.nl.j2"  # what poster and social images both say
TRAINERS_KICKER_LINE = line_of(ROOT, MESSAGES, "{% block trainers_kicker %}")


@pytest.mark.parametrize("change, expected", [
    (lambda root: edit(root, MESSAGES, "{% block trainers_kicker %}Voor trainers{% endblock %}",
                       "{% block trainers_kicker %}Voor trainers{% endblok %}"),
     f"{MESSAGES}: line {TRAINERS_KICKER_LINE}: 'endblok' is not a template instruction "
     "(did you mean 'endblock'?)"),
    (lambda root: edit(root, BRAND, '"trainers", ', '"trainers", "ouders", '),
     f"{POSTER}: ouders_kicker: block is missing (add {{% block ouders_kicker %}}"),
    (lambda root: (root / "assets/regions/Noord").mkdir(),
     "assets/regions/Noord: region id 'Noord' is not a simple name (rename the folder"),
    (lambda root: (root / MAASDAL).unlink(),
     f"{MAASDAL}: file not found (create {MAASDAL})"),
    (lambda root: (root / POSTER).unlink(), f"{POSTER}: template not found (create {POSTER})"),
    (lambda root: edit(root, MESSAGES, "{% block docenten_kicker %}Voor docenten",
                       "{% block docenten_kicker %}{{ regio.name }}"),
     f"{MESSAGES}: docenten_kicker: unknown variable ('regio' is undefined) (use one of: "
     "campaign.*, region.*"),
    (lambda root: edit(root, MAASDAL, 'contact = "Zorgen', 'contact = "  "\n# "Zorgen'),
     f"{MAASDAL}: contact: is empty; write some text"),
], ids=["template-syntax", "audience-without-copy", "region-folder-name", "region-file-missing",
        "template-missing", "unknown-variable", "empty-contact"])
def test_other_bad_inputs_are_named(capsys, campaign, tmp_path, change, expected):
    change(campaign)
    # every region: a build of Maasdal alone rightly ignores a bad folder of another region
    errors = refused(capsys, campaign, tmp_path, build_only=("--only", "poster"))
    assert any(error.startswith(expected) for error in errors), errors


def test_output_folder_that_is_a_file_is_refused(capsys, campaign, tmp_path):
    out = tmp_path / "out"
    out.write_bytes(b"not a folder")
    result = run(capsys, "build", campaign, "--out", str(out), *SMALL_BUILD)
    assert result.code == 2, result.stderr
    one(result.errors, "--out", "is a file, not a folder")
    assert out.read_bytes() == b"not a folder"


# --- 15. nothing written, earlier outputs intact ------------------------------------------


def sha256_of_every_file(out: Path) -> dict[str, tuple[str, int]]:
    return {p.relative_to(out).as_posix(): (hashlib.sha256(p.read_bytes()).hexdigest(),
                                            p.stat().st_mtime_ns)
            for p in files_in(out)}


@pytest.fixture(scope="module")
def earlier_build(tmp_path_factory) -> Path:
    """A good small build (Maasdal's posters), made once for the run; tests copy it."""
    def build(out: Path) -> int:
        campaign = out.parent / "earlier-campaign"
        shutil.rmtree(campaign, ignore_errors=True)
        for name in ("assets", "templates"):
            shutil.copytree(ROOT / name, campaign / name)
        return build_into(out, *SMALL_BUILD, campaign=campaign)

    return shared_build(tmp_path_factory, "earlier-posters", build)


def _break_brand(root: Path) -> None:
    edit(root, BRAND, 'hex = "#00606E"', 'hex = "#12345G"')


def _break_poster_copy(root: Path) -> None:
    edit(root, POSTER, TRAINERS_HEADLINE, "Op het veld \u2603 zie je meer.")


def _break_only_midden_limburg(root: Path) -> None:
    # Maasdal lays out, renders and stages its posters first; then Midden-Limburg fails.
    edit(root, POSTER, TRAINERS_HEADLINE,
         '{% if region.id == "midden-limburg" %}\u2603 {% endif %}' + TRAINERS_HEADLINE)


def _warn_only(root: Path) -> None:
    edit(root, BRAND, "cmyk = [0, 50, 65, 0]\n", "")


@pytest.mark.parametrize("damage, arguments", [
    (_break_brand, SMALL_BUILD),
    (_break_poster_copy, SMALL_BUILD),
    (_warn_only, (*SMALL_BUILD, "--strict")),
    (_break_only_midden_limburg, ("--only", "poster", "--strict", "--jobs", "1")),
    (_break_only_midden_limburg, ("--only", "poster", "--strict", "--jobs", "2")),
    (lambda root: None, (*SMALL_BUILD, "--only", "flyer")),
], ids=["brand", "poster-copy", "strict-warning", "second-region-strict-jobs-1",
        "second-region-strict-jobs-2", "unknown-product"])
def test_refused_build_leaves_earlier_outputs_byte_identical(capsys, campaign, tmp_path,
                                                            earlier_build, damage, arguments):
    out = tmp_path / "out"
    shutil.copytree(earlier_build, out)
    before = sha256_of_every_file(out)
    assert "maasdal/poster/poster-buren-A4.pdf" in before and "manifest.json" in before
    damage(campaign)
    result = run(capsys, "build", campaign, "--out", str(out), *arguments)
    assert result.code == 2, result.stderr
    assert result.errors
    assert sha256_of_every_file(out) == before  # same files, same bytes, not even rewritten


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_bad_second_region_is_left_as_it_was_and_the_first_is_built(
        capsys, campaign, tmp_path, earlier_build, jobs):
    out = tmp_path / "out"
    shutil.copytree(earlier_build, out)
    before = sha256_of_every_file(out)
    _break_only_midden_limburg(campaign)
    result = run(capsys, "build", campaign, "--out", str(out), "--only", "poster",
                 "--jobs", jobs)
    assert result.code == 2 and left_as_they_were(result) == ["midden-limburg"], result.stderr
    assert all("midden-limburg" in error or POSTER in error for error in result.errors)
    after = sha256_of_every_file(out)
    assert not any(path.startswith("midden-limburg/") for path in after)
    assert {p: h[0] for p, h in after.items() if p.startswith("maasdal/poster/")} == \
        {p: h[0] for p, h in before.items() if p.startswith("maasdal/poster/")}  # same bytes


def test_check_never_creates_the_output_folder(capsys, campaign, tmp_path):
    _break_brand(campaign)
    out = tmp_path / "out"
    assert run(capsys, "check", campaign, "--out", str(out)).code == 2
    assert not out.exists()


# --- 16. the real entry point: no traceback -----------------------------------------------


def test_command_line_prints_every_problem_without_traceback(campaign):
    edit(campaign, BRAND, 'hex = "#00606E"', 'hex = "#12345G"')
    edit(campaign, BRAND, "website =", "websiet =")
    _garbage(campaign / PNG_LOGO)
    result = subprocess.run(
        [sys.executable, str(ROOT / "make_toolkit.py"), "check", "--campaign", str(campaign)],
        capture_output=True, text=True, cwd=campaign, timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[-1] == "4 problem(s); nothing written."
    errors = [line for line in lines if line.startswith("error: ")]
    assert len(errors) == 4, result.stderr
    assert all(line.startswith(("error: assets/brand/brand.toml: ",
                                "error: assets/regions/maasdal/region.toml: "))
               for line in errors)
    assert not (campaign / "output").exists()
