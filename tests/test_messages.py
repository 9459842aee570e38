"""Messages for coordinators: Dutch by default, English on request, every message in the
catalog; and the copy's one source per message with region overrides.

The rest of the suite reads messages in English (conftest sets TOOLKIT_LANG=en); here each
mistake a coordinator makes is read in Dutch, as a coordinator reads it.
"""

from __future__ import annotations

import ast
import datetime
import re
import shutil
import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from PIL import Image

from tests.conftest import ROOT
from toolkit.config.messages import LOCALE_FOLDER, catalog, number, speaking
from toolkit.config.messages import read_po as read_catalog
from toolkit.layout.model import walk_text
from toolkit.products.schedule import lead_in_start, past_posts, week_dates
from toolkit.run.build import BuildOptions, plan
from toolkit.run.cli import main

PACKAGE = ROOT / "toolkit"
CATALOG = LOCALE_FOLDER / "nl" / "LC_MESSAGES" / "toolkit.po"
KEYWORDS = {"_": None, "N_": None, "_n": (1, 2)}
MAASDAL = "assets/regions/maasdal/region.toml"
POSTER = "templates/poster.nl.j2"
MESSAGES = "templates/messages.nl.j2"
SOCIAL = "templates/social.nl.j2"
BUREN = "Een buur die het ziet, kan veel betekenen."


def edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / name
    text = path.read_text("utf-8")
    assert old in text, f"{name} no longer holds {old!r}: update the test"
    path.write_text(text.replace(old, new, 1), "utf-8")


def dutch(capsys, campaign: Path, *arguments: str, command: str = "check") -> list[str]:
    """The problems a run prints, in the default language (no --lang, no TOOLKIT_LANG)."""
    capsys.readouterr()
    code = main([command, "--campaign", str(campaign), "-q", *arguments])
    err = capsys.readouterr().err
    assert "Traceback" not in err, err
    assert code == 2, err
    assert err.splitlines()[-1].endswith("er is niets geschreven."), err
    return [line.removeprefix("fout: ") for line in err.splitlines()
            if line.startswith("fout: ")]


@pytest.fixture
def nl(monkeypatch):
    """No language asked for, on a machine set to English: the toolkit speaks Dutch."""
    monkeypatch.delenv("TOOLKIT_LANG", raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")


# --- the catalog ---------------------------------------------------------------------------


def used_messages() -> set[str | tuple[str, str]]:
    """Every message id the code gives, as Babel's extractor finds it."""
    found: set[str | tuple[str, str]] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            PACKAGE, method_map=[("**.py", "python")], keywords=KEYWORDS):
        found.add(message)
    return found


def test_every_message_of_the_code_has_dutch_and_no_unknown_placeholder():
    """Names every message without Dutch: run `python tools/messages.py` and fill them in."""
    translations = catalog("nl")
    untranslated = sorted(str(m) for m in used_messages() if m not in translations)
    assert untranslated == [], "no Dutch in toolkit.po for:\n" + "\n".join(untranslated)
    wrong = []
    for message, dutch_text in translations.items():
        ids = message if isinstance(message, tuple) else (message,)
        texts = dutch_text if isinstance(dutch_text, tuple) else (dutch_text,)
        wanted = {name for text in ids for name in placeholders(text)} - {"count"}
        for text in texts:
            if not placeholders(text) - {"count"} <= wanted:  # Dutch may leave one out
                wrong.append(f"{message!r}: {text!r}")
    assert wrong == [], "placeholders differ:\n" + "\n".join(wrong)


def placeholders(text: str) -> set[str]:
    return {name for _literal, name, _spec, _conversion in string.Formatter().parse(text)
            if name is not None}


def test_no_message_is_built_before_it_is_translated():
    """_() gets a message id, never an f-string or a sum: those cannot be in the catalog."""
    built = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                    and node.func.id in KEYWORDS and node.args \
                    and isinstance(node.args[0], (ast.JoinedStr, ast.BinOp)):
                built.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert built == []


def test_the_catalog_is_read_the_same_by_babel_and_at_run_time():
    with CATALOG.open("rb") as stream:
        reference = read_po(stream, locale="nl")
    expected = {}
    for message in reference:
        if message.id and not message.fuzzy:
            expected[message.id] = message.string
    assert read_catalog(CATALOG.read_text("utf-8")) == expected
    assert len(expected) > 300


