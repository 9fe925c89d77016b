"""Events: files in events/ -> checked, frozen `Event`s -> `Occurrence`s in a window. Pure: no Pelican.

Times are kept as written: a naive local date-time plus the event's time zone (or a date for an
all-day event). They become aware datetimes only when an occurrence is placed, so recurrence runs
on the wall clock and survives the clock changes (see `recurrence`).
"""
from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

from . import schema
from .fields import INVALID, SLUG, Checker, slugify
from .model import Vocabulary
from .recurrence import MONTH_NAMES, Rule, describe, local_dates, local_until, nonexistent, place
from .yamlio import Document, Problem, read_file, source_name

EVENT_SUFFIXES = (".yaml", ".yml")
RESERVED_SLUGS = frozenset({"past", "categories", "organisers", "feeds", "index"})
STATUS_LABELS = {"confirmed": "Confirmed", "tentative": "To be confirmed", "cancelled": "Cancelled"}
FEATURE_LABELS = {
    "step-free": "Step-free access", "accessible-toilet": "Accessible toilet", "hearing-loop": "Hearing loop",
    "bsl": "British Sign Language interpreter", "captions": "Live captions", "quiet-space": "Quiet space",
    "seating": "Seating available throughout", "large-print": "Large-print materials",
    "parking": "Accessible parking", "assistance-dogs-welcome": "Assistance dogs welcome",
}
DEFAULTS = {
    "HUB_EVENTS_PATH": "events",
    "HUB_EVENTS_TIMEZONE": None,          # None: the TIMEZONE setting, else Europe/London
    "HUB_EVENTS_NOW": None,               # None: $HUB_EVENTS_NOW, else the real time
    "HUB_EVENTS_WINDOW_MONTHS": 12,       # upcoming occurrences listed and exported
    "HUB_EVENTS_ARCHIVE_MONTHS": 24,      # past occurrences kept in the archive
    "HUB_EVENTS_UID_DOMAIN": "hub.coalition.example.org",  # never change it: UIDs are built from it
    "HUB_PUBLIC_URL": "https://hub.coalition.example.org",  # for URL, webcal:// when SITEURL is relative
    "HUB_EVENTS_JSON": "events.json",
    "HUB_EVENTS_FEED": "events.ics",
    "HUB_FEED_CACHE": "data/feed-cache",
    "HUB_EVENTS_LOCK": "events/.sequence.json",
}


# --- settings ------------------------------------------------------------------------------------

def parse_now(value, zone: ZoneInfo) -> dt.datetime:
    """`HUB_EVENTS_NOW`: None (the real time), a date (its midnight in the hub's zone), or an ISO
    date-time (naive means the hub's zone). Always returned in UTC."""
    if value in (None, ""):
        return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    if isinstance(value, str):
        text = value.strip().replace("Z", "+00:00")
        try:
            value = dt.datetime.fromisoformat(text) if ("T" in text or " " in text) else dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"HUB_EVENTS_NOW={value!r} is not a date or an ISO date-time") from None
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time())
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    return value.astimezone(dt.timezone.utc)


