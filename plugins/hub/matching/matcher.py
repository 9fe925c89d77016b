"""Who can help whom: for every need, rank the offers of other members that could meet it, and
say why in plain words. Pure Python: the frozen model in, frozen results out.

How a pair is scored (docs/matching.md explains it with examples):

* Each item becomes weighted *units*: its category, and the words of its title and details
  that mean something (stopwords, numbers and place names left out; synonyms counted once).
  For a need, "when" (days, times of day) and "in which language" are units too. Rare words
  weigh more than common ones; the head of the title ("storage" in "Dry storage for bulky
  donations") weighs double; words of the purpose ("for walkers on low incomes") and words
  neither the thesaurus nor the vocabulary knows weigh less.
* An offer covers a unit of the need with the same word (1), a synonym (0.8) or a word naming
  the same third category (0.5); it covers the category unit when it is in the same category
  (1) or when its title says it provides that category (0.6: a clubhouse lounge listed under
  equipment, for a room under venues).
* score = 0.8 x (share of the need the offer covers) + 0.2 x (share of what the offer
  provides that the need covers), lowered (x 0.7 each) when days, times of day, languages or
  age groups conflict or the offer is for people themselves while the need is the group's own;
  lowered (x 0.75) when the need asks for one thing and the offer is another ("storage" and
  "church hall", training on different topics); lowered (x 0.85) across categories; and by
  distance: same area or an area the offer covers is best, online or UK-wide slightly less.
  An offer outside the need's area is shown only when nothing in the area reaches the
  threshold, scored lower (x 0.55) and labelled.
* Pairs scoring at least THRESHOLD are suggested, best first, at most MAX_PER_NEED per need.
  A pair is mutual when the offering member also has a suggested offer for one of the
  needing member's needs.

Scale: offers are indexed by (area, category, term) and by (area, category), each list sorted
with the most general offers first. For a need, the lists of its own areas and of online
offers give an upper bound of every candidate's score; candidates are scored in that order
and the search stops as soon as no remaining one can reach the threshold or beat the weakest
suggestion kept. A need never meets every offer: each term reads at most PER_KEY offers per area, and at
most MAX_SCORED offers are scored per need.
"""
from __future__ import annotations

import gc
import math
from collections import defaultdict

try:  # the C helper behind Counter.update: counting is the search's busiest step
    from collections import _count_elements
except ImportError:  # pragma: no cover - other Pythons
    def _count_elements(counts, items):
        for item in items:
            counts[item] = counts.get(item, 0) + 1
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import chain
from operator import itemgetter

from ..core.model import Hub
from ..core.schema import Item, Member
from ..core.slugs import slugify
from .text import _NO_FACETS, BREAK, Facets, Lexicon, Reading, Word, day_phrase, join_words

# Tuning: global, documented in docs/matching.md; never per member or item.
THRESHOLD = 0.5  # suggest pairs scoring at least this
MAX_PER_NEED = 3  # suggestions kept per need
CATEGORY_UNIT = 3.0  # weight of the category unit, in average word units
CROSS_CATEGORY = 0.6  # how much an offer in another category covers the need's category
CROSS_HEAD = 0.8  # ... when the head of its title is a thing of the need's category (a lounge: a room)
CROSS_FACTOR = 0.85  # score factor across categories: below same-category pairs unless strong
PLAIN_WORD = 0.4  # weight of words neither the thesaurus nor the vocabulary knows
RARITY = 0.5  # rarer words weigh more: weight x idf ** RARITY
DETAILS_WEIGHT = 0.3  # words in the details count this much of words in the title
HEAD_WEIGHT = 2.0  # the head of a title names what is asked or given
PURPOSE_WEIGHT = 0.6  # a need's words after "for", "to" or "so" (who or what it is for)
TIMING_UNIT = 1.0  # weight of "when", in average word units
LANGUAGE_UNIT = 1.5  # weight of "in which language", in average word units
SYNONYM = 0.8  # a synonym covers this much of a word
RELATED = 0.5  # a word naming the same third category covers this much
NEED_SIDE = 0.8  # weight of the need's share against the offer's
CONFLICT = 0.7  # score factor per conflict (days or times, languages, age groups, audience)
LANGUAGE_CLASH = 2  # a language conflict counts as this many: another language does not help at all
SUBSTITUTE = 0.75  # score factor when the need asks for one thing and the offer is another
AREA_FACTORS = {"same area": 1.0, "anywhere": 1.0, "covers area": 0.98, "online": 0.94,
                "uk-wide": 0.94, "outside area": 0.55}
PER_KEY = 8  # offers read per term, area and category at most (the most general first)
BUCKET_TOP = 8  # most general offers of an area and category always considered
SEARCH_UNITS = 3  # the need's weightiest word units whose words and synonyms are looked up
SMALL = 16  # a need with at most this many candidates has them all scored
SMALL_HUB = 32  # a hub with at most this many areas reads them all for searches beyond a need's area
MAX_SCORED = 3  # otherwise, the candidates scored

AREA_FIT_LABELS = {
    "same area": "Same area",
    "covers area": "Covers your area",
    "online": "Online",
    "uk-wide": "UK-wide",
    "anywhere": "Need not tied to a place",
    "outside area": "Outside your area",
}


