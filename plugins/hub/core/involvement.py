"""Ways the public can help members, read from what members say they need: give time (volunteer),
give things (donate items) or lend a room (offer a space). Pure functions; the pages are /get-involved/.

Which needs belong to which way is decided here, once: by category (a need filed under `volunteers`
asks for volunteers) and, for categories that mix kinds of help, by the words of the need's title
("Tablets so housebound members can video-call" asks for things; "Digital skills help" does not).
"""
from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass

from .model import Hub
from .schema import Item, Member


@dataclass(frozen=True)
class Way:
    """One way to get involved: its page, how it is named, and the needs that call for it."""

    slug: str
    title: str        # "Volunteer with a member"
    intro: str
    categories: tuple[str, ...]           # every need in these categories
    also: tuple[tuple[str, str], ...] = ()  # (category, words): needs there whose title has one of the words

    @property
    def url(self) -> str:
        return f"get-involved/{self.slug}/"

    def wants(self, item: Item) -> bool:
        if item.category in self.categories:
            return True
        pattern = self._patterns.get(item.category)
        return pattern is not None and pattern.search(item.title) is not None

    @functools.cached_property
    def _patterns(self) -> dict[str, re.Pattern]:
        """{category: the words that call for this way there}, compiled once (every need is asked)."""
        words: dict[str, list[str]] = defaultdict(list)
        for category, found in self.also:
            words[category].append(found)
        return {category: re.compile(rf"\b(?:{'|'.join(found)})", re.IGNORECASE) for category, found in words.items()}


VOLUNTEER_WORDS = r"volunteer|helper|befriender|mentor|caller|coach|driver|champion|facilitator"
WAYS = (
    Way("volunteer", "Volunteer with a member",
        "Members looking for people to give some of their time: what the role is, where, and how to offer.",
        categories=("volunteers", "mentoring"),
        also=tuple((key, VOLUNTEER_WORDS) for key in ("befriending", "translation", "transport", "youth",
                                                      "events", "older-people", "communications"))),
    Way("donate", "Donate items",
        "Members looking for things they could use, from tools to laptops: what, where, and how to offer.",
        categories=("equipment",),
        also=(("digital", r"laptop|tablet|computer|phone|device"), ("environment", r"bed|tool|planter"))),
    Way("space", "Offer a space",
        "Members looking for a room, a hall or a wall: what they need, where, and how to offer.",
        categories=("venues",)),
)


@dataclass(frozen=True)
class Involvement:
    way: Way
    needs: tuple[tuple[Member, Item], ...]
    by_area: tuple[tuple[str, tuple[tuple[Member, Item], ...]], ...]  # place -> needs, places A to Z

    @property
    def count(self) -> int:
        return len(self.needs)


ANYWHERE = "Online or anywhere"


def involvements(hub: Hub) -> list[Involvement]:
    """Each way with the needs that call for it (a need can call for more than one way), grouped by
    the need's places, A to Z, with needs that can be met online or UK-wide also under "Online or
    anywhere", last. Ways no need calls for are left out."""
    found = []
    for way in WAYS:
        needs = tuple((member, item) for member in hub.members for item in member.needs if way.wants(item))
        if not needs:
            continue
        groups: dict[str, list] = defaultdict(list)
        spelling: dict[str, str] = {}  # places that differ only in case are one (first spelling wins): one anchor
        for member, item in needs:
            places = [spelling.setdefault(area.slug, area.name) for area in item.areas if not area.everywhere]
            places += [ANYWHERE] if any(area.everywhere for area in item.areas) or not places else []
            for place in dict.fromkeys(places):
                groups[place].append((member, item))
        order = sorted(groups, key=lambda name: (name == ANYWHERE, name.casefold()))
        found.append(Involvement(way, needs, tuple((name, tuple(groups[name])) for name in order)))
    return found
