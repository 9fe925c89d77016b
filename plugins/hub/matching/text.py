"""Words for matching: tokens, stems, synonyms and a few closed-class facets. Pure Python.

An offer or need becomes a list of `Word`s. Each word keeps the form the member wrote (for
explanations) and three keys, from most to least specific:

* its stem (Snowball English): "rooms" and "room" are the same word;
* its synonym group: "hall", "lounge" and "room" are all words for a place to meet. Groups come
  from `THESAURUS` below (plain English, not tied to any member) and from the vocabulary: every
  synonym of a category in categories.yaml is a word for that category;
* the categories it names: "minibus" names Transport because categories.yaml lists it.

Facets are closed classes where a mismatch is decisive whatever else is shared: days of the
week, times of day, languages and age groups. A need for a room on Tuesday evenings is not
met by a room free on Monday afternoons; Polish speakers are not Urdu speakers.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from sys import intern
from typing import NamedTuple

from ..core.model import Vocabulary


@lru_cache(maxsize=1)
def _stemmer():
    """Snowball's English stemmer, loaded when matching first needs it: the package loads every
    language (0.03 s), which a build whose matches are kept (core.memo) never uses."""
    import snowballstemmer

    return snowballstemmer.stemmer("english")


# Function words, and words so common in a coalition's offers and needs that sharing them
# says nothing ("community", "group", "help", "free", "support" ...).
STOPWORDS = frozenset("""
a about above after again against all also am an and any are around as at be been before being
below between both but by can could did do does doing down during each either etc even ever
every few for from further had has have having he her here hers him his how i if in into is it
its itself just least less let like lot lots may me might more most much must my near need
needs needed no nor not now of off often on once one only or other others our ours ourselves
out over own per please quite rather really same she should since so some someone something
somewhere such than that the their theirs them themselves then there these they this those
through to too under until up upon us very via want wants was we well were what when where
whether which while who whom whose why will with within without would yet you your yours
yourselves able across along already always another anyone anything anywhere back day days
get gets getting give given gives go going good great happy help helps helping keep know
kind looking look make makes making many new offer offers offered open run running runs
see set thing things time times try use used using way ways week weeks work working year
years ask asked bring come comes take takes support supports supporting community communities
group groups local free people person provide provides provided organisation organisations
coalition member members including include includes available ideally especially usually
mostly sometimes per cent around up-to-date hour hours minute minutes
""".split())

# Plain-English synonym groups: words that, in a coalition's offers and needs, usually mean
# the same thing. The first entry names the group. Each word belongs to one group only.
THESAURUS: tuple[tuple[str, ...], ...] = (
    ("room", "room", "hall", "space", "venue", "premises", "lounge", "clubhouse", "pavilion",
     "centre", "center", "building", "studio", "meeting place", "function room", "base"),
    ("storage", "storage", "storeroom", "store", "lock-up", "garage", "container", "warehouse",
     "cupboard"),
    ("device", "laptop", "tablet", "computer", "device", "ipad", "pc", "chromebook",
     "smartphone"),
    ("connection", "wifi", "internet", "broadband", "data", "sim", "connectivity", "hotspot"),
    ("vehicle", "vehicle", "van", "minibus", "car", "coach", "bus", "transport", "lift", "ride",
     "taxi", "driver", "driving", "drive", "dial-a-ride", "pick-up"),
    ("interpreting", "interpreter", "interpreting", "interpret", "translator", "translate",
     "translation", "translating"),
    ("volunteer", "volunteer", "helper", "extra hands", "steward", "stewarding", "rota"),
    ("money", "funding", "fund", "grant", "money", "cash", "donation", "bursary", "sponsorship",
     "finance", "contribution", "bid"),
    ("older", "older", "elderly", "elder", "pensioner", "senior", "retired", "later life",
     "over 60s", "over 65s", "over 70s"),
    ("young", "young", "youth", "teenager", "teen", "teenage", "adolescent", "young people"),
    ("child", "child", "children", "kid", "pupil", "toddler", "baby"),
    ("meal", "meal", "lunch", "dinner", "breakfast", "food", "soup", "sandwich", "groceries",
     "veg", "vegetables", "fruit", "bread", "produce", "food parcel"),
    ("cooking", "cook", "cooking", "kitchen", "catering", "chef", "kitchenette"),
    ("lonely", "lonely", "loneliness", "isolated", "isolation", "alone", "housebound"),
    ("befriend", "befriend", "befriending", "befriender", "companionship", "friendship",
     "home visit", "visiting"),
    ("phone", "phone", "telephone", "call", "calls", "calling", "caller"),
    ("garden", "garden", "gardening", "allotment", "plot", "planting", "grow", "growing",
     "horticulture", "orchard"),
    ("mental-health", "mental health", "wellbeing", "anxiety", "depression", "low mood",
     "emotional", "counselling", "counsellor", "therapy"),
    ("training", "training", "train", "course", "workshop", "class", "lesson", "teach",
     "teaching", "tutor", "masterclass"),
    ("mentor", "mentor", "mentoring", "coach", "coaching", "buddy", "role model"),
    ("publicity", "publicity", "promote", "promotion", "advertise", "advertising", "publicise",
     "word out", "spread the word", "get the word out", "marketing"),
    ("print", "poster", "leaflet", "flyer", "banner", "printing", "print"),
    ("newsletter", "newsletter", "magazine", "bulletin", "e-newsletter", "press release"),
    ("design", "design", "illustration", "graphic", "artwork", "logo"),
    ("film", "photo", "photograph", "photography", "photographer", "film", "video",
     "filming", "subtitle"),
    ("governance", "constitution", "trustee", "governance", "committee", "board",
     "charitable status", "charity registration", "cio", "cic", "legal structure"),
    ("insurance", "insurance", "public liability"),
    ("accounts", "bookkeeping", "accounts", "accountant", "treasurer", "bank account",
     "independent examination", "payroll"),
    ("evaluation", "evaluate", "evaluation", "impact", "outcome", "evidence", "measure",
     "monitoring", "difference"),
    ("research", "research", "survey", "study", "questionnaire", "findings", "focus group",
     "consultation", "insight", "views", "opinions"),
    ("safeguarding", "safeguarding", "dbs", "criminal record check", "background check",
     "child protection", "disclosure"),
    ("access", "accessible", "access", "wheelchair", "step-free", "disabled", "disability",
     "hearing loop", "ramp", "changing places"),
    ("deaf", "bsl", "sign language", "deaf", "hard of hearing"),
    ("furniture", "table", "chair", "gazebo", "marquee", "tea urn", "urn", "kettle",
     "projector", "pa system", "sound system", "speaker", "microphone", "screen", "trestle"),
    ("tool", "tool", "spade", "drill", "saw", "workbench", "wheelbarrow", "strimmer", "mower"),
    ("cold", "refrigerated", "chiller", "cold storage", "cold chain"),
    ("appliance", "white goods", "freezer", "fridge", "fridge freezer", "refrigerator", "cooker",
     "washing machine", "microwave", "appliance"),
    ("home", "home", "housing", "accommodation", "lodging", "tenancy", "flat", "hostel",
     "host", "spare room"),
    ("homeless", "homeless", "homelessness", "rough sleeping", "sleeping rough"),
    ("event", "event", "festival", "fun day", "celebration", "party", "fair", "gathering",
     "get-together", "meet-up", "coffee morning"),
    ("walk", "walk", "walking", "ramble", "hike", "stroll"),
    ("exercise", "exercise", "fitness", "sport", "football", "yoga", "dance", "dancing",
     "physical activity", "tai chi", "chair exercise"),
    ("music", "music", "singing", "choir", "song", "band", "musician"),
    ("craft", "art", "craft", "painting", "drawing", "mural", "knitting", "sewing", "pottery"),
    ("story", "story", "storytelling", "reminiscence", "memories", "oral history"),
    ("benefits", "benefit", "universal credit", "debt", "money advice", "welfare rights",
     "pip", "form filling"),
    ("energy", "energy", "heating", "fuel", "bills", "fuel poverty", "warm space"),
    ("english", "english", "esol", "conversation"),
    ("job", "job", "employment", "career", "cv", "employability", "job club", "work experience"),
    ("carer", "carer", "caring", "unpaid carer", "young carer"),
    ("dementia", "dementia", "alzheimer", "memory loss", "memory cafe"),
    ("refugee", "refugee", "asylum", "asylum seeker", "migrant", "new arrival",
     "newly arrived", "sanctuary", "resettled"),
    ("faith", "church", "mosque", "gurdwara", "temple", "synagogue", "chapel", "faith",
     "congregation", "parish"),
    ("school", "school", "college", "academy", "sixth form"),
    ("university", "university", "academic", "researcher", "lecturer", "campus"),
    ("repair", "repair", "fix", "fixer", "mend", "maintenance", "refurbish", "refurbished",
     "recondition", "reconditioned", "handyman", "diy"),
    ("clothes", "clothes", "clothing", "coat", "uniform", "shoes"),
    ("furnishing", "furniture", "sofa", "bed", "wardrobe", "mattress"),
    ("legal", "legal", "lawyer", "solicitor", "lease", "contract"),
    ("wall", "wall", "fence", "hoarding", "shutter"),
)

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY_WORDS = {day: (day,) for day in WEEKDAYS}
_DAY_WORDS.update({day + "s": (day,) for day in WEEKDAYS})
_DAY_WORDS.update({"weekday": WEEKDAYS[:5], "weekdays": WEEKDAYS[:5], "weekend": WEEKDAYS[5:],
                   "weekends": WEEKDAYS[5:]})
PARTS = ("morning", "afternoon", "evening")
_PART_WORDS = {"morning": ("morning",), "mornings": ("morning",), "afternoon": ("afternoon",),
               "afternoons": ("afternoon",), "evening": ("evening",), "evenings": ("evening",),
               "night": ("evening",), "nights": ("evening",), "tonight": ("evening",),
               "daytime": ("morning", "afternoon"), "daytimes": ("morning", "afternoon"),
               "lunchtime": ("afternoon",), "teatime": ("afternoon",)}
_PART_PHRASES = {("after", "school"): ("afternoon",), ("after", "work"): ("evening",)}
_CLOCK = re.compile(r"\b(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)\b")
_CLOCK_HINT = re.compile(r"\d\s*[aApP][mM]\b")

# Languages people ask for by name. Sign language is a language too.
LANGUAGES = frozenset("""
albanian amharic arabic bengali bangla bsl cantonese mandarin chinese czech dari farsi persian
french german gujarati hindi hungarian italian kurdish kurmanji sorani latvian lithuanian
nepali pashto polish portuguese punjabi romanian russian slovak somali spanish swahili tamil
tigrinya turkish twi ukrainian urdu vietnamese welsh yoruba igbo shona malayalam sylheti
""".split())

# Age groups: who an offer is for, or who a need is about.
_AGE_WORDS = {
    "children": ("child", "children", "kid", "kids", "pupil", "pupils", "toddler", "toddlers",
                 "baby", "babies", "primary", "under-11s", "under-12s"),
    "young people": ("teenager", "teenagers", "teen", "teens", "teenage", "youth", "adolescent",
                     "adolescents", "young", "under-25s"),
    "older people": ("older", "elderly", "elder", "elders", "pensioner", "pensioners", "senior",
                     "seniors", "retired", "over-50s", "over-60s", "over-65s", "over-70s"),
}
_AGE_INDEX = {word: age for age, words in _AGE_WORDS.items() for word in words}
_AGE_PHRASES = {("young", "adults"): "young people", ("young", "people"): "young people",
                ("later", "life"): "older people"}

# Words that facets account for, and numbers: left out of word matching.
NUMBER_WORDS = frozenset("""
one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty
hundred thousand dozen first second third month months monthly fortnight fortnightly olds aged
weekly daily yearly annual annually
""".split())

_TOKEN = re.compile(r"([^\W_]+)(?:['’][^\W_]*)?|[,;:(]")
BREAK = "|"  # stands for punctuation that ends a phrase: , ; : (


FACET_WORDS = frozenset(_DAY_WORDS) | frozenset(_PART_WORDS) | LANGUAGES | NUMBER_WORDS


_STEMS: dict[str, str] = {}


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Snowball English, except that nouns in -ity keep it: "publicity" is not "public",
    "activity" is not "active", "equality" is not "equal"."""
    if word.endswith("ities"):
        return word[:-3] + "y"
    if word.endswith("ity"):
        return word
    return _stemmer().stemWord(word)


