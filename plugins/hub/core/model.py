"""The hub's data once validated: frozen, so nothing downstream can change a profile.

Members, their offers and needs and their contact are dataclasses built from their declaration
in `schema` (one edit adds a field everywhere); their behaviour is declared here. Instances are
made only by `loader` from checked values. Private contact details never reach a `Member`:
validation checks them, then they are dropped, so no page, feed, index or export can publish them.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from .slugs import slugify

if TYPE_CHECKING:  # the model of events/ lives with its feature; members' with the schema
    from ..events.model import Event
    from ..matching.introductions import Introduction
    from ..publishing.model import Publishing
    from .schema import Member

ONLINE_AREAS = frozenset({"online", "uk-wide"})


@dataclass(frozen=True)
class Category:
    key: str
    label: str
    description: str
    synonyms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Vocabulary:
    categories: tuple[Category, ...]

    def __post_init__(self):
        object.__setattr__(self, "_by_key", {c.key: c for c in self.categories})

    def __contains__(self, key: str) -> bool:
        return key in self._by_key

    def __getitem__(self, key: str) -> Category:
        return self._by_key[key]

    def __iter__(self):
        return iter(self.categories)

    def __len__(self) -> int:
        return len(self.categories)

    def guess(self, word: str) -> str | None:
        """The key whose key, label or synonym is closest to `word` (for 'did you mean')."""
        names: dict[str, str] = {}
        for category in self.categories:
            for name in (category.key, category.label, *category.synonyms):
                names.setdefault(name.lower(), category.key)
        word = word.lower().strip()
        if word in names:
            return names[word]
        match = difflib.get_close_matches(word, list(names), n=1, cutoff=0.6)
        return names[match[0]] if match else None


@dataclass(frozen=True)
class Area:
    """A place a member works, e.g. Coventry; Online and UK-wide reach everyone."""

    name: str

    @property
    def slug(self) -> str:
        return slugify(self.name)

    @property
    def everywhere(self) -> bool:
        return self.slug in ONLINE_AREAS


@dataclass(frozen=True)
class Place:
    """A neighbourhood inside one of the hub's areas (places.yaml), e.g. Tile Hill in Coventry, with
    the postcode districts it lies in (CV4), so a search for a district finds who works there."""

    name: str
    area: str
    districts: tuple[str, ...] = ()

    @property
    def slug(self) -> str:
        return slugify(self.name)


@dataclass(frozen=True)
class Places:
    """Every neighbourhood the coordinators listed in places.yaml, area by area, in their order."""

    places: tuple[Place, ...] = ()

    def __iter__(self):
        return iter(self.places)

    def __len__(self) -> int:
        return len(self.places)

    def named(self, name: str, areas=None) -> Place | None:
        """The neighbourhood called `name` (any case), in one of `areas` (names) when given."""
        wanted = {area.casefold() for area in areas} if areas is not None else None
        for place in self.places:
            if place.name.casefold() == name.strip().casefold() and (
                    wanted is None or place.area.casefold() in wanted):
                return place
        return None

    def in_area(self, area: str) -> tuple[Place, ...]:
        return tuple(place for place in self.places if place.area.casefold() == area.casefold())

    def guess(self, name: str, areas=None) -> str | None:
        """The closest neighbourhood name (in `areas` when given), for 'did you mean'."""
        wanted = {area.casefold() for area in areas} if areas is not None else None
        names = {place.name.casefold(): place.name for place in self.places
                 if wanted is None or place.area.casefold() in wanted}
        match = difflib.get_close_matches(name.strip().casefold(), list(names), n=1, cutoff=0.6)
        return names[match[0]] if match else None


class ItemBehaviour:
    """What an offer or need (`schema.Item`) can tell besides its declared fields."""

    kind: str  # "offer" or "need"
    index: int

    @property
    def anchor(self) -> str:
        return f"{self.kind}-{self.index + 1}"


class MemberBehaviour:
    """What a member (`schema.Member`) can tell besides its declared fields. Its attributes are the
    fields declared in `schema.MEMBER` plus `slug` and `source`; `contact` exists only when the
    member chose `public: true` (the loader drops private details)."""

    slug: str
    name: str

    @property
    def url(self) -> str:
        return f"members/{self.slug}/"

    @property
    def offer_categories(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(item.category for item in self.offers))

    @property
    def need_categories(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(item.category for item in self.needs))

    @property
    def sort_key(self) -> tuple[str, str]:
        return (self.name.casefold(), self.slug)

    @property
    def last_confirmed(self):
        """The day the member last confirmed or changed the profile (the later of `reviewed` and
        `updated`), or None: what "last confirmed" on its page and `invoke stale` go by."""
        dates = [day for day in (self.reviewed, self.updated) if day is not None]
        return max(dates) if dates else None


@dataclass(frozen=True)
class Hub:
    """Everything validated from the vocabulary, members/, events/, introductions/ and the posts of
    content/ (member feeds are merged in by `events.agenda`, which is what the pages publish)."""

    vocabulary: Vocabulary
    members: tuple[Member, ...] = ()
    events: tuple[Event, ...] = ()
    introductions: tuple[Introduction, ...] = ()
    publishing: Publishing | None = None  # posts, reports and series of content/ (publishing.load)
    places: Places = Places()

    @cached_property
    def by_slug(self) -> dict[str, Member]:
        return {member.slug: member for member in self.members}
