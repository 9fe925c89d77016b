"""What a need–offer pair has going for it, as named features with the facts behind them.

`Reader` reads every offer and need of a hub once (`ItemReading`: its words with their rarity,
its head, places, days, languages and audience). `compare(need, offer)` then measures one pair:
a `Features` tuple of numbers, each with a name a coordinator would understand, and the
`Evidence` (the words in common, the area fit) that justifies them. `assess.py` turns the
features into a score with weights fitted on labelled data, and the evidence into reasons, so
what is scored and what is said come from one comparison.

Every rule here is general English or about the hub's own data (its vocabulary, its area
names): nothing names a member, an item or a word of the evaluation corpus.
"""
from __future__ import annotations

import functools
import math
import re
from collections import Counter, defaultdict

try:  # the C helper behind Counter.update
    from collections import _count_elements
except ImportError:  # pragma: no cover - other Pythons
    def _count_elements(counts, items):
        for item in items:
            counts[item] = counts.get(item, 0) + 1
from typing import NamedTuple

from ..core.model import Hub
from ..core.schema import Item
from ..core.slugs import slugify
from .text import _NO_FACETS, BREAK, Facets, Lexicon, Reading, Word, shared_facets, stem, tokens

# The features, in the order of `Features` and of the weights in weights.json, each with what it
# measures (docs/matching.md shows this list with the fitted weights).
FEATURES: tuple[tuple[str, str], ...] = (
    ("same_category", "the offer is listed under the need's category"),
    ("offer_gives_category", "another category, but the offer's title says it gives the need's kind of help "
                             "(a clubhouse lounge listed under equipment, for a room)"),
    ("need_names_category", "another category, but the need's title names the offer's"),
    ("need_head_names_category", "another category, and the head of the need's title names the offer's "
                                 "(“Community venues for advice surgeries”)"),
    ("details_name_category", "another category, named only in the need's details (“We need a van for a morning”)"),
    ("title_words", "share of the need's title, by rarity, that the offer says in the same words (stems)"),
    ("title_synonyms", "share of the need's title the offer says with synonyms (thesaurus or categories.yaml)"),
    ("title_related", "share of the need's title the offer says with words naming the same third category"),
    ("head", "the head of the need's title (“storage” in “Dry storage for donations”) is in the offer: "
             "1 the same word, 0.75 a synonym"),
    ("head_mismatch", "the heads of both titles are known and are different things (“storage”, “church hall”)"),
    ("rarest_missed", "the rarest word of the need's title is not in the offer, not even as a synonym"),
    ("cross_words", "title_words plus title_synonyms, for an offer in another category"),
    ("cross_head", "head, for an offer in another category"),
    ("details", "share of the words only in the need's details (its 8 rarest) that the offer has"),
    ("bm25", "Okapi BM25 of the need's words over the offer's title and details, divided by its largest value"),
    ("bm25_total", "the same, undivided: about how many rare words the two share"),
    ("offer_share", "share of the offer's title, by rarity, that the need asks for: 1 for an offer of just that"),
    ("area_wide", "the offer is online or UK-wide, and the need is in a place"),
    ("area_near", "outside the need's area, but a member lists the two places together, or the offer's place "
                  "is a wide one (listed with three or more others)"),
    ("area_elsewhere", "outside the need's area, and nothing links the places"),
    ("offer_travels", "outside the need's area, but the offer says it travels or covers a wide area"),
    ("timing_fit", "both give days or times of day, and those they both give overlap"),
    ("timing_partial", "they share days but not times of day, or the other way round"),
    ("timing_clash", "both give days or times of day, and none overlap"),
    ("language_fit", "the need asks for a language the offer names"),
    ("language_clash", "both name languages, and none is shared"),
    ("language_unconfirmed", "the need asks for a language and the offer names none"),
    ("age_clash", "both name age groups, and none is shared"),
    ("audience_clash", "the offer is for people themselves, the need is the group's own"),
    ("offer_excludes", "the offer says it does not do what the need asks (“not for legal appointments”)"),
    ("amount_clash", "the need names a larger sum of money than any the offer names"),
    ("help_for_money", "the need asks for help to do something (write a bid, learn a skill); the offer is money"),
    ("money_for_other", "the need asks for money; the offer is not money"),
)
FEATURE_NAMES = tuple(name for name, _ in FEATURES)


