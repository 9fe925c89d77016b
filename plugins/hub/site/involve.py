"""Get involved: /get-involved/ and a page per way (volunteer, donate items, offer a space), from
members' needs (core.involvement). A way with many needs continues on /get-involved/<way>/page/2/
and on, each page listing where each place starts."""
from __future__ import annotations

from ..core.involvement import involvements
from ..core.pages import paginate, starts
from ..core.slugs import slugify
from . import weights
from .base import HubGenerator


def place_anchor(place: str) -> str:
    return f"place-{slugify(place)}"


class InvolvementGenerator(HubGenerator):
    def prepare(self):
        self.ways = involvements(self.hub)
        self.build.involvements = self.ways  # the home page links to each way

    def generate_output(self, writer):
        self.write_page(writer, "get-involved/index.html", "hub_get_involved", page_name="get-involved")
        for involvement in self.ways:
            entries = [(place, need) for place, needs in involvement.by_area for need in needs]
            pages = paginate(entries, involvement.way.url, lambda entry: weights.way_need(entry[1]))
            places = tuple((place, f"{page.url}#{place_anchor(place)}") for place, page in starts(pages).items())
            for page in pages:
                self.write_page(writer, page.file, "hub_get_involved_way", involvement=involvement, pagination=page,
                                places=places)