@dataclass(frozen=True)
class EventSettings:
    root: Path
    timezone: str
    now: dt.datetime
    window_months: int = 12
    archive_months: int = 24
    uid_domain: str = DEFAULTS["HUB_EVENTS_UID_DOMAIN"]
    public_url: str = DEFAULTS["HUB_PUBLIC_URL"]
    site_url: str = ""
    events_dir: str = "events"
    feed_cache_dir: str = "data/feed-cache"
    lock_file: str = "events/.sequence.json"
    json_name: str = "events.json"
    feed_name: str = "events.ics"

    @classmethod
    def from_settings(cls, settings: Mapping | None = None, root: Path | None = None) -> "EventSettings":
        settings = dict(settings or {})

        def get(key):
            value = settings.get(key)
            return DEFAULTS[key] if value is None else value

        root = Path(root or settings.get("HUB_ROOT") or os.getcwd())
        timezone = settings.get("HUB_EVENTS_TIMEZONE") or settings.get("TIMEZONE") or "Europe/London"
        now_value = settings.get("HUB_EVENTS_NOW") or os.environ.get("HUB_EVENTS_NOW")
        site_url = settings.get("SITEURL") or ""
        public = site_url if site_url.startswith(("http://", "https://")) else get("HUB_PUBLIC_URL")
        return cls(root=root, timezone=timezone, now=parse_now(now_value, ZoneInfo(timezone)),
                   window_months=int(get("HUB_EVENTS_WINDOW_MONTHS")),
                   archive_months=int(get("HUB_EVENTS_ARCHIVE_MONTHS")),
                   uid_domain=get("HUB_EVENTS_UID_DOMAIN"), public_url=public.rstrip("/"),
                   site_url=site_url.rstrip("/"), events_dir=get("HUB_EVENTS_PATH"),
                   feed_cache_dir=get("HUB_FEED_CACHE"), lock_file=get("HUB_EVENTS_LOCK"),
                   json_name=get("HUB_EVENTS_JSON"), feed_name=get("HUB_EVENTS_FEED"))

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def events_path(self) -> Path:
        return self.root / self.events_dir

    @property
    def feed_cache(self) -> Path:
        return self.root / self.feed_cache_dir

    @property
    def lock_path(self) -> Path:
        return self.root / self.lock_file

    @property
    def window_end(self) -> dt.datetime:
        return self.now + relativedelta(months=self.window_months)

    @property
    def archive_start(self) -> dt.datetime:
        return self.now - relativedelta(months=self.archive_months)

    def public(self, path: str) -> str:
        """Absolute https URL of a path on the public site (for URL properties and subscriptions)."""
        return f"{self.public_url}/{path}"

    def link(self, path: str) -> str:
        """URL as members.json writes it: absolute when SITEURL is, else root-relative."""
        return f"{self.site_url}/{path}" if self.site_url else f"/{path}"


# --- model ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Location:
    name: str | None = None
    address: str | None = None
    postcode: str | None = None
    geo: tuple[float, float] | None = None

    @property
    def text(self) -> str:
        return ", ".join(part for part in (self.name, self.address, self.postcode) if part)


@dataclass(frozen=True)
class Accessibility:
    features: tuple[str, ...] = ()
    details: str | None = None

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(FEATURE_LABELS.get(f, f) for f in self.features)


@dataclass(frozen=True)
class Change:
    """One date of a series that is cancelled, moved or different. `date` is the date it would
    normally fall on; `start`/`end` are naive local (dates for all-day series), `end` exclusive."""

    date: dt.date
    status: str | None = None
    start: dt.date | dt.datetime | None = None
    end: dt.date | dt.datetime | None = None
    title: str | None = None
    location: Location | None = None
    online: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Repeat:
    rule: Rule
    except_dates: tuple[dt.date, ...] = ()
    changes: tuple[Change, ...] = ()

    def change_for(self, day: dt.date) -> Change | None:
        for change in self.changes:
            if change.date == day:
                return change
        return None


class _HasStatus:
    """Shared by events and their dates: both carry a `status` of confirmed/tentative/cancelled."""

    status: str

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass(frozen=True)
class Event(_HasStatus):
    slug: str
    uid: str
    title: str
    start: dt.date | dt.datetime   # naive local; a date for all-day events
    end: dt.date | dt.datetime     # exclusive (the day after the last day, for all-day events)
    timezone: str
    organiser: str
    source: str
    status: str = "confirmed"
    summary: str | None = None
    description: str | None = None
    description_is_markdown: bool = True  # False for imported feeds: plain text
    location: Location | None = None
    online: str | None = None
    categories: tuple[str, ...] = ()
    booking: str | None = None
    cost: str | None = None
    accessibility: Accessibility | None = None
    repeat: Repeat | None = None
    origin: str = "hub"                   # "hub" (events/) or "feed" (a member's events_feed)
    external_url: str | None = None       # the URL an imported event gave

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, dt.datetime)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def duration(self) -> dt.timedelta:
        return self.end - self.start

    @property
    def url(self) -> str:
        return f"events/{self.slug}/"

    @property
    def ics(self) -> str:
        return f"events/{self.slug}.ics"

    @property
    def rule_text(self) -> str | None:
        return describe(self.repeat.rule, self.start, self.zone) if self.repeat else None

    @property
    def clock_text(self) -> str:
        """'6:30pm to 8pm, UK time' for the series as planned; 'all day' for all-day events."""
        if self.all_day:
            return "all day"
        days = (self.end.date() - self.start.date()).days
        end = clock(self.end) + (f" {days} day{'s' if days > 1 else ''} later" if days else "")
        return f"{clock(self.start)} to {end}, {self.timezone.split('/')[-1].replace('_', ' ')} time"

    @property
    def last_day(self) -> dt.date:
        """The last day it happens on (for all-day events, `end` minus one day)."""
        if self.all_day:
            return self.end - dt.timedelta(days=1)
        return self.end.date()