@dataclass(frozen=True)
class Match:
    """One suggested introduction: `offer` could meet `need`."""

    need: Item
    offer: Item
    score: float  # 0..1, three decimals
    reasons: tuple[str, ...]
    mutual: bool
    area_fit: str  # a key of AREA_FIT_LABELS
    same_category: bool

    @property
    def area_fit_label(self) -> str:
        return AREA_FIT_LABELS[self.area_fit]

    @property
    def outside_area(self) -> bool:
        return self.area_fit == "outside area"


@dataclass(frozen=True)
class CategoryGap:
    key: str
    label: str
    needs: int
    offers: int
    unmet: int  # needs in this category with no suggestion in their area

@dataclass(frozen=True)
class MemberMatches:
    could_help_you: tuple[Match, ...]  # suggestions for this member's needs, need by need
    you_could_help: tuple[Match, ...]  # this member's offers suggested for others' needs, best first


@dataclass(frozen=True)
class Matching:
    """Every suggestion of a hub, with the lookups the pages need."""

    matches: tuple[Match, ...]  # needs in hub order, best first per need
    needs: tuple[Item, ...]  # every need, in hub order
    unmet: tuple[Item, ...]  # needs with no suggestion in their area (may have outside ones)
    gaps: tuple[CategoryGap, ...]  # categories with needs, least met first
    threshold: float = THRESHOLD
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

    @property
    def mutual(self) -> tuple[Match, ...]:
        return tuple(m for m in self.matches if m.mutual)


# ---------------------------------------------------------------------------------------------
# Reading titles: head, topic, audience, purpose

# Words that end the first noun phrase of a title; its head is the last word before them.
_PHRASE_END = frozenset("""
for to towards so with without who which that in into on at from of by near about during after
before until if when where while as than like around across between within under over via and
or but covering including offering providing free
""".split()) | {BREAK}
_LEADING = frozenset("a an the our your their we some any free".split())
_TOPIC_MARKERS = frozenset(("on", "about", "covering"))
_FOR, _FOR_SO, _FOR_TO_SO = frozenset(("for",)), frozenset(("for", "so")), frozenset(("for", "to", "so"))
_ASKING = frozenset(("someone", "somebody", "people", "help", "advice", "support", "ideas"))
_OURS = frozenset(("our", "us", "we"))
# Who an item is for when it names people rather than organisations.
PEOPLE_WORDS = frozenset("""
people person persons individual individuals adult adults family families child children kid
kids young teenager teenagers girl girls boy boys woman women man men parent parents pupil
pupils resident residents tenant tenants carer carers patient patients anyone everyone
""".split())


def _first_index(raw, wanted, start: int = 0) -> int:
    if len(wanted) == 1:  # one marker: list.index, in C
        try:
            return raw.index(next(iter(wanted)), start)
        except ValueError:
            return len(raw)
    for i in range(start, len(raw)):
        if raw[i] in wanted:
            return i
    return len(raw)


def _head(title: Reading) -> Word | None:
    """The head of the title's first noun phrase when it is known: "Dry storage for bulky
    donations" -> storage; "Our sports hall, free ..." -> hall. English noun phrases end with
    their head, so it is the word just before the first preposition; None when that word is
    unknown ("Trained walk leaders") or the title starts with a verb."""
    raw = title.tokens
    start = 0
    while start < len(raw) and raw[start] in _LEADING:
        start += 1
    end = _first_index(raw, _PHRASE_END, start)
    for word in title.words:
        if word[5] + len(word[6]) == end and word[5] >= start:  # position + length: its end
            return word if word[2] or word[3] else None
    return None


def _after(title: Reading, markers) -> list[Word]:
    if markers.isdisjoint(title.tokens):
        return []
    at = _first_index(title.tokens, markers)
    return [w for w in title.words if w.position > at]


def _before(title: Reading, markers) -> list[Word]:
    if markers.isdisjoint(title.tokens):
        return list(title.words)
    at = _first_index(title.tokens, markers)
    return [w for w in title.words if w[5] + len(w[6]) <= at]


# ---------------------------------------------------------------------------------------------
# Preparing items

_WORD, _TIMING, _LANGUAGE = 0, 1, 2
_NOTHING: dict = {}
_EMPTY_SET: frozenset = frozenset()
_EVERYWHERE = ("online", "uk-wide")
_second = itemgetter(1)


