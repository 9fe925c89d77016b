"""Who can help whom: for every need, the offers of other members a coordinator would suggest,
in two tiers, each explained in plain words. Pure Python: the frozen model in, frozen results out.

* `features.Reader` reads every offer and need once; `assess.assess(need, offer)` is the one rule
  for a pair: its named features, its score (weights fitted on labelled data, `tuning`), its
  tier ("Good match" or "Worth a look") and its reasons.
* For each need, candidate offers are scored and the best `max_per_need` with a tier are shown,
  best first. An offer outside the need's area can be shown (labelled) when it scores well
  enough: the area is one feature among others, as it is for a coordinator.
* A pair an introduction marked `not a fit` is never suggested again; other introductions are
  shown on the pair ("Introduced on 3 March 2027: connected").
* A pair is mutual when the offering member also has a suggestion for one of the needing
  member's needs, and one of the two is a Good match.

Scale: a hub of at most EXHAUSTIVE offers (any real coalition) has every pair scored. A larger
one looks candidates up in an index of offers by word, synonym group and category, per area
and across areas, reads at most PER_KEY offers per list, and scores the MAX_SCORED candidates
found by the most lists, so work per need is bounded and time grows linearly.
"""
from __future__ import annotations

import functools
import gc
from collections import Counter, defaultdict
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import itemgetter
from typing import NamedTuple

try:  # the C helper behind Counter.update: counting candidates is the search's busiest step
    from collections import _count_elements
except ImportError:  # pragma: no cover - other Pythons
    def _count_elements(counts, items):
        for item in items:
            counts[item] = counts.get(item, 0) + 1

from ..core.model import Hub
from ..core.processes import forked_map
from ..core.schema import Item, Member
from .assess import Assessment, assess, reasons
from .features import AREA_FIT_LABELS, OUTSIDE, ItemReading, Reader
from .introductions import NOT_A_FIT, Introduction, pair_key
from .tuning import GOOD, TIER_LABELS, Tuning, default_tuning

EXHAUSTIVE = 400  # a hub with at most this many offers has every pair scored
PER_KEY = 12  # offers read per word, area and category list at most
BUCKET_TOP = 6  # offers of the need's category and area always considered in a large hub
MAX_SCORED = 4  # in a large hub, the candidates scored per need
_second = itemgetter(1)


class Match(NamedTuple):
    """One suggested introduction: `offer` could meet `need`. (A named tuple: a hub of 10,000
    members makes 150,000 of them, and a frozen dataclass is several times slower to build.)"""

    need: Item
    offer: Item
    score: float  # 0..1, three decimals: the fitted chance a coordinator would suggest it
    tier: str  # tuning.GOOD or tuning.WORTH
    reasons: tuple[str, ...]
    mutual: bool
    area_fit: str  # a key of AREA_FIT_LABELS
    same_category: bool
    introduction: Introduction | None = None  # when a coordinator already introduced them

    @property
    def tier_label(self) -> str:
        return TIER_LABELS[self.tier]

    @property
    def good(self) -> bool:
        return self.tier == GOOD

    @property
    def area_fit_label(self) -> str:
        return AREA_FIT_LABELS[self.area_fit]

    @property
    def outside_area(self) -> bool:
        return self.area_fit in OUTSIDE


@dataclass(frozen=True)
class CategoryGap:
    key: str
    label: str
    needs: int
    offers: int
    unmet: int  # needs in this category with no suggestion at all
    without_good: int  # needs in this category with no "Good match"


@dataclass(frozen=True)
class MemberMatches:
    could_help_you: tuple[Match, ...]  # suggestions for this member's needs, need by need
    you_could_help: tuple[Match, ...]  # this member's offers suggested for others' needs, best first