def tokens(text: str, breaks: bool = False) -> list[str]:
    """Lowercase word tokens; possessives and hyphens split ("men's" -> "men", "step-free" ->
    "step", "free"). With `breaks`, punctuation that ends a phrase is kept as BREAK."""
    if breaks:
        return [intern(word) if word else BREAK for word in _TOKEN.findall(text.lower())]
    return [intern(word) for word in _TOKEN.findall(text.lower()) if word]


def _phrase_key(phrase: str) -> tuple[str, ...]:
    return tuple(stem(token) for token in tokens(phrase))


class Word(NamedTuple):
    """One meaningful word (or phrase) of an item, with its match keys."""

    surface: str  # as written, lowercased: "lounge", "meeting room"
    stem: str  # "loung", "meet room" (stems joined by spaces for a phrase)
    group: str | None  # thesaurus group: "room"
    categories: tuple[str, ...]  # category keys it names: ("venues",)
    weight: float  # 1.0 in the title, less in the details
    position: int = 0  # index of its first token in the text
    parts: tuple[str, ...] = ()  # stems of its tokens

    @property
    def known(self) -> bool:
        """True when the thesaurus or the vocabulary knows the word."""
        return bool(self.group or self.categories)

    @property
    def end(self) -> int:
        """Index of the token after it."""
        return self.position + len(self.parts)


