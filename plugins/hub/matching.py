"""Who can help whom: for every need, rank the offers of other members that could meet it, and
say why in plain words. Pure Python: the frozen model in, frozen results out.

How a pair is scored (docs/matching.md explains it with examples):

* Each item is a set of weighted *units*: its category, the words of its title and details
  that mean something (stopwords, numbers and place names left out; synonyms counted once),
  and, for a need, when it is wanted and in which language. Rare words weigh more than common
  ones; words neither the thesaurus nor the vocabulary knows weigh less.
* An offer covers a unit of the need when it has the same word (1), a synonym (0.8) or a word
  naming the same third category (0.5); the category unit is covered by an offer in the same
  category (1) or, less, by an offer in another category whose text names it (a clubhouse
  lounge listed under equipment for a room under venues).
* score = 0.6 x (share of the need the offer covers) + 0.4 x (share of the offer's title the
  need covers), lowered when days, times of day, languages or age groups conflict, when the
  need asks for one kind of thing in the category and the offer is about another ("website"
  against "laptops"), and by distance: same area or an area the offer covers is best, online
  or UK-wide slightly less, and an offer outside the need's area is only shown when nothing in
  the area reaches the threshold, scored lower and labelled.
* Pairs scoring at least THRESHOLD are suggested, best first, at most MAX_PER_NEED per need.
  A pair is mutual when the offering member also has a suggested offer for one of the
  needing member's needs.

Scale: offers are indexed by (area, category) and by (area, category, term). A need looks at
the offers of its own category (or naming it) in its own areas, and at online offers and
other areas only through shared terms; an upper bound skips offers sharing no term with the
need when they cannot reach the threshold. No need is compared with every offer.
"""
from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace

from .model import Hub, Item, Member
from .text import Facets, Lexicon, Word, day_phrase, facets, join_words, tokens

# Tuning: global, documented in docs/matching.md; never per member or item.
THRESHOLD = 0.5  # suggest pairs scoring at least this
MAX_PER_NEED = 5  # suggestions kept per need
CATEGORY_UNIT = 3.0  # weight of the category unit, in average word units
CROSS_CATEGORY = 0.6  # how much an offer in another category covers the need's category
CROSS_FACTOR = 0.85  # score factor for a pair across categories: below same-category unless strong
PLAIN_WORD = 0.4  # weight of words neither the thesaurus nor the vocabulary knows
RARITY = 0.5  # how much rarer words weigh more: weight x idf ** RARITY
PURPOSE_WEIGHT = 0.6  # a need's words after "for"/"to"/"so" (who or what it is for) weigh this much
PROVISION_ONLY = True  # an offer's share counts what it provides, not who it is for ("for small charities")
HEAD_WEIGHT = 2.0  # the head of a title ("storage" in "Dry storage for ...") names what is asked: it weighs more
NARROW_SUBSTITUTE = True  # only words of a synonym group can be substituted
ABSORB = False  # words naming only the item's own category count as the category unit
DETAILS_WEIGHT = 0.3  # words in the details count half as much as words in the title
TIMING_UNIT = 1.0  # weight of "when" (days, times of day), in average word units
LANGUAGE_UNIT = 1.5  # weight of "in which language", in average word units
AGES_UNIT = 0.0  # weight of "for which age group", in average word units
MEMBER_CONTEXT = False  # a need naming no age group takes the member's, from its summary and themes
SYNONYM = 0.8  # a synonym covers this much of a word
RELATED = 0.5  # a word naming the same (third) category covers this much
NEED_SIDE = 0.8  # weight of "how much of the need is covered" against "how much of the offer is relevant"
CONFLICT = 0.7  # score factor per conflicting facet (days/times, languages, age groups)
SUBSTITUTE = 0.75  # score factor when the need asks for one thing in its category and the offer another
AREA_FACTORS = {"same area": 1.0, "anywhere": 1.0, "covers area": 0.98, "online": 0.94,
                "uk-wide": 0.94, "outside area": 0.55}

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

    @property
    def shortfall(self) -> int:
        return self.needs - self.offers


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
# Preparing items