@dataclass(frozen=True)
class Matching:
    """Every suggestion of a hub, with the lookups the pages need."""

    matches: tuple[Match, ...]  # needs in hub order, best first per need
    needs: tuple[Item, ...]  # every need, in hub order
    unmet: tuple[Item, ...]  # needs with no suggestion in either tier
    gaps: tuple[CategoryGap, ...]  # categories with needs, least met first
    introductions: tuple[Introduction, ...] = ()
    tuning: Tuning | None = field(default=None, compare=False, repr=False)
    _by_need: dict = field(default_factory=dict, compare=False, hash=False, repr=False)
    _by_offer: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    def for_need(self, need: Item) -> tuple[Match, ...]:
        return self._by_need.get((need.member_slug, need.index), ())

    def for_offer(self, offer: Item) -> tuple[Match, ...]:
        return self._by_offer.get((offer.member_slug, offer.index), ())

    def for_member(self, member: Member) -> MemberMatches:
        helped = tuple(m for need in member.needs for m in self.for_need(need))
        helping = sorted((m for offer in member.offers for m in self.for_offer(offer)),
                         key=lambda m: (-m.score, m.offer.index, m.need.member_slug, m.need.index))
        return MemberMatches(helped, tuple(helping))

    def introductions_of(self, member: Member) -> tuple[Introduction, ...]:
        """Introductions this member was part of, newest first."""
        return tuple(sorted((i for i in self.introductions
                             if member.slug in (i.need.member_slug, i.offer.member_slug)),
                            key=lambda i: (i.date, i.slug), reverse=True))

    @property
    def mutual(self) -> tuple[Match, ...]:
        return tuple(m for m in self.matches if m.mutual)

    @property
    def good(self) -> tuple[Match, ...]:
        return tuple(m for m in self.matches if m.good)


class Ranked(tuple):
    """(assessment, offer number) of one candidate, for the evaluation and the tests."""

    __slots__ = ()

    @property
    def assessment(self) -> Assessment:
        return self[0]

    @property
    def number(self) -> int:
        return self[1]