class _Prepared:
    """An item read for matching: its units, and lookups of what it says."""

    __slots__ = ("item", "number", "member", "words", "head", "topic", "audience", "provides", "named",
                 "facets", "places", "reach", "stems", "parts", "groups", "cats", "foreign", "units",
                 "category_weight", "total", "category_only", "title", "purpose", "keys")

    def __init__(self, item: Item, number: int, lexicon: Lexicon, areas: dict):
        self.item = item
        self.number = number
        self.member = item.member_slug
        title = lexicon.read(item.title, 1.0)
        self.title = title
        facets = title.facets
        if item.details:
            details = lexicon.read(item.details, DETAILS_WEIGHT)
            words = {}
            for word in title.words + details.words:
                seen = words.get(word.stem)
                if seen is None or word.weight > seen.weight:
                    words[word.stem] = word
            self.words = list(words.values())
            b = details.facets
            if b.days or b.parts or b.languages or b.ages:
                facets = Facets(facets.days | b.days, facets.parts | b.parts, facets.languages | b.languages,
                                facets.ages | b.ages)
        else:
            words = title.words
            self.words = list(words) if len({w.stem for w in words}) == len(words) else _dedupe(words)
        self.facets = facets
        self.places, everywhere = areas[id(item.areas)]
        if item.kind == "offer":
            self.reach = everywhere  # reaches anyone: "online" or "uk-wide"
        else:
            self.reach = everywhere if not self.places else None  # wants help from anywhere
        stems: dict[str, float] = {}
        groups: dict[str, float] = {}
        cats: dict[str, float] = {}
        phrases = []
        for word in self.words:
            _, stem, group, categories, weight, _, word_parts = word
            if stems.get(stem, 0.0) < weight:
                stems[stem] = weight
            if len(word_parts) > 1:
                phrases.append(word)
            if group and groups.get(group, 0.0) < weight:
                groups[group] = weight
            for cat in categories:
                if cats.get(cat, 0.0) < weight:
                    cats[cat] = weight
        foreign = set()
        if phrases:  # the words of phrases count on their own too, as parts
            parts = {stem: weight for stem, weight in stems.items() if " " not in stem}
            for _, _, group, _, weight, _, word_parts in phrases:
                for part in word_parts:
                    if parts.get(part, 0.0) < weight:
                        parts[part] = weight
                    other = lexicon.group_of_stem(part)
                    if other and other != group:
                        foreign.add(other)  # "legal" inside "legal structure" means something else
        else:
            parts = stems  # no phrase: the parts are the stems
        self.stems, self.parts, self.groups, self.cats = stems, parts, groups, cats
        self.foreign = frozenset(foreign) if foreign else _EMPTY_SET
        self.named = frozenset(cats)
        self.head = _head(title)
        self.topic = _after(title, _TOPIC_MARKERS)
        raw = title.tokens
        if item.kind == "offer":
            # What the title says is given comes before any "for ...": "courses for volunteers"
            # provide courses, not volunteers; "a lounge we lend" provides a room.
            given = _before(title, _FOR_SO)
            self.provides = frozenset(c for w in given for c in w.categories)
            self.purpose = _before(title, _FOR) if "so" in raw else given  # what it gives (units)
            self.audience = None
            if "for" in raw:
                at = raw.index("for")
                if not PEOPLE_WORDS.isdisjoint(raw[at + 1:at + 4]):
                    self.audience = "people"
        else:
            self.provides = _EMPTY_SET
            self.audience = "ours" if not _OURS.isdisjoint(raw) and not facets.ages \
                and PEOPLE_WORDS.isdisjoint(raw) else None
            self.purpose = _EMPTY_SET if raw and raw[0] in _ASKING else \
                frozenset(w.stem for w in _after(title, _FOR_TO_SO))

    def make_units(self, idf: dict[str, float]) -> None:
        """Weighted units (kind, stem, parts, group, categories, weight, word); for a need its
        search terms, for an offer what each term may cover of it (for search bounds)."""
        need = self.item.kind == "need"
        if need:
            words = self.words
        else:
            words = _dedupe(self.purpose + self.topic) or _dedupe(self.title.words)
        head = self.head.stem if self.head is not None else None
        if head is not None and words and words[0].stem != head:
            words = sorted(words, key=lambda w: w.stem != head)  # the head speaks for its synonyms
        purpose = self.purpose if need else _EMPTY_SET
        seen: set[str] = set()
        units = []
        words_weight = 0.0
        for word in words:
            key = word.group or word.stem
            if key in seen:
                continue  # "storage, a garage or lock-up" asks for one thing, not three
            seen.add(key)
            weight = word.weight * idf.get(word.stem, 1.0)  # idf ** RARITY
            if not (word.group or word.categories):
                weight *= PLAIN_WORD
            if word.stem == head:
                weight *= HEAD_WEIGHT
            elif word.stem in purpose:
                weight *= PURPOSE_WEIGHT
            units.append((_WORD, word.stem, word.parts, word.group, word.categories, weight, word))
            words_weight += weight
        average = words_weight / len(units) if units else 1.0
        if need:
            if self.facets.days or self.facets.parts:
                units.append((_TIMING, "", (), None, (), TIMING_UNIT * average, None))
            if self.facets.languages:
                units.append((_LANGUAGE, "", (), None, (), LANGUAGE_UNIT * average, None))
        self.units = units
        self.category_weight = CATEGORY_UNIT * average
        self.total = self.category_weight + words_weight + (sum(u[5] for u in units[-2:] if u[0]) if need else 0.0)
        self.category_only = self.category_weight / self.total
        if need:
            # Search terms of the SEARCH_UNITS weightiest word units: their stems (and those of
            # a phrase's words) and synonym groups, weightiest unit first.
            words = sorted((u for u in units if u[0] == _WORD), key=lambda u: -u[5])[:SEARCH_UNITS]
            self.keys = tuple((u[2] if len(u[2]) > 1 else (u[1],), u[3]) for u in words)
        else:
            self.keys = ()


def _dedupe(words) -> list[Word]:
    best: dict[str, Word] = {}
    order = []
    for word in words:
        if word.stem not in best:
            order.append(word.stem)
            best[word.stem] = word
        elif word.weight > best[word.stem].weight:
            best[word.stem] = word
    return [best[stem] for stem in order]