class Features(NamedTuple):
    same_category: float
    offer_gives_category: float
    need_names_category: float
    need_head_names_category: float
    details_name_category: float
    title_words: float
    title_synonyms: float
    title_related: float
    head: float
    head_mismatch: float
    rarest_missed: float
    cross_words: float
    cross_head: float
    details: float
    bm25: float
    bm25_total: float
    offer_share: float
    area_wide: float
    area_near: float
    area_elsewhere: float
    offer_travels: float
    timing_fit: float
    timing_partial: float
    timing_clash: float
    language_fit: float
    language_clash: float
    language_unconfirmed: float
    age_clash: float
    audience_clash: float
    offer_excludes: float
    amount_clash: float
    help_for_money: float
    money_for_other: float


assert Features._fields == FEATURE_NAMES

SAME, SYNONYM, RELATED = 3, 2, 1  # how an offer has a word of the need
HEAD_SYNONYM = 0.75  # the need's head is in the offer as a synonym
DETAILS_UNITS = 8  # words of a need's details compared at most (the rarest): bounds the work per pair
BM25_K1, BM25_B = 1.2, 0.75


@functools.lru_cache(maxsize=1)
def _stop_parts() -> frozenset[str]:
    """Words of phrases that say too little on their own to count as a phrase's part in common
    (their stems, made when first needed: text.stem loads Snowball then)."""
    return frozenset(stem(word) for word in "community group groups people service services support local".split())


EVERYWHERE = frozenset({"online", "uk-wide"})
_EMPTY: frozenset = frozenset()

# Area fits, from closest to farthest; labels as the pages show them.
AREA_FIT_LABELS = {
    "same area": "Same area",
    "covers area": "Covers your area",
    "anywhere": "Need not tied to a place",
    "online": "Online",
    "uk-wide": "UK-wide",
    "near": "Outside your area",
    "elsewhere": "Outside your area",
}
OUTSIDE = frozenset({"near", "elsewhere"})


class Unit(NamedTuple):
    """One meaningful word of a need, weighed by rarity, with where it was written (and its
    word's keys again, read without indexing in the innermost loop)."""

    word: Word
    weight: float  # idf
    in_title: bool
    is_head: bool
    stem: str
    group: str | None
    parts: tuple[str, ...]


class WordMatch(NamedTuple):
    """A word of the need and how the offer has it."""

    need: str  # as the need wrote it
    offer: str  # as the offer wrote it
    how: int  # SAME, SYNONYM or RELATED
    category: str | None  # for RELATED: the category both words name
    in_title: bool  # the need's word is in its title (else in its details)


class Evidence(NamedTuple):
    """The facts a pair's features were measured from, for its reasons."""

    category: str  # "same", "offer gives", "need names", "details name" or "other"
    category_words: tuple[str, ...]  # the offer's (or need's) words naming the other's category
    words: tuple[WordMatch, ...]
    head: tuple[str, str] | None  # (need's head, offer's head) when they differ
    area: str  # a key of AREA_FIT_LABELS


# ---------------------------------------------------------------------------------------------
# Reading titles: head, audience, asking for help or money

# Words that end the first noun phrase of a title; its head is the last word before them.
_PHRASE_END = frozenset("""
for to towards so with without who which that in into on at from of by near about during after
before until if when where while as than like around across between within under over via and
or but covering including offering providing free up
""".split()) | {BREAK}
_LEADING = frozenset("a an the our your their we some any free".split())
_FOR_SO = frozenset(("for", "so"))
_OURS = frozenset(("our", "us", "we"))
# Who an item is for when it names people rather than organisations.
PEOPLE_WORDS = frozenset("""
people person persons individual individuals adult adults family families child children kid
kids young teenager teenagers girl girls boy boys woman women man men parent parents pupil
pupils resident residents tenant tenants carer carers patient patients anyone everyone
""".split())
def _phrases(*phrases: str) -> tuple[str, ...]:
    """`phrases` padded with spaces, to look for in tokens joined by spaces (see `_says`)."""
    return tuple(f" {phrase} " for phrase in phrases)