@dataclass(frozen=True)
class Occurrence(_HasStatus):
    """One date of an event: aware start/end (dates for all-day events, end exclusive)."""

    event: Event
    start: dt.date | dt.datetime
    end: dt.date | dt.datetime
    status: str
    original: dt.date | dt.datetime | None = None   # RECURRENCE-ID: the start it would have had
    title: str = ""
    location: Location | None = None
    online: str | None = None
    note: str | None = None
    changed: bool = False

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, dt.datetime)

    @property
    def instant(self) -> dt.datetime:
        return _instant(self.start, self.event.zone)

    @property
    def end_instant(self) -> dt.datetime:
        return _instant(self.end, self.event.zone)

    @property
    def local_date(self) -> dt.date:
        return self.start if self.all_day else self.start.date()

    @property
    def anchor(self) -> str:
        day = self.original if self.original is not None else self.start
        day = day if not isinstance(day, dt.datetime) else day.date()
        return f"on-{day.isoformat()}"

    @property
    def iso_start(self) -> str:
        return self.start.isoformat()

    @property
    def iso_end(self) -> str:
        return self.end.isoformat()

    @property
    def when(self) -> str:
        return when_text(self.start, self.end, self.event.zone)

    def when_in(self, timezone: str) -> str | None:
        """The same times in another zone (e.g. the hub's), or None when it is the same zone."""
        if self.all_day or timezone == self.event.timezone:
            return None
        zone = ZoneInfo(timezone)
        return when_text(self.start.astimezone(zone), self.end.astimezone(zone), zone)

    @property
    def moved(self) -> bool:
        return self.original is not None and self.start != self.original

    @property
    def original_text(self) -> str | None:
        """'Thursday 8 April 2027': the date a moved occurrence would have had."""
        if self.original is None:
            return None
        day = self.original if not isinstance(self.original, dt.datetime) else self.original.date()
        return long_date(day)

    @property
    def day_number(self) -> int:
        return self.local_date.day

    @property
    def weekday_short(self) -> str:
        return self.local_date.strftime("%a")

    @property
    def month_short(self) -> str:
        return MONTH_NAMES[self.local_date.month - 1][:3]

    @property
    def month_label(self) -> str:
        return f"{MONTH_NAMES[self.local_date.month - 1]} {self.local_date.year}"


def _instant(value, zone: ZoneInfo) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.timezone.utc)
    return dt.datetime.combine(value, dt.time(), tzinfo=zone).astimezone(dt.timezone.utc)


# --- words ---------------------------------------------------------------------------------------

def long_date(day: dt.date) -> str:
    return f"{day.strftime('%A')} {day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def clock(moment: dt.datetime | dt.time) -> str:
    if moment.hour == 0 and moment.minute == 0:
        return "midnight"
    if moment.hour == 12 and moment.minute == 0:
        return "12 noon"
    hour = moment.hour % 12 or 12
    minutes = f":{moment.minute:02d}" if moment.minute else ""
    return f"{hour}{minutes}{'am' if moment.hour < 12 else 'pm'}"


def zone_label(zone: ZoneInfo, moment: dt.datetime) -> str:
    """'GMT', 'BST'; a zone whose abbreviation is only an offset ('+04') shows its city too."""
    abbreviation = moment.tzname() or ""
    city = str(zone.key).split("/")[-1].replace("_", " ")
    if not abbreviation or abbreviation[0] in "+-":
        return f"{city} time"
    return abbreviation


