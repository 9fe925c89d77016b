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
from ..core.fingerprint import digest
from ..core.memo import remember
from ..core.pages import BUDGET, Page, fits, paginate
from ..matching import feed, matcher
from . import weights
from .base import HubGenerator


def matching_inputs(hub):
    """Everything matching reads: members' names, places, offers and needs, the introductions, the
    vocabulary and the places file (not summaries or descriptions: editing those keeps the matches)."""
    return ([(m.slug, m.name, m.areas, m.localities, m.offers, m.needs) for m in hub.members],
            hub.introductions, hub.vocabulary, hub.places)


FEW = 10  # mutual pairs /matching/ shows when they have pages of their own


def gap_entries(group) -> list:
    """A category's needs with no suggestion, then those with no good match, as (kind, need)."""
    return [("unmet", need) for need in group.unmet] + [("weak", need) for need in group.without_good]


def gap_weight(entry) -> int:
    return weights.gap_need(entry[1])


@dataclass(frozen=True)
class Arranged:
    """The hub's matches and how its pages show them: all of it follows from `matching_inputs` (and
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
        # What every suggestion follows from, walked once: the kept matches are keyed by it, and so
        # may a page showing suggestions be (site/reuse.py).
        inputs = digest("matching", matching_inputs(self.hub), seen=self.context["hub_fingerprints"])
        self.context["hub_matching_inputs"] = inputs
        workers = self.hub_settings.workers or None
        arranged = remember(self.hub_settings.cache_path, "matching", inputs, lambda: arrange(self.hub, workers))
        result = self.matching = arranged.matching
        self.categories, self.mutual = arranged.categories, arranged.mutual
        self.category_pages, self.mutual_pages, self.gap_pages = (arranged.category_pages, arranged.mutual_pages,
                                                                  arranged.gap_pages)
        self.context.update({
            "hub_matching": result,
            "hub_matching_categories": self.categories,
            "hub_matching_mutual": self.mutual,
            "hub_matching_feed": feed.feed_path,
            "hub_matching_category_pages": self.category_pages,
            "hub_matching_gap_pages": self.gap_pages,
            "hub_matching_mutual_pages": self.mutual_pages,
        })

    def generate_output(self, writer):
        # Every matching page shows the suggestions and what they follow from (members' names, places,
        # offers and needs, introductions: matching_inputs), nothing else of the tree: editing a
        # member's summary keeps them.
        shows = {"depends": ("matching page", self.context["hub_matching_inputs"]), "only": True}
        self.write_page(writer, "matching/index.html", "hub_matching", page_name="matching", few=FEW, **shows)
        for page in self.mutual_pages or ():
            self.write_page(writer, page.file, "hub_matching_mutual", page_name="matching", pagination=page, **shows)
        groups = {group.key: group for group in self.categories}
        for key, pages in (self.category_pages or {}).items():
            for page in pages:
                self.write_page(writer, page.file, "hub_matching_category", page_name="matching", group=groups[key],
                                pagination=page, **shows)
        self.write_page(writer, "matching/gaps/index.html", "hub_matching_gaps", page_name="matching-gaps", **shows)
        for key, pages in (self.gap_pages or {}).items():
            for page in pages:
                self.write_page(writer, page.file, "hub_matching_gaps_category", page_name="matching-gaps",
                                group=groups[key], pagination=page, **shows)
        self.write_matches_files()
        self.write_member_feeds()

    def write_matches_files(self) -> None:
        """matches.json and a file per category, made on every core; the previous build's files serve
        again while what matching read is the same."""
        files = dict(matcher.matches_files(self.matching, self.hub.vocabulary, self.hub_settings.matches_json))
        self.write_texts(lambda: list(files), lambda path: path, lambda path: opendata.dumps(files[path]()),
                         "matches-files", (self.context["hub_matching_inputs"], self.hub_settings.matches_json))

    def write_member_feeds(self) -> None:
        """Each member's Atom feed of matches, made on every core; the previous build's files serve
        again while the matches, the members' names and dates and the settings are the same."""
        hub, settings = self.hub, self.hub_settings
        inputs = (self.context["hub_matching_inputs"], [(m.slug, m.name, m.joined, m.updated) for m in hub.members],
                  settings.without_clock)
        def text_of(member):
            return feed.member_feed(hub, self.matching, member, settings)

        self.write_texts(lambda: hub.members, feed.feed_path, text_of, "match-feeds", inputs)
