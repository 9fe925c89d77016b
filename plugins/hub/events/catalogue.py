"""Events -> their occurrences in the hub's window, expanded once and grouped for the pages. Pure."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from ..core.fingerprint import made_from, made_from_key
from ..core.settings import HubSettings
from .model import Change, Event, Occurrence
from .recurrence import local_dates, place


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
    occurrence = Occurrence(event=event, start=_placed(start, zone), end=_placed(end, zone), status=status,
                            original=original, title=title, location=location, online=online, note=note,
                            changed=change is not None)
    # An occurrence follows from its event and its date alone: pages showing it are keyed by those.
    key = made_from_key(event)
    return occurrence if key is None else made_from(occurrence, f"{key}@{local_start!r}")


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

    settings: HubSettings
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


def catalogue(events: Iterable[Event], settings: HubSettings) -> Catalogue:
    """Expand every event once over [archive start, window end): linear in the occurrences."""
    events = tuple(events)
    result = Catalogue(settings=settings, events=events, by_slug={e.slug: e for e in events})
    now, start, end = settings.now, settings.archive_start, settings.window_end  # computed once, not per event
    by_organiser, by_category = defaultdict(list), defaultdict(list)
    events_by_organiser, events_by_category = defaultdict(list), defaultdict(list)
    for event in events:
        events_by_organiser[event.organiser].append(event)
        for key in event.categories:
            events_by_category[key].append(event)
        upcoming, past = [], []
        for occ in occurrences(event, start, end):
            (upcoming if occ.end_instant > now else past).append(occ)
        result.upcoming_by_event[event.slug] = upcoming
        result.past_by_event[event.slug] = past[::-1]
        result.upcoming.extend(upcoming)
        result.past.extend(past)
        by_organiser[event.organiser].extend(upcoming)
        for key in event.categories:
            by_category[key].extend(upcoming)
    order = lambda occ: (occ.instant, occ.title.casefold(), occ.event.slug)
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


def _iso(value) -> str:
    return value.isoformat()


def occurrence_record(occ: Occurrence, settings: HubSettings) -> dict:
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
        "localities": list(event.localities),
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
        "feed": settings.link(settings.events_feed),
        "occurrences": [occurrence_record(occ, settings) for occ in cat.upcoming],
    }
