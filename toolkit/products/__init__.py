"""Products: each says *what* goes where on its pages, and returns jobs for the writer.

The registry maps a product name (as used by `--only` and in the manifest) to its build
function. A new product is a new module here plus its name in toolkit/catalog.py.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterator

from toolkit.errors import Problems, ToolkitError

if TYPE_CHECKING:  # names for the annotations only: importing toolkit.products.schedule
    # (a rebuild with nothing to do) stays light
    from toolkit.config.content import CopyRenderer
    from toolkit.config.model import Campaign, Region
    from toolkit.layout.model import Document
    from toolkit.render.profiles import Profile


@dataclass(frozen=True)
class Job:
    """One file to produce: what to render and how, and its manifest entry.

    kind 'pdf' renders the document under profile; 'png'/'jpeg' rasterise its single page
    to size_px; 'text' files carry their bytes in data.
    """

    path: str  # relative to the output folder
    region: str
    product: str
    format: str
    media: str  # 'print' or 'screen'
    document: Document | None
    profile: Profile | None
    meta: dict[str, Any] = field(default_factory=dict)
    kind: str = "pdf"
    size_px: tuple[int, int] = (0, 0)
    data: bytes | None = None


@dataclass
class BuildContext:
    """What every product build receives besides the campaign and region."""

    campaign: Campaign
    copy: CopyRenderer
    print_profile: Profile
    problems: Problems
    year: int  # the year of the Week tegen Kindermishandeling the social series is dated in

    @contextmanager
    def collecting(self) -> Iterator[None]:
        """Record a bad-input error and go on, so one run reports every problem."""
        try:
            yield
        except ToolkitError as error:
            self.problems.absorb(error)


Builder = Callable[["Region", BuildContext], list[Job]]


def registry() -> dict[str, Builder]:
    """Return product name -> build function (imported lazily to keep start-up fast).

    'deskcard' builds the cube too (the desk companions come as a set); 'cube' alone
    builds just the cube. A file wanted twice is made once.
    """
    import importlib

    from toolkit.catalog import PRODUCTS

    return {name: importlib.import_module(f"toolkit.products.{name}").build
            for name in PRODUCTS}