def _says(spaced: str, phrases: tuple[str, ...]) -> bool:
    """Whether `spaced` (tokens joined by spaces, padded with a space each end) has one of `phrases`."""
    for phrase in phrases:  # noqa: SIM110 - a plain loop: any() over a generator costs twice as much here
        if phrase in spaced:
            return True
    return False


# A need that asks for help to do something (write a bid, learn a skill), not for a thing.
HELP_CUES = frozenset("""
how advice advise someone somebody learn learning teach training train course skills write
writing guidance know show explain ideas
""".split())
# An offer of help, advice or teaching rather than of a thing or money.
ADVICE_CUES = frozenset("""
advice feedback surgery surgeries support check checks workshop workshops course courses mentoring coaching
read-through review
""".split())
HELP_PHRASES = _phrases("help with", "help to", "help us", "help writing", "help getting")
# An offer that says it reaches people wherever they are.
REMOTE_CUES = frozenset("online remotely remote zoom virtual webinar webinars nationwide teams".split())
REMOTE_PHRASES = _phrases("by video", "video call", "by phone", "over the phone", "phone or email", "by email")
# An offer that says it goes to people, or covers a wide area.
TRAVEL_CUES = frozenset("anywhere countywide county-wide travel travels across throughout visit".split())
TRAVEL_PHRASES = _phrases("we come", "come to you", "county wide", "the county", "district wide", "all over",
                          "everywhere in")


# Words after which an offer says what it does not do: "not for legal or medical appointments",
# "we do not cover immigration", "no salaries".
NEGATIONS = frozenset("not no never except excluding don doesn cannot isn aren won".split())
NEGATION_REACH = 5  # tokens after a negation that it covers (up to the end of the clause)
_MONEY = re.compile(r"£\s?(\d[\d,]*(?:\.\d+)?)\s*(k|m|million)?\b", re.IGNORECASE)


def excluded_stems(raw: tuple[str, ...]) -> frozenset[str]:
    """Stems of the words a text says it does not do or cover."""
    found = set()
    for i, token in enumerate(raw):
        if token in NEGATIONS:
            for following in raw[i + 1:i + 1 + NEGATION_REACH]:
                if following == BREAK:
                    break
                found.add(stem(following))
    return frozenset(found)


def largest_sum(text: str) -> float:
    """The largest sum of money in `text` ("£2,500", "£10k"), or 0."""
    best = 0.0
    for number, unit in _MONEY.findall(text):
        value = float(number.replace(",", ""))
        if unit:
            value *= 1_000 if unit.lower() == "k" else 1_000_000
        best = max(best, value)
    return best


def _first_index(raw, wanted, start: int = 0) -> int:
    for i in range(start, len(raw)):
        if raw[i] in wanted:
            return i
    return len(raw)


def title_head(title: Reading) -> Word | None:
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
        if word.position + len(word.parts) == end and word.position >= start:
            return word if word.group or word.categories else None
    return None


# ---------------------------------------------------------------------------------------------
# Areas


