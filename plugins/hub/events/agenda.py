"""Everything the hub publishes about events, computed once: the checked events/ files plus the
cached member feeds, their occurrences, SEQUENCE stamps, and the text of every .ics and events.json.

The site's events generator and `tasks.py` (fetch, events-lock) go through here. Pure: no Pelican.
"""
from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from ..core import opendata
from ..core.fingerprint import digest
from ..core.memo import Store, kept_or_made
from ..core.model import Hub
from ..core.settings import HubSettings
from . import feeds, ical, sequence
from .catalogue import Catalogue, catalogue, events_document
from .model import Event


@dataclass
class Agenda:
    settings: HubSettings
    hub: Hub
    local: tuple[Event, ...]
    events: tuple[Event, ...]
    catalogue: Catalogue
    stamps: dict[str, sequence.Stamp]
    notes: list[str] = field(default_factory=list)
    # An event's sequence.fingerprint, made once (and kept between builds: build_agenda) when asked.
    hash_of: Callable[[Event], str] = sequence.fingerprint
    imported_count: int = 0
    feeds_read: int = 0

    @property
    def member_names(self) -> dict[str, str]:
        return {m.slug: m.name for m in self.hub.members}

    @property
    def category_labels(self) -> dict[str, str]:
        return {c.key: c.label for c in self.hub.vocabulary}

    def summary(self) -> str:
        return (f"Events: {len(self.local)} from {self.settings.events_dir}/, {self.imported_count} from "
                f"{self.feeds_read} member feed(s) (cached copies in {self.settings.feed_cache_dir}/; "
                f"`invoke fetch` refreshes them); {len(self.catalogue.upcoming)} upcoming date(s)")


def build_agenda(hub: Hub, settings: HubSettings, lock: dict | None = None, kept: Store | None = None) -> Agenda:
    """Merge the cached member feeds into the hub's own events and expand them. Never raises for a
    member's feed: what is wrong with one becomes a note. An event's SEQUENCE fingerprint is made
    only when the lock names it or is written, and not at all when it was kept in `kept` for the
    same event (an event keeps its own fingerprint: core.fingerprint)."""
    event_settings = settings
    local = hub.events
    imported, notes = feeds.read_cached_feeds(hub.members, event_settings, hub.vocabulary)
    events, merge_notes = feeds.merge(local, imported, feeds.first_cached(event_settings.feed_cache))
    if lock is None:
        lock = sequence.read_lock(event_settings.lock_path)
    cat = catalogue(events, event_settings)
    made: dict[str, str] = {}

    def hash_of(event: Event) -> str:
        if event.uid not in made:
            made[event.uid] = kept_or_made(kept, digest("sequence", event),
                                           functools.partial(sequence.fingerprint, event))
        return made[event.uid]

    stamps = sequence.stamps(events, lock, event_settings.now, hash_of)
    return Agenda(settings=event_settings, hub=hub, local=tuple(local), events=tuple(events), catalogue=cat,
                  stamps=stamps, notes=[*notes, *merge_notes], hash_of=hash_of,
                  imported_count=len(events) - len(local), feeds_read=len(imported))


def feed_paths(agenda: Agenda) -> dict[str, str]:
    """Subscription feeds by kind: 'all' and one per category and organiser (paths on the site)."""
    paths = {"all": agenda.settings.events_feed}
    for category in agenda.hub.vocabulary:
        paths[f"category:{category.key}"] = f"events/categories/{category.key}.ics"
    for member in agenda.hub.members:
        paths[f"organiser:{member.slug}"] = f"events/organisers/{member.slug}.ics"
    return paths


def subscribe_links(settings: HubSettings, path: str) -> dict[str, str]:
    """https and webcal:// addresses of a feed on the public site, and the local download link."""
    https = settings.public(path)
    return {"https": https, "webcal": "webcal://" + https.split("://", 1)[1], "download": path}