class Reading(NamedTuple):
    """A text read once: its tokens (BREAK for , ; : and "("), its words, its facets."""

    tokens: tuple[str, ...]
    words: tuple[Word, ...]
    facets: Facets


@dataclass(frozen=True)
class Facets:
    days: frozenset[str] = frozenset()
    parts: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    ages: frozenset[str] = frozenset()


class Lexicon:
    """The thesaurus joined with one vocabulary. Build once per hub; `words()` is then fast."""

    def __init__(self, vocabulary: Vocabulary, thesaurus=THESAURUS, ignore=()):
        self.vocabulary = vocabulary
        self.ignore = frozenset(ignore)  # e.g. place names: areas are compared separately
        # phrase (tuple of stems) -> (group, categories); the longest phrase wins while reading.
        groups: dict[tuple[str, ...], str] = {}
        for group in thesaurus:
            name, members = group[0], group[1:]
            for phrase in members:
                groups.setdefault(_phrase_key(phrase), name)
        categories: dict[tuple[str, ...], list[str]] = {}
        for category in vocabulary:
            names = {category.key.replace("-", " "), category.label, *category.synonyms}
            for phrase in sorted(names):
                key = _phrase_key(phrase)
                if key and not all(part in stop_stems() for part in key):
                    categories.setdefault(key, [])
                    if category.key not in categories[key]:
                        categories[key].append(category.key)
        # A thesaurus group names the categories its words name in the vocabulary, so "lounge"
        # names Venues because "room" and "hall" do. A vocabulary synonym outside every group
        # forms a group of its own category ("minibus" and "lifts" are both Transport words).
        group_categories: dict[str, dict[str, int]] = {}
        for key, cats in categories.items():
            if key in groups:
                counts = group_categories.setdefault(groups[key], {})
                for cat in cats:
                    counts[cat] = counts.get(cat, 0) + 1
        order = {c.key: i for i, c in enumerate(vocabulary)}
        self._group_categories = {
            name: tuple(sorted((c for c, n in counts.items() if n == max(counts.values())),
                               key=order.__getitem__))
            for name, counts in group_categories.items()}
        self._phrases: dict[tuple[str, ...], tuple[str | None, tuple[str, ...]]] = {}
        for key in sorted(set(groups) | set(categories)):
            group = groups.get(key)
            cats = tuple(categories.get(key, ()))
            head = groups.get(key[-1:])
            if group is None and head is not None and len(key) > 1:
                # A phrase outside every group takes its last word's when they mean the same
                # kind of thing: a "church hall" is a hall, but "case studies" are not a study.
                head_cats = self._group_categories.get(head, ())
                if not cats or not head_cats or set(cats) & set(head_cats):
                    group = head
            cats = cats or self._group_categories.get(group, ())
            self._phrases[key] = (group, cats)
        self.max_phrase = max((len(k) for k in self._phrases), default=1)
        lengths: dict[str, set[int]] = defaultdict(set)
        for key in self._phrases:
            if len(key) > 1:
                lengths[key[0]].add(len(key))
        # first stem of a phrase -> the lengths of the phrases it starts, longest first
        self._first = {first: tuple(sorted(sizes, reverse=True)) for first, sizes in lengths.items()}
        # stems that can never be a word of their own: stopwords, numbers, facets, ignored names
        self._skip_tokens = STOPWORDS | FACET_WORDS | self.ignore
        self._info: dict[str, tuple] = {BREAK: (BREAK, None, None)}
        self._words: dict[Word, Word] = {}

    def group_of_stem(self, word_stem: str) -> str | None:
        return self._phrases.get((word_stem,), _UNKNOWN)[0]

    def read(self, text: str | None, weight: float = 1.0) -> Reading:
        """Read `text` once: tokens, meaningful words (stopwords, numbers, days, languages and
        ignored names left out; known phrases kept whole) and facets."""
        if not text:
            return _EMPTY
        raw = tokens(text, breaks=True)
        info = self._info
        known = [info.get(token) or self._learn(token) for token in raw]
        stems = [k[0] for k in known]
        found: list[Word] = []
        make, word_type = tuple.__new__, Word  # a Word made in C: NamedTuple's constructor is Python
        phrases = self._phrases
        # One object for equal words (the same word at the same place of many items' texts): a
        # Word is a value, and keeping each once is a fifth less memory for a big hub's matching.
        words = self._words
        i, count = 0, len(raw)
        while i < count:
            token_stem, sizes, entry = known[i]
            if sizes is not None:
                matched = False
                for length in sizes:
                    if i + length <= count:
                        key = tuple(stems[i:i + length])
                        phrase = phrases.get(key)
                        if phrase is not None:
                            word = make(word_type, (" ".join(raw[i:i + length]), " ".join(key),
                                                    phrase[0], phrase[1], weight, i, key))
                            found.append(words.setdefault(word, word))
                            i += length
                            matched = True
                            break
                if matched:
                    continue
            if entry is not None:
                word = make(word_type, (raw[i], token_stem, entry[0], entry[1], weight, i, (token_stem,)))
                found.append(words.setdefault(word, word))
            i += 1
        return tuple.__new__(Reading, (tuple(raw), tuple(found), facets_of(raw, text)))

    def _learn(self, token: str):
        """(stem, lengths of the phrases it may start, (group, categories) when it is a
        meaningful word on its own, else None), remembered per token."""
        token_stem = stem(token)
        entry = None
        if (token not in self._skip_tokens and len(token) > 1 and token_stem not in stop_stems()
                and token.isalpha()):
            entry = self._phrases.get((token_stem,), _UNKNOWN)
        value = self._info[token] = (token_stem, self._first.get(token_stem), entry)
        return value

    def words(self, text: str | None, weight: float = 1.0) -> list[Word]:
        """The meaningful words of `text`."""
        return list(self.read(text, weight).words)


