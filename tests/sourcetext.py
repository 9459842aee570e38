"""The words a build prints, and how close they come to the source texts in ../shared/seeds/.

The materials must be written in our own words: facts may come from the seeds, sentences
may not. `overlaps()` finds (a) a seed sentence of four words or more that appears as a
sentence of the build, and (b) a run of seven words or more that the build shares with a
seed. Names (organisations, the campaign, the meldcode's and the week's official names)
and the fixed term "kinderen van ouders met psychische of verslavingsproblemen" are taken
out of both texts first: they are the same words by necessity.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import pypdfium2 as pdfium

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SENTENCE_WORDS = 4
RUN_WORDS = 7
# Shared by necessity: proper names, official titles and the one fixed term.
FIXED = (
    "kinderen van ouders met psychische of verslavingsproblemen",
    "maak het verschil voor een kind",
    "meldcode huiselijk geweld en kindermishandeling",
    "stappenplan meldcode huiselijk geweld en kindermishandeling",
    "hoe voer je de kindcheck uit",  # the desk card's given title
    "week tegen kindermishandeling",
    "centrum voor jeugd en gezin midden-limburg",
    "kwaliteitsregister jeugd",
    "ggd limburg-noord", "ggd limburg noord",
    "met ggz", "vincent van gogh",
    "de kindertelefoon", "veilig thuis", "113 zelfmoordpreventie",
)
WORD = re.compile(r"[0-9a-zà-ÿ]+(?:[-'’.][0-9a-zà-ÿ]+)*")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n\s*\n|\u2022|•")


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def _without_fixed(text: str) -> str:
    """Replace every fixed phrase by a barrier, so no run crosses or uses it."""
    folded = " ".join(text.lower().split())
    for phrase in sorted(FIXED, key=len, reverse=True):
        folded = folded.replace(phrase, " | ")
    return folded


def sentences(text: str) -> list[tuple[str, ...]]:
    found = []
    for part in SENTENCE_END.split(text):
        found.append(tuple(words(part)))
    return [sentence for sentence in found if sentence]


def runs(text: str, size: int) -> dict[tuple[str, ...], str]:
    """Every run of `size` words that does not cross a barrier or a sentence end."""
    found: dict[tuple[str, ...], str] = {}
    for part in re.split(r"\|", _without_fixed(text)):
        for sentence in SENTENCE_END.split(part):
            sequence = words(sentence)
            for start in range(len(sequence) - size + 1):
                run = tuple(sequence[start:start + size])
                found.setdefault(run, " ".join(run))
    return found


def seed_texts() -> dict[str, str]:
    return {path.name: path.read_text("utf-8") for path in sorted(SEEDS.glob("*.txt"))}


def pdf_text(path: Path) -> str:
    """The PDF's text, page after page; words broken at a line end joined again, other
    line breaks and no-break spaces read as spaces."""
    pages = []
    for page in pdfium.PdfDocument(str(path)):
        text = page.get_textpage().get_text_range()
        # pdfium marks a hyphenation break with U+FFFE / U+0002: join the word again
        text = re.sub(r"[\ufffe\u0002]\r?\n?", "", text)
        text = re.sub(r"-\r?\n", "-", text)  # a compound broken at its own hyphen
        pages.append(text.replace("\u00a0", " "))
    return "\n\n".join(pages)


def flat(text: str) -> str:
    return " ".join(text.split())


def printed_text(out: Path) -> dict[str, str]:
    """Every text the build writes for people to read: PDF pages, captions, CSV, LEESMIJ,
    the download page (tags stripped)."""
    texts: dict[str, str] = {}
    for path in sorted(out.rglob("*.pdf")):
        texts[str(path.relative_to(out))] = pdf_text(path)
    for path in sorted(out.rglob("teksten.txt")):
        texts[str(path.relative_to(out))] = path.read_text("utf-8")
    for path in sorted(out.rglob("planning.csv")):
        rows = csv.reader(io.StringIO(path.read_text("utf-8-sig")))
        texts[str(path.relative_to(out))] = "\n\n".join(" ".join(row) for row in rows)
    for path in sorted(out.rglob("*.zip")):
        with zipfile.ZipFile(path) as pack:
            for name in pack.namelist():
                if name.endswith("LEESMIJ.txt"):
                    texts[f"{path.name}:{name}"] = pack.read(name).decode("utf-8")
    for path in sorted(out.rglob("*.html")):
        html = path.read_text("utf-8")
        html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
        texts[str(path.relative_to(out))] = re.sub(r"<[^>]+>", "\n\n", html)
    return texts


def overlaps(printed: dict[str, str], seeds: dict[str, str]) -> list[str]:
    """What the printed texts share with the seeds beyond names and the fixed term."""
    seed_sentences: dict[tuple[str, ...], str] = {}
    seed_runs: dict[tuple[str, ...], str] = {}
    for name, text in seeds.items():
        for sentence in sentences(_without_fixed(text).replace("|", " ")):
            if len(sentence) >= SENTENCE_WORDS:
                seed_sentences.setdefault(sentence, name)
        for run in runs(text, RUN_WORDS):
            seed_runs.setdefault(run, name)
    found: set[str] = set()
    for where, text in printed.items():
        for sentence in sentences(_without_fixed(text).replace("|", " ")):
            if sentence in seed_sentences:
                found.add(f"sentence '{' '.join(sentence)}' ({where}; {seed_sentences[sentence]})")
        for run in runs(text, RUN_WORDS):
            if run in seed_runs:
                found.add(f"run '{' '.join(run)}' ({where}; {seed_runs[run]})")
    return sorted(found)
