"""The member directory: /members/, a page per member, /categories/, /areas/ and members.json.
Long lists are split into pages (core.pages): the A to Z by letter, a category's offers and needs,
an area's members."""
from __future__ import annotations

from ..core import directory, opendata
from ..core.memo import kept
from ..core.pages import BUDGET, fits, paginate
from . import weights
from .base import HubGenerator
from .members import MemberPages

FEW = 10  # offers or needs a category page shows when they are too many for it: the rest have their pages
NEIGHBOURHOODS = 12_000  # room an area's first page keeps for its neighbourhoods (partials/area_neighbourhoods.html)
NEIGHBOURHOOD_NAMES = 8  # members and events named per neighbourhood there


class DirectoryGenerator(HubGenerator):
    def prepare(self):
        hub = self.hub
        self.categories = directory.by_category(hub)
        self.areas = directory.by_area(hub)
        build = self.build
        build.members = hub.members
        build.categories = self.categories
        build.category_labels = {c.key: c.label for c in hub.vocabulary}
        build.areas = self.areas
        build.neighbourhood_names = NEIGHBOURHOOD_NAMES
        build.stats = {"members": len(hub.members), "offers": sum(len(m.offers) for m in hub.members),
                       "needs": sum(len(m.needs) for m in hub.members), "areas": len(self.areas)}

    def generate_output(self, writer):
        self.write_directory(writer)
        member_pages = MemberPages(self.build.matching)
        for member in self.hub.members:
            member_pages.write(self, writer, member)
        self.write_page(writer, "categories/index.html", "hub_categories", page_name="categories")
        for listing in self.categories:
            self.write_category(writer, listing)
        for page in paginate(self.areas, "areas/", weights.area_entry):
            self.write_page(writer, page.file, "hub_areas", page_name="areas", pagination=page)
        for listing in self.areas:
            for page in paginate(listing.members, listing.url, weights.member_card, BUDGET - NEIGHBOURHOODS):
                self.write_page(writer, page.file, "hub_area", listing=listing, pagination=page)
        with kept(self.kept_path("member-records")) as store:
            self.write_text(self.hub_settings.members_json,
                            opendata.members_json(self.hub, self.hub_settings.site_url, store))

    def write_directory(self, writer):
        """/members/: every member when they fit on one page; else the letters, each with a few names,
        and a page (or pages) per letter at /members/letters/<letter>/."""
        letters = directory.by_letter(self.hub.members)
        if fits(self.hub.members, weights.member_card):
            self.write_page(writer, "members/index.html", "hub_members", page_name="members", letters=letters,
                            letter_pages=None)
            return
        letter_pages = {letter: paginate(group, directory.letter_url(letter), weights.member_card)
                        for letter, group in letters}
        self.write_page(writer, "members/index.html", "hub_members", page_name="members", letters=letters,
                        letter_pages=letter_pages)
        for letter, _ in letters:
            for page in letter_pages[letter]:
                self.write_page(writer, page.file, "hub_members_letter", page_name="members", letter=letter,
                                letters=letters, letter_pages=letter_pages, pagination=page)

    def write_category(self, writer, listing):
        """A category's page with its offers and needs; a kind with too many for that page shows the first
        few there and all of them on pages of their own (/categories/<key>/offers/, .../needs/)."""
        split = {}
        for kind in ("offers", "needs"):
            pairs = getattr(listing, kind)
            if not fits(pairs, weights.listed_item, BUDGET // 2):
                split[kind] = paginate(pairs, f"{listing.url}{kind}/", weights.listed_item)
        self.write_page(writer, f"{listing.url}index.html", "hub_category", listing=listing, few=FEW, split=split)
        for kind, pages in split.items():
            for page in pages:
                self.write_page(writer, page.file, "hub_category_items", listing=listing, kind=kind, pagination=page)