_UNKNOWN: tuple[None, tuple[str, ...]] = (None, ())


@lru_cache(maxsize=1)
def stop_stems() -> frozenset[str]:
    """The stems of STOPWORDS, made when first needed (stemming loads Snowball: `_stemmer`)."""
    return frozenset(stem(word) for word in STOPWORDS)


def facets(text: str) -> Facets:
    """Days, times of day, languages and age groups named in `text`."""
    return facets_of(tokens(text), text)


def facets_of(raw, text: str) -> Facets:
    """Facets from the tokens of `text` (as `tokens` returns them) and the text itself."""
    if _FACET_TOKENS.isdisjoint(raw) and "sign" not in raw and not _CLOCK_HINT.search(text):
        return _NO_FACETS
    lowered = text.lower()
    days: set[str] = set()
    parts: set[str] = set()
    languages: set[str] = set()
    ages: set[str] = set()
    count = len(raw)
    for i, token in enumerate(raw):
        if token in _DAY_WORDS:
            days.update(_DAY_WORDS[token])
            if i + 2 < count and raw[i + 1] in ("to", "until", "till") and raw[i + 2] in _DAY_WORDS:
                # "Monday to Saturday"
                first, last = WEEKDAYS.index(_DAY_WORDS[token][0]), WEEKDAYS.index(_DAY_WORDS[raw[i + 2]][-1])
                if first <= last:
                    days.update(WEEKDAYS[first:last + 1])
        elif token in _PART_WORDS:
            parts.update(_PART_WORDS[token])
        elif token in LANGUAGES:
            languages.add(token)
        elif token in _AGE_INDEX:
            ages.add(_AGE_INDEX[token])
        if i + 1 < count:
            pair = (token, raw[i + 1])
            if pair in _PART_PHRASES:
                parts.update(_PART_PHRASES[pair])
            if pair in _AGE_PHRASES:
                ages.add(_AGE_PHRASES[pair])
    if "sign language" in lowered:
        languages.add("bsl")
    if "am" in lowered or "pm" in lowered:
        for hour, _minutes, half in _CLOCK.findall(lowered):
            h = int(hour) % 12 + (12 if half == "pm" else 0)
            parts.add("morning" if h < 12 else "afternoon" if h < 18 else "evening")
    if not (days or parts or languages or ages):
        return _NO_FACETS
    return shared_facets(Facets(frozenset(days), frozenset(parts), frozenset(languages), frozenset(ages)))