def _value(stem: str, parts: tuple, group, categories, other: _Prepared, declared) -> tuple[float, int]:
    """How much `other` covers a word: (value, how) with how 3 = same word, 2 = synonym,
    1 = related (names the same third category), 0 = not at all."""
    value = other.stems.get(stem)
    if value is None and (group is None or group not in other.foreign):
        # A word inside a phrase of the other item counts ("safeguarding" in "safeguarding
        # policy"), unless that phrase means something else ("legal" in "legal structure").
        if len(parts) == 1:
            value = other.parts.get(stem)
        elif all(part in other.parts for part in parts):
            value = min(other.parts[part] for part in parts)
    if value is not None:
        return value, 3
    if group is not None:
        value = other.groups.get(group)
        if value is not None:
            return SYNONYM * value, 2
    best = 0.0
    for cat in categories:
        if cat not in declared:
            value = other.cats.get(cat, 0.0)
            if value > best:
                best = value
    if best:
        return RELATED * best, 1
    return 0.0, 0


def _covered(units, other: _Prepared, cat_a: str, cat_b: str, facets_a, facets_b) -> float:
    """The weight of `units` that `other` covers: `_value` for every word unit, inlined (this
    is the matcher's innermost loop), plus the need's timing and language units."""
    stems, parts_of, groups, cats, foreign = other.stems, other.parts, other.groups, other.cats, other.foreign
    got = 0.0
    for kind, stem, parts, group, categories, weight, _ in units:
        if kind:
            if kind == _TIMING:
                got += weight * _timing_value(facets_a, facets_b)
            elif facets_a.languages & facets_b.languages:
                got += weight
            continue
        value = stems.get(stem)
        if value is None and (group is None or group not in foreign):
            if len(parts) == 1:
                value = parts_of.get(stem)
            else:
                for part in parts:
                    if part not in parts_of:
                        break
                else:
                    value = min(parts_of[part] for part in parts)
        if value is not None:
            got += weight * value
            continue
        if group is not None:
            value = groups.get(group)
            if value is not None:
                got += weight * SYNONYM * value
                continue
        best = 0.0
        for cat in categories:
            if cat != cat_a and cat != cat_b:
                value = cats.get(cat, 0.0)
                if value > best:
                    best = value
        got += weight * RELATED * best
    return got


def _surface_of_group(item: _Prepared, group: str) -> str | None:
    for word in item.words:
        if word.group == group:
            return word.surface
    return None


def _word_how(word: Word, other: _Prepared) -> int:
    return _value(word.stem, word.parts, word.group, word.categories, other, ())[1]


def _timing_value(need: Facets, offer: Facets) -> float:
    asked = confirmed = 0
    if need.days:
        asked += 1
        confirmed += bool(need.days & offer.days)
    if need.parts:
        asked += 1
        confirmed += bool(need.parts & offer.parts)
    return confirmed / asked if asked else 0.0


# ---------------------------------------------------------------------------------------------
# Area fit


def area_fit(need: _Prepared, offer: _Prepared) -> str:
    if need.reach is not None:
        return "anywhere"
    if offer.reach is not None:
        return offer.reach
    if not need.places & offer.places:
        return "outside area"
    if need.places < offer.places:
        return "covers area"
    return "same area"


def _place_names(item: Item, slugs: dict[str, str]) -> list[str]:
    names = [a.name for a in item.areas if slugs[a.name] not in _EVERYWHERE]
    return names or [a.name for a in item.areas]


def _area_reason(fit: str, need: Item, offer: Item, slugs: dict[str, str]) -> str:
    wanted = join_words(_place_names(need, slugs))
    if fit == "anywhere":
        return f"The need is {join_words([a.name for a in need.areas])}, so it does not matter where the offer is."
    if fit == "online":
        return f"Offered online, so it reaches {wanted}."
    if fit == "uk-wide":
        return f"Offered UK-wide, so it reaches {wanted}."
    offered = {slugs[a.name] for a in offer.areas}
    shared = join_words([a.name for a in need.areas
                         if slugs[a.name] in offered and slugs[a.name] not in _EVERYWHERE])
    if fit == "covers area":
        return f"The offer covers {join_words(_place_names(offer, slugs))}, which includes {shared}."
    if fit == "same area":
        return f"Both in {shared}."
    return (f"Outside the need's area: offered in {join_words(_place_names(offer, slugs))}, needed in "
            f"{wanted}. Shown because nothing nearer matched.")


# ---------------------------------------------------------------------------------------------
# Conflicts: days, times of day, languages, age groups, audience


def _conflicts(need: _Prepared, offer: _Prepared) -> int:
    n, o = need.facets, offer.facets
    clashes = 0
    if (n.days and o.days and not n.days & o.days) or (n.parts and o.parts and not n.parts & o.parts):
        clashes += 1
    if n.languages and o.languages and not n.languages & o.languages:
        clashes += LANGUAGE_CLASH
    if n.ages and o.ages and not n.ages & o.ages:
        clashes += 1
    if offer.audience == "people" and need.audience == "ours":
        clashes += 1
    return clashes