def when_text(start, end, zone: ZoneInfo) -> str:
    """'Thursday 17 December 2026, 6:30pm to 8pm (GMT)' and friends; `end` is exclusive."""
    if not isinstance(start, dt.datetime):
        last = end - dt.timedelta(days=1)
        if last <= start:
            return f"{long_date(start)} (all day)"
        return f"{long_date(start)} to {long_date(last)} (all day)"
    label = zone_label(zone, start)
    end_label = zone_label(zone, end)
    if start.date() == end.date() or (end - start <= dt.timedelta(hours=24) and end.time() == dt.time()
                                      and end.date() == start.date() + dt.timedelta(days=1)):
        text = f"{long_date(start.date())}, {clock(start)} to {clock(end)}"
    else:
        text = f"{long_date(start.date())}, {clock(start)} to {long_date(end.date())}, {clock(end)}"
    return f"{text} ({label})" if label == end_label else f"{text} ({label} to {end_label})"


# --- loading and checking ------------------------------------------------------------------------

def event_files(events_path: Path) -> tuple[list[Path], list[Path]]:
    """(event files, other files that look like mistakes). Dotfiles and READMEs are not events."""
    if not events_path.is_dir():
        return [], []
    events, others = [], []
    for path in sorted(events_path.iterdir()):
        if path.name.startswith(".") or not path.is_file() or path.stem.upper() == "README":
            continue
        (events if path.suffix in EVENT_SUFFIXES else others).append(path)
    return events, others


class _Report:
    """Problems about one file whose field name and line differ (e.g. a missing field)."""

    def __init__(self, checker: Checker):
        self.checker = checker

    def at(self, path, message: str, field_name: str | None = None):
        if field_name is None:
            self.checker.problem(path, message)
        else:
            self.checker.problems.append(Problem(self.checker.doc.source, self.checker.doc.line_of(path),
                                                 field_name, message))


def _location(value) -> Location | None:
    if not value:
        return None
    return Location(name=value["name"], address=value["address"], postcode=value["postcode"], geo=value["geo"])


def _check_location(value, path, report: _Report) -> bool:
    if value and not (value["name"] or value["address"]):
        report.at(path, "needs at least the venue's 'name' or its 'address'")
        return False
    return True


def _end_of(start, end, duration, path, report: _Report, what: str = "'start'"):
    """Exclusive end from `end` or `duration`, or None after reporting a problem."""
    all_day = not isinstance(start, dt.datetime)
    if end is not None and duration is not None:
        report.at(path + ("duration",), "write either 'end' or 'duration', not both")
        return None
    if end is not None:
        if all_day:
            if isinstance(end, (dt.datetime, dt.time)):
                report.at(path + ("end",), f"has a time, but {what} is a date alone (an all-day event); write "
                          "the last day as a date, e.g. 2027-05-02, or give the start a time too")
                return None
            if end < start:
                report.at(path + ("end",), f"{end.isoformat()} is before {what} ({start.isoformat()}); for an "
                          "all-day event 'end' is the last day")
                return None
            return end + dt.timedelta(days=1)
        if isinstance(end, dt.time):
            end = dt.datetime.combine(start.date(), end)
        elif not isinstance(end, dt.datetime):
            report.at(path + ("end",), f"is a date alone, but {what} has a time; write the end time too, "
                      f"e.g. {start.strftime('%Y-%m-%d')} 20:00, or just \"20:00\" for the same day")
            return None
        if end <= start:
            report.at(path + ("end",), f"{end.strftime('%Y-%m-%d %H:%M')} is not after {what} "
                      f"({start.strftime('%Y-%m-%d %H:%M')}); for an event that ends after midnight write "
                      "the full date and time")
            return None
        return end
    if duration is not None:
        if all_day:
            if duration % dt.timedelta(days=1):
                report.at(path + ("duration",), "an all-day event lasts whole days; write e.g. '2 days', or "
                          "give 'start' a time")
                return None
            return start + dt.timedelta(days=duration.days)
        return start + duration
    if all_day:
        return start + dt.timedelta(days=1)
    report.at(path + ("start",), "is needed because 'start' has a time: add 'end' (e.g. "
              f"'end: {start.strftime('%Y-%m-%d')} 20:00') or 'duration' (e.g. 'duration: 90 minutes')",
              field_name="end")
    return None