_FACETS: dict[Facets, Facets] = {}


def shared_facets(facets: Facets) -> Facets:
    """One object for equal facets: there are few distinct ones, said by thousands of items."""
    return _FACETS.setdefault(facets, facets)


_NO_FACETS = Facets()
_FACET_TOKENS = frozenset(_DAY_WORDS) | frozenset(_PART_WORDS) | LANGUAGES | frozenset(_AGE_INDEX) \
    | {first for first, _ in _PART_PHRASES} | {first for first, _ in _AGE_PHRASES}
_EMPTY = Reading((), (), _NO_FACETS)


def day_phrase(days: frozenset[str], parts: frozenset[str]) -> str:
    """'Tuesday and Thursday evenings', 'weekday mornings', 'Saturdays'."""
    ordered = [d for d in WEEKDAYS if d in days]
    if set(ordered) == set(WEEKDAYS[:5]):
        day_text = "weekday"
    elif set(ordered) == set(WEEKDAYS[5:]):
        day_text = "weekend"
    else:
        day_text = join_words([d.capitalize() for d in ordered])
    part_text = join_words([p + "s" for p in PARTS if p in parts])
    if day_text and part_text:
        return f"{day_text} {part_text}"
    if day_text in ("weekday", "weekend"):
        return day_text + "s"
    return day_text or part_text


def join_words(words) -> str:
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]
