"""Events: the listing, archive, event and per-category pages, every .ics feed and events.json.
All the work is done by `events.agenda` (pure); this only writes its results."""
from __future__ import annotations

import logging
from pathlib import Path

from ..core.fingerprint import files_digest
from ..core.memo import remember
from ..core.processes import forked_map
from ..events import listing
from ..events.agenda import build_agenda, feed_paths, files, subscribe_links, write_lock
from ..events.catalogue import by_month, occurrences
from ..events.model import FEATURE_LABELS
from ..search.index import happens_this_week
from .base import HubGenerator

logger = logging.getLogger(__name__)


def calendar_files(agenda) -> dict[str, str]:
    """Every .ics and events.json, kept between builds while what they show is the same: the events,
    their SEQUENCE stamps, the names of their organisers, the categories, the settings, the window."""
    settings = agenda.settings
    inputs = (FILES_VERSION, agenda.events, agenda.stamps, agenda.member_names, agenda.category_labels,
              settings, agenda.catalogue.upcoming)
    return remember(settings.cache_path, "calendar-files", inputs,
                    lambda: files(agenda, mapper=lambda serialise, events: forked_map(serialise, events,
                                                                                      settings.workers)))


# The code that writes calendar files: a change to it makes the kept files stale.
FILES_VERSION = files_digest(*(Path(__file__).resolve().parent.parent / "events" / name
                               for name in ("agenda.py", "ical.py", "catalogue.py", "model.py", "recurrence.py",
                                            "words.py")))


class EventsGenerator(HubGenerator):
    def prepare(self):
        agenda = build_agenda(self.hub, self.hub_settings)
        # Member feeds are read from the committed cache only (offline): nothing here can fail the
        # build or make it wait; what was skipped is told at INFO level (pelican -v shows it).
        for note in agenda.notes:
            logger.info("events: %s", note)
        logger.info("%s", agenda.summary())
        if self.settings.get("HUB_WRITE_EVENTS_LOCK") and write_lock(agenda):
            # `invoke build` asks for this: changed events get their next SEQUENCE in the lock file.
            logger.info("updated %s: commit it with the events", self.hub_settings.lock_file)
        self.agenda = agenda
        settings = agenda.settings
        cat = agenda.catalogue
        self.context.update({
            "hub_events": agenda.events,
            "hub_agenda": agenda,
            "hub_events_upcoming": cat.upcoming,
            "hub_events_by_organiser": cat.by_organiser,
            "hub_events_by_category": cat.by_category,
            "hub_events_timezone": settings.timezone,
            "hub_events_feed": lambda path: subscribe_links(settings, path),
            "hub_event_features": FEATURE_LABELS,
            "hub_events_by_place": listing.events_by_place(cat, self.hub.by_slug, self.hub.places),
        })

    def generate_output(self, writer):
        agenda = self.agenda
        cat = agenda.catalogue
        settings = agenda.settings
        feeds = feed_paths(agenda)
        now, zone = cat.now, settings.timezone
        found = listing.filters(cat.upcoming, agenda.hub.vocabulary, agenda.hub.by_slug, agenda.hub.places)
        groups = listing.grouped(found)
        everything = subscribe_links(settings, feeds["all"])
        self.write_page(writer, "events/index.html", "hub_events", page_name="events",
                        view=listing.listing(cat.upcoming, now, timezone=zone), feed=everything, filter_groups=groups)
        for chosen in found:
            if chosen.group != "Topic":
                self.write_page(writer, f"{chosen.path}index.html", "hub_events_filtered", current=chosen,
                                view=listing.listing(chosen.occurrences, now, timezone=zone), feed=everything,
                                filter_groups=groups)
        topics = {chosen.path: chosen for chosen in found if chosen.group == "Topic"}
        self.write_page(writer, "events/past/index.html", "hub_events_past", page_name="events-past",
                        months=by_month(cat.past))
        members = agenda.hub.by_slug
        for event in agenda.events:
            upcoming = cat.upcoming_by_event.get(event.slug, [])
            past = cat.past_by_event.get(event.slug, [])
            if not upcoming and not past and event.repeat is None:
                past = occurrences(event)  # older than the archive: the page still says when it was
            organiser_feed = feeds.get(f"organiser:{event.organiser}")
            # The page shows its own values (below) and, from the clock, only whether it is this week.
            self.write_page(writer, f"{event.url}index.html", "hub_event",
                            depends=("this week", happens_this_week(upcoming, now)), event=event, upcoming=upcoming,
                            past=past, organiser=members.get(event.organiser),
                            event_stamp=agenda.stamps[event.uid],
                            organiser_feed=subscribe_links(settings, organiser_feed) if organiser_feed else None)
        for category in agenda.hub.vocabulary:
            path = f"events/categories/{category.key}/"
            self.write_page(writer, f"{path}index.html", "hub_events_by_category", category=category,
                            view=listing.listing(cat.by_category.get(category.key, []), now, timezone=zone),
                            current=topics.get(path), filter_groups=groups,
                            feed=subscribe_links(settings, feeds[f"category:{category.key}"]))
        for name, text in calendar_files(agenda).items():
            self.write_text(name, text)
