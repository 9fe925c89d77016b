"""The one declaration of what coordinators write for posts and reports: a post's header (`POST`),
a series (`SERIES`, content/series/<name>.yaml) and a report's figures (`FIGURE`, the
<post>.figures.yaml beside it). They drive the checks (`load`), the model and the tables in
docs/publishing.md (`invoke docs`)."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..core.fields import Choice, Field, Kind, ListOf, Record, Slug, Text, _describe, year_problem
from .periods import Period

# Pelican's category of a post -> the folder of content/ it lives in. The category names the section
# (/learning/, /reports/): a post with any other category would make a section nobody can reach.
CATEGORY_FOLDERS = {"Learning": "learning", "Reports": "reports"}
YEARS = range(1990, 2201)
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}))?$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


@dataclass(frozen=True)
class WrittenDate(Kind):
    """A date written in a header, `2027-01-15`, or a date and time, `2027-01-15 09:30`: the one
    format, so no date is read two ways (is 01/02/2027 the first of February or the second of January?)."""

    doc = "date `YYYY-MM-DD` (or `YYYY-MM-DD HH:MM`)"

    def check(self, value, path, checker):
        text = str(value).strip()
        match = _DATE.match(text)
        if not match:
            hint = "write it as YYYY-MM-DD, e.g. 2027-01-15"
            day_first = _DAY_FIRST.match(text)
            if day_first:
                day, month, year = (int(part) for part in day_first.groups())
                try:
                    meant = dt.date(year, month, day)
                except ValueError:
                    pass
                else:
                    hint = f"if you mean {day} {meant.strftime('%B')} {year}, write {meant.isoformat()}"
            return checker.problem(path, f"'{text}' is not a date in the form YYYY-MM-DD; {hint}")
        year, month, day, hour, minute = (int(part) if part else None for part in match.groups())
        try:
            when = dt.datetime(year, month, day, hour, minute) if hour is not None else dt.date(year, month, day)
        except ValueError:
            return checker.problem(path, f"'{text}' is not a real date or time; check the day, month and hour")
        problem = year_problem(when, YEARS)
        return checker.problem(path, problem) if problem else when


@dataclass(frozen=True)
class WholeNumber(Kind):
    minimum: int = 0
    maximum: int = 1000

    @property
    def doc(self) -> str:
        return f"whole number, {self.minimum} to {self.maximum}"

    def check(self, value, path, checker):
        text = str(value).strip()
        if not re.fullmatch(r"\d{1,6}", text):
            return checker.problem(path, f"'{text}' is not a whole number; write a number such as 3")
        number = int(text)
        if not self.minimum <= number <= self.maximum:
            return checker.problem(path, f"{number} is out of range; use {self.minimum} to {self.maximum}")
        return number


@dataclass(frozen=True)
class Quarter(Kind):
    doc = "quarter, `YYYY-Qn`, e.g. `2026-Q3`"

    def check(self, value, path, checker):
        try:
            return Period.parse(str(value))
        except ValueError as error:
            return checker.problem(path, str(error))


@dataclass(frozen=True)
class Number(Kind):
    """A number a figure shows: written as digits alone, never negative. A value like `74%` or
    `£10,000` is refused with the plain number to write (the kind of figure gives the % or £)."""

    doc = "number"

    def check(self, value, path, checker):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            plain = re.sub(r"[£$€%,\s]", "", str(value))
            hint = f"write the number alone, e.g. {plain}" if re.fullmatch(r"\d+(\.\d+)?", plain) else \
                "write the number alone, e.g. 74"
            return checker.problem(path, f"expected a number, found {_describe(value)} ('{value}'); {hint} "
                                   "(the figure's kind adds % or £)")
        if value != value or value in (float("inf"), float("-inf")):
            return checker.problem(path, f"'{value}' is not a number")
        if value < 0:
            return checker.problem(path, f"{value} is negative; a figure shows a count, an amount or a percentage")
        if value > 1e12:
            return checker.problem(path, f"{value} is too large to be a figure in a report")
        return value


# --- a post's header ------------------------------------------------------------------------------

POST = Record(what="post header", fields=(
    Field("Title", Text(max_length=150), required=True, help="The title, shown as the page's heading."),
    Field("Date", WrittenDate(), required=True,
          help="When it is published: `YYYY-MM-DD`, or `YYYY-MM-DD HH:MM` to order posts of one day."),
    Field("Modified", WrittenDate(), help="When it last changed, in the same form; feeds show it as updated."),
    Field("Category", Choice(options=tuple(CATEGORY_FOLDERS)), required=True,
          help="`Learning` for a post in `content/learning/`, `Reports` for one in `content/reports/`."),
    Field("Summary", Text(max_length=400, single_line=False), required=True,
          help="One or two plain sentences, shown in listings, feeds and search results."),
    Field("Slug", Slug(), help="Its address, `/learning/<slug>/`; by default made from the title."),
    Field("Authors", Text(max_length=200), help="Who wrote it, separated by commas; by default the coordinators."),
    Field("Tags", Text(max_length=300), help="A few plain words, separated by commas."),
    Field("Series", Slug(), help="The series it is part of: the name of a file in `content/series/` without "
          "`.yaml`."),
    Field("Series_order", WholeNumber(0, 200),
          help="Its place in the series: `0` for the introduction, then `1`, `2`, `3`… without gaps."),
    Field("Key", Slug(), help="In a series that declares keys: the key this part is about, e.g. `space`."),
    Field("Period", Quarter(), help="Reports only, and required there: the quarter it covers, e.g. `2026-Q3`."),
))

# Names Pelican gives the header's fields (it lowercases them), by the spelling declared above.
POST_FIELDS = {spec.name.lower(): spec.name for spec in POST.fields}

# --- a series -------------------------------------------------------------------------------------

SERIES_KEY = Record(what="key", fields=(
    Field("key", Slug(), required=True, help="A short name that members, events and the key's post use, "
          "e.g. `space`."),
    Field("label", Text(max_length=80), required=True, help="What the key says, e.g. `Consider your space`."),
))

SERIES = Record(what="series", fields=(
    Field("title", Text(max_length=120), required=True, help="The series' name, heading its index page."),
    Field("summary", Text(max_length=300), required=True, help="One or two sentences on what the series is."),
    Field("keys", ListOf(SERIES_KEY, max_items=30), default=(),
          help="Keys that members and events can say they practise (`keys: [space]` in a profile or an "
               "event), each with the post about it (`Key:`)."),
))

# --- a report's figures ---------------------------------------------------------------------------

FIGURE_KINDS = ("percentage", "count", "money", "before-after", "comparison")
MEASURES = ("percentage", "count", "money")
CHARTS = ("waffle", "donut", "bar")

FIGURE = Record(what="figure", fields=(
    Field("kind", Choice(options=FIGURE_KINDS), required=True,
          help="`percentage`, `count`, `money` (in pounds), `before-after` (two values) or `comparison` "
               "(a value and a benchmark)."),
    Field("label", Text(max_length=160), required=True,
          help="What the number is, as a phrase, e.g. `Members who say the coalition is uniquely placed`."),
    Field("value", Number(), help="The number, without % or £; every kind but `before-after`."),
    Field("before", Number(), help="`before-after`: the earlier number."),
    Field("after", Number(), help="`before-after`: the later number."),
    Field("before_label", Text(max_length=40), default="Before", help="`before-after`: when the earlier number is "
          "from, e.g. `April 2022`."),
    Field("after_label", Text(max_length=40), default="After", help="`before-after`: when the later one is from."),
    Field("benchmark", Number(), help="`comparison`: the number to compare with, e.g. a national figure."),
    Field("benchmark_label", Text(max_length=60), help="`comparison`: what the benchmark is, e.g. "
          "`National average`; required with `benchmark`."),
    Field("value_label", Text(max_length=60), default="Our members",
          help="`comparison`: whose the value is."),
    Field("measure", Choice(options=MEASURES), default="percentage",
          help="`before-after` and `comparison`: what the numbers are."),
    Field("unit", Text(max_length=40), help="`count`: what is counted, e.g. `grants`."),
    Field("chart", Choice(options=CHARTS), default="waffle",
          help="`percentage`: drawn as a `waffle` (100 squares), a `donut` or a `bar`."),
    Field("source", Text(max_length=200), required=True,
          help="Where the number comes from, e.g. `Member survey, May 2022`."),
    Field("note", Text(max_length=300), help="Anything a reader needs to read the number right."),
))
