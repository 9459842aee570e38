"""The print specification and the print order, as a print shop and a coordinator read
them: every print file of the region listed with its size, paper, finishing and quantity;
a bad [print] table stopped with file, field and fix; the pack and page pointing to it."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pypdfium2

from tests.conftest import build_into, read_manifest

REGIONS = ("maasdal", "midden-limburg")


def spec_text(path: Path) -> str:
    """The specification's text with all whitespace removed (lines may break anywhere)."""
    document = pypdfium2.PdfDocument(str(path))
    text = "".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    return "".join(text.split())


def _spec_entry(entries: list[dict], region: str) -> dict:
    return next(e for e in entries if e["region"] == region and e["product"] == "printspec")


def test_the_specification_lists_every_print_item(built):
    entries = read_manifest(built)
    for region in REGIONS:
        printed = sorted(e["path"].rsplit("/", 1)[-1] for e in entries
                         if e["region"] == region and e["media"] == "print")
        assert len(printed) == 22  # 18 posters, duplex, tent, cube, handreiking
        spec = _spec_entry(entries, region)
        assert spec["path"] == f"{region}/drukspecificatie-{region}.pdf"
        assert sorted(f"{item}.pdf" for item in spec["items"]) == printed
        text = spec_text(built / spec["path"])
        for name in printed:
            assert name in text, (region, name)
        office = [e["path"].rsplit("/", 1)[-1] for e in entries
                  if e["region"] == region and e["media"] == "office"]
        assert office and not any(name in text for name in office)
        assert "CMYK,FOGRA39" in text and "afloop3mm" in text


def test_the_tent_row_states_folds_and_the_region_quantity(built):
    entries = read_manifest(built)
    tent = next(e for e in entries if e["region"] == "maasdal"
                and e["format"] == "tent-A3")
    assert tent["folds_mm"] == [140, 280, 400]  # from the top: faces 140, 140, base 120
    text = spec_text(built / _spec_entry(entries, "maasdal")["path"])
    row = text[text.index("deskcard-tent-A3.pdf"):text.index("cube-net-A3.pdf")]
    assert "rillenop140,280,400mmvanafdebovenrand" in row
    assert "lijmstrook.Platleveren.150" in row  # region.toml: "deskcard-tent-A3" = 150
    cube = text[text.index("cube-net-A3.pdf"):]
    assert "CutContour" in cube and "Crease" in cube and "80mm" in cube
    booklet = text[text.index("handreiking-print-A5.pdf"):]
    assert "2nietjes" in booklet
    # Midden-Limburg gives no quantities, and no print contact: nothing is made up.
    other = spec_text(built / _spec_entry(entries, "midden-limburg")["path"])
    assert "inoverleg" in other and "Vragenoverdezeopdracht" not in other


def test_pack_and_page_point_to_the_specification(built):
    for region in REGIONS:
        with zipfile.ZipFile(built / "packs" / f"{region}.zip") as pack:
            assert f"drukspecificatie-{region}.pdf" in pack.namelist()
            readme = pack.read("LEESMIJ.txt").decode("utf-8")
        # What to print where comes first, the list of files last.
        where = readme.index("Wat print je waar?")
        assert where < readme.index("Zelf printen op kantoor") < readme.index(
            "Naar de drukkerij") < readme.index("Wat zit erin")
        assert f"drukspecificatie-{region}.pdf" in readme[:readme.index("Wat zit erin")]
        assert "cube/cube-net-office-A3.pdf" in readme[:readme.index("Naar de drukkerij")]
    page = (built / "regio-maasdal.html").read_text("utf-8")
    assert 'href="maasdal/drukspecificatie-maasdal.pdf"' in page
    assert "Voor de kantoorprinter" in page


def _set_print_table(campaign: Path, text: str) -> Path:
    path = campaign / "assets/regions/maasdal/region.toml"
    source = path.read_text("utf-8")
    path.write_text(source[:source.index("[print]")] + text, "utf-8")
    return path


def test_a_misspelt_print_item_is_named_with_a_fix(campaign, tmp_path, capsys):
    _set_print_table(campaign, '[print.quantities]\n"poster-bueren-A3" = 40\n')
    out = tmp_path / "out"
    assert build_into(out, "--region", "maasdal", campaign=campaign) == 2
    error = capsys.readouterr().err
    assert ("assets/regions/maasdal/region.toml: print.quantities.poster-bueren-A3: is not "
            "a print file of this region (did you mean 'poster-buren-A3'?)") in error
    assert not out.exists() or not any(out.rglob("*.pdf"))


def test_a_quantity_must_be_a_positive_whole_number(campaign, tmp_path, capsys):
    _set_print_table(campaign, '[print.quantities]\n"cube-net-A3" = 0\n')
    assert build_into(tmp_path / "out", "--region", "maasdal", campaign=campaign) == 2
    error = capsys.readouterr().err
    assert "region.toml: print.quantities: cube-net-A3 = 0: a quantity is a whole number" \
        in error


def test_the_print_contact_is_printed_when_the_region_gives_one(campaign, tmp_path):
    _set_print_table(campaign, '[print]\ncontact = "Drukwerk: bel Sanne, 043 000 00 00"\n')
    out = tmp_path / "out"
    assert build_into(out, "--region", "maasdal", "--only", "cube", campaign=campaign) == 0
    text = spec_text(out / "maasdal/drukspecificatie-maasdal.pdf")
    assert "Vragenoverdezeopdracht" in text and "Drukwerk:belSanne,0430000000" in text
    assert "cube-net-A3.pdf" in text and "poster-buren-A3.pdf" not in text