class Matcher:
    """Reads a hub once; `match()` suggests offers for every need."""

    def __init__(self, hub: Hub, tuning: Tuning | None = None, introductions: tuple[Introduction, ...] | None = None):
        self.hub = hub
        self.tuning = tuning or default_tuning()
        self.reader = Reader(hub)
        self.offers = self.reader.offers
        self.needs = self.reader.needs
        self.introductions = hub.introductions if introductions is None else introductions
        self.introduced = {i.pair: i for i in self.introductions}
        self.not_a_fit = frozenset(pair for pair, i in self.introduced.items() if i.outcome == NOT_A_FIT)
        self.names = {m.slug: m.name for m in hub.members}
        self.exhaustive = len(self.offers) <= EXHAUSTIVE
        self.categories = [offer.category for offer in self.offers]
        order = sorted(range(len(self.offers)), key=lambda n: (self.offers[n].member, self.offers[n].item.index))
        self.position = [0] * len(order)
        for rank, number in enumerate(order):
            self.position[number] = rank
        # In a large hub each need has few candidates, most of them shown: gathering the evidence
        # while ranking costs less than assessing the shown ones again to explain them.
        self.explained = not self.exhaustive
        if not self.exhaustive:
            self._index()

    # -- candidates -----------------------------------------------------------------------------

    def _index(self) -> None:
        """Lists of offers by area and key (a stem, a word of a phrase, a synonym group, or
        "@" + category for the category itself), and by key across areas; an area is a slug,
        or "*" for offers that reach everywhere. The keys are those of the offer's title (what it
        says it gives); each list keeps its first PER_KEY offers."""
        by_area: dict[str, dict[str, list[int]]] = defaultdict(dict)
        anywhere: dict[str, list[int]] = {}
        for offer in self.offers:
            keys = {"@" + offer.category}
            for word in offer.title.words:
                keys.add(word.stem)
                keys.update(word.parts)
                if word.group:
                    keys.add(word.group)
            keys.update("@" + cat for cat in offer.provides)
            number = offer.number
            targets = [by_area[area] for area in (("*",) if offer.everywhere else offer.places)]
            targets.append(anywhere)
            for key in keys:
                for lists in targets:
                    listed = lists.get(key)
                    if listed is None:
                        lists[key] = [number]
                    elif len(listed) < PER_KEY:
                        listed.append(number)
        self.by_area = by_area
        self.anywhere = anywhere

    def candidates(self, need: ItemReading) -> list[int]:
        """Offer numbers worth scoring for `need`: every offer in a small hub; in a large one,
        those listed under the need's weightiest words, their synonym groups and its category,
        in its areas, online and across areas, found by the most lists first."""
        if self.exhaustive:
            return [offer.number for offer in self.offers]
        counts: dict[int, int] = {}
        count = _count_elements
        sources = [self.by_area.get(area) for area in sorted(need.places)] + [self.by_area.get("*"), self.anywhere]
        category = "@" + need.category
        for lists in sources:
            if not lists:
                continue
            if lists is self.anywhere and len(counts) >= 2 * MAX_SCORED:
                break  # enough in reach: offers elsewhere can only be worth a look
            for rank, (stem, group) in enumerate(need.search_keys):
                for key in (stem, group):
                    if key:
                        found = lists.get(key)
                        if found:
                            count(counts, found)
                            if not rank:  # the head, or the weightiest word, counts twice
                                count(counts, found)
            found = lists.get(category)
            if found:
                count(counts, found[:BUCKET_TOP])
        # Most lists first; among equals, the order they were found in (sorted is stable).
        ranked = sorted(counts.items(), key=_second, reverse=True)
        return [number for number, _ in ranked[:MAX_SCORED]]

    # -- ranking ----------------------------------------------------------------------------------

    def ranking(self, need: ItemReading) -> list[Ranked]:
        """Every candidate for `need` (other members' offers, not marked `not a fit`) with its
        assessment, best first: the ranking before tiers."""
        reader, tuning, explained = self.reader, self.tuning, self.explained
        offers, not_a_fit = self.offers, self.not_a_fit
        scored = []
        for number in self.candidates(need):
            offer = offers[number]
            if offer.member == need.member or (not_a_fit and pair_key(need.item, offer.item) in not_a_fit):
                continue
            scored.append(tuple.__new__(Ranked, (assess(need, offer, reader, tuning, explained), number)))
        # Best first; on a tie, an offer in the need's category, then by member slug and position.
        category, position, categories = need.category, self.position, self.categories
        scored.sort(key=lambda r: (-r[0][0], categories[r[1]] != category, position[r[1]]))
        return scored

    def suggestions(self, need: ItemReading) -> list[Ranked]:
        """What the need's visitors see: the best candidates with a tier, at most max_per_need."""
        return [r for r in self.ranking(need) if r[0].tier is not None][:self.tuning.max_per_need]

    def explain(self, need: ItemReading, ranked: Ranked) -> tuple[Assessment, list[str]]:
        """The pair's assessment with its evidence, and its reasons."""
        assessment, number = ranked
        offer = self.offers[number]
        if assessment.evidence is None:
            assessment = assess(need, offer, self.reader, self.tuning)
        return assessment, reasons(assessment, need, offer, self.reader)

    def suggested(self, need: ItemReading) -> list[tuple]:
        """The need's suggestions, explained, as plain values (they may come back from another
        process): (tier as ranked, score, tier, reasons, area evidence, offer number) each."""
        found = []
        for ranked in self.suggestions(need):
            assessment, said = self.explain(need, ranked)
            found.append((ranked[0].tier, assessment.score, assessment.tier, said, assessment.evidence.area,
                          ranked[1]))
        return found

    def match(self, mapper=None) -> Matching:
        """Every need with its suggestions. `mapper` (like `core.processes.forked_map`) may share
        the needs between processes: each finds and explains its needs' suggestions; the rest
        (which pairs are mutual, the lists by offer) is done here."""
        needs = self.needs
        shown = mapper(self.suggested, needs) if mapper else [self.suggested(need) for need in needs]
        # (offering, needing) -> (need, offer, good): the first Good match between them, else the first
        helps: dict[tuple[str, str], tuple[Item, Item, bool]] = {}
        for need, found in zip(needs, shown):
            for ranked_tier, _, _, _, _, number in found:
                offer = self.offers[number]
                key, good = (offer.member, need.member), ranked_tier == GOOD
                if key not in helps or good and not helps[key][2]:
                    helps[key] = (need.item, offer.item, good)
        unmet = tuple(need.item for need, found in zip(needs, shown) if not found)
        without_good = [need.item for need, found in zip(needs, shown) if not any(f[0] == GOOD for f in found)]
        matches: list[Match] = []
        introduced = self.introduced
        by_need: dict = {}
        by_offer: dict = defaultdict(list)
        for need, found in zip(needs, shown):
            kept = []
            for _, score, tier, said, area, number in found:
                offer = self.offers[number]
                # Mutual: each could help the other, and at least one way is a Good match (with
                # "Worth a look" both ways, almost any two members would be mutual).
                back = helps.get((need.member, offer.member))
                mutual = back is not None and (back[2] or tier == GOOD)
                if mutual:
                    their_need, my_offer, _ = back
                    said.append(f"Mutual: {self.names[need.member]} could also help "
                                f"{self.names[offer.member]}, with “{my_offer.title}” for “{their_need.title}”.")
                match = tuple.__new__(Match, (need.item, offer.item, score, tier, tuple(said), mutual, area,
                                              need.category == offer.category,
                                              introduced.get(pair_key(need.item, offer.item)) if introduced else None))
                kept.append(match)
                by_offer[(offer.member, offer.item.index)].append(match)
            by_need[(need.member, need.item.index)] = tuple(kept)
            matches.extend(kept)
        by_offer_sorted = {key: tuple(sorted(group, key=lambda m: (-m.score, m.need.member_slug, m.need.index)))
                           for key, group in by_offer.items()}
        return Matching(tuple(matches), tuple(n.item for n in self.needs), unmet,
                        self._gaps(unmet, without_good), tuple(self.introductions), self.tuning, by_need,
                        by_offer_sorted)

    def _gaps(self, unmet, without_good) -> tuple[CategoryGap, ...]:
        needs: dict[str, int] = defaultdict(int)
        offers: dict[str, int] = defaultdict(int)
        missing: dict[str, int] = defaultdict(int)
        weak: dict[str, int] = defaultdict(int)
        for reading in self.needs:
            needs[reading.category] += 1
        for reading in self.offers:
            offers[reading.category] += 1
        for item in unmet:
            missing[item.category] += 1
        for item in without_good:
            weak[item.category] += 1
        gaps = [CategoryGap(c.key, c.label, needs[c.key], offers[c.key], missing[c.key], weak[c.key])
                for c in self.hub.vocabulary if needs[c.key]]
        gaps.sort(key=lambda g: (-g.unmet, -g.without_good, -(g.needs - g.offers), g.label.casefold()))
        return tuple(gaps)


