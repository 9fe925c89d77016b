"""The member directory: /members/, a page per member, /categories/, /areas/ and members.json.
Long lists are split into pages (core.pages): the A to Z by letter, a category's offers and needs,
an area's members."""
from __future__ import annotations

import dataclasses

from ..core import directory, opendata
from ..core.memo import kept
from ..core.pages import BUDGET, fits, paginate
from . import weights
from .base import HubGenerator
from .members import MemberPages

FEW = 10  # offers or needs a category page shows when they are too many for it: the rest have their pages
NEIGHBOURHOODS = 12_000  # room an area's first page keeps for its neighbourhoods (partials/area_neighbourhoods.html)
NEIGHBOURHOOD_NAMES = 8  # members and events named per neighbourhood there


def neighbourhoods_shown(listing, by_place: dict) -> tuple:
    """What an area's first page shows of its neighbourhoods (partials/area_neighbourhoods.html): a
    few members' and events' names and links each, and how many more there are."""
    few = NEIGHBOURHOOD_NAMES
    shown = []
    for place, members in listing.neighbourhoods:
        events = by_place.get((place.area, place.name), [])
        shown.append((place, [(member.url, member.name) for member in members[:few]], len(members),
                      [(event.url, event.title) for event in events[:few]], len(events)))
    return tuple(shown)


def _as_listed(pairs) -> tuple:
    """Of each (member, item) a list of items shows (macros.item_list): the member's address and name,
    and the item. A member's other fields (an edited summary) leave the list as it was."""
    return tuple((member.slug, member.name, item) for member, item in pairs)


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
            "hub_neighbourhood_names": NEIGHBOURHOOD_NAMES,
            "hub_stats": {"members": len(hub.members),
                          "offers": sum(len(m.offers) for m in hub.members),
                          "needs": sum(len(m.needs) for m in hub.members),
                          "areas": len(self.areas)},
        })

    def generate_output(self, writer):
        self.write_directory(writer)
        member_pages = MemberPages(self.context)
        for member in self.hub.members:
            member_pages.write(self, writer, member)
        self.write_page(writer, "categories/index.html", "hub_categories", page_name="categories")
        for listing in self.categories:
            self.write_category(writer, listing)
        for page in paginate(self.areas, "areas/", weights.area_entry):
            self.write_page(writer, page.file, "hub_areas", page_name="areas", pagination=page)
        by_place = self.context.get("hub_events_by_place") or {}
        for listing in self.areas:
            for page in paginate(listing.members, listing.url, weights.member_card, BUDGET - NEIGHBOURHOODS):
                self.write_page(writer, page.file, "hub_area", listing=listing, pagination=page,
                                depends=("area page", listing.area, page,
                                         neighbourhoods_shown(listing, by_place) if page.number == 1 else None),
                                only=True)
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
        # A letter's page shows its members and, of the other letters, how many members each has and
        # where its pages start (partials/members_letters.html): editing one member re-renders its page.
        index = tuple((letter, len(group), letter_pages[letter][0].url) for letter, group in letters)
        for letter, _ in letters:
            for page in letter_pages[letter]:
                self.write_page(writer, page.file, "hub_members_letter", page_name="members", letter=letter,
                                letters=letters, letter_pages=letter_pages, pagination=page,
                                depends=("letter page", letter, index, page), only=True)

    def write_category(self, writer, listing):
        """A category's page with its offers and needs; a kind with too many for that page shows the first
        few there and all of them on pages of their own (/categories/<key>/offers/, .../needs/)."""
        split = {}
        for kind in ("offers", "needs"):
            pairs = getattr(listing, kind)
            if not fits(pairs, weights.listed_item, BUDGET // 2):
                split[kind] = paginate(pairs, f"{listing.url}{kind}/", weights.listed_item)
        about = ("category", listing.key, listing.label, listing.description, listing.url)
        self.write_page(writer, f"{listing.url}index.html", "hub_category", listing=listing, few=FEW, split=split,
                        depends=(about, self.category_page_shows(listing, split)), only=True)
        for kind, pages in split.items():
            for page in pages:
                # The page shows its own share of the items, and of the category its name and words.
                self.write_page(writer, page.file, "hub_category_items", listing=listing, kind=kind, pagination=page,
                                depends=(about, kind, dataclasses.replace(page, items=_as_listed(page.items))),
                                only=True)

    def category_page_shows(self, listing, split: dict) -> tuple:
        """What a category's page shows besides the category (hub_category.html): how many offers and
        needs, the ones listed (all, or the first few when they have pages of their own) and their
        pages, and its coming events as What's on lists them."""
        listed = {kind: _as_listed(getattr(listing, kind)[:FEW] if kind in split else getattr(listing, kind))
                  for kind in ("offers", "needs")}
        events = (self.context.get("hub_events_by_category") or {}).get(listing.key, ())
        agenda = self.context.get("hub_agenda")
        ongoing = tuple(occ.instant < agenda.catalogue.now for occ in events) if agenda else ()
        return (len(listing.offers), len(listing.needs), listed, {kind: pages[0].url for kind, pages in split.items()},
                tuple(events), ongoing, agenda.member_names if agenda else None,
                self.context.get("hub_occurrence_page"))