def _facet_reasons(need: _Prepared, offer: _Prepared) -> list[str]:
    n, o = need.facets, offer.facets
    reasons = []
    if (n.days and o.days and not n.days & o.days) or (n.parts and o.parts and not n.parts & o.parts):
        reasons.append(f"Check the timing: the need mentions {day_phrase(n.days, n.parts)}; "
                       f"the offer mentions {day_phrase(o.days, o.parts)}.")
    else:
        days, parts = n.days & o.days, n.parts & o.parts
        if days or parts:
            reasons.append(f"Timing fits: both mention {day_phrase(days, parts)}.")
    if n.languages and o.languages:
        shared = sorted(n.languages & o.languages)
        if shared:
            reasons.append(f"Languages in common: {join_words(_language_names(shared))}.")
            missing = sorted(n.languages - o.languages)
            if missing:
                reasons.append(f"Not offered: {join_words(_language_names(missing))}.")
        else:
            reasons.append(f"Different languages: the need asks for {join_words(_language_names(sorted(n.languages)))}; "
                           f"the offer has {join_words(_language_names(sorted(o.languages)))}.")
    if n.ages and o.ages:
        shared = sorted(n.ages & o.ages)
        if shared:
            reasons.append(f"Both are about {join_words(shared)}.")
        else:
            reasons.append(f"Different age groups: the need is about {join_words(sorted(n.ages))}; "
                           f"the offer is for {join_words(sorted(o.ages))}.")
    if offer.audience == "people" and need.audience == "ours":
        reasons.append("Check who it is for: the offer is for people themselves, and the need is the group's own.")
    return reasons


def _language_names(codes) -> list[str]:
    return ["BSL" if code == "bsl" else code.capitalize() for code in codes]


def _quoted(words) -> list[str]:
    return [f"“{word}”" for word in words]


# ---------------------------------------------------------------------------------------------
# The matcher

