"""Pelican glue: validate the hub, put it in the context, write its pages through Pelican's writer."""
from __future__ import annotations

import dataclasses
import logging
import os
import sys
from pathlib import Path

from pelican import signals
from pelican.generators import CachingGenerator, Generator

from . import defaults, directory, opendata, search, seo
from .agenda import check_events
from .eventgen import EventsGenerator
from .matchgen import get_matching_generators
from .loader import load_hub
from .markup import render_markdown
from .model import Hub

logger = logging.getLogger(__name__)


class InvalidHub(SystemExit):
    """Raised when members/ or the vocabulary has mistakes. A SystemExit, so Pelican's CLI ends
    with status 1 and the list of mistakes, not a traceback, and nothing is written."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__(1)


def hub_paths(settings: dict) -> dict[str, Path]:
    root = Path(settings.get("HUB_ROOT") or os.getcwd())
    return {
        "root": root,
        "members": root / settings["HUB_MEMBERS_PATH"],
        "categories": root / settings["HUB_CATEGORIES_FILE"],
        "content": Path(settings["PATH"]),
    }


def load_or_fail(settings: dict) -> Hub:
    paths = hub_paths(settings)
    hub, problems = load_hub(paths["members"], paths["categories"], root=paths["root"],
                             content_path=paths["content"])
    # Events (events/): checked with the members, so one run reports every problem of the tree.
    events, event_problems = check_events(paths["root"], settings, hub.vocabulary, paths["members"])
    problems = sorted([*problems, *event_problems], key=lambda p: (p.source, p.line, p.field))
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"{len(problems)} problem(s) found; nothing was built.", file=sys.stderr)
        raise InvalidHub(problems)
    return dataclasses.replace(hub, events=events)


class HubGenerator(CachingGenerator):
    """Builds the member directory, member pages, category and area pages and members.json."""

    def generate_context(self):
        hub = load_or_fail(self.settings)
        categories = directory.by_category(hub)
        self.hub = hub
        self.categories = categories
        self.areas = directory.by_area(hub)
        self.context.update({
            "hub": hub,
            "hub_members": hub.members,
            "hub_categories": categories,
            "hub_category_labels": {c.key: c.label for c in hub.vocabulary},
            "hub_areas": self.areas,
            "hub_stats": {"members": len(hub.members),
                          "offers": sum(len(m.offers) for m in hub.members),
                          "needs": sum(len(m.needs) for m in hub.members),
                          "areas": len(self.areas)},
        })

    def _write(self, writer, name, template, **kwargs):
        writer.write_file(name, self.get_template(template), self.context,
                          relative_urls=self.settings["RELATIVE_URLS"], url=name.removesuffix("index.html"),
                          **kwargs)

    def generate_output(self, writer):
        self._write(writer, "members/index.html", "hub_members", page_name="members",
                    letters=directory.by_letter(self.hub.members))
        for member in self.hub.members:
            self._write(writer, f"{member.url}index.html", "hub_member", member=member)
        self._write(writer, "categories/index.html", "hub_categories", page_name="categories")
        for listing in self.categories:
            self._write(writer, f"{listing.url}index.html", "hub_category", listing=listing)
        self._write(writer, "areas/index.html", "hub_areas", page_name="areas")
        for listing in self.areas:
            self._write(writer, f"{listing.url}index.html", "hub_area", listing=listing)
        self._write_json(self.settings["HUB_MEMBERS_JSON"],
                         opendata.members_document(self.hub, self.settings.get("SITEURL", "")))

    def _write_json(self, name: str, document: dict) -> None:
        target = Path(self.output_path) / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(opendata.dumps(document), encoding="utf-8")


class PublicPagesGenerator(Generator):
    """The search page (its filters computed from the hub, events and posts) and the 404 page."""

    def generate_context(self):
        # Runs after the hub's and the events' generate_context; the home page uses these too.
        hub = self.context["hub"]
        agenda = self.context.get("hub_agenda")
        self.context["hub_search_options"] = search.filter_options(
            hub, tuple(self.context.get("hub_events") or ()), self.context.get("articles") or (),
            upcoming_by_event=agenda.catalogue.upcoming_by_event if agenda else None,
            now=agenda.catalogue.now if agenda else None, organisers=hub.by_slug)

    def generate_output(self, writer):
        extra = [("events/", "What's on: upcoming events")] if self.context.get("hub_agenda") else []
        writer.write_file("search/index.html", self.get_template("search"), self.context,
                          relative_urls=self.settings["RELATIVE_URLS"], page_name="search",
                          search_options=self.context["hub_search_options"],
                          search_type_labels=search.TYPE_LABELS, search_browse_extra=extra)
        # Served for any missing address, at any depth: links must not be relative to its own path.
        writer.write_file("404.html", self.get_template("404"), self.context, relative_urls=False)


def finalise_site(pelican) -> None:
    """The build's last step, over the finished site: the Pagefind index, then robots.txt."""
    output = Path(pelican.output_path)
    search.build_index(output)
    seo.fix_robots(output, pelican.settings.get("SITEURL"))


def initialise(pelican) -> None:
    defaults.apply(pelican.settings)


def add_filters(generator) -> None:
    generator.env.filters["markdown"] = render_markdown
    generator.env.filters["search_facets"] = search.facets


def get_generators(pelican):
    return (HubGenerator, EventsGenerator)  # events after members: both contexts exist before any output


def get_public_generators(pelican):
    return PublicPagesGenerator


def register():
    signals.initialized.connect(initialise)
    signals.generator_init.connect(add_filters)
    signals.get_generators.connect(get_generators)
    signals.get_generators.connect(get_public_generators)
    signals.get_generators.connect(get_matching_generators)  # after the hub's: it needs the hub
    signals.finalized.connect(finalise_site)