@contextmanager
def paused_gc():
    """Pause Python's cyclic garbage collector while matching: the matcher makes hundreds of
    thousands of small objects that all stay alive, and rescanning them again and again as the
    heap grows doubles the running time. Nothing matching makes needs the cycle collector."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def match_hub(hub: Hub, tuning: Tuning | None = None, workers: int | None = 1) -> Matching:
    """Every need of `hub` with its suggested offers, explained; in up to `workers` processes
    (None: one per core), which give the same result."""
    with paused_gc():
        matcher = Matcher(hub, tuning)
        if workers == 1:
            return matcher.match()
        return matcher.match(lambda function, needs: forked_map(function, needs, workers))


# ---------------------------------------------------------------------------------------------
# Views for pages


@dataclass(frozen=True)
class NeedMatches:
    """A need and its suggestions, for the matching page."""

    need: Item
    matches: tuple[Match, ...]

    @property
    def mutual(self) -> bool:
        return any(m.mutual for m in self.matches)


@dataclass(frozen=True)
class CategoryMatches:
    key: str
    label: str
    needs: tuple[NeedMatches, ...]  # needs with suggestions: mutual ones first, then best first
    unmet: tuple[Item, ...]  # needs of this category with no suggestion
    without_good: tuple[Item, ...] = ()  # needs with suggestions, none of them a Good match


@dataclass(frozen=True)
class MutualPair:
    """Two members who could each help the other: `first` helps `second` and back."""

    first: str
    second: str
    first_helps: Match  # an offer of `first` for a need of `second`
    second_helps: Match  # an offer of `second` for a need of `first`


def by_category(hub: Hub, matching: Matching) -> tuple[CategoryMatches, ...]:
    """Needs with their suggestions, grouped by the vocabulary's categories (those with needs)."""
    unmet = set((n.member_slug, n.index) for n in matching.unmet)
    groups = []
    for category in hub.vocabulary:
        needs = [n for n in matching.needs if n.category == category.key]
        if not needs:
            continue
        found = [NeedMatches(n, matching.for_need(n)) for n in needs if matching.for_need(n)]
        found.sort(key=lambda nm: (not nm.mutual, not any(m.good for m in nm.matches), -nm.matches[0].score,
                                   nm.need.member_slug, nm.need.index))
        groups.append(CategoryMatches(category.key, category.label, tuple(found),
                                      tuple(n for n in needs if (n.member_slug, n.index) in unmet),
                                      tuple(nm.need for nm in found if not any(m.good for m in nm.matches))))
    return tuple(groups)


