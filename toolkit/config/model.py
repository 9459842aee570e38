"""The validated campaign: frozen dataclasses that products and layout read."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from toolkit.colour import Colour
from toolkit.config.assets import FontFace, Logo, Photo
from toolkit.config.press import Press


@dataclass(frozen=True)
class Brand:
    """The campaign's identity: name, links, colours by role, fonts by role."""

    name: str
    website: str
    tag: str
    hashtags: tuple[str, ...]
    audiences: tuple[str, ...]
    colours: dict[str, Colour]
    fonts: dict[str, FontFace]
    file: str
    version: str = "1.0"  # the edition, as printed
    date: str = ""  # when the edition appeared, as printed
    press: Press | None = None  # the printing condition (None: the default FOGRA39)


@dataclass(frozen=True)
class Partner:
    """A partner organisation; without a logo file it gets a typographic wordmark."""

    name: str
    logo: Logo | None
    field: str  # key path in the region file, for messages


@dataclass(frozen=True)
class RegionPhoto:
    """A region's photo: cover-cropped around its focal point, with its alt text."""

    image: Photo
    focus: tuple[float, float]  # the focal point: fractions from the left and from the top
    alt: str  # what it shows, for people who cannot see it; '' for a decorative photo
    field: str  # its key path in the region file, for messages


@dataclass(frozen=True)
class MapEntry:
    """One organisation on the sociale kaart; empty contact fields are simply not known."""

    organisation: str
    offer: str
    audience: str
    phone: str
    website: str
    email: str
    source: str  # file and row, for messages
    area: str = ""  # where the organisation works (werkgebied), when the table says


@dataclass(frozen=True)
class Region:
    """One region's data: what it prints and who co-brands it."""

    id: str
    name: str
    landing_url: str
    contact: str
    municipalities: tuple[str, ...]
    partners: tuple[Partner, ...]
    poster_photo: RegionPhoto | None  # every poster's, unless an audience has its own
    file: str
    social_map: tuple[MapEntry, ...] = ()  # the region's own organisations
    example: bool = False  # fictional: marked as an example, listed last
    partners_label: str = ""  # credit line above the partners ('' = the templates' own)
    funding: str = ""  # funding line ('' = the templates' own)
    print_contact: str = ""  # whom the print shop asks ('' = nobody named)
    print_quantities: tuple[tuple[str, int], ...] = ()  # (file name without .pdf, copies)
    # a design's own photo: ('social/<design>' or 'poster/<audience>', photo)
    design_photos: tuple[tuple[str, RegionPhoto], ...] = ()

    def photo_for(self, product: str, name: str) -> RegionPhoto | None:
        """The photo a design draws: its own, or (a poster) the posters' photo, or None."""
        own = dict(self.design_photos).get(f"{product}/{name}")
        return own or (self.poster_photo if product == "poster" else None)


@dataclass(frozen=True)
class Campaign:
    """Everything a build needs that comes from the campaign folder."""

    root: Path
    brand: Brand
    regions: tuple[Region, ...]
    national_map: tuple[MapEntry, ...] = ()  # the national numbers, in every region
    # how each design looks: 'social/<design>', 'poster/<audience>' -> Look
    looks: dict = field(default_factory=dict, hash=False, compare=False)

    @property
    def templates(self) -> Path:
        return self.root / "templates"