def _check_clock(value, zone: ZoneInfo, path, report: _Report) -> bool:
    if isinstance(value, dt.datetime) and nonexistent(value, zone):
        report.at(path, f"{value.strftime('%Y-%m-%d %H:%M')} does not exist in {zone.key}: the clocks go "
                  "forward that night; choose a time outside the change")
        return False
    return True


def _nearest(day: dt.date, dates: list[dt.date]) -> str:
    before = [d for d in dates if d < day]
    after = [d for d in dates if d > day]
    near = ([long_date(before[-1])] if before else []) + ([long_date(after[0])] if after else [])
    return " and ".join(near) if near else "none"


def _check_repeat(checked, start, end, zone: ZoneInfo, report: _Report) -> Repeat | None:
    value = checked["repeat"]
    rule: Rule = value["rule"]
    all_day = not isinstance(start, dt.datetime)
    ok = True
    until = local_until(rule, zone, all_day)
    if until is not None and until < start:
        report.at(("repeat", "rule"), f"UNTIL={rule.until()} is before 'start'; the series would never happen")
        return None
    first = local_dates(rule, start, zone, limit=1)
    begin = start if isinstance(start, dt.datetime) else dt.datetime.combine(start, dt.time())
    if not first or first[0] != begin:
        if not first or (first[0] - begin).days > 3660:
            report.at(("repeat", "rule"), f"{rule.text} gives no date from 'start' ({start.isoformat()[:10]}) on; "
                      "check BYDAY, BYMONTHDAY and BYMONTH")
        else:
            report.at(("repeat", "rule"), f"'start' ({long_date(begin.date())}) is not a date of "
                      f"{rule.text}, whose first date is {long_date(first[0].date())}; make 'start' the first "
                      "date of the series")
        return None
    named = sorted({*value["except"], *(c["date"] for c in value["changes"])})
    dates: list[dt.date] = []
    if named:
        horizon = dt.datetime.combine(named[-1], dt.time(23, 59, 59))
        dates = [d.date() for d in local_dates(rule, start, zone, before=horizon)]
        later = local_dates(rule, start, zone, after=horizon, limit=1)
        dates += [d.date() for d in later]
    known = set(dates)
    for index, day in enumerate(value["except"]):
        if day not in known:
            report.at(("repeat", "except", index), f"{day.isoformat()} is not a date of this series; the "
                      f"nearest are {_nearest(day, dates)}")
            ok = False
    changes = []
    seen: dict[dt.date, int] = {}
    excepted = set(value["except"])
    duration = end - start
    for index, change in enumerate(value["changes"]):
        path = ("repeat", "changes", index)
        day = change["date"]
        if day not in known:
            report.at(path + ("date",), f"{day.isoformat()} is not a date of this series; the nearest are "
                      f"{_nearest(day, dates)}")
            ok = False
            continue
        if day in seen:
            report.at(path + ("date",), f"{day.isoformat()} is already changed by changes[{seen[day]}]; "
                      "put everything about that date in one entry")
            ok = False
            continue
        seen[day] = index
        if day in excepted:
            report.at(path + ("date",), f"{day.isoformat()} is also listed in 'except', which removes it; "
                      "remove it from one of the two")
            ok = False
            continue
        if not any(change[key] for key in ("status", "start", "end", "title", "location", "online", "note")):
            report.at(path, "says nothing about this date; add 'status: cancelled', a new 'start', or what "
                      "is different")
            ok = False
            continue
        new_start = change["start"]
        if new_start is not None and isinstance(new_start, dt.datetime) == all_day:
            report.at(path + ("start",), "must be a date alone, like the event's start (an all-day event)"
                      if all_day else "needs a time, like the event's start, e.g. "
                      f"{new_start.isoformat()} {start.strftime('%H:%M')}")
            ok = False
            continue
        original = start.replace(year=day.year, month=day.month, day=day.day) if all_day else \
            dt.datetime.combine(day, start.time())
        base = new_start if new_start is not None else original
        if not _check_clock(new_start, zone, path + ("start",), report):
            ok = False
            continue
        new_end = None
        if change["end"] is not None:
            new_end = _end_of(base, change["end"], None, path, report, what="the start of this date")
            if new_end is None:
                ok = False
                continue
        elif new_start is not None:
            new_end = new_start + duration
        location = change["location"]
        if not _check_location(location, path + ("location",), report):
            ok = False
            continue
        changes.append(Change(date=day, status=change["status"], start=new_start, end=new_end,
                              title=change["title"], location=_location(location), online=change["online"],
                              note=change["note"]))
    if not ok:
        return None
    return Repeat(rule=rule, except_dates=tuple(sorted(value["except"])),
                  changes=tuple(sorted(changes, key=lambda c: c.date)))


