"""Fuzzing the parsers of what a coordinator edits (issue #18): TOML, CSV, the handreiking's
markup and SVG logos (with <use> references that may loop), and of the output folder's
manifest, which another writer may have left. Whatever the bytes, a parser gives a value
or a problem naming the file, never a traceback.

The budget is the hypothesis profile's (tests/conftest.py): `ci` runs a fixed, reproducible
25 examples per parser; `TOOLKIT_PROPERTY=long` runs 2000.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from toolkit.config.assets import load_logo
from toolkit.config.load import read_toml
from toolkit.config.markup import parse
from toolkit.config.schema import REGION_SCHEMA, validate
from toolkit.config.socialmap import load_map
from toolkit.errors import InputError, Problems, ToolkitError
from toolkit.publish.outputs import read_manifest
from toolkit.publish.untrusted import entry_problem, take_set_aside

TOML_PIECES = st.sampled_from(["[", "]", "{", "}", "=", '"', "'", "#", "\n", ".", ",", "a",
                               "name", "partners", "[[partners]]", "1e999", "9" * 50, "true",
                               "\\u0000", "\\", " ", "-", "inf", "nan", "\ufeff", "\x00"])
CSV_PIECES = st.sampled_from([";", ",", '"', "\n", "\r\n", "organisation", "offer",
                              "audience", "phone", "website", "email", "area", "x", "112",
                              "=1+1", "\ufeff", "\x00", " ", "a@b.nl", "https://a.nl"])
MARKUP_PIECES = st.sampled_from(["#", "## ", "- ", "1. ", "> ", "|", "|---|", "**", "[",
                                 "](", ")", "<", ">", "tel:", "https://", "mailto:",
                                 "javascript:", "[[sociale-kaart]]", "\n", "\n\n", " ", "x",
                                 "\u00ad", "\uf002a"])
NUMBERS = st.one_of(st.integers(-10**12, 10**12).map(str),
                    st.floats(allow_nan=True, allow_infinity=True).map(repr),
                    st.sampled_from(["1e308", "-1e308", "1e-308", "NaN", "", "x", "1e", "--1"]))
SVG_SHAPES = st.sampled_from(["rect", "circle", "ellipse", "line", "path", "polygon",
                              "polyline", "text", "g", "use", "linearGradient"])
SVG_ATTRIBUTES = st.sampled_from(["x", "y", "width", "height", "r", "rx", "cx", "font-size",
                                  "stroke-width", "transform", "d", "points", "viewBox",
                                  "fill", "style", "opacity", "href", "id"])
REFERENCES = st.sampled_from(["#a", "#b", "a", "b"])  # <use href="#a"> and id="a": loops


def _joined(pieces) -> st.SearchStrategy[str]:
    return st.one_of(st.lists(pieces, max_size=60).map("".join), st.text(max_size=200))


def _in_folder(name: str, data: bytes) -> tuple[Path, Path]:
    folder = Path(tempfile.mkdtemp(prefix="fuzz-"))
    path = folder / name
    path.write_bytes(data)
    return folder, path


@given(_joined(TOML_PIECES))
def test_any_toml_text_gives_settings_or_problems(text):
    folder, path = _in_folder("region.toml", text.encode("utf-8", "surrogatepass"))
    problems = Problems()
    data = read_toml(path, folder, problems)
    if data is not None:
        validate(data, REGION_SCHEMA, "region.toml", problems)
    assert data is not None or problems.errors


@given(_joined(CSV_PIECES))
def test_any_csv_text_gives_rows_or_problems(text):
    folder, path = _in_folder("sociale-kaart.csv", text.encode("utf-8", "surrogatepass"))
    load_map(path, folder, Problems())


@given(_joined(MARKUP_PIECES))
def test_any_markup_gives_blocks_or_a_problem_naming_the_line(text):
    try:
        parse(text, "templates/handreiking.nl.j2", "body")
    except InputError as error:
        assert error.problems[0].file == "templates/handreiking.nl.j2"
        assert error.problems[0].field.startswith("body")


@st.composite
def svg_documents(draw) -> str:
    elements = []
    for _index in range(draw(st.integers(0, 6))):
        shape = draw(SVG_SHAPES)
        attributes = " ".join(
            f'{name}="{value}"' for name, value in draw(st.dictionaries(
                SVG_ATTRIBUTES, st.one_of(NUMBERS, st.lists(NUMBERS, max_size=6).map(" ".join),
                                          NUMBERS.map(lambda n: f"scale({n})"),
                                          NUMBERS.map(lambda n: f"M 0 0 L {n} 1 Z"),
                                          st.text(alphabet="MLZCQ0123456789.-e ,#",
                                                  max_size=30), REFERENCES),
                max_size=5)).items())
        elements.append(f"<{shape} {attributes}>{'Hi' if shape == 'text' else ''}</{shape}>")
    depth = draw(st.integers(0, 3))
    body = "<g>" * depth + "".join(elements) + "</g>" * depth
    size = draw(st.sampled_from(['width="300" height="100"', 'viewBox="0 0 30 10"', "",
                                 'width="1e308" height="1"', 'width="-5" height="x"']))
    return f'<svg xmlns="http://www.w3.org/2000/svg" {size}>{body}</svg>'


@given(svg_documents())
def test_any_svg_gives_a_logo_or_a_problem(document):
    _folder, path = _in_folder("logo.svg", document.encode("utf-8"))
    try:
        logo = load_logo(path, "region.toml", "partners[0].logo")
    except ToolkitError as error:
        assert error.problems[0].field == "partners[0].logo"
    else:
        assert 0 < logo.width_pt and 0 < logo.height_pt


JSON_PIECES = st.sampled_from(['{"files": ', "[", "]", "{", "}", '"path"', ":", ",", '"x"',
                               "1e999", "9" * 40, "null", '"../x"', '"maasdal/a.pdf"', "\u0000",
                               '"product"', '"cube"', '"sha256"', '"bytes"', "-1", "\ud800"])


@given(st.one_of(st.lists(JSON_PIECES, max_size=60).map("".join), st.text(max_size=200),
                 st.integers(1, 5000).map(lambda depth: '{"files": ' + "[" * depth)))
def test_any_manifest_text_gives_entries_or_is_set_aside(text):
    """The output folder's manifest (and with it the cache and journal reader): whatever
    another writer left there, the build reads entries it can trust or sets it aside."""
    folder, _path = _in_folder("manifest.json", text.encode("utf-8", "surrogatepass"))
    entries = read_manifest(folder)
    taken = take_set_aside()
    assert all(entry_problem(entry) is None for entry in entries)
    assert entries or taken or _empty_manifest(text)


def _empty_manifest(text: str) -> bool:
    try:
        return json.loads(text)["files"] == []
    except (ValueError, KeyError, TypeError, RecursionError):
        return False