class Places:
    """The hub's place names: how to find them in text, and which places members list together
    (a member working in "Norwich" and "Norfolk" tells the matcher the two are near)."""

    def __init__(self, hub: Hub):
        names: set[str] = set()
        lists: list[frozenset[str]] = []
        for member in hub.members:
            lists.append(frozenset(a.slug for a in member.areas))
            names.update(a.name for a in member.areas)
            for item in member.offers + member.needs:
                if item.areas_given:
                    lists.append(frozenset(a.slug for a in item.areas))
                    names.update(a.name for a in item.areas)
        self.names = names
        self.slug_of = {name: slugify(name) for name in names}
        # token tuple of a place name -> its slug, for finding places named in text
        self.phrases: dict[tuple[str, ...], str] = {}
        for name in names:
            slug = self.slug_of[name]
            phrase = tuple(tokens(name))
            if slug not in EVERYWHERE and phrase:  # a name of only symbols ('🏳️‍🌈') is never found in text
                self.phrases[phrase] = slug
        self.first = defaultdict(list)
        for phrase in sorted(self.phrases, key=len, reverse=True):
            self.first[phrase[0]].append(phrase)
        neighbours: dict[str, set[str]] = defaultdict(set)
        for listed in lists:
            physical = listed - EVERYWHERE
            for place in physical:
                neighbours[place].update(physical - {place})
        self.neighbours = {place: frozenset(near) for place, near in neighbours.items()}
        # A place members list with three or more others is a wide area (a county, a region):
        # an offer there may well reach a town of the hub that nobody lists with it.
        self.wide = frozenset(place for place, near in self.neighbours.items() if len(near) >= 3)
        self.name_of = {slug: name for name, slug in self.slug_of.items()}
        self._near: dict[frozenset[str], frozenset[str]] = {}

    def named_in(self, raw: tuple[str, ...]) -> frozenset[str]:
        """Slugs of the hub's places named in `raw` tokens."""
        found = set()
        first = self.first
        for i, token in enumerate(raw):
            for phrase in first.get(token, ()):
                if tuple(raw[i:i + len(phrase)]) == phrase:
                    found.add(self.phrases[phrase])
                    break
        return frozenset(found)

    def near_of(self, places: frozenset[str]) -> frozenset[str]:
        """Places near any of `places`: listed with one of them, or every place when one of them
        is a wide area. Remembered: members' items share their member's places."""
        near = self._near.get(places)
        if near is None:
            if places & self.wide:
                near = frozenset(self.neighbours) | places
            else:
                near = frozenset().union(*(self.neighbours.get(place, ()) for place in places))
            self._near[places] = near
        return near


# ---------------------------------------------------------------------------------------------
# Reading items


