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
from toolkit.config.messages import LANGUAGES, _, _n, speaking
from toolkit.errors import OutputError, ToolkitError
from toolkit.formats import BLEED_MM, MAX_BLEED_MM

EXIT_OK, EXIT_INTERNAL, EXIT_INPUT, EXIT_OUTPUT = 0, 1, 2, 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="make_toolkit.py",
        description=_("Build the campaign toolkit (posters and more) for every region."))
    parser.add_argument("--version", action="version", version=f"toolkit {__version__}")
    commands = parser.add_subparsers(dest="command")
    for name, text in (("build", _("build the toolkit (the default)")),
                       ("check", _("validate every input; write nothing")),
                       ("merge", _("join the manifests of shard builds (--shard K/N) in --out "
                                   "into one manifest and write the download page"))):
        command = commands.add_parser(name, help=text, description=text)
        _add_options(command)
    _add_options(parser)
    text = _("show the chosen regions' items as a gallery in the browser, rebuilt as you edit")
    studio = commands.add_parser("studio", help=text, description=text)
    for flag, help_text in (("--campaign", _("campaign folder (default: .)")),
                            ("--out", _("the studio's own output folder (default: studio/ in "
                                        "the campaign folder)"))):
        studio.add_argument(flag, type=Path, default=argparse.SUPPRESS, help=help_text)
    studio.add_argument("--region", action="append", default=argparse.SUPPRESS, metavar="ID",
                        help=_("show this region (repeatable; default: the first real one)"))
    studio.add_argument("--only", action="append", default=argparse.SUPPRESS,
                        metavar="PRODUCT", help=_("show only this product (repeatable)"))
    studio.add_argument("--port", type=int, default=argparse.SUPPRESS,
                        help=_("port on 127.0.0.1 (default 8765, or a free one; 0: any free)"))
    studio.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS,
                        help=_("language of the messages: nl (the default) or en"))
    text = _("make a new region folder: region.toml, an empty sociale kaart and logos/")
    region = commands.add_parser("new-region", help=text, description=text)
    region.add_argument("id", help=_("the region's id: lower-case letters, digits and '-'"))
    region.add_argument("--name", required=True, help=_("the region's name as printed"))
    region.add_argument("--campaign", type=Path, default=argparse.SUPPRESS,
                        help=_("campaign folder (default: .)"))
    region.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS,
                        help=_("language of the messages: nl (the default) or en"))
    return parser


def _add_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--campaign", type=Path, default=argparse.SUPPRESS,
                        help=_("campaign folder with assets/ and templates/ (default: .)"))
    parser.add_argument("--out", type=Path, default=argparse.SUPPRESS,
                        help=_("output folder (default: output/ in the campaign folder)"))
    parser.add_argument("--region", action="append", default=argparse.SUPPRESS,
                        metavar="ID", help=_("build only this region (repeatable)"))
    parser.add_argument("--only", action="append", default=argparse.SUPPRESS,
                        metavar="PRODUCT", help=_("build only this product (repeatable)"))
    parser.add_argument("--item", action="append", default=argparse.SUPPRESS, metavar="NAME",
                        help=_("build only this item: its file name as in the manifest, "
                               "like poster-buren-A4 (repeatable)"))
    parser.add_argument("--bleed-mm", type=float, default=argparse.SUPPRESS,
                        help=_("bleed on every side in mm (default {bleed}, at most "
                               "{most})", bleed=BLEED_MM, most=MAX_BLEED_MM))
    parser.add_argument("--no-crop-marks", action="store_true", default=argparse.SUPPRESS,
                        help=_("leave crop marks out (boxes stay right)"))
    parser.add_argument("--year", type=_year, default=argparse.SUPPRESS,
                        help=_("year of the Week tegen Kindermishandeling for the social "
                               "series' dates (default: this year)"))
    parser.add_argument("--jobs", type=int, default=argparse.SUPPRESS, metavar="N",
                        help=_("worker processes (default: the number of cores)"))
    parser.add_argument("--force", action="store_true", default=argparse.SUPPRESS,
                        help=_("rebuild every file, even where nothing changed"))
    parser.add_argument("--shard", type=_shard, default=argparse.SUPPRESS, metavar="K/N",
                        help=_("build only the K-th of N stable parts of the regions"))
    parser.add_argument("--strict", action="store_true", default=argparse.SUPPRESS,
                        help=_("treat warnings as errors"))
    parser.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS,
                        help=_("print errors only"))
    parser.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS,
                        help=_("list every file written"))
    parser.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS,
                        help=_("language of the messages: nl (the default) or en"))


def _year(value: str) -> int:
    from toolkit.products.schedule import year_problem

    try:
        year = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(_("'{value}' is not a year", value=value)) from None
    wrong = year_problem(year)
    if wrong:
        raise argparse.ArgumentTypeError(wrong)
    return year


