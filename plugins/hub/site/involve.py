"""Get involved: /get-involved/ and a page per way (volunteer, donate items, offer a space), from
members' needs (core.involvement)."""
from __future__ import annotations

from ..core.involvement import involvements
from .base import HubGenerator


class InvolvementGenerator(HubGenerator):
    def prepare(self):
        self.ways = involvements(self.hub)
        self.context["hub_involvements"] = self.ways  # the home page links to each way

    def generate_output(self, writer):
        self.write_page(writer, "get-involved/index.html", "hub_get_involved", page_name="get-involved")
        for involvement in self.ways:
            self.write_page(writer, f"{involvement.way.url}index.html", "hub_get_involved_way",
                            involvement=involvement)