class ItemReading:
    """An offer or need read once for matching."""

    __slots__ = ("item", "number", "member", "category", "title", "units", "title_weight", "details_weight",
                 "stems", "parts", "groups", "cats", "foreign", "head", "facets", "audience", "provides", "names",
                 "places", "everywhere", "remote", "travels", "terms", "length", "wants_help", "wants_money",
                 "gives_money", "excluded", "sum", "search_keys", "declared", "near", "query", "query_total",
                 "bm25_norm", "rarest", "details_names")

    def __init__(self, item: Item, number: int, reader: Reader):
        self.item = item
        self.number = number
        self.member = item.member_slug
        self.category = item.category
        lexicon = reader.lexicon
        title = lexicon.read(item.title, 1.0)
        details = lexicon.read(item.details, 1.0) if item.details else None
        self.title = title
        facets = title.facets
        if details is not None and details.facets is not _NO_FACETS:
            d = details.facets
            facets = shared_facets(Facets(facets.days | d.days, facets.parts | d.parts,
                                          facets.languages | d.languages, facets.ages | d.ages))
        self.facets = facets
        # What the item says: stems, the words of phrases, synonym groups and categories named.
        # Title words come first, so an offer's word is quoted as its title says it.
        stems: dict[str, Word] = {}
        groups: dict[str, Word] = {}
        cats: dict[str, Word] = {}
        parts: dict[str, Word] = {}
        foreign = _EMPTY
        all_words = title.words + details.words if details is not None else title.words
        for word in all_words:  # indexes, not names: a Word's named fields are slower to read
            word_stem, group, categories, word_parts = word[1], word[2], word[3], word[6]
            if word_stem not in stems:
                stems[word_stem] = word
            if group and group not in groups:
                groups[group] = word
            for cat in categories:
                if cat not in cats:
                    cats[cat] = word
            if len(word_parts) == 1:
                if word_stem not in parts:
                    parts[word_stem] = word
                continue
            for part in word_parts:
                if part not in parts:
                    parts[part] = word
                other = lexicon.group_of_stem(part)
                if other and other != group:
                    foreign = foreign | {other}  # "legal" inside "legal structure" means something else
        self.stems, self.groups, self.cats, self.parts = stems, groups, cats, parts
        self.foreign = foreign
        self.head = title_head(title)
        raw = title.tokens
        all_raw = raw + (details.tokens if details is not None else ())
        # Places: those named in the text, and the item's areas.
        names = tuple(a.name for a in item.areas)
        declared = reader.declared.get(names)
        if declared is None:  # one set for every item in the same areas
            declared = reader.declared[names] = frozenset(reader.places.slug_of[name] for name in names)
        named = reader.places.named_in(all_raw)
        self.declared = declared
        physical = declared - EVERYWHERE
        if item.kind == "need":
            # A need that names a place is needed there ("a quiet room in Great Yarmouth").
            title_named = reader.places.named_in(raw)
            self.places = title_named or named or physical
            self.everywhere = "anywhere" if not self.places else None
            self.remote = self.travels = False
        else:
            spaced = f" {' '.join(all_raw)} "
            self.remote = not REMOTE_CUES.isdisjoint(all_raw) or _says(spaced, REMOTE_PHRASES)
            self.travels = not TRAVEL_CUES.isdisjoint(all_raw) or _says(spaced, TRAVEL_PHRASES)
            self.places = physical | named
            everywhere = sorted(declared & EVERYWHERE)
            self.everywhere = everywhere[-1] if everywhere else ("online" if self.remote else None)
            # (uk-wide sorts last: an offer both online and UK-wide reaches everyone anyway)
        # Who it is for; what the offer says it gives.
        if item.kind == "offer":
            cut = _first_index(raw, _FOR_SO)
            given = [w for w in title.words if w.position + len(w.parts) <= cut]
            self.provides = frozenset(c for w in given for c in w.categories)
            self.audience = None
            if "for" in raw:
                at = raw.index("for")
                if not PEOPLE_WORDS.isdisjoint(raw[at + 1:at + 4]):
                    self.audience = "people"
            self.names = frozenset()
        else:
            self.provides = frozenset()
            self.audience = "ours" if not _OURS.isdisjoint(raw) and not facets.ages \
                and PEOPLE_WORDS.isdisjoint(raw) else None
            self.names = frozenset(c for w in title.words for c in w.categories)
        self.details_names = frozenset(c for w in (details.words if details is not None else ()) for c in w.categories
                                       if c not in self.names) if item.kind == "need" else frozenset()
        money_head = self.head is not None and self.head.group == "money"
        if item.kind == "need":
            self.wants_help = not HELP_CUES.isdisjoint(raw) or ("help" in raw and _says(f" {' '.join(raw)} ",
                                                                                      HELP_PHRASES))
            # Money is what is asked when the title's head is money ("Funding for ...", "Money for
            # ..."), not when money is mentioned ("help with a bid", "storage for donations").
            self.wants_money = money_head and not self.wants_help
            self.gives_money = False
        else:
            self.wants_help = self.wants_money = False
            # An offer gives money when its title's head is money and it does not say it helps to
            # get some: "Small grants" give money; "Funding advice and feedback on your bids" does not.
            self.gives_money = money_head and HELP_CUES.isdisjoint(raw) and ADVICE_CUES.isdisjoint(raw)
        text = item.title + (" " + item.details if item.details else "")
        self.excluded = excluded_stems(all_raw) if item.kind == "offer" and NEGATIONS.intersection(all_raw) \
            else frozenset()
        self.sum = largest_sum(text) if "£" in text else 0.0
        # BM25 terms: stems of title and details.
        terms: dict[str, int] = {}
        _count_elements(terms, [w.stem for w in all_words])
        self.terms = terms
        self.length = len(all_words)
        self.units = ()
        self.title_weight = self.details_weight = 0.0
        self.search_keys = ()
        self.near = reader.places.near_of(self.places) if item.kind == "need" else frozenset()
        self.query = ()
        self.query_total = 0.0
        self.bm25_norm = 1.0
        self.rarest = None

    def weigh(self, idf: dict[str, float]) -> None:
        """Units of the need (title words, then details words not in the title) weighed by
        rarity; for an offer, its title's units (what it says it gives)."""
        head = self.head.stem if self.head is not None else None
        seen: set[str] = set()
        units = []
        title_weight = details_weight = 0.0
        title_words = self.title.words
        words = list(title_words)
        if head is not None and words[0].stem != head:
            words.sort(key=lambda w: w.stem != head)  # the head speaks for its synonyms ("trestle tables")
        if self.item.kind == "need" and len(self.stems) > len(title_words):
            title_stems = {w.stem for w in title_words}
            details = [w for w in self.stems.values() if w.stem not in title_stems]
            if len(details) > DETAILS_UNITS:  # the rarest words say most; the rest would only cost time
                details = sorted(details, key=lambda w: -idf.get(w.stem, 1.0))[:DETAILS_UNITS]
            words.extend(details)
        make = tuple.__new__
        for index, word in enumerate(words):
            key = word.group or word.stem
            if key in seen:
                continue  # "storage, a garage or lock-up" asks for one thing, not three
            seen.add(key)
            in_title = index < len(title_words)
            weight = idf.get(word.stem, 1.0)
            units.append(make(Unit, (word, weight, in_title, word[1] == head, word[1], word[2], word[6])))
            if in_title:
                title_weight += weight
            else:
                details_weight += weight
        if self.item.kind == "need":
            self.units = tuple(units)
            self.title_weight, self.details_weight = title_weight, details_weight
            in_title = [u for u in units if u.in_title]
            if len(in_title) > 1:  # a one-word title is its head: "head" says it
                self.rarest = max(in_title, key=lambda u: u.weight).word
            ranked = sorted((u for u in units if u.in_title), key=lambda u: (not u.is_head, -u.weight))[:3]
            self.search_keys = tuple((u.word.stem, u.word.group) for u in ranked)
        else:  # what the offer says it gives: its title's units
            self.units = tuple(u for u in units if u.in_title)
            self.title_weight = title_weight

    def prepare_bm25(self, idf: dict[str, float], average_length: float) -> None:
        if self.item.kind == "need":
            self.query = tuple((term, idf[term]) for term in self.terms if term in idf)
            self.query_total = sum(weight for _, weight in self.query)
        else:
            self.bm25_norm = BM25_K1 * (1 - BM25_B + BM25_B * self.length / average_length)