def test_numbers_are_written_the_dutch_way():
    with speaking("nl"):
        assert (number(1368), number(2.5), number(100_000)) == ("1.368", "2,5", "100.000")
    with speaking("en"):
        assert (number(1368), number(2.5)) == ("1,368", "2.5")


# --- the language --------------------------------------------------------------------------


def test_dutch_by_default_whatever_the_locale_and_english_when_asked(
        nl, capsys, campaign, monkeypatch):
    edit(campaign, MAASDAL, "[[partners]]\nname", "[[partners]]\nnaam")
    assert dutch(capsys, campaign) == [
        f"{MAASDAL}: partners[0].naam: onbekende instelling (bedoel je 'name'?)",
        f"{MAASDAL}: partners[0].name: ontbreekt (voeg partners[0].name toe: naam van de "
        "organisatie (ook als woordmerk als er geen logo is))"]
    for asked, env in ((["--lang", "en"], None), ([], "en"), (["--lang=en"], "nl")):
        if env:
            monkeypatch.setenv("TOOLKIT_LANG", env)
        main(["check", "--campaign", str(campaign), "-q", *asked])
        err = capsys.readouterr().err
        assert f"error: {MAASDAL}: partners[0].naam: unknown key (did you mean 'name'?)" in err
        assert err.splitlines()[-1] == "2 problem(s); nothing written."
    monkeypatch.setenv("TOOLKIT_LANG", "en")
    main(["check", "--campaign", str(campaign), "-q", "--lang", "nl"])
    assert "fout: " in capsys.readouterr().err  # --lang wins over the environment


def test_help_is_dutch(nl, capsys):
    with pytest.raises(SystemExit):
        main(["build", "--help"])
    out = capsys.readouterr().out
    assert "maak alleen deze regio (mag vaker)" in out and "--lang {nl,en}" in out


# --- each mistake, in Dutch ---------------------------------------------------------------


def test_toml_missing_quote_is_named_with_its_line(nl, capsys, campaign):
    text = (campaign / MAASDAL).read_text("utf-8")
    line = text[:text.index("contact = ")].count("\n") + 1
    edit(campaign, MAASDAL, 'denkt met je mee."', "denkt met je mee.")
    assert dutch(capsys, campaign) == [
        f"{MAASDAL}: regel {line}: er ontbreekt een aanhalingsteken: de tekst (instelling "
        "'contact') wordt op deze regel niet afgesloten (zet een \" aan het eind van de tekst, "
        "op dezelfde regel)"]


@pytest.mark.parametrize("old, new, expected", [
    ('name = "Maasdal"', 'name = Maasdal', "de waarde (instelling 'name') is geen tekst, "
     "getal, lijst of true/false (zet tekst tussen aanhalingstekens: naam = \"tekst\")"),
    ('name = "Maasdal"', 'name "Maasdal"', "er ontbreekt een '=' tussen de naam en de waarde"),
    ('[[partners]]\nname = "Jeugdpunt', '[[partners]\nname = "Jeugdpunt',
     "het kopje wordt niet afgesloten"),
    ('name = "Maasdal"', 'name = "Maasdal"\nname = "Maasdal"', "een instelling of kopje "
     "(instelling 'name') staat er een tweede keer (houd er één van de twee over)"),
], ids=["no-quotes", "no-equals", "unclosed-heading", "twice"])
def test_other_toml_mistakes_in_plain_dutch(nl, capsys, campaign, old, new, expected):
    edit(campaign, MAASDAL, old, new)
    errors = dutch(capsys, campaign)
    assert len(errors) == 1 and re.match(rf"{MAASDAL}: regel \d+: ", errors[0]), errors
    assert expected in errors[0], errors


def test_low_resolution_logo_in_pixels(nl, capsys, campaign):
    Image.new("RGB", (60, 20), (40, 90, 160)).save(
        campaign / "assets/regions/maasdal/logos/klein.png")
    edit(campaign, MAASDAL, "jeugdpunt-heuvelrand.png", "klein.png")
    errors = dutch(capsys, campaign, "--region", "maasdal", "--only", "poster")
    pattern = (rf"{MAASDAL}: partners\[1\].logo: het logo van 'Jeugdpunt Heuvelrand' is "
               r"60×20 px; voor de (A\d)-poster is minstens (\d+) px breedte nodig, (\d+) px "
               r"is beter \(het wordt (\d+) mm breed gedrukt\) \(vraag om een groter bestand "
               r"\(PNG of JPEG\) of een SVG\)")
    found = [re.fullmatch(pattern, error) for error in errors]
    assert found and all(found), errors
    assert {match[1] for match in found} == {"A4", "A3", "A2"}
    for match in found:  # 150 px an inch at least, 300 better, at the printed width
        least, good, width_mm = int(match[2]), int(match[3]), int(match[4])
        assert abs(least - width_mm / 25.4 * 150) <= 0.5 / 25.4 * 150 + 1, match[0]
        assert abs(good - 2 * least) <= 2 and least > 60, match[0]