class Matcher:
    """Indexes a hub's offers once; `match()` ranks offers for every need."""

    def __init__(self, hub: Hub, threshold: float = THRESHOLD, limit: int = MAX_PER_NEED):
        self.hub = hub
        self.threshold = threshold
        self.limit = limit
        items = [item for m in hub.members for item in m.offers + m.needs]
        names = {a.name for m in hub.members for a in m.areas}
        names.update(a.name for item in items if item.areas_given for a in item.areas)
        self.slugs = {name: slugify(name) for name in names}
        self.lexicon = Lexicon(hub.vocabulary, ignore={name.lower() for name in names})
        self.labels = {c.key: c.label for c in hub.vocabulary}
        self.names = {m.slug: m.name for m in hub.members}
        self._substitutes: dict[tuple[int, int], object] = {}
        self._area_reasons: dict[tuple, str] = {}
        # id(item.areas) -> (physical area slugs, "online"/"uk-wide" or None). Items without areas
        # of their own share their member's tuple, so this is one entry per member and per item
        # with areas; the hub keeps every tuple alive while matching, so ids are not reused.
        areas: dict = {}
        for item in items:
            key = id(item.areas)
            if key not in areas:
                slugs = [self.slugs[a.name] for a in item.areas]
                everywhere = [slug for slug in slugs if slug in _EVERYWHERE]
                areas[key] = (frozenset(slug for slug in slugs if slug not in _EVERYWHERE),
                              everywhere[0] if everywhere else None)
        offers = [item for m in hub.members for item in m.offers]
        needs = [item for m in hub.members for item in m.needs]
        self.offers = [_Prepared(item, n, self.lexicon, areas) for n, item in enumerate(offers)]
        self.needs = [_Prepared(item, n, self.lexicon, areas) for n, item in enumerate(needs)]
        df: dict[str, int] = {}
        _count_elements(df, chain.from_iterable(p.stems for p in self.offers))
        _count_elements(df, chain.from_iterable(p.stems for p in self.needs))
        total = len(offers) + len(needs) + 1
        idf = {stem: math.log(total / (count + 0.5)) ** RARITY for stem, count in df.items()}
        for prepared in self.offers + self.needs:
            prepared.make_units(idf)
        self._index()

    # -- index --------------------------------------------------------------------------------

    def _index(self) -> None:
        """Lists of offers by area, category and word (stem) or synonym group, and by area and
        category alone; an area is a slug, or "*" for offers that reach everywhere. `wide` has
        the same lists by category and word across all areas, for the words of offers' titles:
        for needs not tied to a place, and for a need's offers outside its area. Every list
        holds the most general offers first (those whose category covers most of what they
        say), so a cut list keeps the offers most likely to fit."""
        stems: dict = {}  # area -> category -> stem -> offers
        groups: dict = {}  # area -> category -> group -> offers
        buckets: dict = {}  # area -> category -> offers
        wide_stems: dict = {}  # category -> stem -> offers
        wide_groups: dict = {}  # category -> group -> offers
        for offer in sorted(self.offers, key=lambda o: (-o.category_only, o.number)):
            number = offer.number
            words = offer.parts.keys() | offer.stems.keys() if offer.parts is not offer.stems else offer.stems
            title = set()  # what the offer says it gives: its units' words and synonym groups
            title_groups = set()
            for unit in offer.units:
                title.update(unit[2])
                title.add(unit[1])
                if unit[3]:
                    title_groups.add(unit[3])
            areas = ("*",) if offer.reach is not None else offer.places
            for cat in {offer.item.category, *offer.provides} if offer.provides else (offer.item.category,):
                for lists, keys in ((wide_stems.setdefault(cat, {}), title),
                                    (wide_groups.setdefault(cat, {}), title_groups)):
                    for key in keys:
                        listed = lists.get(key)
                        if listed is None:
                            lists[key] = [number]
                        else:
                            listed.append(number)
                for area in areas:
                    by_cat = buckets.get(area)
                    if by_cat is None:
                        by_cat = buckets[area] = {}
                    listed = by_cat.get(cat)
                    if listed is None:
                        by_cat[cat] = [number]
                    else:
                        listed.append(number)
                    for lists, keys in ((stems.setdefault(area, {}).setdefault(cat, {}), words),
                                        (groups.setdefault(area, {}).setdefault(cat, {}), offer.groups)):
                        for key in keys:
                            listed = lists.get(key)
                            if listed is None:
                                lists[key] = [number]
                            else:
                                listed.append(number)
        self.stems, self.groups, self.buckets = stems, groups, buckets
        self.wide = (wide_stems, wide_groups)

    def score(self, need: _Prepared, offer: _Prepared, floor: float = 0.0, fit: str | None = None) -> float:
        """The pair's score, 0..1, unrounded; 0 when the categories are unrelated, or when it
        cannot reach `floor`. `fit` is area_fit(need, offer) when the caller knows it."""
        n_cat, o_cat = need.item.category, offer.item.category
        if n_cat == o_cat:
            link = 1.0
        elif n_cat in offer.provides:
            # "Clubhouse lounge ... we lend" is a room whatever its category: its head says so.
            head = offer.head
            link = CROSS_HEAD if head is not None and n_cat in head.categories else CROSS_CATEGORY
        else:
            return 0.0
        got = need.category_weight * link + _covered(need.units, offer, n_cat, o_cat, need.facets, offer.facets)
        need_share = got / need.total
        if NEED_SIDE * need_share + (1 - NEED_SIDE) < floor:
            return 0.0  # cannot reach the floor
        got = offer.category_weight * link + _covered(offer.units, need, n_cat, o_cat, None, None)
        score = NEED_SIDE * need_share + (1 - NEED_SIDE) * got / offer.total
        if need.facets is not _NO_FACETS and offer.facets is not _NO_FACETS or need.audience or offer.audience:
            score *= CONFLICT ** _conflicts(need, offer)
        score *= AREA_FACTORS[fit or area_fit(need, offer)]
        if link != 1.0:
            return score * CROSS_FACTOR  # across categories: below same-category pairs unless strong
        if score >= floor:
            substitute = self._substitute(need, offer)
            self._substitutes[(need.number, offer.number)] = substitute
            if substitute:
                score *= SUBSTITUTE
        return score

    def _substitute(self, need: _Prepared, offer: _Prepared):
        """(asked, given) words when the need asks for one thing and the offer is another;
        None otherwise. Only for pairs in the same category."""
        n_head, o_head = need.head, offer.head
        if n_head is not None and o_head is not None and n_head.group != o_head.group \
                and need.item.category not in n_head.categories and _word_how(n_head, offer) < 2:
            return [n_head], [o_head]  # "storage" asked, a "church hall" offered
        if need.topic and offer.topic and not any(_word_how(w, offer) >= 2 for w in need.topic):
            return need.topic, offer.topic  # training on trauma, training on running meetings
        if o_head is not None and o_head.group and o_head.categories \
                and need.item.category not in o_head.categories and not set(o_head.categories) & need.named:
            return [], [o_head]  # a sports hall, listed under equipment, for a broken rotavator
        cat = need.item.category
        asked = [u[6] for u in need.units if u[0] == _WORD and cat in u[4] and u[3]]
        if not asked or any(_word_how(w, offer) >= 2 for w in asked):
            return None
        given = [w for w in offer.words if cat in w.categories and w.group and _word_how(w, need) < 2]
        return (asked, given) if given else None  # a "website" asked, "laptops" offered

    # -- explaining ---------------------------------------------------------------------------

    def explain(self, need: _Prepared, offer: _Prepared, fit: str) -> list[str]:
        reasons = [self._category_reason(need, offer)]
        declared = (need.item.category, offer.item.category)
        same, synonyms, related = [], [], []
        stems, parts_of, groups = offer.stems, offer.parts, offer.groups
        for kind, stem, parts, group, categories, _, word in need.units:
            if kind != _WORD:
                continue
            if stem in stems:  # the same tests, in the same order, as _value
                how = 3
            elif (group is None or group not in offer.foreign) and \
                    (stem in parts_of if len(parts) == 1 else all(p in parts_of for p in parts)):
                how = 3
            elif group is not None and group in groups:
                how = 2
            elif categories and any(c in offer.cats and c not in declared for c in categories):
                how = 1
            else:
                continue
            if how == 3:
                same.append(word.surface)
            elif how == 2:
                theirs = _surface_of_group(offer, group)
                if theirs and theirs != word.surface:
                    synonyms.append(f"“{theirs}” for “{word.surface}”")
            elif how == 1:
                cat = next(c for c in categories if c in offer.cats and c not in declared)
                theirs = next((w.surface for w in offer.words if cat in w.categories), None)
                related.append(f"“{theirs}” and “{word.surface}” ({self.labels[cat]})")
        if same:
            reasons.append(f"Words in common: {join_words(_quoted(same[:5]))}.")
        if synonyms:
            reasons.append(f"Close in meaning: {join_words(synonyms[:3])}.")
        if related:
            reasons.append(f"Related: {join_words(related[:2])}.")
        substitute = None
        if need.item.category == offer.item.category:
            key = (need.number, offer.number)
            substitute = self._substitutes[key] if key in self._substitutes else self._substitute(need, offer)
        if substitute:
            asked, given = substitute
            if asked:
                reasons.append(f"Not quite the same thing: the need asks for "
                               f"{join_words(_quoted([w.surface for w in asked[:2]]))}; the offer is about "
                               f"{join_words(_quoted([w.surface for w in given[:2]]))}.")
            else:
                cats = join_words([self.labels[c] for c in given[0].categories if c in self.labels])
                reasons.append(f"Not quite the same thing: the offer is a “{given[0].surface}” ({cats}), "
                               f"which the need does not mention.")
        if need.facets is not _NO_FACETS or need.audience:  # every facet reason starts from the need
            reasons.extend(_facet_reasons(need, offer))
        key = (fit, id(need.item.areas), id(offer.item.areas))
        area = self._area_reasons.get(key)
        if area is None:  # the same areas give the same sentence
            area = self._area_reasons[key] = _area_reason(fit, need.item, offer.item, self.slugs)
        reasons.append(area)
        return reasons

    def _category_reason(self, need: _Prepared, offer: _Prepared) -> str:
        n_cat, o_cat = need.item.category, offer.item.category
        if n_cat == o_cat:
            return f"Same category: {self.labels[n_cat]}."
        words = [w.surface for w in offer.title.words if n_cat in w.categories]
        return (f"Listed under {self.labels[o_cat]}, but the offer is {join_words(_quoted(words[:3]))}, "
                f"which is {self.labels[n_cat]}.")

    # -- ranking ------------------------------------------------------------------------------

    def _search(self, need: _Prepared, sources, outside: bool) -> list[tuple[float, int, str]]:
        """The best offers for `need`: (score, offer number, fit), best first. `sources` are
        (lists by stem, lists by group, list of offers) of one area, or of the wide index.

        Candidates are the offers listed under the stems and synonym groups of the need's
        SEARCH_UNITS weightiest words (at most PER_KEY per list, most general first) and the
        most general offers of the area (all of them in an area of at most SMALL, else
        BUCKET_TOP), for offers sharing no word. When there are at most SMALL candidates, as in
        any real coalition, every one is scored. Otherwise the MAX_SCORED found by the most
        terms (the weightiest word counting twice) are."""
        if all(bucket is not None for _, _, bucket in sources) and \
                sum(len(bucket) for _, _, bucket in sources) <= SMALL:
            # Small areas: every offer of the category there is a candidate; no need to look up words.
            return self._score_all(need, list(dict.fromkeys(n for _, _, bucket in sources for n in bucket)),
                                   outside)
        counts: dict[int, int] = {}
        count = _count_elements
        for by_stem, by_group, bucket in sources:
            for rank, (word_stems, group) in enumerate(need.keys):
                for stem in word_stems:
                    found = by_stem.get(stem)
                    if found:
                        if len(found) > PER_KEY:
                            found = found[:PER_KEY]
                        count(counts, found)
                        if not rank:
                            count(counts, found)
                if group:
                    found = by_group.get(group)
                    if found:
                        count(counts, found if len(found) <= PER_KEY else found[:PER_KEY])
            if bucket:
                for number in bucket if len(bucket) <= SMALL else bucket[:BUCKET_TOP]:
                    if number not in counts:
                        counts[number] = 0
        if len(counts) > SMALL:
            candidates = [number for number, _ in sorted(counts.items(), key=_second, reverse=True)[:MAX_SCORED]]
        else:
            candidates = list(counts)
        return self._score_all(need, candidates, outside)

    def _score_all(self, need: _Prepared, candidates: list[int], outside: bool) -> list[tuple[float, int, str]]:
        """Score `candidates` for `need`; keep the best `limit` at or above the threshold."""
        offers = self.offers
        kept: list[tuple[float, int, str]] = []
        slug = need.member
        threshold = floor = self.threshold
        limit = self.limit
        for number in candidates:
            offer = offers[number]
            if offer.member == slug:
                continue  # an offer never meets its own member's need
            fit = area_fit(need, offer)
            if (fit == "outside area") != outside:
                continue
            score = round(self.score(need, offer, floor, fit), 3)
            if score >= threshold:
                kept.append((score, number, fit))
                if len(kept) >= limit:  # from now on, only a better offer matters
                    kept.sort(key=lambda k: self._order(need, k))
                    del kept[limit:]
                    floor = max(threshold, kept[-1][0] - 0.0005)
        kept.sort(key=lambda k: self._order(need, k))
        return kept[:limit]

    def _order(self, need: _Prepared, kept: tuple[float, int, str]):
        offer = self.offers[kept[1]]
        return (-kept[0], offer.item.category != need.item.category, offer.member, offer.item.index)

    def rank_need(self, need: _Prepared) -> list[tuple[float, int, str]]:
        """The need's suggestions: in its area if any reach the threshold, else outside it.
        Beyond the need's area, a hub of at most SMALL_HUB areas reads every area's lists;
        a larger one reads the wide index of what offers say they give."""
        cat = need.item.category
        if need.reach is not None:  # help from anywhere: offers anywhere that say what it asks
            wide = self._wide_sources(cat)
            if len(self.buckets) > SMALL_HUB:
                wide = wide + self._sources("*", cat)
            return self._search(need, wide, outside=False)
        sources = []
        for area in sorted(need.places) + ["*"]:
            sources.extend(self._sources(area, cat))
        found = self._search(need, sources, outside=False)
        if not found:
            found = self._search(need, self._wide_sources(cat), outside=True)
        return found

    def _wide_sources(self, cat: str) -> list:
        if len(self.buckets) <= SMALL_HUB:
            return [source for area in sorted(self.buckets) for source in self._sources(area, cat)]
        return [(self.wide[0].get(cat, _NOTHING), self.wide[1].get(cat, _NOTHING), None)]

    def _sources(self, area: str, cat: str) -> list:
        by_stem = self.stems.get(area, _NOTHING).get(cat, _NOTHING)
        by_group = self.groups.get(area, _NOTHING).get(cat, _NOTHING)
        bucket = self.buckets.get(area, _NOTHING).get(cat)
        return [(by_stem, by_group, bucket)] if bucket else []

    def match(self) -> Matching:
        ranked = [(need, self.rank_need(need)) for need in self.needs]
        helps: dict[tuple[str, str], tuple[Item, Item]] = {}  # (offering, needing) -> first pair
        for need, found in ranked:
            for _, number, _ in found:
                offer = self.offers[number]
                helps.setdefault((offer.member, need.member), (need.item, offer.item))
        matches: list[Match] = []
        by_need: dict = {}
        by_offer: dict = defaultdict(list)
        for need, found in ranked:
            kept = []
            for score, number, fit in found:
                offer = self.offers[number]
                reasons = self.explain(need, offer, fit)
                mutual = (need.member, offer.member) in helps
                if mutual:
                    their_need, my_offer = helps[(need.member, offer.member)]
                    reasons.append(f"Mutual: {self.names[need.member]} could also help "
                                   f"{self.names[offer.member]}, with “{my_offer.title}” for “{their_need.title}”.")
                match = Match(need.item, offer.item, score, tuple(reasons), mutual, fit,
                              need.item.category == offer.item.category)
                kept.append(match)
                by_offer[(offer.member, offer.item.index)].append(match)
            by_need[(need.member, need.item.index)] = tuple(kept)
            matches.extend(kept)
        unmet = tuple(need.item for need, found in ranked if not any(fit != "outside area" for *_, fit in found))
        by_offer_sorted = {key: tuple(sorted(group, key=lambda m: (-m.score, m.need.member_slug, m.need.index)))
                           for key, group in by_offer.items()}
        return Matching(tuple(matches), tuple(n.item for n in self.needs), unmet, self._gaps(unmet),
                        self.threshold, by_need, by_offer_sorted)

    def _gaps(self, unmet: tuple[Item, ...]) -> tuple[CategoryGap, ...]:
        needs: dict[str, int] = defaultdict(int)
        offers: dict[str, int] = defaultdict(int)
        missing: dict[str, int] = defaultdict(int)
        for prepared in self.needs:
            needs[prepared.item.category] += 1
        for prepared in self.offers:
            offers[prepared.item.category] += 1
        for item in unmet:
            missing[item.category] += 1
        gaps = [CategoryGap(c.key, c.label, needs[c.key], offers[c.key], missing[c.key])
                for c in self.hub.vocabulary if needs[c.key]]
        gaps.sort(key=lambda g: (-g.unmet, -(g.needs - g.offers), g.label.casefold()))
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


