"""events/*.yaml -> checked, frozen `Event`s, with every problem of every file collected. Pure."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from ..core.fields import INVALID, Checker
from ..core.loader import CheckArguments, Collection, check_entries, collection_files, written_field_problems
from ..core.model import Places, Vocabulary
from ..core.settings import HubSettings
from ..core.yamlio import Document, Problem
from . import schema
from .model import Accessibility, Change, Event, Location, Repeat
from .recurrence import Rule, local_dates, local_until, nonexistent
from .words import long_date

EVENTS = Collection("event", "our-event", "docs/events.md",
                    reserved=frozenset({"past", "categories", "organisers", "feeds", "index",
                                        "areas", "online", "in-person", "free", "access", "page"}))


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


@dataclass(frozen=True)
class EventDefaults:
    """What checking an event reads of the settings."""

    timezone: str
    uid_domain: str


def event_from_document(doc: Document, slug: str, settings: EventDefaults, vocabulary: Vocabulary | None,
                        member_slugs: Iterable[str] | None, practice_keys: dict[str, str] | None = None,
                        places: Places | None = None) -> tuple[Event | None, list[Problem]]:
    checker = Checker(doc, {"vocabulary": vocabulary, "practice_keys": practice_keys, "places": places,
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
        online=checked["online"], localities=tuple(checked["localities"]),
        categories=tuple(checked["categories"]), booking=checked["booking"],
        cost=checked["cost"],
        accessibility=Accessibility(features=tuple(access["features"]), details=access["details"])
        if access else None,
        repeat=repeat, keys=tuple(checked["keys"]))
    return event, []


def load_events(settings: HubSettings, vocabulary: Vocabulary | None = None, member_slugs: Iterable[str] | None = None,
                practice_keys: dict[str, str] | None = None,
                places: Places | None = None) -> tuple[tuple[Event, ...], list[Problem]]:
    """Check every file in events/; returns the valid events and *all* problems found."""
    files, problems = collection_files(settings.events_path, settings.root, EVENTS)
    member_slugs = None if member_slugs is None else frozenset(member_slugs)
    events: list[Event] = []
    # Of the settings, checking an event reads the hub's time zone and UID domain only: given only those.
    arguments = CheckArguments((EventDefaults(settings.timezone, settings.uid_domain), vocabulary, member_slugs,
                                practice_keys, places))
    checked = check_entries(files, event_from_document, arguments,
                            lambda doc: written_field_problems(schema.EVENT, doc, {"vocabulary": vocabulary,
                                                                                   "member_slugs": member_slugs}),
                            workers=settings.workers or None)
    for entry, (event, event_problems) in zip(files, checked):
        problems.extend(event_problems)
        if event is not None and entry.valid_name:
            events.append(event)
    events.sort(key=lambda e: e.slug)
    return tuple(events), sorted(problems, key=lambda p: (p.source, p.line, p.field))