def test_misspelt_key_block_and_file_names_get_bedoel_je(nl, capsys, campaign):
    edit(campaign, MAASDAL, 'logo = "logos/wijkteam-maasdal.svg"',
         'logoo = "logos/wijkteam-maasdal.svg"')
    edit(campaign, MAASDAL, "jeugdpunt-heuvelrand.png", "jeugdpunt_heuvelrand.png")
    errors = dutch(capsys, campaign)
    assert f"{MAASDAL}: partners[0].logoo: onbekende instelling (bedoel je 'logo'?)" in errors
    assert f"{MAASDAL}: partners[1].logo: het bestand 'jeugdpunt_heuvelrand.png' (afbeelding) " \
        "is niet gevonden (bedoel je 'jeugdpunt-heuvelrand.png'?)" in errors


def test_misspelt_block_name_gets_a_hint(nl, capsys, campaign):
    edit(campaign, POSTER, "{% block trainers_body %}", "{% block trainers_bodi %}")
    errors = dutch(capsys, campaign, "--only", "poster")
    assert f"{POSTER}: trainers_body: dit blok ontbreekt (er staat een blok 'trainers_bodi': " \
        "als dat dit blok is, noem het dan 'trainers_body')" in errors


def test_misspelt_template_name_gets_bedoel_je(nl, capsys, campaign):
    (campaign / POSTER).rename(campaign / "templates/posters.nl.j2")
    assert f"{POSTER}: dit tekstbestand is niet gevonden (bedoel je 'posters.nl.j2'? Of maak " \
        f"{POSTER})" in dutch(capsys, campaign, "--only", "poster")


