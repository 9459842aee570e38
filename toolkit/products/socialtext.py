"""The words around a social image: its alt text, made from the lines the layout drew,
and the captions file and scheduler CSV that carry the right alt text per platform.

The alt block (templates/social_meta.nl.j2) gets the drawn lines (Drawn.context), not the
copy, so what it says cannot drift from what the image shows; check_alt_carries stops a
template that leaves a drawn line out.
"""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.config.content import Copy
from toolkit.config.messages import _
from toolkit.config.model import Region
from toolkit.errors import InputError, Problems
from toolkit.layout.model import Text, leaves
from toolkit.products import BuildContext, Job
from toolkit.render.spreadsheet import csv_bytes

PRODUCT = "social"
PLATFORM = {"square": "instagram", "portrait": "facebook", "story": "instagram-story",
            "link": "linkedin", "landscape": "x"}
# Alt text: the long one (every word on the image, and the picture) where the platform's
# field takes it; the short one where it does not (LinkedIn's field holds 120 characters).
ALT_BLOCKS = {"alt": 1000, "alt_short": 120}  # template block -> its field's limit
SHORT_ALT_PLATFORMS = ("linkedin",)
POST_TIME = "09:00"  # a morning slot; schedulers let a person move it


@dataclass(frozen=True)
class Drawn:
    """The words drawn on one image, in the page's (reading) order: the hero's own words
    (figure, question, day, the chat bubble), the campaign name, the message (kicker, date
    line, headline, body, web address) and the partner row (its label, the partners drawn
    as words; the others are logos)."""

    hero: tuple[Text, ...]
    campaign: tuple[Text, ...]
    message: tuple[Text, ...]
    partners_label: tuple[Text, ...]
    partner_names: tuple[tuple[Text, ...], ...]
    partner_logos: int

    @property
    def lines(self) -> tuple[str, ...]:
        """Every drawn line, in reading order."""
        names = tuple(line for name in self.partner_names for line in name)
        return tuple(line.text for line in (*self.hero, *self.campaign, *self.message,
                                            *self.partners_label, *names))

    def context(self) -> dict:
        """What the alt block gets: blocks of lines joined into text as a reader meets it."""
        return {"hero": [_joined(lines) for lines in _blocks(self.hero)],
                "campaign": _joined(self.campaign),
                "text": " ".join(_sentence(_joined(lines)) for lines in
                                 [self.campaign, *_blocks(self.message)] if lines),
                "partners_label": _joined(self.partners_label),
                "partner_names": [_joined(name) for name in self.partner_names],
                "partner_logos": self.partner_logos}


def _blocks(lines: tuple[Text, ...]) -> list[tuple[Text, ...]]:
    """Consecutive lines set in one font and size: one slot's text (a kicker, a headline)."""
    blocks: list[list[Text]] = []
    for line in lines:
        if blocks and (blocks[-1][-1].font.name, blocks[-1][-1].size_pt) == (
                line.font.name, line.size_pt):
            blocks[-1].append(line)
        else:
            blocks.append([line])
    return [tuple(block) for block in blocks]


def _joined(lines: tuple[Text, ...]) -> str:
    """The lines as one text: a line ending in a hyphen runs on into the next."""
    text = ""
    for line in lines:
        text += line.text if not text or text.endswith("-") else " " + line.text
    return text


def _sentence(text: str) -> str:
    """text ending in punctuation, so a screen reader pauses after a kicker or a date."""
    return text if not text or text[-1] in ".?!:;…" else text + "."


def texts(items) -> tuple[Text, ...]:
    """The Text items among items, tagged groups opened (in drawing order)."""
    return tuple(item for item in leaves(tuple(items)) if isinstance(item, Text))


def alt_too_long(copy: Copy, meta: Copy, name_of_block: str, drawn: Drawn, design: str,
                 format_name: str, limit: int) -> InputError:
    """Name what makes an alt text outgrow its platform's field: the drawn copy it
    repeats (the long alt carries every word of the image) or the alt block's own words."""
    alt = meta[name_of_block]
    values = {"length": len(alt), "design": design, "format": format_name, "limit": limit}
    if name_of_block == "alt" and len(alt) - sum(map(len, drawn.lines)) <= limit // 2:
        prefix = design.replace("-", "_")
        blamed = [name for name in (f"{prefix}_kicker", "week_kicker", f"{prefix}_headline",
                                    f"{prefix}_body", f"{prefix}_figure",
                                    f"{prefix}_figure_text", f"{prefix}_question",
                                    "campaign_line", "partners_label") if name in copy.blocks]
        return InputError(copy.template, " + ".join(blamed), _(
            "make an alt text of {length} characters for '{design}' ({format}), more than "
            "the {limit} the platform's field takes", **values),
            _("shorten these texts (the alt text repeats every word drawn)"))
    return InputError(meta.template, name_of_block, _(
        "makes an alt text of {length} characters for '{design}' ({format}), more than the "
        "{limit} the platform's field takes", **values), _("shorten the block's own words"))


def check_alt_carries(meta: Copy, drawn: Drawn, design: str, problems: Problems) -> None:
    """Warn when the long alt text leaves out a line drawn on the image or changes their
    order: the alt block gets them from the layout (drawn), so a change to the copy cannot
    leave the alt behind, but an edited alt block can (--strict makes this an error)."""
    alt, start = meta["alt"], 0
    for line in drawn.lines:
        found = alt.find(line, start)
        if found < 0:
            problems.warn(meta.template, "alt", _(
                "leaves out the words {words} drawn on the '{design}' image, or has them out "
                "of reading order", words=repr(line), design=design),
                _("use drawn.hero and drawn.text in the alt block, as given"))
            return
        start = found + len(line)


def caption_files(region: Region, rows: list[dict], context: BuildContext) -> list[Job]:
    """A text file a person pastes from, and a CSV for a scheduler's bulk upload."""
    if not rows:
        return []
    meta = rows[0]["meta"]
    by_design: dict[str, list[dict]] = {}
    for row in rows:
        by_design.setdefault(row["design"], []).append(row)
    lines = [meta["captions_title"], "", meta["captions_intro"], ""]
    for design, group in by_design.items():
        first = group[0]
        lines += ["=" * 72, f"{meta['captions_design']}: {design}",
                  f"{meta['captions_date']}: {first['date'].isoformat()}", ""]
        for row in group:  # the link and the alt text's length follow the platform
            lines += ["-" * 24, f"{PLATFORM[row['format']]}: {row['path'].split('/', 1)[1]}",
                      "", row["caption"], "", f"{meta['captions_alt']}: {row['alt']}", ""]
    text = "\n".join(lines).encode("utf-8")
    schedule = [["date", "time", "message", "link", "image", "alt_text", "platform"]]
    schedule += [[row["date"].isoformat(), POST_TIME, row["caption"], row["link"],
                  row["path"].split("/", 1)[1], row["alt"], PLATFORM[row["format"]]]
                 for row in rows]
    return [
        Job(path=f"{region.id}/{PRODUCT}/teksten.txt", region=region.id, product=PRODUCT,
            format="captions", media="screen", document=None, profile=None, kind="text",
            data=text),
        Job(path=f"{region.id}/{PRODUCT}/planning.csv", region=region.id, product=PRODUCT,
            format="schedule", media="screen", document=None, profile=None, kind="text",
            data=csv_bytes(schedule)),  # no cell can run as a formula
    ]