_WORD, _TIMING, _LANGUAGE, _AGES = 0, 1, 2, 3
_PURPOSE = re.compile(r"\b(?:for|to help|so that|so)\b", re.IGNORECASE)


class _Prepared:
    """An item read for matching: its units, and lookups of what it says."""

    __slots__ = ("item", "number", "words", "units", "own", "head", "topic", "audience", "parts", "stems", "groups", "cats", "named", "provides", "foreign",
                 "facets", "places", "reach", "category_weight", "total", "category_only", "keys")

    def __init__(self, item: Item, number: int, lexicon: Lexicon, idf: dict[str, float] | None,
                 context: str = ""):
        self.item = item
        self.number = number
        title = lexicon.words(item.title, 1.0)
        self.words = _dedupe(title + lexicon.words(item.details, DETAILS_WEIGHT))
        self.facets = facets(f"{item.title}\n{item.details or ''}")
        if context and not self.facets.ages and MEMBER_CONTEXT:
            # "Someone to check in on tenants" from a scheme for older people is about older people.
            self.facets = replace(self.facets, ages=facets(context).ages)
        self.places = frozenset(a.slug for a in item.areas if not a.everywhere)
        everywhere = [a.slug for a in item.areas if a.everywhere]
        if item.kind == "offer":
            self.reach = everywhere[0] if everywhere else None  # reaches anyone: online or UK-wide
        else:
            self.reach = everywhere[0] if everywhere and not self.places else None  # help from anywhere
        self.parts: dict[str, float] = {}
        self.stems: dict[str, float] = {}
        self.groups: dict[str, float] = {}
        self.cats: dict[str, float] = {}
        for word in self.words:
            _keep_max(self.stems, word.stem, word.weight)
            for part in word.parts:
                _keep_max(self.parts, part, word.weight)
            if word.group:
                _keep_max(self.groups, word.group, word.weight)
            for cat in word.categories:
                _keep_max(self.cats, cat, word.weight)
        self.named = frozenset(self.cats)
        # Groups of the single words inside a phrase that means something else: "legal" is in
        # "legal structure" (setting up an organisation), so it is not a word of this item.
        self.foreign = frozenset(
            group for w in self.words if len(w.parts) > 1 for token in w.surface.split()
            for group in [lexicon.group_of(token)] if group and group != w.group)
        # What the title says is given, before any "for ...": "courses for volunteers" provides
        # courses, not volunteers; "a lounge we lend" provides a room.
        head = _PURPOSE.split(item.title, maxsplit=1)[0]
        self.provides = frozenset(c for w in lexicon.words(head) for c in w.categories)
        self.head = _head(item.title, lexicon)
        self.topic = _topic(item.title, lexicon)
        # "people": an offer for people themselves; "ours": a need for the group itself.
        if item.kind == "offer":
            self.audience = "people" if _for_people(item.title) else None
        else:
            self.audience = "ours" if _own_need(item.title, self.facets) else None
        self.units: list[tuple[int, Word | None, float]] = []
        if idf is not None:
            if item.kind == "need":
                purpose = set()
                if not _ASKING.match(item.title):  # "Someone to mend ...": the clause is the request
                    clause = _PURPOSE_CLAUSE.search(item.title)
                    purpose = {w.stem for w in lexicon.words(clause.group(1))} if clause else set()
                self._make_units(self.words, idf, purpose)
            else:
                provided = _FOR.sub("", item.title) if PROVISION_ONLY else item.title
                topic = _TOPIC.search(item.title)
                words = lexicon.words(provided) + (lexicon.words(topic.group(1)) if topic else [])
                self._make_units(_dedupe(words) or _dedupe(title), idf, set())

    def _make_units(self, words: list[Word], idf: dict[str, float], purpose: set[str]) -> None:
        seen: set[str] = set()
        units = []
        self.own = []  # words that only name the item's own category: the category unit covers them
        for word in words:
            key = word.group or word.stem
            if key in seen:
                continue  # "storage, a garage or lock-up" asks for one thing, not three
            seen.add(key)
            if ABSORB and word.categories == (self.item.category,):
                self.own.append(word)
                continue
            weight = word.weight * idf.get(word.stem, 1.0) ** RARITY * (1.0 if word.known else PLAIN_WORD)
            if self.head is not None and word.stem == self.head.stem:
                weight *= HEAD_WEIGHT
            elif word.stem in purpose:
                weight *= PURPOSE_WEIGHT
            units.append((_WORD, word, weight))
        average = sum(w for _, _, w in units) / len(units) if units else 1.0
        if self.item.kind == "need":
            if self.facets.days or self.facets.parts:
                units.append((_TIMING, None, TIMING_UNIT * average))
            if self.facets.languages:
                units.append((_LANGUAGE, None, LANGUAGE_UNIT * average))
            if self.facets.ages:
                units.append((_AGES, None, AGES_UNIT * average))
        self.units = units
        self.category_weight = CATEGORY_UNIT * average
        self.total = self.category_weight + sum(w for _, _, w in units)
        self.category_only = self.category_weight / self.total