def test_unclosed_block_is_named_where_it_opens(nl, capsys, campaign):
    lines = (campaign / POSTER).read_text("utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if "block trainers_headline" in text)
    edit(campaign, POSTER, "dan een wedstrijd.{% endblock %}", "dan een wedstrijd.")
    assert dutch(capsys, campaign, "--only", "poster") == [
        f"{POSTER}: regel {line}: het blok 'trainers_headline' dat hier begint, wordt nergens "
        "afgesloten (sluit het af met {% endblock %} aan het eind van de tekst)"]
    assert line < len(lines) - 10  # not the end of the file, where jinja2 points


def test_too_long_headline_says_how_many_characters_to_cut(nl, capsys, campaign):
    longer = ("Op het veld zie je veel meer dan een wedstrijd, en soms ook een kind dat het "
              "thuis erg zwaar heeft en niemand om mee te praten.")
    edit(campaign, POSTER, "Op het veld zie je meer dan een wedstrijd.", longer)
    errors = dutch(capsys, campaign, "--region", "maasdal", "--only", "poster")
    cuts = []
    for error in errors:
        found = re.fullmatch(
            rf"{POSTER}: trainers_headline: past niet op de (A\d)-poster, ook niet op de "
            r"kleinste maat \((\d+) pt\): de tekst heeft (\d+) regels nodig, er is ruimte voor "
            r"(\d+) \(maak de tekst ongeveer (\d+) tekens? korter\)", error)
        assert found, errors
        cuts.append(int(found[5]))
    assert cuts and all(0 < cut < len(longer) for cut in cuts), errors
    # Cut that many characters (whole words) and the headline fits every format.
    words = longer.split()
    while len(longer) - len(" ".join(words)) < max(cuts):
        words.pop()
    edit(campaign, POSTER, longer, " ".join(words))
    capsys.readouterr()
    assert main(["check", "--campaign", str(campaign), "-q", "--region", "maasdal",
                 "--only", "poster"]) == 0, capsys.readouterr().err


def test_too_long_block_says_how_many_characters_to_cut(nl, capsys, campaign):
    edit(campaign, MESSAGES, "Voor buren{% endblock %}", "Voor buren " + "x" * 2_100 +
         "{% endblock %}")
    errors = dutch(capsys, campaign, "--region", "maasdal", "--only", "poster")
    assert f"{MESSAGES}: buren_kicker: is 2.111 tekens lang; een tekstvak past hoogstens " \
        "2.000 tekens (maak de tekst 111 tekens korter)" in errors


# --- one source per message, region overrides, forced breaks -------------------------------


def texts(campaign: Path, region: str, *only: str) -> dict[str, str]:
    """Each job's drawn text (its Text items joined), and alt text, by output path."""
    jobs, _warnings = plan(BuildOptions(root=campaign, out=campaign / "output",
                                        regions=(region,), only=only))
    found = {}
    for job in jobs:
        if job.document is None:
            continue
        drawn = [item.text for page in job.document.pages for item in walk_text(page.items)]
        found[job.path] = "\n".join(drawn) + "\n" + job.meta.get("alt", "")
    return found


def joined(text: str) -> str:
    return " ".join(text.split())


def test_one_headline_in_messages_shows_on_poster_and_social(campaign):
    assert BUREN not in (campaign / POSTER).read_text("utf-8")
    assert BUREN not in (campaign / SOCIAL).read_text("utf-8")
    edit(campaign, MESSAGES, BUREN, "Jij woont naast een kind dat je nodig heeft.")
    drawn = texts(campaign, "maasdal", "poster", "social")
    buren = {path: joined(text) for path, text in drawn.items() if "buren" in path}
    assert len(buren) == 3 + 5, sorted(buren)  # three posters, five social formats
    for path, text in buren.items():
        assert "Jij woont naast een kind dat je nodig heeft." in text, path
        assert joined(BUREN) not in text, path


def test_a_product_block_wins_over_the_message(campaign):
    edit(campaign, POSTER, "{% block buren_body %}",
         "{% block buren_headline %}Alleen op de poster.{% endblock %}\n{% block buren_body %}")
    drawn = texts(campaign, "maasdal", "poster", "social")
    for path, text in drawn.items():
        if "buren" in path:
            own = "poster" in path
            assert ("Alleen op de poster." in joined(text)) == own, path
            assert (joined(BUREN) in joined(text)) == (not own), path


def test_region_override_changes_only_that_region(campaign):
    overrides = campaign / "assets/regions/maasdal/templates"
    overrides.mkdir()
    (overrides / "messages.nl.j2").write_text(
        "{% block buren_headline %}In {{ region.name }} kijken buren naar elkaar om."
        "{% endblock %}\n", "utf-8")
    (overrides / "poster.nl.j2").write_text(
        "{% block cta_heading %}Wat kun jij doen in {{ region.name }}?{% endblock %}\n", "utf-8")
    maasdal = texts(campaign, "maasdal", "poster", "social")
    limburg = texts(campaign, "midden-limburg", "poster", "social")
    for path, text in maasdal.items():
        if "buren" in path:
            assert "In Maasdal kijken buren naar elkaar om." in joined(text), path
        if "poster" in path:
            assert "Wat kun jij doen in Maasdal?" in joined(text), path
    for path, text in limburg.items():
        assert "kijken buren naar elkaar om" not in joined(text), path
        assert "Wat kun jij doen in" not in joined(text), path
        if "buren" in path:
            assert joined(BUREN) in joined(text), path


# --- warnings, in Dutch ----------------------------------------------------------------------


def test_a_copied_region_is_warned_about_in_dutch(nl, capsys, campaign):
    shutil.copytree(campaign / "assets/regions/maasdal", campaign / "assets/regions/noord")
    capsys.readouterr()
    assert main(["check", "--campaign", str(campaign), "--region", "noord", "--only",
                 "poster"]) == 0
    warnings = [line for line in capsys.readouterr().err.splitlines()
                if line.startswith("waarschuwing: ")]
    kaart = "assets/regions/{}/sociale-kaart.csv"
    assert (f"waarschuwing: {kaart.format('noord')}: noemt dezelfde organisaties als "
            f"{kaart.format('maasdal')} (noem de eigen organisaties van noord (een regio die "
            "je maakt door een map te kopiëren, houdt die van het origineel))") in warnings
    assert ("waarschuwing: assets/regions/noord/region.toml: partners: noemt dezelfde "
            "partners als assets/regions/maasdal/region.toml (noem de eigen partners van "
            "noord (een regio die je maakt door een map te kopiëren, houdt die van het "
            "origineel))") in warnings
    assert not any("lists the same" in line for line in warnings)


@pytest.mark.parametrize("today, expected, english", [
    (datetime.date(2026, 11, 30), "alle plaatsingsdata liggen in het verleden", "all"),
    (datetime.date(2026, 11, 18), "een deel van de plaatsingsdata ligt in het verleden", "some"),
], ids=["all", "some"])
def test_past_posting_dates_are_one_whole_dutch_sentence(today, expected, english):
    with speaking("nl"):
        warning = past_posts(2026, today)
    assert warning is not None
    first, last = lead_in_start(2026).isoformat(), week_dates(2026)[-1].isoformat()
    assert warning.message == (f"{expected}: de reeks loopt van {first} tot {last}, vandaag "
                               f"is het {today.isoformat()}")
    assert warning.fix == ("plaats die berichten nu of sla ze over; met --year 2027 valt de "
                           "reeks in een week die nog komt")
    with speaking("en"):
        warning = past_posts(2026, today)
    assert warning is not None
    assert warning.message.startswith(f"{english} posting dates lie in the past: ")


def test_a_lower_case_hashtag_is_warned_about_in_dutch(nl, capsys, campaign):
    edit(campaign, "assets/brand/brand.toml", '"#IkMaakHetVerschil"', '"#ikmaakhetverschil"')
    capsys.readouterr()
    assert main(["check", "--campaign", str(campaign), "--region", "maasdal", "--only",
                 "poster"]) == 0
    assert ("waarschuwing: assets/brand/brand.toml: campaign.hashtags[1]: "
            "'#ikmaakhetverschil' heeft alleen kleine letters: een schermlezer leest het als "
            "één woord (begin elk woord met een hoofdletter (CamelCase): '#MaakHetVerschil')"
            ) in capsys.readouterr().err.splitlines()


OVERRIDES = "assets/regions/maasdal/templates"


def test_region_override_with_a_misspelt_file_name_is_refused(nl, capsys, campaign):
    (campaign / OVERRIDES).mkdir()
    (campaign / OVERRIDES / "poster.j2").write_text("{% block cta_heading %}x{% endblock %}\n",
                                                    "utf-8")
    assert dutch(capsys, campaign, "--region", "maasdal", "--only", "poster") == [
        f"{OVERRIDES}/poster.j2: geen tekstbestand in templates/ heeft deze naam, dus dit "
        "bestand verandert niets (bedoel je 'poster.nl.j2'?)"]


def test_region_override_with_a_misspelt_block_name_is_refused(nl, capsys, campaign):
    (campaign / OVERRIDES).mkdir()
    (campaign / OVERRIDES / "messages.nl.j2").write_text(
        "{% block buren_headlien %}Anders.{% endblock %}\n", "utf-8")
    errors = dutch(capsys, campaign, "--region", "maasdal", "--only", "poster")
    folder = OVERRIDES
    assert f"{folder}/messages.nl.j2: buren_headlien: dit blok bestaat niet in de teksten van " \
        "de campagne, dus deze tekst komt nergens te staan (bedoel je 'buren_headline'?)" \
        in errors, errors


FORCED = {  # a display slot of each product, with a forced break
    POSTER: ("Op het veld zie je meer dan een wedstrijd.",
             "Op het veld | zie je meer dan een wedstrijd."),
    MESSAGES: (BUREN, "Een buur die het ziet, | kan veel betekenen."),
    SOCIAL: ("Ook jij maakt het verschil.", "Ook jij | maakt het verschil."),
    "templates/deskcard.nl.j2": ("Breng signalen in kaart", "Breng signalen | in kaart"),
}


def test_forced_break_works_in_every_product(campaign):
    for name, (old, new) in FORCED.items():
        edit(campaign, name, old, new)
    drawn = texts(campaign, "maasdal", "poster", "social", "deskcard", "cube")
    assert not [path for path, text in drawn.items() if "|" in text]  # never printed
    lines = {line for text in drawn.values() for line in text.splitlines()}
    for first, rest in (("Op het veld", "zie je meer"), ("Een buur die het ziet,", "kan veel"),
                        ("Ook jij", "maakt het"), ("Breng signalen", "in kaart")):
        assert first in lines, first  # the break ends the line there
        assert any(line.startswith(rest) for line in lines), rest
    alt = {path: text.splitlines()[-1] for path, text in drawn.items() if path.endswith(".png")}
    assert any("Een buur die het ziet, kan veel betekenen." in a for a in alt.values())

