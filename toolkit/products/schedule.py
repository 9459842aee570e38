"""When the social series is posted: the Week tegen Kindermishandeling (the week that
holds 20 November) and the two weeks before it, and which week that is by default.

"Today" is the reproducible-builds convention: SOURCE_DATE_EPOCH when it is set (a
release build, a test), else the machine's date. The default year is the year of the next
week that has not ended yet, so a schedule made on 30 November lands in next year's
November, never in the past; a post that still lies before today (a build during the
lead-in, or an explicit --year) is a warning, checked against today on every build, so a
cached file cannot hide it.

This module stays light (no drawing code): the CLI's up-to-date answer uses it.
"""

from __future__ import annotations

import datetime
import os

from toolkit.config.messages import _
from toolkit.errors import InputError, Problem

WEEK_DAYS = 7
WEEK_ANCHOR = (11, 20)  # the week of 20 November: international day of children's rights
LEAD_IN_DAYS = 14  # the other designs are scheduled in the two weeks before the week
TODAY_VARIABLE = "SOURCE_DATE_EPOCH"
# The years a series can be dated in (--year; SOURCE_DATE_EPOCH up to the last): a
# campaign's, with room; beyond them the dates overflow the calendar (year 0, 10**20).
FIRST_YEAR, LAST_YEAR = 2000, 2199


def today() -> datetime.date:
    """The build's date: SOURCE_DATE_EPOCH (seconds, UTC) when set, else the local date."""
    epoch = os.environ.get(TODAY_VARIABLE, "").strip()
    if epoch.isdigit():
        try:
            day = datetime.datetime.fromtimestamp(int(epoch[:20]), datetime.timezone.utc).date()
        except (ValueError, OverflowError, OSError):  # past year 9999
            day = None
        if day is None or day.year > LAST_YEAR:  # 0 (1970) is a common choice: fine
            raise InputError(TODAY_VARIABLE, "", _(
                "{seconds} seconds after 1970 is not a date before {last}",
                seconds=epoch[:20], last=str(LAST_YEAR + 1)), _(
                "set it to the time of the release in seconds, or unset it"))
        return day
    return datetime.date.today()


def year_problem(year: int) -> str | None:
    """What is wrong with a year to date the series in (--year), or None."""
    if FIRST_YEAR <= year <= LAST_YEAR:
        return None
    return _("{year} is not a year from {first} to {last}", year=str(year)[:20],
             first=str(FIRST_YEAR), last=str(LAST_YEAR))


def week_dates(year: int) -> list[datetime.date]:
    """Monday to Sunday of the week that holds 20 November."""
    anchor = datetime.date(year, *WEEK_ANCHOR)
    monday = anchor - datetime.timedelta(days=anchor.weekday())
    return [monday + datetime.timedelta(days=offset) for offset in range(WEEK_DAYS)]


def default_year(on: datetime.date | None = None) -> int:
    """The year of the next Week tegen Kindermishandeling that has not ended on that day."""
    on = on or today()
    return on.year if week_dates(on.year)[-1] >= on else on.year + 1


def lead_in_start(year: int) -> datetime.date:
    """The first posting day: LEAD_IN_DAYS before the week's Monday."""
    return week_dates(year)[0] - datetime.timedelta(days=LEAD_IN_DAYS)


def past_posts(year: int, on: datetime.date | None = None) -> Problem | None:
    """A warning when the series of that year has posting dates before the day."""
    on = on or today()
    first = lead_in_start(year)
    if first >= on:
        return None
    later = default_year(on) if year < default_year(on) else default_year(on) + 1
    dates = {"first": first.isoformat(), "last": week_dates(year)[-1].isoformat(),
             "today": on.isoformat()}
    if week_dates(year)[-1] < on:
        message = _("all posting dates lie in the past: the series runs from {first} to "
                    "{last}, today is {today}", **dates)
    else:
        message = _("some posting dates lie in the past: the series runs from {first} to "
                    "{last}, today is {today}", **dates)
    return Problem("social/planning.csv", "date", message, _(
        "post those now or leave them out; --year {year} dates the series in a week still "
        "to come", year=str(later)))