_PHRASE_END = re.compile(
    r"\b(?:for|to|towards|so|with|without|who|which|that|in|into|on|at|from|of|by|near|about|during|"
    r"after|before|until|if|when|where|while|as|than|like|around|across|between|within|under|over|"
    r"via|and|or|but|covering|including|offering|providing|free)\b|[,;:(]", re.IGNORECASE)
_LEADING = re.compile(r"^\s*(?:(?:a|an|the|our|your|their|we|some|any|free)\s+)+", re.IGNORECASE)
_TOPIC = re.compile(r"\b(?:on|about|covering)\b\s+(.*)$", re.IGNORECASE)


def _head(title: str, lexicon: Lexicon) -> Word | None:
    """The head of the title's first noun phrase when the lexicon knows it: "Dry storage for
    bulky donations" -> storage; "Our sports hall, free ..." -> sports hall. English noun
    phrases end with their head, so it is the last word before the first preposition; None when
    that word is unknown ("Trained walk leaders") or the title starts with a verb."""
    first = _PHRASE_END.split(_LEADING.sub("", title), maxsplit=1)[0]
    raw = tokens(first)
    words = lexicon.words(first)
    if not words or not raw:
        return None
    last = words[-1]
    if not last.known or raw[-1] != tokens(last.surface)[-1]:
        return None
    return last


def _topic(title: str, lexicon: Lexicon) -> list[Word]:
    """The words of what a title says it is about: "Training ... on running meetings"."""
    found = _TOPIC.search(title)
    return lexicon.words(found.group(1)) if found else []


_FOR = re.compile(r"\bfor\b\s+(.*)$", re.IGNORECASE)
_PURPOSE_CLAUSE = re.compile(r"\b(?:for|to|so)\b\s+(.*)$", re.IGNORECASE)
_ASKING = re.compile(r"^\s*(?:someone|somebody|a person|people|help|advice|support|ideas)\b", re.IGNORECASE)
_OURS = re.compile(r"\b(?:our|us|we)\b", re.IGNORECASE)
# Who an item is for when it names people rather than organisations.
PEOPLE_WORDS = frozenset("""
people person persons individual individuals adult adults family families child children kid
kids young teenager teenagers girl girls boy boys woman women man men parent parents pupil
pupils resident residents tenant tenants carer carers patient patients anyone everyone
""".split())


def _for_people(title: str) -> bool:
    """True when the title says the offer is for people themselves: "... for people moving on
    from homelessness", "... for children aged 5 to 16"."""
    found = _FOR.search(title)
    return bool(found) and any(t in PEOPLE_WORDS for t in tokens(found.group(1))[:3])


def _own_need(title: str, facets: Facets) -> bool:
    """True when a need is plainly for the group itself ("mend our broken rotavator") and
    names no people it would serve."""
    return bool(_OURS.search(title)) and not facets.ages and not any(t in PEOPLE_WORDS for t in tokens(title))


def _keep_max(table: dict, key: str, value: float) -> None:
    if table.get(key, 0.0) < value:
        table[key] = value


def _dedupe(words: list[Word]) -> list[Word]:
    best: dict[str, Word] = {}
    for word in words:
        if word.stem not in best or word.weight > best[word.stem].weight:
            best[word.stem] = word
    return [best[stem] for stem in dict.fromkeys(w.stem for w in words)]