def event_from_document(doc: Document, slug: str, settings: EventSettings, vocabulary: Vocabulary | None,
                        member_slugs: Iterable[str] | None) -> tuple[Event | None, list[Problem]]:
    checker = Checker(doc, {"vocabulary": vocabulary,
                            "member_slugs": None if member_slugs is None else frozenset(member_slugs)})
    report = _Report(checker)
    checked = schema.EVENT.check(doc.data, (), checker)
    valid = checked is not INVALID
    if not valid:
        if not isinstance(doc.data, dict):
            return None, checker.problems
        # Check how the fields that are right fit together too, so one run reports everything:
        # each field again on a scratch checker (its problems are already reported).
        scratch = Checker(doc, checker.context)
        checked = {spec.name: spec.kind.check(doc.data[spec.name], (spec.name,), scratch)
                   if doc.data.get(spec.name) not in (None, "", [], {}) else spec.default
                   for spec in schema.EVENT.fields}

    def good(*names) -> bool:
        return all(checked[name] is not INVALID for name in names)

    ok = valid
    timezone = checked["timezone"] or settings.timezone
    zone = ZoneInfo(timezone) if good("timezone") else None
    start = checked["start"] if good("start") else None
    end = None
    if start is not None and zone is not None:
        ok = _check_clock(start, zone, ("start",), report) and ok
    if start is not None and good("end", "duration"):
        end = _end_of(start, checked["end"], checked["duration"], (), report)
        if end is not None and zone is not None:
            ok = _check_clock(end, zone, ("end",), report) and ok
    ok = ok and end is not None
    location = checked["location"]
    if good("location", "online") and not location and not checked["online"]:
        report.at((), "an event needs a 'location' (in person), an 'online' link, or both", field_name="location")
        ok = False
    if good("location"):
        ok = _check_location(location, ("location",), report) and ok
    repeat = None
    if checked["repeat"] and good("repeat") and start is not None and zone is not None:
        planned_end = end or start + (dt.timedelta(hours=1) if isinstance(start, dt.datetime) else dt.timedelta(1))
        repeat = _check_repeat(checked, start, planned_end, zone, report)
        ok = ok and repeat is not None
    if not ok:
        return None, checker.problems
    access = checked["accessibility"]
    event = Event(
        slug=slug, uid=f"{slug}@{settings.uid_domain}", title=checked["title"], start=start, end=end,
        timezone=timezone, organiser=checked["organiser"], source=doc.source, status=checked["status"],
        summary=checked["summary"], description=checked["description"], location=_location(location),
        online=checked["online"], categories=tuple(checked["categories"]), booking=checked["booking"],
        cost=checked["cost"],
        accessibility=Accessibility(features=tuple(access["features"]), details=access["details"])
        if access else None,
        repeat=repeat)
    return event, []