@dataclass(frozen=True)
class CalendarFile:
    """One .ics the site gets: its path, its calendar's name, its events, description and page."""

    path: str
    name: str
    events: tuple
    description: str | None
    url: str


@dataclass(frozen=True)
class Calendars:
    """Every calendar file of the site, and each event's VEVENTs serialised once for all of them."""

    files: tuple[CalendarFile, ...]
    blocks: dict
    years: tuple[int, int]

    def text(self, calendar: CalendarFile) -> str:
        return ical.assemble(calendar.name, (self.blocks[e.uid] for e in calendar.events), self.years,
                             calendar.description, calendar.url)


def calendars(agenda: Agenda, mapper=None, kept: Store | None = None) -> Calendars:
    """The hub's calendar, one per category, organiser and event, with each VEVENT serialised once.
    `mapper` (like `core.processes.forked_map`) may spread the serialising over processes; `kept`
    (the ledger's calendar-blocks) keeps each event's VEVENTs under the fingerprint of exactly what
    `ical.block` is given: the event, its stamp, the site's address, its organiser's name, the labels."""
    settings = agenda.settings
    names, labels = agenda.member_names, agenda.category_labels
    site = ical.PublicSite(settings.public_url)
    calls = [(event, agenda.stamps[event.uid], site, names.get(event.organiser), labels) for event in agenda.events]
    seen: dict = {}  # the labels and the address, walked once
    keys = [digest("vevents", arguments, seen=seen) for arguments in calls] if kept is not None else []
    blocks = {}
    missing = []
    for number, arguments in enumerate(calls):
        found = kept.get(keys[number]) if kept is not None else None
        if found is None:
            missing.append(number)
        else:
            blocks[arguments[0].uid] = found
    made = (mapper or (lambda function, items: [function(item) for item in items]))(
        lambda number: ical.block(*calls[number]), missing)
    for number, block in zip(missing, made):
        blocks[calls[number][0].uid] = block
        if kept is not None:
            kept.put(keys[number], block)
    title = settings.site_name
    cat = agenda.catalogue
    wanted = [CalendarFile(settings.events_feed, f"{title}: all events", tuple(agenda.events),
                           "Every event of the coalition and its members.", settings.public("events/"))]
    for category in agenda.hub.vocabulary:
        wanted.append(CalendarFile(f"events/categories/{category.key}.ics", f"{title}: {category.label}",
                                   tuple(cat.events_by_category.get(category.key, [])),
                                   f"Events about {category.label.lower()}.",
                                   settings.public(f"events/categories/{category.key}/")))
    for member in agenda.hub.members:
        wanted.append(CalendarFile(f"events/organisers/{member.slug}.ics", f"{title}: {member.name}",
                                   tuple(cat.events_by_organiser.get(member.slug, [])),
                                   f"Events organised by {member.name}.", settings.public(member.url)))
    for event in agenda.events:
        wanted.append(CalendarFile(event.ics, event.title, (event,), None, settings.public(event.url)))
    return Calendars(tuple(wanted), blocks, ical.year_range(agenda.events, settings))


def events_json(agenda: Agenda) -> str:
    return opendata.dumps(events_document(agenda.catalogue))


def files(agenda: Agenda, mapper=None) -> dict[str, str]:
    """Every .ics and events.json the site gets, by path (the build writes them as it makes them:
    site/events.py)."""
    made = calendars(agenda, mapper)
    texts = mapper(made.text, made.files) if mapper else [made.text(calendar) for calendar in made.files]
    out: dict[str, str] = {calendar.path: text for calendar, text in zip(made.files, texts)}
    out[agenda.settings.events_json] = events_json(agenda)
    return out


def write_lock(agenda: Agenda) -> bool:
    """Record the published events in the lock file (`invoke events-lock`, `invoke build`)."""
    return sequence.write_lock(agenda.settings.lock_path, agenda.events, agenda.settings.now, agenda.hash_of)
