"""Events: the listing, archive, event and per-category pages, every .ics feed and events.json.
All the work is done by `events.agenda` (pure); this only writes its results. A listing too long
for one page continues on /<listing>/page/2/ and on, each page with a list of where the week, the
regular events and each month start (events.listing.sections)."""
from __future__ import annotations

import logging

from ..core import pages as paging
from ..core.memo import kept
from ..core.pages import BUDGET, fits, locate, paginate
from ..core.processes import forked_map
from ..events import listing
from ..events.agenda import build_agenda, calendars, events_json, feed_paths, subscribe_links, write_lock
from ..events.catalogue import by_month, occurrences
from ..events.model import FEATURE_LABELS
from . import weights
from .base import HubGenerator

logger = logging.getLogger(__name__)
COMING_DATES, PAST_DATES = 30, 10  # dates a long series' page shows; all of them are on its dates pages


class EventsGenerator(HubGenerator):
    def prepare(self):
        with kept(self.kept_path("event-hashes")) as store:
            agenda = build_agenda(self.hub, self.hub_settings, kept=store)
            if self.hub_settings.write_events_lock and write_lock(agenda):
                # `invoke build` asks for this: changed events get their next SEQUENCE in the lock file.
                logger.info("updated %s: commit it with the events", self.hub_settings.lock_file)
        # Member feeds are read from the committed cache only (offline): nothing here can fail the
        # build or make it wait; what was skipped is told at INFO level (pelican -v shows it).
        for note in agenda.notes:
            logger.info("events: %s", note)
        logger.info("%s", agenda.summary())
        self.agenda = agenda
        settings = agenda.settings
        cat = agenda.catalogue
        build = self.build
        build.events = agenda.events
        build.agenda = agenda
        build.events_upcoming = cat.upcoming
        build.events_by_organiser = cat.by_organiser
        build.events_by_category = cat.by_category
        build.events_timezone = settings.timezone
        build.events_feed = lambda path: subscribe_links(settings, path)
        build.event_features = FEATURE_LABELS
        build.events_by_place = listing.events_by_place(cat, self.hub.by_slug, self.hub.places)
        # Before any page is written (members' and categories' pages list dates too): the dates of a
        # long series that are not on its page link to its dates pages.
        self.dates = self.date_pages()
        build.occurrence_page = {(slug, anchor): page.url for slug, (_, located) in self.dates.items()
                                               for anchor, page in located.items()}

    def generate_output(self, writer):
        agenda = self.agenda
        cat = agenda.catalogue
        settings = agenda.settings
        feeds = feed_paths(agenda)
        dates = self.dates
        found = listing.filters(cat.upcoming, agenda.hub.vocabulary, agenda.hub.by_slug, agenda.hub.places)
        groups = listing.grouped(found)
        everything = subscribe_links(settings, feeds["all"])
        self.write_listing(writer, "events/", "hub_events", cat.upcoming, page_name="events", feed=everything,
                           filter_groups=groups)
        for chosen in found:
            if chosen.group != "Topic":
                self.write_listing(writer, chosen.path, "hub_events_filtered", chosen.occurrences, current=chosen,
                                   feed=everything, filter_groups=groups)
        topics = {chosen.path: chosen for chosen in found if chosen.group == "Topic"}
        past = [(month, occ) for month, occs in by_month(cat.past) for occ in occs]
        pages = paginate(past, "events/past/", lambda entry: weights.occurrence(entry[1]))
        for page in pages:
            self.write_page(writer, page.file, "hub_events_past", page_name="events-past", pagination=page,
                            months=page.runs, jumps=past_sections(pages))
        members = agenda.hub.by_slug
        for event in agenda.events:
            upcoming = cat.upcoming_by_event.get(event.slug, [])
            past = cat.past_by_event.get(event.slug, [])
            if not upcoming and not past and event.repeat is None:
                past = occurrences(event)  # older than the archive: the page still says when it was
            organiser_feed = feeds.get(f"organiser:{event.organiser}")
            pages = dates[event.slug][0] if event.slug in dates else None
            if pages:
                for page in pages:
                    self.write_page(writer, page.file, "hub_event_dates", event=event, pagination=page)
                upcoming, past = upcoming[:COMING_DATES], past[:PAST_DATES]
            organiser = members.get(event.organiser)
            self.write_page(writer, f"{event.url}index.html", "hub_event",
                            event=event, upcoming=upcoming,
                            past=past, all_dates=pages[0] if pages else None, organiser=organiser,
                            event_stamp=agenda.stamps[event.uid],
                            organiser_feed=subscribe_links(settings, organiser_feed) if organiser_feed else None)
        for category in agenda.hub.vocabulary:
            path = f"events/categories/{category.key}/"
            self.write_listing(writer, path, "hub_events_by_category", cat.by_category.get(category.key, []),
                               category=category, current=topics.get(path), filter_groups=groups,
                               feed=subscribe_links(settings, feeds[f"category:{category.key}"]))
        self.write_calendars(agenda)

    def write_calendars(self, agenda) -> None:
        """Every .ics, made and written on every core (each event's VEVENTs serialised once), and
        events.json. A file that comes out as before keeps the previous build's file."""
        settings = agenda.settings
        with kept(self.kept_path("calendar-blocks")) as store:
            made = calendars(agenda, lambda serialise, events: forked_map(serialise, events, settings.workers), store)
        self.write_texts(made.files, lambda calendar: calendar.path, made.text)
        self.write_text(settings.events_json, events_json(agenda))

    def date_pages(self) -> dict:
        """{slug: (pages, {anchor: page})} for each series with too many dates for its page (a daily
        event over a year has 365 coming dates): its page shows the next COMING_DATES and the last
        PAST_DATES, and pages of their own, /events/<slug>/dates/, every one of them."""
        cat = self.agenda.catalogue
        found = {}
        for event in self.agenda.events:
            if event.repeat is None:
                continue
            dates = [("coming", occ) for occ in cat.upcoming_by_event.get(event.slug, [])]
            dates += [("past", occ) for occ in cat.past_by_event.get(event.slug, [])]
            if not fits(dates, date_weight, BUDGET // 2):
                pages = paginate(dates, f"{event.url}dates/", date_weight)
                shown = {occ.anchor for occ in cat.upcoming_by_event.get(event.slug, [])[:COMING_DATES]}
                shown |= {occ.anchor for occ in cat.past_by_event.get(event.slug, [])[:PAST_DATES]}
                located = locate(pages, lambda entry: entry[1].anchor)
                found[event.slug] = (pages, {anchor: page for anchor, page in located.items() if anchor not in shown})
        return found

    def write_listing(self, writer, base: str, template: str, occurrences, **kwargs) -> None:
        """A What's on listing at `base`, in pages when it is long."""
        cat = self.agenda.catalogue
        view = listing.listing(occurrences, cat.now, timezone=self.agenda.settings.timezone)
        pages = paginate(listing.entries(view), base, entry_weight)
        jumps = listing.sections(pages) if len(pages) > 1 else ()
        for page in pages:
            # The page's view is its entries regrouped (`page.items` are the whole view's entries on a
            # one-page listing).
            self.write_page(writer, page.file, template, view=listing.regroup(page.items) if len(pages) > 1 else view,
                            pagination=page, jumps=jumps, **kwargs)


def date_weight(entry) -> int:
    """A date on an event's page or its dates pages: when, and any title, place or note of its own."""
    occ = entry[1]
    return 150 + paging.text(occ.title if occ.title != occ.event.title else "", occ.note,
                      occ.location.text if occ.location and occ.location != occ.event.location else "")


def entry_weight(entry) -> int:
    (kind, _), value = entry
    return weights.regular(value) if kind == listing.REGULAR else weights.occurrence(value)


def past_sections(pages) -> tuple[tuple[str, str], ...]:
    """Where each month of the archive starts: (label, 'events/past/page/2/#month-october-2026')."""
    found: dict[str, str] = {}
    for page in pages:
        for month, _ in page.items:
            found.setdefault(month, f"{page.url}#{listing.month_anchor(month, 'month')}")
    return tuple(found.items()) if len(pages) > 1 else ()
