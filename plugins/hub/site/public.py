"""The search page (its filters computed from members, events and posts) and the 404 page."""
from __future__ import annotations

import json

from ..core.memo import kept
from ..search import index as search
from ..search import words
from .base import HubGenerator

WORDS_JSON = "search/words.json"


class PublicPagesGenerator(HubGenerator):
    def prepare(self):
        # After the events' prepare: the search filters and the home page use the agenda.
        agenda = self.build.agenda
        self.build.search_options = search.filter_options(
            self.hub, tuple(self.build.events), self.context.get("articles") or (),
            upcoming_by_event=agenda.catalogue.upcoming_by_event if agenda else None,
            now=agenda.catalogue.now if agenda else None, organisers=self.hub.by_slug)

    def generate_output(self, writer):
        extra = [("events/", "What's on: upcoming events")] if self.build.agenda else []
        self.write_page(writer, "search/index.html", "search", page_name="search",
                        search_options=self.build.search_options,
                        search_type_labels=search.TYPE_LABELS, search_browse_extra=extra, search_words=WORDS_JSON)
        # Read by search.js only when someone searches, with Pagefind: compact, it is not a page.
        with kept(self.kept_path("search-words")) as store:
            document = words.words_document(self.hub, tuple(self.build.events),
                                            self.context.get("articles") or (), store)
        self.write_text(WORDS_JSON, json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n")
        # Served for any missing address, at any depth: links must not be relative to its own path.
        writer.write_file("404.html", self.get_template("404"), self.context, relative_urls=False)
