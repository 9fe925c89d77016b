"""What's on, as people scan it on a phone: the dates of the coming week day by day, each series once
("Every Wednesday, 10am to 12 noon" and its next dates) rather than a row per date, and the one-off
events after this week by month; and the ways to narrow it (topic, place, online or in person, free,
access) as pages of their own, so they work without JavaScript. Pure: no Pelican.

The pages are built at least daily; between two builds a small script on the page hides the dates
that have ended and names today's and tomorrow's (theme/static/js/events.js).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..core.model import Places, Vocabulary
from ..core.slugs import slugify
from .model import FEATURE_LABELS, Event, Occurrence
from .recurrence import MONTH_NAMES, WEEKDAY_NAMES, _day_phrase, describe
from .schema import ACCESSIBILITY_FEATURES
from .words import clock, long_date

WEEK = dt.timedelta(days=7)
NEXT_DATES = 4  # dates shown with a series; its own page lists them all
ONLINE, IN_PERSON = "Online", "In person"


@dataclass(frozen=True)
class Day:
    """One day of the coming week and what happens on it."""

    date: dt.date
    occurrences: tuple[Occurrence, ...]

    @property
    def label(self) -> str:
        return long_date(self.date)


@dataclass(frozen=True)
class Regular:
    """A series, listed once: when it happens in words and its coming dates."""

    event: Event
    when: str
    dates: tuple[Occurrence, ...]

    @property
    def shown(self) -> tuple[Occurrence, ...]:
        return self.dates[:NEXT_DATES]

    @property
    def first(self) -> Occurrence:
        return self.dates[0]


@dataclass(frozen=True)
class Listing:
    days: tuple[Day, ...]
    regular: tuple[Regular, ...]
    later: tuple[tuple[str, tuple[Occurrence, ...]], ...]

    @property
    def empty(self) -> bool:
        return not (self.days or self.regular or self.later)


def regular_when(event: Event, timezone: str = "Europe/London") -> str:
    """'Every Wednesday, 10am to 12 noon', 'The last Monday of every month, 6pm to 7:30pm': how people
    say it; other rules as `describe` writes them."""
    rule = event.repeat.rule
    parts = rule.mapping
    interval = int(parts.get("INTERVAL", "1"))
    simple = set(parts) <= {"FREQ", "INTERVAL", "BYDAY", "WKST", "UNTIL", "COUNT"} and interval == 1
    if simple and rule.freq == "WEEKLY":
        days = _day_phrase(parts["BYDAY"]) if "BYDAY" in parts else WEEKDAY_NAMES[_weekday_code(event.start)]
        text = f"Every {days}"
    elif simple and rule.freq == "MONTHLY" and "BYDAY" in parts and all(
            code[:-2] for code in parts["BYDAY"].split(",")):
        phrase = _day_phrase(parts["BYDAY"])
        text = f"{phrase[0].upper()}{phrase[1:]} of every month"
    elif simple and rule.freq == "DAILY":
        text = "Every day"
    else:
        text = describe(rule, event.start, event.zone)
        text = text.split(", until ")[0].split(", ")[0] if "Repeats (" not in text else text
    if "COUNT" in parts:
        count = int(parts["COUNT"])
        text += f" ({count} session{'s' if count != 1 else ''})"
    if event.all_day:
        return text
    zone = "" if event.timezone == timezone else f" {event.timezone.split('/')[-1].replace('_', ' ')} time"
    return f"{text}, {clock(event.start)} to {clock(event.end)}{zone}"


def _weekday_code(start) -> str:
    return ("MO", "TU", "WE", "TH", "FR", "SA", "SU")[start.weekday()]


def _month(occ: Occurrence) -> str:
    return f"{MONTH_NAMES[occ.local_date.month - 1]} {occ.local_date.year}"


def listing(occurrences: Iterable[Occurrence], now: dt.datetime, week: bool = True,
            timezone: str = "Europe/London") -> Listing:
    """The coming week day by day (unless `week` is False); every series with at least two coming
    dates once; the other dates after the week by month. `occurrences` are upcoming ones, in order."""
    occurrences = list(occurrences)
    soon = now + WEEK if week else now
    days: dict[dt.date, list[Occurrence]] = {}
    series: dict[str, list[Occurrence]] = {}
    for occ in occurrences:
        if occ.event.repeat is not None:
            series.setdefault(occ.event.slug, []).append(occ)
    regular = {slug: dates for slug, dates in series.items() if len(dates) >= 2}
    later: dict[str, list[Occurrence]] = {}
    for occ in occurrences:
        if occ.instant < soon:
            days.setdefault(occ.local_date, []).append(occ)
        elif occ.event.slug not in regular:
            later.setdefault(_month(occ), []).append(occ)
    regulars = [Regular(dates[0].event, regular_when(dates[0].event, timezone), tuple(dates))
                for dates in regular.values()]
    regulars.sort(key=lambda r: (r.first.instant, r.event.title.casefold(), r.event.slug))
    return Listing(days=tuple(Day(day, tuple(occs)) for day, occs in days.items()),
                   regular=tuple(regulars),
                   later=tuple((month, tuple(occs)) for month, occs in later.items()))


# --- a long listing in pages (core.pages cuts them; these say what an entry is) -------------------

THIS_WEEK, REGULAR, LATER = "this-week", "regular", "later"  # the parts of a listing, for its entries


def entries(view: Listing) -> list[tuple[tuple[str, object], object]]:
    """The listing as one list to cut into pages, in its order: ((THIS_WEEK, date), occurrence),
    ((REGULAR, None), Regular), ((LATER, month), occurrence)."""
    found: list = []
    for day in view.days:
        found += [((THIS_WEEK, day.date), occ) for occ in day.occurrences]
    found += [((REGULAR, None), item) for item in view.regular]
    for month, occs in view.later:
        found += [((LATER, month), occ) for occ in occs]
    return found


def regroup(page_entries) -> Listing:
    """One page's entries as a Listing, for the same template as a whole one."""
    days: dict[dt.date, list[Occurrence]] = {}
    regular: list[Regular] = []
    later: dict[str, list[Occurrence]] = {}
    for (kind, key), value in page_entries:
        if kind == THIS_WEEK:
            days.setdefault(key, []).append(value)
        elif kind == REGULAR:
            regular.append(value)
        else:
            later.setdefault(key, []).append(value)
    return Listing(days=tuple(Day(day, tuple(occs)) for day, occs in days.items()), regular=tuple(regular),
                   later=tuple((month, tuple(occs)) for month, occs in later.items()))