def load_events(settings: EventSettings, vocabulary: Vocabulary | None = None,
                member_slugs: Iterable[str] | None = None) -> tuple[tuple[Event, ...], list[Problem]]:
    """Check every file in events/; returns the valid events and *all* problems found."""
    root = settings.root
    files, others = event_files(settings.events_path)
    problems: list[Problem] = []
    for path in others:
        problems.append(Problem(source_name(path, root), 1, "(file name)",
                                f"'{path.name}' is not a .yaml file; write each event as YAML in a file "
                                f"named like '{slugify(path.stem) or 'our-event'}.yaml' (see docs/events.md)"))
    events: list[Event] = []
    seen: dict[str, str] = {}
    member_slugs = None if member_slugs is None else frozenset(member_slugs)
    for path in files:
        source = source_name(path, root)
        slug = path.stem
        if not SLUG.match(slug):
            problems.append(Problem(source, 1, "(file name)",
                                    f"'{path.name}' is not a valid slug; the file name must be lowercase letters, "
                                    f"digits and single hyphens, e.g. '{slugify(slug) or 'our-event'}{path.suffix}'"))
            continue
        if slug in RESERVED_SLUGS:
            problems.append(Problem(source, 1, "(file name)",
                                    f"'{slug}' is used by the hub's own pages (events/{slug}/); choose another "
                                    f"file name, e.g. '{slug}-event{path.suffix}'"))
            continue
        if slug in seen:
            problems.append(Problem(source, 1, "(file name)",
                                    f"slug '{slug}' is already used by {seen[slug]}; rename one of the files"))
            continue
        seen[slug] = source
        doc, file_problems = read_file(path, source)
        if file_problems:
            problems.extend(file_problems)
            continue
        event, event_problems = event_from_document(doc, slug, settings, vocabulary, member_slugs)
        problems.extend(event_problems)
        if event is not None:
            events.append(event)
    events.sort(key=lambda e: e.slug)
    return tuple(events), sorted(problems, key=lambda p: (p.source, p.line, p.field))


# --- occurrences ---------------------------------------------------------------------------------

def _placed(value, zone: ZoneInfo):
    return place(value, zone) if isinstance(value, dt.datetime) else value


def _occurrence(event: Event, local_start, change: Change | None) -> Occurrence:
    zone = event.zone
    if event.all_day:
        local_start = local_start.date() if isinstance(local_start, dt.datetime) else local_start
    original = _placed(local_start, zone) if event.repeat else None
    start, end = local_start, local_start + event.duration
    status, title, location, online, note = event.status, event.title, event.location, event.online, None
    if change is not None:
        if change.start is not None:
            start = change.start
        if change.end is not None:
            end = change.end
        if event.status != "cancelled" and change.status:
            status = change.status
        title = change.title or title
        location = change.location or location
        online = change.online or online
        note = change.note
    return Occurrence(event=event, start=_placed(start, zone), end=_placed(end, zone), status=status,
                      original=original, title=title, location=location, online=online, note=note,
                      changed=change is not None)


def occurrences(event: Event, after: dt.datetime | None = None,
                before: dt.datetime | None = None) -> list[Occurrence]:
    """Occurrences that overlap [after, before) (aware datetimes; None for no bound), in order.
    Dates in `except` are left out; cancelled dates are kept, marked."""
    def overlaps(occ: Occurrence) -> bool:
        return (after is None or occ.end_instant > after) and (before is None or occ.instant < before)

    if event.repeat is None:
        occ = _occurrence(event, event.start, None)
        return [occ] if overlaps(occ) else []
    zone = event.zone
    margin = event.duration + dt.timedelta(days=2)
    low = after.astimezone(zone).replace(tzinfo=None) - margin if after is not None else None
    high = before.astimezone(zone).replace(tzinfo=None) + dt.timedelta(days=2) if before is not None else None
    if high is None and not (event.repeat.rule.until() or "COUNT" in event.repeat.rule.mapping):
        raise ValueError("an endless series needs an upper bound")
    repeat = event.repeat
    skipped = set(repeat.except_dates)
    changes = {change.date: change for change in repeat.changes}
    found: dict[dt.date, Occurrence] = {}
    for local in local_dates(repeat.rule, event.start, zone, after=low, before=high):
        day = local.date()
        if day in skipped:
            continue
        found[day] = _occurrence(event, local, changes.get(day))
    # A date moved into the window from outside it.
    for day, change in changes.items():
        if day not in found and change.start is not None:
            original = day if event.all_day else dt.datetime.combine(day, event.start.time())
            found[day] = _occurrence(event, original, change)
    result = [occ for occ in found.values() if overlaps(occ)]
    result.sort(key=lambda occ: (occ.instant, occ.anchor))
    return result


