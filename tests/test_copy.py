"""The copy as a professional reads it: what the meldcode and the Kindcheck require, the
numbers people need, credits and dates from the campaign's files, and our own words.

Read from the built files (PDF text layer, captions, the download page), as a reviewer would.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import build_into, read_manifest
from tests.sourcetext import flat, overlaps, pdf_text, printed_text, seed_texts, SEEDS
from toolkit.run.cli import main

REGIONS = ("midden-limburg", "maasdal")


def texts(built: Path, product: str, region: str) -> dict[str, str]:
    return {entry["path"]: flat(pdf_text(built / entry["path"]))
            for entry in read_manifest(built)
            if entry["product"] == product and entry["region"] == region
            and entry["path"].endswith(".pdf")}


@pytest.mark.parametrize("region", REGIONS)
def test_acute_danger_names_112_on_every_desk_item_and_in_the_handreiking(built, region):
    for product in ("deskcard", "cube", "handreiking"):
        found = texts(built, product, region)
        assert found, product
        for path, text in found.items():
            assert "Acuut gevaar? Bel 112" in text, path


@pytest.mark.parametrize("region", REGIONS)
def test_every_poster_carries_a_help_line(built, region):
    posters = texts(built, "poster", region)  # the office editions hold all six, too
    assert len([path for path in posters if "-office-" not in path]) == 18
    for path, text in posters.items():
        assert "Veilig Thuis: 0800-2000" in text and "anoniem" in text, path
        assert "De Kindertelefoon: 0800-0432" in text, path
        if "-buren-" in path or "-vrijwilligers-" in path:  # who may meet danger
            assert "Acuut gevaar? Bel 112" in text, path


@pytest.mark.parametrize("region", REGIONS)
def test_the_kindcheck_asks_about_pregnancy_and_part_time_children(built, region):
    for product in ("deskcard", "handreiking"):
        for path, text in texts(built, product, region).items():
            if "print" in path or "booklet" in path:
                continue  # the same text as the screen edition
            assert "kind op komst" in text, path
            assert "deel van de" in text, path  # children who stay part of the week


@pytest.mark.parametrize("region", REGIONS)
def test_help_comes_on_top_of_a_report_never_instead(built, region):
    for product in ("deskcard", "handreiking"):
        for path, text in texts(built, product, region).items():
            # the only 'in plaats' allowed is the norm itself: never instead of a report
            for match in re.finditer(r"\bin plaats\b", text):
                assert text[max(0, match.start() - 6):match.start()] == "nooit ", path
            assert "nooit in plaats ervan" in text, path
            assert "acute of structurele onveiligheid" in text, path
            if product == "handreiking":  # the afwegingskader's other norms: help that fails
                assert "Lukt goede hulp niet" in text and "meld je alsnog" in text, path


@pytest.mark.parametrize("region", REGIONS)
def test_the_conversation_step_may_be_postponed_when_it_endangers_someone(built, region):
    for product in ("deskcard", "handreiking"):
        for path, text in texts(built, product, region).items():
            assert "in gevaar" in text and "uit" in text and "sla het over" in text \
                or "uitstellen of overslaan" in text, path
            # whom it may endanger, yourself included, and a client who would break contact
            assert re.search(r"het kind, je cliënt, anderen of (jou|jezelf) in gevaar", text), path
            assert "verbreekt je cliënt" in text and "het contact" in text, path


def test_worries_without_unsafety_have_their_own_route(built):
    for product in ("deskcard", "cube"):
        for path, text in texts(built, product, "midden-limburg").items():
            assert "KOPP/KVO-aanbod" in text and "CJG" in text, path


def test_the_begrip_post_leaves_explaining_to_the_parent(built):
    captions = (built / "midden-limburg/social/teksten.txt").read_text("utf-8")
    part = captions[captions.index("begrip"):captions.index("gewoon-leven")]
    assert "hoort bij de ouder" in part
    assert "Leg in gewone woorden uit" not in captions


def test_no_sentence_or_long_run_is_taken_from_the_seeds(built):
    """Facts carry over from ../shared/seeds/, sentences do not: no seed sentence of four
    words or more, no run of seven words, apart from names and the fixed term."""
    seeds = seed_texts()
    assert seeds, f"no seed texts in {SEEDS}"
    printed = printed_text(built)
    assert len(printed) > 40  # every PDF, the captions, the CSV, LEESMIJ, the page
    assert overlaps(printed, seeds) == []


def test_the_overlap_check_finds_a_copied_sentence_and_a_paraphrase_run():
    seeds = {"seed.txt": "Het kind heeft een vertrouwenspersoon. Een appje met een boze "
                         "emoji of een berichtje met #rotdag op instagram."}
    found = overlaps({"a.pdf": "Tekst. Het kind heeft een vertrouwenspersoon.",
                      "b.pdf": "Zie je een appje met een boze emoji of een post?",
                      "c.pdf": "Maak het verschil voor een kind met een boze emoji."}, seeds)
    assert [line.split(" '")[0] for line in found] == ["run", "run", "sentence"]
    assert not any("c.pdf" in line for line in found)  # a name is not a copied run


def test_example_region_is_marked_and_listed_last(built):
    page = (built / "index.html").read_text("utf-8")
    assert page.index('href="regio-midden-limburg.html"') < page.index('href="regio-maasdal.html"')
    assert "voorbeeldregio" in page and "verzonnen regio" in page
    region_page = (built / "regio-maasdal.html").read_text("utf-8")
    assert "voorbeeldregio" in region_page and "verzonnen regio" in region_page
    cover = flat(pdf_text(built / "maasdal/handreiking/handreiking-screen-A5.pdf"))
    assert "Editie Maasdal (voorbeeldregio)" in cover
    poster = flat(pdf_text(built / "maasdal/poster/poster-buren-A4.pdf"))
    assert "Maasdal · voorbeeldregio" in poster
    real = flat(pdf_text(built / "midden-limburg/poster/poster-buren-A4.pdf"))
    assert "voorbeeld" not in real
    # the desk card (its QR code leads to the example's page) and the social series too
    for path, text in texts(built, "deskcard", "maasdal").items():
        assert "Maasdal is een verzonnen voorbeeldregio." in text, path
    for path, text in texts(built, "deskcard", "midden-limburg").items():
        assert "voorbeeld" not in text, path
    captions = (built / "maasdal/social/teksten.txt").read_text("utf-8")
    assert "Maasdal (voorbeeldregio)" in captions and "plaats deze berichten niet" in captions
    alts = [line for line in captions.splitlines() if line.startswith("Alt-tekst: ")]
    long_alts = [line for line in alts if "Tekst: " in line]  # they read the drawn lines
    assert len(long_alts) == 17 * 4 and all("voorbeeldregio" in line for line in long_alts)
    assert "voorbeeld" not in (built / "midden-limburg/social/teksten.txt").read_text("utf-8")


def test_partners_are_credited_as_a_campaign_and_funding_as_mede(built):
    for region in REGIONS:
        for path, text in {**texts(built, "poster", region),
                           **texts(built, "handreiking", region)}.items():
            assert "Een uitgave van" not in text, path
            assert "Een campagne van" in text, path
        for path, text in texts(built, "poster", region).items():
            assert "Mede mogelijk gemaakt door" in text, path


def test_version_date_and_credit_lines_come_from_the_campaign_files(campaign, tmp_path):
    brand = campaign / "assets/brand/brand.toml"
    text = brand.read_text("utf-8")
    text = re.sub(r'version = "[^"]*"', 'version = "2.3"', text)
    text = re.sub(r'date = "[^"]*"', 'date = "maart 2027"', text)
    brand.write_text(text, "utf-8")
    region = campaign / "assets/regions/maasdal/region.toml"
    region.write_text(region.read_text("utf-8") + '\n[credits]\npartners_label = '
                      '"Samen met"\nfunding = "Met steun van het Fonds Maasdal."\n', "utf-8")
    out = tmp_path / "out"
    assert build_into(out, "--region", "maasdal", "--only", "poster", "--only",
                      "handreiking", campaign=campaign) == 0
    colophon = flat(pdf_text(out / "maasdal/handreiking/handreiking-screen-A5.pdf"))
    assert "Versie: 2.3, maart 2027." in colophon
    assert "november 2026" not in colophon
    assert "Samen met" in colophon
    poster = flat(pdf_text(out / "maasdal/poster/poster-trainers-A3.pdf"))
    assert "Samen met" in poster and "Met steun van het Fonds Maasdal." in poster
    assert "Een campagne van" not in poster


def test_a_sociale_kaart_row_without_any_contact_is_a_warning(campaign, capsys):
    table = campaign / "assets/regions/maasdal/sociale-kaart.csv"
    table.write_text(table.read_text("utf-8") + "Buurthuis De Brug;Koffie en een luisterend "
                     "oor.;Buren;Maasdal;;;\n", "utf-8")
    assert main(["check", "--campaign", str(campaign), "--region", "maasdal"]) == 0
    err = capsys.readouterr().err
    assert ("warning: assets/regions/maasdal/sociale-kaart.csv: row 5: Buurthuis De Brug: "
            "has no phone, website or e-mail: from this row nobody can be referred") in err
    assert err.count("nobody can be referred") == 1  # the rows with a website pass
