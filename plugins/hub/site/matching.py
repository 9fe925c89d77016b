"""Who could help whom: computes the hub's matches once (member pages show them too), and writes
/matching/, /matching/gaps/, matches.json (an index) with a file per category, and each member's
Atom feed of matches.

A hub whose suggestions fit on one page has them all on /matching/ (and its gaps on /matching/gaps/);
a larger one lists its categories there, each with pages of its own (/matching/categories/<key>/,
/matching/gaps/<key>/: under categories/ so no category key can take /matching/gaps/ or
/matching/mutual/), and the first few pairs of members who could help each other, with all of them
on /matching/mutual/."""
from __future__ import annotations

from dataclasses import dataclass

from ..core import opendata
from ..core.memo import remember
from ..core.model import Hub
from ..core.pages import BUDGET, Page, fits, paginate
from ..matching import feed, matcher
from . import weights
from .base import HubGenerator


@dataclass(frozen=True)
class MatchedMember:
    """Of a member, all that matching reads: its names, places, offers and needs (not its summary
    or description: editing those keeps the matches). Matching is given these and nothing else, so
    what it keeps between builds is made from exactly what its key covers."""

    slug: str
    name: str
    areas: tuple
    localities: tuple
    offers: tuple
    needs: tuple

    @property
    def url(self) -> str:
        return f"members/{self.slug}/"


def matching_view(hub: Hub) -> Hub:
    """The hub as matching sees it: its members as `MatchedMember`s, the vocabulary, the places and
    the introductions."""
    members = tuple(MatchedMember(m.slug, m.name, m.areas, m.localities, m.offers, m.needs) for m in hub.members)
    return Hub(hub.vocabulary, members=members, introductions=hub.introductions, places=hub.places)


FEW = 10  # mutual pairs /matching/ shows when they have pages of their own


def gap_entries(group) -> list:
    """A category's needs with no suggestion, then those with no good match, as (kind, need)."""
    return [("unmet", need) for need in group.unmet] + [("weak", need) for need in group.without_good]


def gap_weight(entry) -> int:
    return weights.gap_need(entry[1])


@dataclass(frozen=True)
class Arranged:
    """The hub's matches and how its pages show them: all of it follows from `matching_view` (and
    the code), so it is kept between builds as one."""

    matching: matcher.Matching
    categories: tuple[matcher.CategoryMatches, ...]
    mutual: tuple[matcher.MutualPair, ...]
    category_pages: dict[str, list[Page]] | None  # None: on one page
    mutual_pages: list[Page] | None
    gap_pages: dict[str, list[Page]] | None


def arrange(hub, workers: int | None) -> Arranged:
    result = matcher.match_hub(hub, workers=workers)
    categories = matcher.by_category(hub, result)
    mutual = matcher.mutual_pairs(result)
    # One page each when they fit in a share of it; else pages of their own.
    needs = [entry for group in categories for entry in group.needs]
    category_pages = None
    if not fits(needs, weights.need_matches, BUDGET // 2):
        category_pages = {group.key: paginate(group.needs, f"matching/categories/{group.key}/",
                                              weights.need_matches) for group in categories}
    mutual_pages = None
    if not fits(mutual, weights.mutual_pair, BUDGET // 4):
        mutual_pages = paginate(mutual, "matching/mutual/", weights.mutual_pair)
    gaps = [entry for group in categories for entry in gap_entries(group)]
    gap_pages = None
    if not fits(gaps, gap_weight, BUDGET // 2):
        gap_pages = {group.key: paginate(gap_entries(group), f"matching/gaps/{group.key}/", gap_weight)
                     for group in categories if group.unmet or group.without_good}
    return Arranged(result, categories, mutual, category_pages, mutual_pages, gap_pages)


class MatchingGenerator(HubGenerator):
    def prepare(self):
        workers = self.hub_settings.workers or None
        arranged = remember(self.hub_settings.cache_path, "matching", arrange, matching_view(self.hub), workers)
        result = self.matching = arranged.matching
        self.categories, self.mutual = arranged.categories, arranged.mutual
        self.category_pages, self.mutual_pages, self.gap_pages = (arranged.category_pages, arranged.mutual_pages,
                                                                  arranged.gap_pages)
        build = self.build
        build.matching = result
        build.matching_categories = self.categories
        build.matching_mutual = self.mutual
        build.matching_feed = feed.feed_path
        build.matching_category_pages = self.category_pages
        build.matching_gap_pages = self.gap_pages
        build.matching_mutual_pages = self.mutual_pages

    def generate_output(self, writer):
        self.write_page(writer, "matching/index.html", "hub_matching", page_name="matching", few=FEW)
        for page in self.mutual_pages or ():
            self.write_page(writer, page.file, "hub_matching_mutual", page_name="matching", pagination=page)
        groups = {group.key: group for group in self.categories}
        for key, pages in (self.category_pages or {}).items():
            for page in pages:
                self.write_page(writer, page.file, "hub_matching_category", page_name="matching", group=groups[key],
                                pagination=page)
        self.write_page(writer, "matching/gaps/index.html", "hub_matching_gaps", page_name="matching-gaps")
        for key, pages in (self.gap_pages or {}).items():
            for page in pages:
                self.write_page(writer, page.file, "hub_matching_gaps_category", page_name="matching-gaps",
                                group=groups[key], pagination=page)
        self.write_matches_files()
        self.write_member_feeds()

    def write_matches_files(self) -> None:
        """matches.json and a file per category, made on every core."""
        files = dict(matcher.matches_files(self.matching, self.hub.vocabulary, self.hub_settings.matches_json))
        self.write_texts(list(files), lambda path: path, lambda path: opendata.dumps(files[path]()))

    def write_member_feeds(self) -> None:
        """Each member's Atom feed of matches, made on every core."""
        hub, settings = self.hub, self.hub_settings

        def text_of(member):
            return feed.member_feed(hub, self.matching, member, settings)

        self.write_texts(hub.members, feed.feed_path, text_of)