def mutual_pairs(matching: Matching) -> tuple[MutualPair, ...]:
    """Each pair of members who could help each other, once, with the best match each way."""
    best: dict[tuple[str, str], Match] = {}
    for match in matching.matches:
        key = (match.offer.member_slug, match.need.member_slug)
        if match.mutual and (key not in best or match.score > best[key].score):
            best[key] = match
    pairs = []
    for (first, second), match in sorted(best.items()):
        if first < second and (second, first) in best:
            pairs.append(MutualPair(first, second, match, best[(second, first)]))
    return tuple(pairs)


def match_record(match: Match) -> dict:
    """One entry of matches.json."""
    record = {"need": {"member": match.need.member_slug, "title": match.need.title},
              "offer": {"member": match.offer.member_slug, "title": match.offer.title},
              "tier": match.tier_label, "score": match.score, "reasons": list(match.reasons),
              "mutual": match.mutual}
    if match.introduction is not None:
        record["introduced"] = {"date": match.introduction.date.isoformat(), "outcome": match.introduction.outcome}
    return record


def matches_document(matching: Matching, category: str | None = None) -> list[dict]:
    """Every suggested pair (or those for needs in `category`), needs in hub order, best first per need:
    the records of matches/<category>.json."""
    return [match_record(match) for match in matching.matches if category is None or match.need.category == category]


MATCHES_VERSION = 2  # 1: matches.json was the list of every record; 2: an index of a file per category


def category_file(matches_json: str, key: str) -> str:
    """Where a category's matches go: 'matches.json' -> 'matches/venues.json'."""
    return f"{matches_json.removesuffix('.json')}/{key}.json"


def matches_files(matching: Matching, vocabulary, matches_json: str) -> list[tuple[str, Callable[[], object]]]:
    """matches.json, an index of the categories with suggestions (each with its file and how many
    records it holds), and a file per category: (path, a function making its document), so each can
    be made when written (at 10,000 members they are 110 MB of JSON, which need not all be in memory
    at once), the index last. One file of every pair would grow with the hub (7.6 MB at 1,000
    members); a category's file is what a program about one kind of support needs."""
    counts = Counter(match.need.category for match in matching.matches)
    shown = [category for category in vocabulary if counts[category.key]]
    index = [{"key": category.key, "label": category.label, "url": f"/{category_file(matches_json, category.key)}",
              "matches": counts[category.key]} for category in shown]
    files: list[tuple[str, Callable[[], object]]] = [
        (category_file(matches_json, category.key), functools.partial(matches_document, matching, category.key))
        for category in shown]
    files.append((matches_json, lambda: {"version": MATCHES_VERSION, "matches": len(matching.matches),
                                         "categories": index}))
    return files
