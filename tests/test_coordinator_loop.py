"""The coordinator's loop (#21): warnings stay visible on cached builds, one region's bad
input leaves the others to be built, a new region in one command, a copied region's
sociale kaart is noticed, the posting schedule looks ahead, Instagram captions carry no
link that cannot be tapped, and the build names what to open."""

from __future__ import annotations

import datetime
import hashlib
import json
import shutil
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

from tests.conftest import build_into, read_manifest
from toolkit.products.schedule import (
    LEAD_IN_DAYS, TODAY_VARIABLE, default_year, past_posts, week_dates,
)
from toolkit.run.build import plan
from toolkit.run.cli import main
from toolkit.run.pipeline import BuildOptions

REGION = "assets/regions/maasdal/region.toml"
POSTERS = ("--only", "poster")


def _logo(campaign: Path, width_px: int) -> None:
    """Maasdal's PNG partner logo replaced by a solid block of width_px (225: a warning on
    the A2 poster; 100: below the 150 ppi floor, an error)."""
    Image.new("RGB", (width_px, width_px // 3), (40, 90, 160)).save(
        campaign / "assets/regions/maasdal/logos/small.png")
    path = campaign / REGION
    path.write_text(path.read_text().replace("jeugdpunt-heuvelrand.png", "small.png"))


def _snapshot(out: Path, prefix: str = "") -> dict[str, str]:
    return {str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*")) if p.is_file()
            and str(p.relative_to(out)).startswith(prefix)}


def _pdf_text(path: Path) -> str:
    document = pdfium.PdfDocument(path)
    return "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))


# --- 4. warnings stay visible ------------------------------------------------------------


def test_a_warning_is_said_again_when_its_files_come_from_the_cache(campaign, tmp_path,
                                                                    capsys):
    _logo(campaign, 225)
    out = tmp_path / "out"
    arguments = ["build", "--campaign", str(campaign), "--out", str(out), "--region",
                 "maasdal", *POSTERS]
    for run in range(3):  # built, then from the cache twice (the second: nothing to do)
        assert main(arguments) == 0
        captured = capsys.readouterr()
        warnings = [line for line in captured.err.splitlines() if line.startswith("warning:")]
        assert any(REGION in line and "partners[1].logo" in line and "A2" in line
                   for line in warnings), (run, captured.err)
        assert f"{len(warnings)} warnings" in captured.out, (run, captured.out)
    assert main(["check", "--campaign", str(campaign), "--region", "maasdal", *POSTERS]) == 0
    assert "partners[1].logo" in capsys.readouterr().err


# --- 6. one region's bad input does not block the others ---------------------------------


def test_a_bad_region_is_left_as_it_was_and_the_others_are_built(campaign, tmp_path, capsys):
    out = tmp_path / "out"
    assert build_into(out, *POSTERS, campaign=campaign) == 0
    maasdal_before = _snapshot(out, "maasdal/")
    entries_before = [e for e in read_manifest(out) if e.get("region") == "maasdal"]
    other_before = _snapshot(out, "midden-limburg/poster/")
    _logo(campaign, 100)  # maasdal: below the floor, an error on every poster
    poster = campaign / "templates/messages.nl.j2"  # and a copy change for everyone
    poster.write_text(poster.read_text().replace("Een buur die het ziet",
                                                 "Een buurvrouw die het ziet"))
    capsys.readouterr()

    assert build_into(out, *POSTERS, campaign=campaign) == 2
    err = capsys.readouterr().err
    assert "below the 150 ppi floor" in err and "region(s) maasdal" in err
    assert _snapshot(out, "maasdal/") == maasdal_before  # byte for byte
    assert [e for e in read_manifest(out) if e.get("region") == "maasdal"] == entries_before
    other_after = _snapshot(out, "midden-limburg/poster/")
    assert other_after["midden-limburg/poster/poster-buren-A4.pdf"] != \
        other_before["midden-limburg/poster/poster-buren-A4.pdf"]
    assert "Een buurvrouw" in _pdf_text(out / "midden-limburg/poster/poster-buren-A4.pdf")
    page = (out / "regio-maasdal.html").read_text("utf-8")
    assert "maasdal/poster/poster-buren-A4.pdf" in page  # the page still offers its files

    # A region whose region.toml cannot be read: the same, and the page stays as it was.
    (campaign / REGION).write_text("name = \n")
    pages = ("index.html", "regio-maasdal.html", "regio-midden-limburg.html")
    page_before = [(out / name).read_bytes() for name in pages]
    poster.write_text(poster.read_text().replace("Een buurvrouw", "Een buurman"))
    assert build_into(out, *POSTERS, campaign=campaign) == 2
    assert REGION in capsys.readouterr().err
    assert _snapshot(out, "maasdal/") == maasdal_before
    assert [(out / name).read_bytes() for name in pages] == page_before
    assert "Een buurman" in _pdf_text(out / "midden-limburg/poster/poster-buren-A4.pdf")


def test_strict_stops_everything(campaign, tmp_path, capsys):
    out = tmp_path / "out"
    assert build_into(out, "--region", "midden-limburg", *POSTERS, campaign=campaign) == 0
    before = _snapshot(out)
    _logo(campaign, 100)
    poster = campaign / "templates/messages.nl.j2"
    poster.write_text(poster.read_text().replace("Een buur die", "Een buurvrouw die"))
    capsys.readouterr()
    assert build_into(out, "--strict", *POSTERS, campaign=campaign) == 2
    err = capsys.readouterr().err
    assert "below the 150 ppi floor" in err and err.rstrip().endswith("nothing written.")
    assert _snapshot(out) == before


# --- 3. a new region in one command ------------------------------------------------------


def test_new_region_builds_with_its_own_sociale_kaart(campaign, tmp_path, capsys):
    assert main(["new-region", "noord-limburg", "--name", "Noord-Limburg",
                 "--campaign", str(campaign)]) == 0
    folder = campaign / "assets/regions/noord-limburg"
    assert "region.toml" in capsys.readouterr().out
    assert (folder / "logos").is_dir()
    toml = (folder / "region.toml").read_text("utf-8")
    assert 'name = "Noord-Limburg"' in toml and "# De gemeenten van de regio" in toml
    assert (folder / "sociale-kaart.csv").read_text("utf-8").startswith(
        "organisation;offer;audience;area;phone;website;email\n# ")

    out = tmp_path / "out"
    assert build_into(out, "--region", "noord-limburg", "--only", "handreiking",
                      campaign=campaign) == 0
    text = _pdf_text(out / "noord-limburg/handreiking/handreiking-screen-A5.pdf")
    assert "Voor Noord-Limburg zijn nog geen organisaties ingevuld" in text
    assert "Wijkteam Maasdal" not in text and "Maasdal" not in text

    with (folder / "sociale-kaart.csv").open("a", encoding="utf-8") as table:
        table.write("Jeugdpunt Noord;Hulp bij opvoeden.;Ouders;Venlo;077 123 45 67;;\n")
    assert build_into(out, "--region", "noord-limburg", "--only", "handreiking",
                      campaign=campaign) == 0
    text = _pdf_text(out / "noord-limburg/handreiking/handreiking-screen-A5.pdf")
    assert "Jeugdpunt Noord" in text and "Wijkteam Maasdal" not in text


def test_new_region_refuses_an_existing_or_bad_id(campaign, capsys):
    assert main(["new-region", "maasdal", "--name", "X", "--campaign", str(campaign)]) == 2
    assert "assets/regions/maasdal: already exists" in capsys.readouterr().err
    assert main(["new-region", "Noord Limburg", "--name", "X", "--campaign",
                 str(campaign)]) == 2
    assert "is not a simple name" in capsys.readouterr().err
    assert not (campaign / "assets/regions/Noord Limburg").exists()


def test_a_copied_region_is_warned_about(campaign, capsys):
    shutil.copytree(campaign / "assets/regions/maasdal", campaign / "assets/regions/noord")
    assert main(["check", "--campaign", str(campaign), "--region", "noord", *POSTERS]) == 0
    err = capsys.readouterr().err
    assert ("warning: assets/regions/noord/sociale-kaart.csv: lists the same organisations "
            "as assets/regions/maasdal/sociale-kaart.csv") in err
    assert ("warning: assets/regions/noord/region.toml: partners: lists the same partners "
            "as assets/regions/maasdal/region.toml") in err


# --- 7. the schedule looks ahead -----------------------------------------------------------


def test_the_default_schedule_never_lies_in_the_past():
    assert default_year(datetime.date(2026, 11, 30)) == 2027
    assert default_year(datetime.date(2026, 12, 1)) == 2027
    assert default_year(datetime.date(2026, 11, 22)) == 2026  # the week's Sunday
    assert default_year(datetime.date(2026, 1, 1)) == 2026
    day = datetime.date(2026, 1, 1)
    while day.year == 2026:
        year = default_year(day)
        first = week_dates(year)[0] - datetime.timedelta(days=LEAD_IN_DAYS)
        if first >= day:  # before the lead-in: every post is still to come
            assert past_posts(year, day) is None, day
        else:  # in the lead-in or the week: the posts already past are a warning
            assert week_dates(year)[-1] >= day and past_posts(year, day) is not None, day
        day += datetime.timedelta(days=1)
    late = past_posts(2026, datetime.date(2026, 11, 30))
    assert late is not None and "all posting dates lie in the past" in late.message
    assert "--year 2027" in late.fix


def _social_jobs(monkeypatch, today: datetime.date, *year: int):
    epoch = datetime.datetime(today.year, today.month, today.day,
                              tzinfo=datetime.timezone.utc).timestamp()
    monkeypatch.setenv(TODAY_VARIABLE, str(int(epoch)))
    from tests.conftest import ROOT

    jobs, _warnings = plan(BuildOptions(root=ROOT, out=Path("/nonexistent"),
                                        regions=("maasdal",), only=("social",),
                                        year=year[0] if year else None))
    return jobs


def test_on_30_november_the_series_is_dated_in_next_years_week(monkeypatch, tmp_path,
                                                               capsys):
    today = datetime.date(2026, 11, 30)
    jobs = _social_jobs(monkeypatch, today)
    dates = {job.meta["date"] for job in jobs if "date" in job.meta}
    assert dates and min(dates) >= today.isoformat() and min(dates).startswith("2027-11")
    planning = next(job for job in jobs if job.path.endswith("planning.csv")).data.decode()
    assert "2026-11" not in planning
    # An explicit year in the past is said, by check and build alike.
    from tests.conftest import ROOT

    assert main(["check", "--campaign", str(ROOT), "--region", "maasdal", "--only",
                 "social", "--year", "2026"]) == 0
    assert "social/planning.csv: date: all posting dates lie in the past" in \
        capsys.readouterr().err


def test_instagram_captions_point_to_the_bio_or_sticker(monkeypatch):
    jobs = _social_jobs(monkeypatch, datetime.date(2026, 12, 1))
    captions = {(job.meta["design"], job.meta["platform"]): job.meta["caption"]
                for job in jobs if "platform" in job.meta}
    assert len(captions) == 17 * 5
    for (design, platform), caption in captions.items():
        if platform == "instagram":
            assert "utm_" not in caption and "link in onze bio" in caption, design
        elif platform == "instagram-story":
            assert "utm_" not in caption and "link-sticker" in caption, design
        else:
            assert f"utm_source={platform}" in caption, (design, platform)
    texts = next(job for job in jobs if job.path.endswith("teksten.txt")).data.decode()
    assert "link in onze bio" in texts


# --- 8. the build names what to open -----------------------------------------------------


def test_the_build_ends_by_naming_what_to_open(tmp_path, capsys):
    from tests.conftest import ROOT

    out = tmp_path / "out"
    assert main(["build", "--campaign", str(ROOT), "--out", str(out), "--region", "maasdal",
                 "--only", "cube"]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last == f"open: {out / 'index.html'}, {out / 'maasdal/overzicht-maasdal.pdf'}"
    assert json.loads((out / "manifest.json").read_text())["files"]