def month_anchor(month: str, prefix: str = "later") -> str:
    """'January 2027' -> 'later-january-2027': the same on whichever page the month falls."""
    return f"{prefix}-{slugify(month)}"


def sections(pages) -> tuple[tuple[str, str], ...]:
    """Where each part of a listing in pages starts, for a jump list: (label, 'events/page/3/#anchor')."""
    found: dict[tuple[str, str], str] = {}
    for page in pages:
        for (kind, key), _ in page.items:
            label = ("This week", "this-week") if kind == THIS_WEEK else (
                ("Regular events", "regular") if kind == REGULAR else (key, month_anchor(key)))
            found.setdefault(label, page.url)
    return tuple((label, f"{url}#{anchor}") for (label, anchor), url in found.items())


def event_areas(event: Event, organiser=None, places: Places | None = None) -> tuple[str, ...]:
    """Where an event happens, in the words of members' areas: the areas of its neighbourhoods
    (places.yaml), else its organiser's own places, for an event in person; Online when it can be
    joined online."""
    names: list[str] = []
    if event.location or not event.online:
        found = [event_place(event, name, organiser, places) for name in event.localities]
        names += [place.area for place in found if place]
        if not names and organiser is not None:
            names += [area.name for area in organiser.areas if not area.everywhere]
    if event.online:
        names.append(ONLINE)
    return tuple(dict.fromkeys(names))


