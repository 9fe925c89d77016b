"""Pelican glue for events: the listing, archive, event and per-category pages, every .ics feed and
events.json. All the work is done by `agenda` (pure); this only writes its results."""
from __future__ import annotations

import logging
import os
from pathlib import Path

from pelican.generators import CachingGenerator

from .agenda import build_agenda, feed_paths, files, subscribe_links
from .events import FEATURE_LABELS, by_month, occurrences

logger = logging.getLogger(__name__)


class EventsGenerator(CachingGenerator):
    """Runs after HubGenerator (it reads the validated hub, events included, from the context)."""

    def generate_context(self):
        hub = self.context["hub"]
        root = Path(self.settings.get("HUB_ROOT") or os.getcwd())
        agenda = build_agenda(hub, hub.events, self.settings, root=root)
        # Member feeds are read from the committed cache only (offline): nothing here can fail the
        # build or make it wait; what was skipped is told at INFO level (pelican -v shows it).
        for note in agenda.notes:
            logger.info("events: %s", note)
        logger.info("%s", agenda.summary())
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
        })

    def _write(self, writer, name, template, **kwargs):
        writer.write_file(name, self.get_template(template), self.context,
                          relative_urls=self.settings["RELATIVE_URLS"], url=name.removesuffix("index.html"),
                          **kwargs)

    def generate_output(self, writer):
        agenda = self.agenda
        cat = agenda.catalogue
        settings = agenda.settings
        feeds = feed_paths(agenda)
        self._write(writer, "events/index.html", "hub_events", page_name="events",
                    months=by_month(cat.upcoming), feed=subscribe_links(settings, feeds["all"]),
                    categories_with_events=[c for c in agenda.hub.vocabulary if cat.by_category.get(c.key)])
        self._write(writer, "events/past/index.html", "hub_events_past", page_name="events-past",
                    months=by_month(cat.past))
        members = agenda.hub.by_slug
        for event in agenda.events:
            upcoming = cat.upcoming_by_event.get(event.slug, [])
            past = cat.past_by_event.get(event.slug, [])
            if not upcoming and not past and event.repeat is None:
                past = occurrences(event)  # older than the archive: the page still says when it was
            self._write(writer, f"{event.url}index.html", "hub_event", event=event, upcoming=upcoming,
                        past=past, organiser=members.get(event.organiser),
                        event_stamp=agenda.stamps[event.uid],
                        organiser_feed=subscribe_links(settings, feeds[f"organiser:{event.organiser}"])
                        if f"organiser:{event.organiser}" in feeds else None)
        for category in agenda.hub.vocabulary:
            self._write(writer, f"events/categories/{category.key}/index.html", "hub_events_category",
                        category=category, months=by_month(cat.by_category.get(category.key, [])),
                        feed=subscribe_links(settings, feeds[f"category:{category.key}"]))
        output = Path(self.output_path)
        for name, text in files(agenda).items():
            target = output / name
            target.parent.mkdir(parents=True, exist_ok=True)
            # newline="": the CRLF line ends RFC 5545 requires are written as they are.
            with open(target, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
