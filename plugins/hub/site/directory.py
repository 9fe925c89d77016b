"""The member directory: /members/, a page per member, /categories/, /areas/ and members.json."""
from __future__ import annotations

from ..core import directory, opendata
from .base import HubGenerator


class DirectoryGenerator(HubGenerator):
    def prepare(self):
        hub = self.hub
        self.categories = directory.by_category(hub)
        self.areas = directory.by_area(hub)
        self.context.update({
            "hub_members": hub.members,
            "hub_categories": self.categories,
            "hub_category_labels": {c.key: c.label for c in hub.vocabulary},
            "hub_areas": self.areas,
            "hub_stats": {"members": len(hub.members),
                          "offers": sum(len(m.offers) for m in hub.members),
                          "needs": sum(len(m.needs) for m in hub.members),
                          "areas": len(self.areas)},
        })

    def generate_output(self, writer):
        self.write_page(writer, "members/index.html", "hub_members", page_name="members",
                        letters=directory.by_letter(self.hub.members))
        for member in self.hub.members:
            self.write_page(writer, f"{member.url}index.html", "hub_member", member=member)
        self.write_page(writer, "categories/index.html", "hub_categories", page_name="categories")
        for listing in self.categories:
            self.write_page(writer, f"{listing.url}index.html", "hub_category", listing=listing)
        self.write_page(writer, "areas/index.html", "hub_areas", page_name="areas")
        for listing in self.areas:
            self.write_page(writer, f"{listing.url}index.html", "hub_area", listing=listing)
        self.write_text(self.hub_settings.members_json,
                        opendata.dumps(opendata.members_document(self.hub, self.hub_settings.site_url)))