def match_hub(hub: Hub, threshold: float = THRESHOLD, limit: int = MAX_PER_NEED) -> Matching:
    """Every need of `hub` with its suggested offers, explained."""
    with paused_gc():
        return Matcher(hub, threshold, limit).match()


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
    unmet: tuple[Item, ...]  # needs of this category with no suggestion in their area


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
        found.sort(key=lambda nm: (not nm.mutual, -nm.matches[0].score, nm.need.member_slug, nm.need.index))
        groups.append(CategoryMatches(category.key, category.label, tuple(found),
                                      tuple(n for n in needs if (n.member_slug, n.index) in unmet)))
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


def strength(score: float) -> str:
    """A word for a score, for people who do not read decimals."""
    if score >= 0.75:
        return "Strong match"
    if score >= 0.6:
        return "Good match"
    return "Possible match"


def match_record(match: Match) -> dict:
    """One entry of matches.json."""
    return {"need": {"member": match.need.member_slug, "title": match.need.title},
            "offer": {"member": match.offer.member_slug, "title": match.offer.title},
            "score": match.score, "reasons": list(match.reasons), "mutual": match.mutual}


def matches_document(matching: Matching) -> list[dict]:
    """matches.json: every suggested pair, needs in hub order, best first per need."""
    return [match_record(match) for match in matching.matches]