def _shard(value: str) -> tuple[int, int]:
    try:
        k, n = (int(part) for part in value.split("/"))
    except ValueError:
        raise argparse.ArgumentTypeError(_("'{value}' is not K/N (for example 1/4)",
                                             value=value)) from None
    if not 1 <= k <= n:
        raise argparse.ArgumentTypeError(_("'{value}': K must be between 1 and N",
                                             value=value))
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
    """Run the CLI; return the exit code. Messages are in the language of --lang, else
    TOOLKIT_LANG, else Dutch (toolkit.config.messages)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    with speaking(_language_asked(argv)):
        return _run(argv)


def _language_asked(argv: list[str]) -> str | None:
    """The --lang given, read before the parser is made (its help is in that language)."""
    for index, argument in enumerate(argv):
        if argument.startswith("--lang="):
            return argument.partition("=")[2]
        if argument == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
    return None


def _run(argv: list[str]) -> int:
    started = time.perf_counter()
    arguments = vars(_parser().parse_args(argv))
    root = arguments.get("campaign", Path.cwd())
    if arguments.get("command") in ("studio", "new-region"):
        return _tool(arguments, root)
    bleed = arguments.get("bleed_mm", BLEED_MM)
    quiet = arguments.get("quiet", False)
    if not 0 <= bleed <= MAX_BLEED_MM:
        print(_("error: --bleed-mm: {bleed} is outside 0 to {most} mm", bleed=bleed,
                most=MAX_BLEED_MM), file=sys.stderr)
        return EXIT_INPUT
    blocked = _file_in_the_way(arguments.get("out", root / "output"))
    if blocked is not None and arguments.get("command") != "check":
        print(_("error: --out: '{path}' is a file, not a folder (give a folder for the "
                "toolkit, or move the file)", path=blocked), file=sys.stderr)
        print(_n("{count} problem(s); nothing written.", "{count} problem(s); nothing written.",
                 1), file=sys.stderr)
        return EXIT_INPUT
    cached = _up_to_date(arguments, root, bleed)
    if cached is not None:
        for warning in cached:
            print(_("warning: {problem}", problem=warning), file=sys.stderr)
        if not quiet:
            out = arguments.get("out", root / "output")
            print(_("0 files written to {out} (nothing changed), {warnings}, {seconds} s",
                    out=out, warnings=_n("{count} warnings", "{count} warnings", len(cached)),
                    seconds=round(time.perf_counter() - started, 2)))
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
            print(_("error: {problem}", problem=problem), file=sys.stderr)
        print(_n("{count} problem(s); nothing written.", "{count} problem(s); nothing written.",
                 len(error.problems)), file=sys.stderr)
        return EXIT_OUTPUT if isinstance(error, OutputError) else EXIT_INPUT
    for warning in result.warnings:
        print(_("warning: {problem}", problem=warning), file=sys.stderr)
    if getattr(result, "recovered", None) is not None and not quiet:
        print(_n("finished an interrupted build first: {count} file(s) moved into place",
                 "finished an interrupted build first: {count} file(s) moved into place",
                 result.recovered))
    if arguments.get("verbose"):
        for entry in result.entries:
            print(_("  {path} ({size} bytes)", path=entry["path"], size=entry["bytes"]))
    for problem in (p for problems in result.failed.values() for p in problems):
        print(_("error: {problem}", problem=problem), file=sys.stderr)
    if result.failed:
        print(_("{count} problem(s) in region(s) {regions}: left as they were (their earlier "
                "files unchanged); the other regions were built",
                count=sum(map(len, result.failed.values())),
                regions=", ".join(sorted(result.failed))), file=sys.stderr)
    if not quiet:
        print(_summary(options, result))
        if result.open_first:
            print(_("open: {paths}", paths=", ".join(map(str, result.open_first))))
    return EXIT_INPUT if result.failed else EXIT_OK


def _summary(options, result) -> str:
    """The last line: what was done, warnings, seconds."""
    warnings = _n("{count} warnings", "{count} warnings", len(result.warnings))
    seconds = round(result.seconds, 2)
    if options.check_only:
        return _("checked, {warnings}, {seconds} s", warnings=warnings, seconds=seconds)
    return _("{files} files written to {out} ({megabytes} MB), {warnings}, {seconds} s",
             files=result.files, out=options.out, megabytes=round(result.bytes / 1e6, 1),
             warnings=warnings, seconds=seconds)


def _tool(arguments: dict, root: Path) -> int:
    """The coordinator's tools beside the build: studio and new-region."""
    try:
        if arguments["command"] == "new-region":
            from toolkit.run.newregion import new_region

            made = new_region(root, arguments["id"], arguments["name"])
            print(_("made {folder}: fill in {file}, put the logos in logos/ and the "
                    "organisations in sociale-kaart.csv; then build --region {id}",
                    folder=made[0].parent, file=made[0], id=arguments["id"]))
            return EXIT_OK
        from toolkit.run.studio import studio

        return studio(root, arguments.get("out", root / "studio"),
                      tuple(arguments.get("region", ())), arguments.get("port"),
                      tuple(arguments.get("only", ())))
    except ToolkitError as error:
        for problem in error.problems:
            print(_("error: {problem}", problem=problem), file=sys.stderr)
        return EXIT_INPUT


def _say_what_to_open(out: Path, regions) -> None:
    """The download page and the regions' contact sheets, where they exist."""
    from toolkit.publish.outputs import read_manifest

    sheets = sorted(e["path"] for e in read_manifest(out) if e.get("product") ==
                    "contactsheet" and e["path"].endswith(".pdf")
                    and (not regions or e.get("region") in regions))
    paths = [out / path for path in ["index.html", *sheets] if (out / path).is_file()]
    if paths:
        print(_("open: {paths}", paths=", ".join(map(str, paths))))