class Reader:
    """Reads a hub's offers and needs once: the lexicon, word rarity, places, BM25 statistics."""

    def __init__(self, hub: Hub):
        self.hub = hub
        self.places = Places(hub)
        ignore = set()
        for name in self.places.names:
            ignore.update(tokens(name))  # areas are compared as areas, not as words
        self.lexicon = Lexicon(hub.vocabulary, ignore=ignore)
        self.labels = {c.key: c.label for c in hub.vocabulary}
        self.area_reasons: dict[tuple, str] = {}  # the sentence about a pair's areas, by its areas (assess)
        self.facet_reasons: dict[tuple, list[str]] = {}  # sentences about days, languages, ages (assess)
        # the names of an item's areas -> their slugs, one set shared by every item in the same areas
        self.declared: dict[tuple[str, ...], frozenset[str]] = {}
        offers = [item for m in hub.members for item in m.offers]
        needs = [item for m in hub.members for item in m.needs]
        self.offers = [ItemReading(item, n, self) for n, item in enumerate(offers)]
        self.needs = [ItemReading(item, n, self) for n, item in enumerate(needs)]
        df: Counter = Counter()
        for reading in self.offers + self.needs:
            df.update(reading.stems.keys())
        total = len(offers) + len(needs) + 1
        self.idf = {s: max(0.1, math.log(total / (count + 0.5))) for s, count in df.items()}
        offer_df: Counter = Counter()
        for reading in self.offers:
            offer_df.update(reading.terms.keys())
        count = len(offers) or 1
        # The rarest possible word (said by one offer) weighs 1, whatever the size of the hub, so
        # bm25_total means the same in a coalition of 20 members and in one of 10,000.
        rarest = math.log(1 + (count - 1 + 0.5) / 1.5)
        self.bm25_idf = {t: math.log(1 + (count - n + 0.5) / (n + 0.5)) / rarest for t, n in offer_df.items()}
        self.average_length = (sum(r.length for r in self.offers) / count) or 1.0
        for reading in self.offers + self.needs:
            reading.weigh(self.idf)
            reading.prepare_bm25(self.bm25_idf, self.average_length)


# ---------------------------------------------------------------------------------------------
# Comparing a need with an offer


