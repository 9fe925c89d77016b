"""Groupings for the browse pages: by category, by area, by initial letter. Pure functions."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .model import Area, Hub, Place
from .schema import Item, Member


@dataclass(frozen=True)
class CategoryListing:
    key: str
    label: str
    description: str
    offers: tuple[tuple[Member, Item], ...]
    needs: tuple[tuple[Member, Item], ...]

    @property
    def url(self) -> str:
        return f"categories/{self.key}/"


@dataclass(frozen=True)
class AreaListing:
    area: Area
    members: tuple[Member, ...]
    # The area's neighbourhoods (places.yaml), each with the members that name it (perhaps none).
    neighbourhoods: tuple[tuple[Place, tuple[Member, ...]], ...] = ()

    @property
    def url(self) -> str:
        return f"areas/{self.area.slug}/"


def by_category(hub: Hub) -> list[CategoryListing]:
    offers, needs = defaultdict(list), defaultdict(list)
    for member in hub.members:
        for item in member.offers:
            offers[item.category].append((member, item))
        for item in member.needs:
            needs[item.category].append((member, item))
    return [CategoryListing(c.key, c.label, c.description, tuple(offers[c.key]), tuple(needs[c.key]))
            for c in hub.vocabulary]


def by_area(hub: Hub) -> list[AreaListing]:
    """Members per area; spellings that differ only in case are one area (first spelling wins)."""
    names: dict[str, Area] = {}
    members: dict[str, list[Member]] = defaultdict(list)
    for member in hub.members:
        for area in member.areas:
            names.setdefault(area.slug, area)
            members[area.slug].append(member)
    return sorted((AreaListing(names[slug], tuple(group), _neighbourhoods(hub, names[slug], group))
                   for slug, group in members.items()),
                  key=lambda listing: (not listing.area.everywhere, listing.area.name.casefold()))


def _neighbourhoods(hub: Hub, area: Area, members) -> tuple[tuple[Place, tuple[Member, ...]], ...]:
    """The area's neighbourhoods in places.yaml's order, each with the members that name it."""
    return tuple((place, tuple(m for m in members if place.name in (getattr(m, "localities", ()) or ())))
                 for place in hub.places.in_area(area.name))


# A long directory has a page (or pages) per letter, /members/letters/<letter>/: one folder, so a
# member may still be called 'a' (only the slug 'letters' is taken: core.loader.MEMBERS).
LETTERS_FOLDER = "letters"


def letter_slug(letter: str) -> str:
    """'A' -> 'a', '#' (a name that starts with a digit or a letter beyond A to Z) -> 'other': the
    address of a letter's page and the id of its section."""
    return "other" if letter == "#" else letter.lower()


def letter_url(letter: str) -> str:
    return f"members/{LETTERS_FOLDER}/{letter_slug(letter)}/"


def by_letter(members) -> list[tuple[str, list[Member]]]:
    groups: dict[str, list[Member]] = defaultdict(list)
    for member in members:
        first = member.name[:1].upper()
        groups[first if first.isalpha() and first.isascii() else "#"].append(member)
    return sorted(groups.items(), key=lambda pair: (pair[0] == "#", pair[0]))