def _word_value(word: Word, other: _Prepared, declared: tuple[str, str]) -> tuple[float, int]:
    """How much `other` covers `word`: (value, how) with how 3 = same word, 2 = synonym,
    1 = related (names the same third category), 0 = not at all."""
    value = other.stems.get(word.stem)
    if value is None and (word.group is None or word.group not in other.foreign):
        # A word inside a phrase of the other item counts ("safeguarding" in "safeguarding
        # policy"), unless that phrase means something else ("legal" in "legal structure").
        parts = word.parts
        if len(parts) == 1:
            value = other.parts.get(parts[0])
        elif all(part in other.parts for part in parts):
            value = min(other.parts[part] for part in parts)
    if value is not None:
        return value, 3
    if word.group is not None:
        value = other.groups.get(word.group)
        if value is not None:
            return SYNONYM * value, 2
    best = 0.0
    for cat in word.categories:
        if cat not in declared:
            best = max(best, other.cats.get(cat, 0.0))
    if best:
        return RELATED * best, 1
    return 0.0, 0


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
        return offer.reach if offer.reach in ("online", "uk-wide") else "online"
    if not need.places & offer.places:
        return "outside area"
    if need.places < offer.places:
        return "covers area"
    return "same area"


def _place_names(item: Item) -> list[str]:
    names = [a.name for a in item.areas if not a.everywhere]
    return names or [a.name for a in item.areas]


def _area_reason(fit: str, need: Item, offer: Item) -> str:
    wanted = join_words(_place_names(need))
    if fit == "anywhere":
        return f"The need is {join_words([a.name for a in need.areas])}, so it does not matter where the offer is."
    if fit == "online":
        return f"Offered online, so it reaches {wanted}."
    if fit == "uk-wide":
        return f"Offered UK-wide, so it reaches {wanted}."
    offered = {a.slug for a in offer.areas}
    shared = join_words([a.name for a in need.areas if a.slug in offered and not a.everywhere])
    if fit == "covers area":
        return f"The offer covers {join_words(_place_names(offer))}, which includes {shared}."
    if fit == "same area":
        return f"Both in {shared}."
    return (f"Outside the need's area: offered in {join_words(_place_names(offer))}, needed in {wanted}. "
            f"Shown because nothing nearer matched.")


# ---------------------------------------------------------------------------------------------
# Facets: days, times of day, languages, age groups


def _conflicts(need: Facets, offer: Facets) -> int:
    clashes = 0
    if (need.days and offer.days and not need.days & offer.days) or \
            (need.parts and offer.parts and not need.parts & offer.parts):
        clashes += 1
    if need.languages and offer.languages and not need.languages & offer.languages:
        clashes += 1
    if need.ages and offer.ages and not need.ages & offer.ages:
        clashes += 1
    return clashes


def _facet_reasons(need: Facets, offer: Facets) -> list[str]:
    reasons = []
    day_clash = bool(need.days and offer.days and not need.days & offer.days)
    part_clash = bool(need.parts and offer.parts and not need.parts & offer.parts)
    if day_clash or part_clash:
        reasons.append(f"Check the timing: the need mentions {day_phrase(need.days, need.parts)}; "
                       f"the offer mentions {day_phrase(offer.days, offer.parts)}.")
    else:
        days = need.days & offer.days
        parts = need.parts & offer.parts
        if days or parts:
            reasons.append(f"Timing fits: both mention {day_phrase(days, parts)}.")
    if need.languages and offer.languages:
        shared = sorted(need.languages & offer.languages)
        if shared:
            reasons.append(f"Languages in common: {join_words(_language_names(shared))}.")
            missing = sorted(need.languages - offer.languages)
            if missing:
                reasons.append(f"Not offered: {join_words(_language_names(missing))}.")
        else:
            reasons.append(f"Different languages: the need asks for "
                           f"{join_words(_language_names(sorted(need.languages)))}; the offer has "
                           f"{join_words(_language_names(sorted(offer.languages)))}.")
    if need.ages and offer.ages:
        shared = sorted(need.ages & offer.ages)
        if shared:
            reasons.append(f"Both are about {join_words(shared)}.")
        else:
            reasons.append(f"Different age groups: the need is about {join_words(sorted(need.ages))}; "
                           f"the offer is for {join_words(sorted(offer.ages))}.")
    return reasons