def timing_of(need: Facets, offer: Facets) -> str:
    """"fit" when every kind of timing both mention (days, times of day) is shared, "clash" when
    none is, "partial" when one is and one is not, "none" when they do not both say."""
    shared = clashing = 0
    if need.days and offer.days:
        if need.days & offer.days:
            shared += 1
        else:
            clashing += 1
    if need.parts and offer.parts:
        if need.parts & offer.parts:
            shared += 1
        else:
            clashing += 1
    if shared and clashing:
        return "partial"
    return "fit" if shared else "clash" if clashing else "none"


def compare(need: ItemReading, offer: ItemReading, reader: Reader,
            explain: bool = True) -> tuple[Features, Evidence | None]:
    """Measure one pair: its features, and (with `explain`) the facts behind them.

    For each word of the need, the offer has it as the same word (its stem; or a word of the
    need's phrase inside a phrase of the offer, "safeguarding" in "safeguarding policy", unless
    that phrase means something else, "legal" in "legal structure"), as a synonym (same group),
    as part of a phrase (the share of the phrase's words it has: "English classes" and "English
    conversation"), as a word naming the same third category (related), or not at all. This
    loop is the matcher's innermost: it runs for every candidate pair."""
    n_cat, o_cat = need.category, offer.category
    same = n_cat == o_cat
    head_names = False
    if same:
        category = "same"
    elif n_cat in offer.provides:
        category = "offer gives"
    elif o_cat in need.names:
        category = "need names"
        head_names = need.head is not None and o_cat in need.head.categories
    elif o_cat in need.details_names:
        category = "details name"
    else:
        category = "other"
    title_same = title_syn = title_rel = details_got = head = 0.0
    matched = [] if explain else None
    covered = set()
    excludes = False
    stems, parts_of, groups, cats, foreign = offer.stems, offer.parts, offer.groups, offer.cats, offer.foreign
    excluded = offer.excluded
    rarest = need.rarest
    rarest_found = False
    for word, weight, in_title, is_head, unit_stem, group, parts in need.units:
        how, share, cat = SAME, 1.0, None
        theirs = stems.get(unit_stem)
        if theirs is None:
            if group is None or group not in foreign:
                if len(parts) == 1:
                    theirs = parts_of.get(unit_stem)
                else:
                    for part in parts:
                        if part not in parts_of:
                            break
                    else:
                        theirs = parts_of[parts[-1]]
            if theirs is None:
                if group is not None:
                    theirs = groups.get(group)
                    how = SYNONYM
                if theirs is None and len(parts) > 1:
                    found = [parts_of[part] for part in parts if part in parts_of and part not in _stop_parts()]
                    if found:
                        how, share, theirs = SAME, len(found) / len(parts), found[0]
                if theirs is None:
                    for cat in word[3]:
                        if cat != n_cat and cat != o_cat:
                            theirs = cats.get(cat)
                            if theirs is not None:
                                how = RELATED
                                break
                    if theirs is None:
                        continue
        if how == SAME and excluded and theirs[1] in excluded:
            excludes = True  # "not for legal appointments" does not meet a need for legal help
            continue
        covered.add(theirs[1])
        if word is rarest and how != RELATED and share == 1.0:
            rarest_found = True
        if explain:
            matched.append(WordMatch(word[0], theirs[0], how, cat, in_title))
        weight *= share
        if in_title:
            if how == SAME:
                title_same += weight
            elif how == SYNONYM:
                title_syn += weight
            else:
                title_rel += weight
            if is_head and how != RELATED and share == 1.0:
                head = 1.0 if how == SAME else HEAD_SYNONYM
        elif how != RELATED:
            details_got += weight
    title_total = need.title_weight or 1.0
    # What the offer gives that the need asks for: its title's units the need has.
    offer_got = 0.0
    need_stems, need_groups = need.stems, need.groups
    for _, weight, _, _, unit_stem, group, _ in offer.units:
        if unit_stem in covered or unit_stem in need_stems or (group and group in need_groups):
            offer_got += weight
    head_mismatch = 0.0
    n_head, o_head = need.head, offer.head
    if not head and n_head is not None and o_head is not None and (n_head[2] != o_head[2] or n_head[2] is None):
        head_mismatch = 1.0
    # Area
    if need.everywhere is not None:
        fit = "anywhere"
    elif need.places & offer.places:
        fit = "covers area" if need.places < offer.places else "same area"
    elif offer.everywhere is not None:
        fit = offer.everywhere
    elif need.near & offer.places or offer.places & reader.places.wide:
        fit = "near"
    else:
        fit = "elsewhere"
    n, o = need.facets, offer.facets
    timing = "none"
    language_fit = language_clash = age_clash = 0.0
    if n is not _NO_FACETS and o is not _NO_FACETS:
        timing = timing_of(n, o)
        if n.languages and o.languages:
            if n.languages & o.languages:
                language_fit = 1.0
            else:
                language_clash = 1.0
        if n.ages and o.ages and not n.ages & o.ages:
            age_clash = 1.0
    # Okapi BM25 of the need's terms over the offer (inlined: this runs for every pair)
    terms, norm = offer.terms, offer.bm25_norm
    bm25_got = 0.0
    for term, weight in need.query:
        tf = terms.get(term)
        if tf:
            bm25_got += weight * tf / (tf + norm)
    bm25 = bm25_got / need.query_total if need.query_total else 0.0
    bm25_total = bm25_got * (BM25_K1 + 1)
    words = (title_same + title_syn) / title_total
    outside = fit == "near" or fit == "elsewhere"
    features = tuple.__new__(Features, (  # in the order of FEATURE_NAMES (NamedTuple's keywords are slow)
        1.0 if same else 0.0,  # same_category
        1.0 if category == "offer gives" else 0.0,  # offer_gives_category
        1.0 if category == "need names" else 0.0,  # need_names_category
        1.0 if head_names else 0.0,  # need_head_names_category
        1.0 if category == "details name" else 0.0,  # details_name_category
        title_same / title_total,  # title_words
        title_syn / title_total,  # title_synonyms
        title_rel / title_total,  # title_related
        head,  # head
        head_mismatch,  # head_mismatch
        1.0 if rarest is not None and not rarest_found else 0.0,  # rarest_missed
        0.0 if same else words,  # cross_words
        0.0 if same else head,  # cross_head
        details_got / need.details_weight if need.details_weight else 0.0,  # details
        bm25,  # bm25
        bm25_total,  # bm25_total
        offer_got / offer.title_weight if offer.title_weight else 0.0,  # offer_share
        1.0 if fit == "online" or fit == "uk-wide" else 0.0,  # area_wide
        1.0 if fit == "near" else 0.0,  # area_near
        1.0 if fit == "elsewhere" else 0.0,  # area_elsewhere
        1.0 if outside and offer.travels else 0.0,  # offer_travels
        1.0 if timing == "fit" else 0.0,  # timing_fit
        1.0 if timing == "partial" else 0.0,  # timing_partial
        1.0 if timing == "clash" else 0.0,  # timing_clash
        language_fit,  # language_fit
        language_clash,  # language_clash
        1.0 if n.languages and not o.languages else 0.0,  # language_unconfirmed
        age_clash,  # age_clash
        1.0 if offer.audience == "people" and need.audience == "ours" else 0.0,  # audience_clash
        1.0 if excludes else 0.0,  # offer_excludes
        1.0 if need.sum and offer.sum and need.sum > offer.sum else 0.0,  # amount_clash
        1.0 if need.wants_help and offer.gives_money else 0.0,  # help_for_money
        1.0 if need.wants_money and not offer.gives_money else 0.0,  # money_for_other
    ))
    if not explain:
        return features, None
    if category == "offer gives":
        category_words = tuple(w.surface for w in offer.title.words if n_cat in w.categories)
    elif category == "need names":
        category_words = tuple(w.surface for w in need.title.words if o_cat in w.categories)
    elif category == "details name":
        category_words = tuple(w.surface for w in need.stems.values() if o_cat in w.categories)
    else:
        category_words = ()
    head_pair = (n_head.surface, o_head.surface) if head_mismatch else None
    return features, Evidence(category, category_words, tuple(matched), head_pair, fit)