def event_place(event: Event, name: str, organiser=None, places: Places | None = None):
    """The neighbourhood an event names: in one of its organiser's areas when two areas have one of
    that name (Coventry's and Bristol's city centres), else the first listed."""
    if places is None:
        return None
    areas = [area.name for area in organiser.areas] if organiser is not None else None
    return (places.named(name, areas) if areas else None) or places.named(name)


def events_by_place(catalogue, organisers: dict, places: Places) -> dict[tuple[str, str], list[Event]]:
    """Events with a coming date that is not cancelled, by the (area, neighbourhood) they name."""
    found: dict[tuple[str, str], list[Event]] = {}
    for event in catalogue.events:
        if not any(not occ.cancelled for occ in catalogue.upcoming_by_event.get(event.slug, ())):
            continue
        for name in event.localities:
            place = event_place(event, name, organisers.get(event.organiser), places)
            if place is not None:
                found.setdefault((place.area, place.name), []).append(event)
    return found


def is_free(event: Event) -> bool:
    """'Free', 'Free, with a hot meal': the cost says free first (not 'free for members' after a price)."""
    return bool(event.cost) and event.cost.strip().casefold().startswith("free")


@dataclass(frozen=True)
class Filter:
    """One way to narrow What's on, with a page of its own: events/<path>."""

    group: str   # "Topic", "Where", "Cost", "Access"
    label: str
    path: str    # e.g. "events/free/"
    occurrences: tuple[Occurrence, ...]


FILTER_GROUPS = ("Topic", "Where", "Cost", "Access")


def filters(occurrences: Iterable[Occurrence], vocabulary: Vocabulary, organisers: dict, places: Places,
            topic_path: Callable[[str], str] = lambda key: f"events/categories/{key}/") -> list[Filter]:
    """Every filter some coming date matches (a filter that shows nothing is not offered), in the
    order of the groups, then of the vocabulary, places, and access features."""
    occurrences = list(occurrences)
    # One pass over the dates, each put in every filter it matches (a filter per test over every
    # date was 1.6 million tests at 10,000 members); each filter keeps the dates' order.
    matching: dict[tuple[str, str], list[Occurrence]] = {}
    areas = {occ.event.slug: event_areas(occ.event, organisers.get(occ.event.organiser), places) for occ in occurrences}
    for occ in occurrences:
        event = occ.event
        tags = [("Topic", key) for key in dict.fromkeys(event.categories)]
        tags += [("Area", name) for name in areas[event.slug] if name != ONLINE]
        if occ.location:
            tags.append(("Where", IN_PERSON))
        if occ.online:
            tags.append(("Where", ONLINE))
        if is_free(event):
            tags.append(("Cost", "Free"))
        if event.accessibility:
            tags += [("Access", feature) for feature in dict.fromkeys(event.accessibility.features)]
        for tag in tags:
            matching.setdefault(tag, []).append(occ)
    found: list[Filter] = []

    def add(group: str, label: str, path: str, tag: tuple[str, str]):
        chosen = matching.get(tag)
        if chosen:
            found.append(Filter(group, label, path, tuple(chosen)))

    for category in vocabulary:
        add("Topic", category.label, topic_path(category.key), ("Topic", category.key))
    names = sorted({name for found_areas in areas.values() for name in found_areas if name != ONLINE},
                   key=str.casefold)
    for name in names:
        add("Where", name, f"events/areas/{slugify(name)}/", ("Area", name))
    add("Where", IN_PERSON, "events/in-person/", ("Where", IN_PERSON))
    add("Where", ONLINE, "events/online/", ("Where", ONLINE))
    add("Cost", "Free", "events/free/", ("Cost", "Free"))
    for feature in ACCESSIBILITY_FEATURES:
        add("Access", FEATURE_LABELS[feature], f"events/access/{feature}/", ("Access", feature))
    return found


def grouped(found: Iterable[Filter]) -> list[tuple[str, list[Filter]]]:
    """Filters by group, for the page's filter panel."""
    groups: dict[str, list[Filter]] = {}
    for item in found:
        groups.setdefault(item.group, []).append(item)
    return [(group, groups[group]) for group in FILTER_GROUPS if group in groups]
