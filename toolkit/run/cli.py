"""Command line: `python make_toolkit.py [build|check] [options]`.

Exit codes: 0 ok, 1 internal error, 2 bad input (every problem printed, nothing written),
3 the output folder cannot take the build (another build holds it, the disk is full, no
permission; earlier outputs unchanged).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from toolkit import __version__
from toolkit.errors import OutputError, ToolkitError
from toolkit.formats import BLEED_MM, MAX_BLEED_MM

EXIT_OK, EXIT_INTERNAL, EXIT_INPUT, EXIT_OUTPUT = 0, 1, 2, 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="make_toolkit.py",
        description="Build the campaign toolkit (posters and more) for every region.")
    parser.add_argument("--version", action="version", version=f"toolkit {__version__}")
    commands = parser.add_subparsers(dest="command")
    for name, text in (("build", "build the toolkit (the default)"),
                       ("check", "validate every input; write nothing"),
                       ("merge", "join the manifests of shard builds (--shard K/N) in --out "
                                 "into one manifest and write the download page")):
        command = commands.add_parser(name, help=text, description=text)
        _add_options(command)
    _add_options(parser)
    text = "show the chosen regions' items as a gallery in the browser, rebuilt as you edit"
    studio = commands.add_parser("studio", help=text, description=text)
    for flag, help_text in (("--campaign", "campaign folder (default: .)"),
                            ("--out", "the studio's own output folder (default: studio/ in "
                                      "the campaign folder)")):
        studio.add_argument(flag, type=Path, default=argparse.SUPPRESS, help=help_text)
    studio.add_argument("--region", action="append", default=argparse.SUPPRESS, metavar="ID",
                        help="show this region (repeatable; default: the first real one)")
    studio.add_argument("--only", action="append", default=argparse.SUPPRESS,
                        metavar="PRODUCT", help="show only this product (repeatable)")
    studio.add_argument("--port", type=int, default=argparse.SUPPRESS,
                        help="port on 127.0.0.1 (default 8765, or a free one; 0: any free)")
    text = "make a new region folder: region.toml, an empty sociale kaart and logos/"
    region = commands.add_parser("new-region", help=text, description=text)
    region.add_argument("id", help="the region's id: lower-case letters, digits and '-'")
    region.add_argument("--name", required=True, help="the region's name as printed")
    region.add_argument("--campaign", type=Path, default=argparse.SUPPRESS,
                        help="campaign folder (default: .)")
    return parser


def _add_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--campaign", type=Path, default=argparse.SUPPRESS,
                        help="campaign folder with assets/ and templates/ (default: .)")
    parser.add_argument("--out", type=Path, default=argparse.SUPPRESS,
                        help="output folder (default: output/ in the campaign folder)")
    parser.add_argument("--region", action="append", default=argparse.SUPPRESS,
                        metavar="ID", help="build only this region (repeatable)")
    parser.add_argument("--only", action="append", default=argparse.SUPPRESS,
                        metavar="PRODUCT", help="build only this product (repeatable)")
    parser.add_argument("--item", action="append", default=argparse.SUPPRESS, metavar="NAME",
                        help="build only this item: its file name as in the manifest, "
                        "like poster-buren-A4 (repeatable)")
    parser.add_argument("--bleed-mm", type=float, default=argparse.SUPPRESS,
                        help=f"bleed on every side (default {BLEED_MM:g}, at most "
                        f"{MAX_BLEED_MM:g})")
    parser.add_argument("--no-crop-marks", action="store_true", default=argparse.SUPPRESS,
                        help="leave crop marks out (boxes stay right)")
    parser.add_argument("--year", type=int, default=argparse.SUPPRESS,
                        help="year of the Week tegen Kindermishandeling for the social "
                        "series' dates (default: this year)")
    parser.add_argument("--jobs", type=int, default=argparse.SUPPRESS, metavar="N",
                        help="worker processes (default: the number of cores)")
    parser.add_argument("--force", action="store_true", default=argparse.SUPPRESS,
                        help="rebuild every file, even where nothing changed")
    parser.add_argument("--shard", type=_shard, default=argparse.SUPPRESS, metavar="K/N",
                        help="build only the K-th of N stable parts of the regions")
    parser.add_argument("--strict", action="store_true", default=argparse.SUPPRESS,
                        help="treat warnings as errors")
    parser.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS,
                        help="print errors only")
    parser.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS,
                        help="list every file written")


def _shard(value: str) -> tuple[int, int]:
    try:
        k, n = (int(part) for part in value.split("/"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not K/N (for example 1/4)") from None
    if not 1 <= k <= n:
        raise argparse.ArgumentTypeError(f"'{value}': K must be between 1 and N")
    return k, n


def _up_to_date(arguments: dict, root: Path, bleed: float) -> list | None:
    """A plain build whose every input is unchanged since the last one: its warnings
    (kept with the cache, and the schedule's), answered before the drawing code is
    imported (see toolkit.run.incremental); None when there is work to do."""
    if arguments.get("command", "build") != "build" or arguments.get("force") \
            or arguments.get("strict") or arguments.get("shard") or arguments.get("item"):
        return None
    from toolkit.catalog import PRODUCTS
    from toolkit.run.incremental import nothing_to_do, output_options

    from toolkit.products.schedule import past_posts

    options = output_options(bleed, not arguments.get("no_crop_marks", False),
                             arguments.get("year"))
    products = tuple(arguments.get("only", ())) or PRODUCTS
    warnings = nothing_to_do(root, arguments.get("out", root / "output"),
                             tuple(arguments.get("region", ())), products, options)
    late = past_posts(options["year"]) if "social" in products else None
    return None if warnings is None else [late, *warnings] if late else warnings


def _file_in_the_way(out: Path) -> Path | None:
    """The existing file (not folder) at out or above it, which no output could go into."""
    for path in (out, *out.parents):
        if path.exists():
            return None if path.is_dir() else path
    return None


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; return the exit code."""
    started = time.perf_counter()
    arguments = vars(_parser().parse_args(argv))
    root = arguments.get("campaign", Path.cwd())
    if arguments.get("command") in ("studio", "new-region"):
        return _tool(arguments, root)
    bleed = arguments.get("bleed_mm", BLEED_MM)
    quiet = arguments.get("quiet", False)
    if not 0 <= bleed <= MAX_BLEED_MM:
        print(f"error: --bleed-mm: {bleed:g} is outside 0..{MAX_BLEED_MM:g} mm", file=sys.stderr)
        return EXIT_INPUT
    blocked = _file_in_the_way(arguments.get("out", root / "output"))
    if blocked is not None and arguments.get("command") != "check":
        print(f"error: --out: '{blocked}' is a file, not a folder (give a folder for the "
              "toolkit, or move the file)", file=sys.stderr)
        print("1 problem(s); nothing written.", file=sys.stderr)
        return EXIT_INPUT
    cached = _up_to_date(arguments, root, bleed)
    if cached is not None:
        for warning in cached:
            print(f"warning: {warning}", file=sys.stderr)
        if not quiet:
            out = arguments.get("out", root / "output")
            print(f"0 files written to {out} (nothing changed), {len(cached)} warnings, "
                  f"{time.perf_counter() - started:.2f} s")
            _say_what_to_open(out, arguments.get("region", ()))
        return EXIT_OK
    from toolkit.run.build import BuildOptions, build

    options = BuildOptions(
        root=root, out=arguments.get("out", root / "output"),
        regions=tuple(arguments.get("region", ())), only=tuple(arguments.get("only", ())),
        bleed_mm=bleed, crop_marks=not arguments.get("no_crop_marks", False),
        check_only=arguments.get("command") == "check", strict=arguments.get("strict", False),
        year=arguments.get("year"), force=arguments.get("force", False),
        jobs=max(1, arguments.get("jobs", os.cpu_count() or 1)), progress=not quiet,
        shard=arguments.get("shard"), items=tuple(arguments.get("item", ())),
    )
    try:
        if arguments.get("command") == "merge":
            from toolkit.run.build import merge

            result = merge(root, options.out)
        else:
            result = build(options)
    except ToolkitError as error:
        for problem in error.problems:
            print(f"error: {problem}", file=sys.stderr)
        print(f"{len(error.problems)} problem(s); nothing written.", file=sys.stderr)
        return EXIT_OUTPUT if isinstance(error, OutputError) else EXIT_INPUT
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if getattr(result, "recovered", None) is not None and not quiet:
        print(f"finished an interrupted build first: {result.recovered} file(s) moved into "
              "place")
    if arguments.get("verbose"):
        for entry in result.entries:
            print(f"  {entry['path']} ({entry['bytes']:,} bytes)")
    for problem in (p for problems in result.failed.values() for p in problems):
        print(f"error: {problem}", file=sys.stderr)
    if result.failed:
        print(REGIONS_LEFT.format(count=sum(map(len, result.failed.values())),
                                  regions=", ".join(sorted(result.failed))), file=sys.stderr)
    if not quiet:
        action = "checked" if options.check_only else f"{result.files} files written to " \
            f"{options.out} ({result.bytes / 1e6:.1f} MB)"
        print(f"{action}, {len(result.warnings)} warnings, {result.seconds:.2f} s")
        if result.open_first:
            print(OPEN_FIRST.format(paths=", ".join(result.open_first)))
    return EXIT_INPUT if result.failed else EXIT_OK


def _tool(arguments: dict, root: Path) -> int:
    """The coordinator's tools beside the build: studio and new-region."""
    try:
        if arguments["command"] == "new-region":
            from toolkit.run.newregion import new_region

            made = new_region(root, arguments["id"], arguments["name"])
            print(NEW_REGION.format(folder=made[0].parent, file=made[0], id=arguments["id"]))
            return EXIT_OK
        from toolkit.run.studio import studio

        return studio(root, arguments.get("out", root / "studio"),
                      tuple(arguments.get("region", ())), arguments.get("port"),
                      tuple(arguments.get("only", ())))
    except ToolkitError as error:
        for problem in error.problems:
            print(f"error: {problem}", file=sys.stderr)
        return EXIT_INPUT


NEW_REGION = ("made {folder}: fill in {file}, put the logos in logos/ and the organisations "
              "in sociale-kaart.csv; then build --region {id}")
REGIONS_LEFT = ("{count} problem(s) in region(s) {regions}: left as they were (their earlier "
                "files unchanged); the other regions were built")
OPEN_FIRST = "open: {paths}"


def _say_what_to_open(out: Path, regions) -> None:
    """The download page and the regions' contact sheets, where they exist."""
    from toolkit.publish.outputs import read_manifest

    sheets = sorted(e["path"] for e in read_manifest(out) if e.get("product") ==
                    "contactsheet" and e["path"].endswith(".pdf")
                    and (not regions or e.get("region") in regions))
    paths = [out / path for path in ["index.html", *sheets] if (out / path).is_file()]
    if paths:
        print(OPEN_FIRST.format(paths=", ".join(map(str, paths))))