def _for_others(need, offer) -> int:
    """1 when the offer is for people themselves and the need is the group's own."""
    return int(offer.audience == "people" and need.audience == "ours")


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
        places = {a.name.lower() for m in hub.members for item in (m.offers + m.needs) for a in item.areas}
        places |= {a.name.lower() for m in hub.members for a in m.areas}
        self.lexicon = Lexicon(hub.vocabulary, ignore=places)
        self.labels = {c.key: c.label for c in hub.vocabulary}
        self.names = {m.slug: m.name for m in hub.members}
        offers = [item for m in hub.members for item in m.offers]
        needs = [item for m in hub.members for item in m.needs]
        # Read every item once to count words, then build units with their rarity.
        counted = [_Prepared(item, -1, self.lexicon, None) for item in offers + needs]
        df: dict[str, int] = defaultdict(int)
        for prepared in counted:
            for stem in prepared.stems:
                df[stem] += 1
        total = len(counted) + 1
        idf = {stem: math.log(total / (count + 0.5)) for stem, count in df.items()}
        context = {m.slug: f"{m.summary}\n{', '.join(m.themes)}" for m in hub.members}
        self.offers = [_Prepared(item, n, self.lexicon, idf) for n, item in enumerate(offers)]
        self.needs = [_Prepared(item, n, self.lexicon, idf, context[item.member_slug])
                      for n, item in enumerate(needs)]
        self._index()

    # -- index --------------------------------------------------------------------------------

    @staticmethod
    def _keys(prepared: _Prepared) -> set[str]:
        keys = {"s:" + part for part in prepared.parts}
        keys.update("g:" + group for group in prepared.groups)
        keys.update("c:" + cat for cat in prepared.cats)
        f = prepared.facets
        keys.update("d:" + d for d in f.days)
        keys.update("t:" + p for p in f.parts)
        keys.update("l:" + lang for lang in f.languages)
        keys.update("a:" + age for age in f.ages)
        return keys

    def _index(self) -> None:
        self.bucket: dict[tuple, list[int]] = defaultdict(list)  # (area, category)
        self.bucket_best: dict[tuple, float] = defaultdict(float)  # best category-only offer share
        self.local: dict[tuple, list[int]] = defaultdict(list)  # (area, category, key)
        self.everywhere: dict[tuple, list[int]] = defaultdict(list)  # (category, key): online offers
        self.anywhere: dict[tuple, list[int]] = defaultdict(list)  # (category, key): every offer
        for offer in self.offers:
            keys = sorted(self._keys(offer))
            for cat in sorted({offer.item.category, *offer.provides}):
                link = 1.0 if cat == offer.item.category else CROSS_CATEGORY
                for key in keys:
                    self.anywhere[(cat, key)].append(offer.number)
                if offer.reach is not None:
                    for key in keys:
                        self.everywhere[(cat, key)].append(offer.number)
                    continue
                for area in sorted(offer.places):
                    self.bucket[(area, cat)].append(offer.number)
                    best = self.bucket_best[(area, cat)]
                    self.bucket_best[(area, cat)] = max(best, link * offer.category_only)
                    for key in keys:
                        self.local[(area, cat, key)].append(offer.number)

    def _candidates(self, need: _Prepared, outside: bool) -> set[int]:
        cat = need.item.category
        keys = sorted(self._keys(need))
        found: set[int] = set()
        if outside or need.reach is not None:
            for key in keys:
                found.update(self.anywhere.get((cat, key), ()))
            return found
        for key in keys:
            found.update(self.everywhere.get((cat, key), ()))
        for area in sorted(need.places):
            for key in keys:
                found.update(self.local.get((area, cat, key), ()))
            # Offers sharing no term with the need score at most this; skip them if it is too low.
            bound = NEED_SIDE * need.category_only + (1 - NEED_SIDE) * self.bucket_best.get((area, cat), 0.0)
            if bound >= self.threshold:
                found.update(self.bucket.get((area, cat), ()))
        return found

    # -- scoring ------------------------------------------------------------------------------

    def _link(self, need: _Prepared, offer: _Prepared) -> float:
        if need.item.category == offer.item.category:
            return 1.0
        if need.item.category in offer.provides:
            return CROSS_CATEGORY
        return 0.0

    def score(self, need: _Prepared, offer: _Prepared) -> float:
        """The pair's score, 0..1, before rounding (0 when the categories are unrelated)."""
        link = self._link(need, offer)
        if not link:
            return 0.0
        declared = (need.item.category, offer.item.category)
        got = need.category_weight * link
        for kind, word, weight in need.units:
            if kind == _WORD:
                got += weight * _word_value(word, offer, declared)[0]
            elif kind == _TIMING:
                got += weight * _timing_value(need.facets, offer.facets)
            elif kind == _LANGUAGE:
                if need.facets.languages & offer.facets.languages:
                    got += weight
            elif need.facets.ages & offer.facets.ages:
                got += weight
        need_share = got / need.total
        got = offer.category_weight * link
        for kind, word, weight in offer.units:
            got += weight * _word_value(word, need, declared)[0]
        offer_share = got / offer.total
        score = NEED_SIDE * need_share + (1 - NEED_SIDE) * offer_share
        score *= CONFLICT ** (_conflicts(need.facets, offer.facets) + _for_others(need, offer))
        if link == 1.0:
            if self._substitute(need, offer):
                score *= SUBSTITUTE
        else:
            score *= CROSS_FACTOR
        return score * AREA_FACTORS[area_fit(need, offer)]

    def _substitute(self, need: _Prepared, offer: _Prepared):
        """(the need's words, the offer's words) when the need asks for one kind of thing in its
        category and the offer is about another kind; None otherwise."""
        if need.head is not None and offer.head is not None and need.head.group != offer.head.group \
                and _word_value(need.head, offer, ("", ""))[1] < 2:
            return [need.head], [offer.head]  # "storage" asked, a "church hall" offered
        if need.topic and offer.topic and not any(_word_value(w, offer, ("", ""))[1] >= 2 for w in need.topic):
            return need.topic, offer.topic  # training on trauma, training on running meetings
        head = offer.head
        if head is not None and head.group and head.categories and need.item.category not in head.categories \
                and not set(head.categories) & need.named:
            return [], [head]  # a sports hall, listed under equipment, for a broken rotavator
        cat = need.item.category
        asked = [w for kind, w, _ in need.units if kind == _WORD and cat in w.categories
                 and (w.group or not NARROW_SUBSTITUTE)] + need.own
        if not asked or any(_word_value(w, offer, ("", ""))[1] >= 2 for w in asked):
            return None
        given = [w for w in offer.words if cat in w.categories and (w.group or not NARROW_SUBSTITUTE)
                 and _word_value(w, need, ("", ""))[1] < 2]
        return (asked, given) if given else None

    # -- explaining ---------------------------------------------------------------------------

    def explain(self, need: _Prepared, offer: _Prepared, fit: str) -> list[str]:
        reasons = [self._category_reason(need, offer)]
        declared = (need.item.category, offer.item.category)
        same, synonyms, related = [], [], []
        for kind, word, _ in need.units + [(_WORD, w, 0.0) for w in need.own]:
            if kind != _WORD:
                continue
            _, how = _word_value(word, offer, declared)
            if how == 3:
                same.append(word.surface)
            elif how == 2:
                theirs = next((w.surface for w in offer.words if w.group == word.group), None)
                if theirs and theirs != word.surface:
                    synonyms.append(f"“{theirs}” for “{word.surface}”")
            elif how == 1:
                cat = next(c for c in word.categories if c in offer.cats and c not in declared)
                theirs = next((w.surface for w in offer.words if cat in w.categories), None)
                related.append(f"“{theirs}” and “{word.surface}” ({self.labels[cat]})")
        if same:
            reasons.append(f"Words in common: {join_words(_quoted(same[:5]))}.")
        if synonyms:
            reasons.append(f"Same meaning: {join_words(synonyms[:3])}.")
        if related:
            reasons.append(f"Related: {join_words(related[:2])}.")
        substitute = self._substitute(need, offer) if need.item.category == offer.item.category else None
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
        reasons.extend(_facet_reasons(need.facets, offer.facets))
        if _for_others(need, offer):
            reasons.append("Check who it is for: the offer is for people themselves, and the need is the "
                           "group's own.")
        reasons.append(_area_reason(fit, need.item, offer.item))
        return reasons

    def _category_reason(self, need: _Prepared, offer: _Prepared) -> str:
        n_cat, o_cat = need.item.category, offer.item.category
        if n_cat == o_cat:
            return f"Same category: {self.labels[n_cat]}."
        words = [w.surface for w in offer.words if n_cat in w.categories]
        return (f"Listed under {self.labels[o_cat]}, but the offer mentions "
                f"{join_words(_quoted(words[:3]))}, which is {self.labels[n_cat]}.")

    # -- ranking ------------------------------------------------------------------------------

    def _rank(self, need: _Prepared, numbers, outside: bool) -> list[tuple[float, _Prepared, str]]:
        ranked = []
        slug = need.item.member_slug
        for number in numbers:
            offer = self.offers[number]
            if offer.item.member_slug == slug:
                continue  # an offer never meets its own member's need
            fit = area_fit(need, offer)
            if (fit == "outside area") != outside:
                continue
            score = round(self.score(need, offer), 3)
            if score >= self.threshold:
                ranked.append((score, offer, fit))
        ranked.sort(key=lambda r: (-r[0], r[1].item.category != need.item.category,
                                   r[1].item.member_slug, r[1].item.index))
        return ranked[:self.limit]

    def rank_need(self, need: _Prepared) -> list[tuple[float, _Prepared, str]]:
        """The need's suggestions: in its area if any reach the threshold, else outside it."""
        ranked = self._rank(need, self._candidates(need, outside=False), outside=False)
        if not ranked and need.reach is None:
            ranked = self._rank(need, self._candidates(need, outside=True), outside=True)
        return ranked

    def match(self) -> Matching:
        ranked = [(need, self.rank_need(need)) for need in self.needs]
        helps: dict[tuple[str, str], tuple[Item, Item]] = {}  # (offering, needing) -> best pair
        for need, found in ranked:
            for _, offer, _ in found:
                helps.setdefault((offer.item.member_slug, need.item.member_slug), (need.item, offer.item))
        matches: list[Match] = []
        by_need: dict = {}
        by_offer: dict = defaultdict(list)
        for need, found in ranked:
            kept = []
            for score, offer, fit in found:
                needing, offering = need.item.member_slug, offer.item.member_slug
                reasons = self.explain(need, offer, fit)
                mutual = (needing, offering) in helps
                if mutual:
                    their_need, my_offer = helps[(needing, offering)]
                    reasons.append(f"Mutual: {self.names[needing]} could also help {self.names[offering]}, "
                                   f"with “{my_offer.title}” for “{their_need.title}”.")
                match = Match(need.item, offer.item, score, tuple(reasons), mutual, fit,
                              need.item.category == offer.item.category)
                kept.append(match)
                by_offer[(offering, offer.item.index)].append(match)
            by_need[(need.item.member_slug, need.item.index)] = tuple(kept)
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


def match_hub(hub: Hub, threshold: float = THRESHOLD, limit: int = MAX_PER_NEED) -> Matching:
    """Every need of `hub` with its suggested offers, explained."""
    return Matcher(hub, threshold, limit).match()


def match_record(match: Match) -> dict:
    """One entry of matches.json."""
    return {"need": {"member": match.need.member_slug, "title": match.need.title},
            "offer": {"member": match.offer.member_slug, "title": match.offer.title},
            "score": match.score, "reasons": list(match.reasons), "mutual": match.mutual}


def matches_document(matching: Matching) -> list[dict]:
    """matches.json: every suggested pair, needs in hub order, best first per need."""
    return [match_record(match) for match in matching.matches]