@dataclass
class Catalogue:
    """Every event with its occurrences, split into upcoming (in the window) and past (archive)."""

    settings: EventSettings
    events: tuple[Event, ...]
    upcoming: list[Occurrence] = field(default_factory=list)
    past: list[Occurrence] = field(default_factory=list)
    upcoming_by_event: dict[str, list[Occurrence]] = field(default_factory=dict)
    past_by_event: dict[str, list[Occurrence]] = field(default_factory=dict)
    by_organiser: dict[str, list[Occurrence]] = field(default_factory=dict)
    by_category: dict[str, list[Occurrence]] = field(default_factory=dict)
    events_by_organiser: dict[str, list[Event]] = field(default_factory=dict)
    events_by_category: dict[str, list[Event]] = field(default_factory=dict)
    by_slug: dict[str, Event] = field(default_factory=dict)

    @property
    def now(self) -> dt.datetime:
        return self.settings.now


def catalogue(events: Iterable[Event], settings: EventSettings) -> Catalogue:
    """Expand every event once over [archive start, window end): linear in the occurrences."""
    events = tuple(events)
    result = Catalogue(settings=settings, events=events, by_slug={e.slug: e for e in events})
    now = settings.now
    by_organiser, by_category = defaultdict(list), defaultdict(list)
    events_by_organiser, events_by_category = defaultdict(list), defaultdict(list)
    for event in events:
        events_by_organiser[event.organiser].append(event)
        for key in event.categories:
            events_by_category[key].append(event)
        upcoming, past = [], []
        for occ in occurrences(event, settings.archive_start, settings.window_end):
            (upcoming if occ.end_instant > now else past).append(occ)
        result.upcoming_by_event[event.slug] = upcoming
        result.past_by_event[event.slug] = past[::-1]
        result.upcoming.extend(upcoming)
        result.past.extend(past)
        by_organiser[event.organiser].extend(upcoming)
        for key in event.categories:
            by_category[key].extend(upcoming)
    order = lambda occ: (occ.instant, occ.title.casefold(), occ.event.slug)  # noqa: E731
    result.upcoming.sort(key=order)
    result.past.sort(key=order, reverse=True)
    for groups in (by_organiser, by_category):
        for occs in groups.values():
            occs.sort(key=order)
    result.by_organiser = dict(by_organiser)
    result.by_category = dict(by_category)
    result.events_by_organiser = dict(events_by_organiser)
    result.events_by_category = dict(events_by_category)
    return result


def by_month(occs: Iterable[Occurrence]) -> list[tuple[str, list[Occurrence]]]:
    """[('December 2026', [...]), ...] keeping the given order."""
    groups: dict[str, list[Occurrence]] = {}
    for occ in occs:
        groups.setdefault(occ.month_label, []).append(occ)
    return list(groups.items())


# --- open data -----------------------------------------------------------------------------------

def _iso(value) -> str:
    return value.isoformat()


def occurrence_record(occ: Occurrence, settings: EventSettings) -> dict:
    event = occ.event
    location = occ.location
    return {
        "uid": event.uid,
        "recurrence_id": _iso(occ.original) if occ.original is not None else None,
        "slug": event.slug,
        "title": occ.title,
        "summary": event.summary,
        "start": _iso(occ.start),
        "end": _iso(occ.end),
        "all_day": occ.all_day,
        "timezone": event.timezone,
        "status": occ.status,
        "note": occ.note,
        "organiser": event.organiser,
        "categories": list(event.categories),
        "url": settings.link(event.url) + f"#{occ.anchor}",
        "ics": settings.link(event.ics),
        "location": None if location is None else {
            "name": location.name, "address": location.address, "postcode": location.postcode,
            "geo": list(location.geo) if location.geo else None},
        "online": occ.online,
        "booking": event.booking,
        "cost": event.cost,
        "accessibility": list(event.accessibility.features) if event.accessibility else [],
        "source": "member-feed" if event.origin == "feed" else "hub",
    }


def events_document(cat: Catalogue) -> dict:
    settings = cat.settings
    return {
        "version": 1,
        "timezone": settings.timezone,
        "window": {"from": _iso(settings.now), "until": _iso(settings.window_end)},
        "feed": settings.link(settings.feed_name),
        "occurrences": [occurrence_record(occ, settings) for occ in cat.upcoming],
    }
