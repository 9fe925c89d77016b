"""The /join/ page: a member's profile made in the browser (contribute.join computes what it needs)."""
from __future__ import annotations

from ..contribute.join import join_page
from .base import HubGenerator


class ContributeGenerator(HubGenerator):
    def generate_output(self, writer):
        self.write_page(writer, "join/index.html", "hub_join", page_name="join",
                        join=join_page(self.hub, self.hub_settings))
