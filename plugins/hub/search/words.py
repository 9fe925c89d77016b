"""Everyday words for search: what a member or event page tells the index besides its own text,
and the words the search page reads a query with (`search/words.json`). Pure: no Pelican.

Pagefind finds a page only when it holds every word of the query, and it knows no synonyms, so an
offer of "a minibus with a trained driver" never answered "lifts to hospital". Each member and
event page therefore carries a block the reader does not see (partials/search_words.html) naming
its categories in every word the vocabulary gives them (categories.yaml: the list that also serves
matching and "did you mean"), its access features in everyday words, and its neighbourhoods with
their postcode districts (places.yaml), so "CV2" finds Ball Hill.

The search page (theme/static/js/search.js) loads `search/words.json` with Pagefind, only when
someone searches, and uses it to drop the words that carry no meaning in a query ("to", "for my
mum"), to correct a misspelt word to one the hub uses, to tell which categories a query is about,
and whether the person is looking for help or offering it (offers are then listed before needs).
"""
from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from markupsafe import Markup

from ..core.fingerprint import digest
from ..core.memo import Store, kept_or_made
from ..core.model import Category, Hub, Places, Vocabulary

# Words that say nothing about what is wanted: Pagefind would require each of them on the page.
STOP_WORDS = (
    "a", "about", "an", "and", "any", "anyone", "anybody", "are", "around", "at", "be", "by", "can", "could",
    "do", "does", "find", "for", "from", "get", "getting", "got", "have", "help", "helping", "how", "i", "im",
    "i'm", "in", "into", "is", "it", "its", "just", "like", "local", "looking", "me", "my", "near", "nearby",
    "need", "needed", "needs", "of", "on", "or", "our", "please", "some", "someone", "somebody", "something",
    "that", "the", "their", "them", "there", "they", "thing", "things", "this", "to", "us", "use", "using",
    "want", "wants", "we", "what", "where", "which", "who", "will", "with", "would", "you", "your",
)
# Who the search is for: "lunch club for my mum" is about a lunch club. Dropped like stop words.
BEHALF_WORDS = (
    "mum", "mom", "mother", "dad", "father", "nan", "nana", "gran", "granny", "grandma", "grandmother",
    "grandad", "granddad", "grandpa", "grandfather", "grandparent", "grandparents", "parent", "parents",
    "husband", "wife", "partner", "son", "daughter", "brother", "sister", "aunt", "uncle", "child", "kids",
    "family", "friend",
)
# A query with one of these offers help rather than asks for it ("donate laptops"): members who
# need the thing are listed before those who offer it.
OFFERING_WORDS = ("donate", "donating", "give", "giving", "offer", "offering", "lend", "lending")

# Access features (events' `accessibility.features`) in the words people search with.
ACCESS_WORDS = {
    "step-free": ("step-free", "wheelchair", "wheelchair accessible", "no steps", "disabled access"),
    "accessible-toilet": ("accessible toilet", "disabled toilet"),
    "hearing-loop": ("hearing loop", "deaf", "hard of hearing"),
    "bsl": ("BSL", "British Sign Language", "sign language", "deaf"),
    "captions": ("captions", "subtitles", "deaf", "hard of hearing"),
    "quiet-space": ("quiet space", "quiet room", "autism", "neurodivergent"),
    "seating": ("seating", "seats", "chairs"),
    "large-print": ("large print", "visually impaired"),
    "parking": ("parking", "blue badge"),
    "assistance-dogs-welcome": ("assistance dogs", "guide dogs"),
}

# Only words of at least this length are kept for spelling suggestions: shorter ones are too
# close to too many others to correct safely.
SPELLING_MIN_LENGTH = 4
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def tokens(text: str) -> list[str]:
    """The words of `text`, lowercased, as the search page splits a query."""
    return _TOKEN.findall(text.casefold())


def category_words(category: Category) -> tuple[str, ...]:
    """Every name of a category: its label, its key in words, and its synonyms, once each."""
    names = [category.label, category.key.replace("-", " "), *category.synonyms]
    return tuple(dict.fromkeys(name for name in names if name))


@dataclass(frozen=True)
class Line:
    """One line of an entity's hidden search block: what kind of words, how much they weigh, which."""

    label: str
    words: tuple[str, ...]
    weight: float = 1.0

    @property
    def text(self) -> str:
        return f"{self.label}: {', '.join(self.words)}."


def _unique(words: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for word in words:
        seen.setdefault(word.casefold(), word)
    return tuple(seen.values())


def _category_line(label: str, keys: Iterable[str], vocabulary: Vocabulary, weight: float) -> list[Line]:
    words = _unique(word for key in keys if key in vocabulary for word in category_words(vocabulary[key]))
    return [Line(label, words, weight)] if words else []


def district(postcode: str | None) -> str | None:
    """'CV2' of 'CV2 4EA' (the outward code), or None when it does not look like a UK postcode."""
    match = re.fullmatch(r"\s*([A-Za-z]{1,2}[0-9][0-9A-Za-z]?)\s*([0-9][A-Za-z]{2})?\s*", postcode or "")
    return match.group(1).upper() if match else None


def _place_line(names: Iterable[str], places: Places, areas: Iterable[str] | None, extra=()) -> list[Line]:
    found = [places.named(name, areas) or places.named(name) for name in names]
    words = _unique([*names, *(d for place in found if place for d in place.districts), *extra])
    return [Line("Places", words)] if words else []


# Needs weigh less than offers: the page of a member that offers transport should come before the
# page of one that needs it, everything else being equal (search.js re-ranks by intent too).
OFFER_WEIGHT, NEED_WEIGHT = 1.0, 0.5


def member_lines(member, vocabulary: Vocabulary, places: Places) -> list[Line]:
    areas = [area.name for area in member.areas]
    return [*_category_line("Offers", member.offer_categories, vocabulary, OFFER_WEIGHT),
            *_category_line("Looking for", member.need_categories, vocabulary, NEED_WEIGHT),
            *_place_line(getattr(member, "localities", ()) or (), places, areas)]


def event_lines(event, vocabulary: Vocabulary, places: Places, organiser=None) -> list[Line]:
    lines = _category_line("Topics", event.categories, vocabulary, OFFER_WEIGHT)
    features = event.accessibility.features if event.accessibility else ()
    access = _unique(word for feature in features for word in ACCESS_WORDS.get(feature, (feature,)))
    if access:
        lines.append(Line("Access", access))
    location = event.location
    extra = [code for code in [district(location.postcode if location else None)] if code]
    areas = [area.name for area in organiser.areas] if organiser is not None else None
    lines += _place_line(event.localities, places, areas, extra)
    return lines


def lines(entity, hub: Hub, kind: str) -> list[Line]:
    """The hidden search block of a member ("member") or an event ("event"). Used as a Jinja filter."""
    if entity is None or hub is None:
        return []
    if kind == "member":
        return member_lines(entity, hub.vocabulary, hub.places)
    if kind == "event":
        return event_lines(entity, hub.vocabulary, hub.places, hub.by_slug.get(entity.organiser))
    return []


def _member_texts(member) -> Iterator[str]:
    yield from (member.name, member.summary, member.description or "", " ".join(member.themes))
    yield " ".join(area.name for area in member.areas)
    yield " ".join(getattr(member, "localities", ()) or ())
    for item in (*member.offers, *member.needs):
        yield from (item.title, item.details or "")


def _event_texts(event) -> Iterator[str]:
    yield from (event.title, event.summary or "", event.description or "", event.cost or "")
    if event.location:
        yield event.location.text


def _article_texts(title: str, summary: str, content: str) -> Iterator[str]:
    yield title
    yield from (_plain(summary), _plain(content))


def _sources(hub: Hub, events=(), articles=()) -> Iterator[tuple[object, Callable[[], Iterable[str]]]]:
    """Everything the index holds in words, source by source: (what its words follow from, its
    texts), where the texts are made from that alone. Profiles (never a contact), events, posts,
    the vocabulary and the places."""
    for member in hub.members:
        yield member, functools.partial(_member_texts, member)
    for event in events:
        yield event, functools.partial(_event_texts, event)
    for article in articles:  # keyed by the very strings its words are made from
        raw = (str(article.title), str(getattr(article, "summary", "")), str(getattr(article, "content", "")))
        yield raw, functools.partial(_article_texts, *raw)
    fixed = [" ".join(category_words(category)) for category in hub.vocabulary]
    fixed += [" ".join(words) for words in ACCESS_WORDS.values()]
    fixed += [" ".join((place.name, place.area, *place.districts)) for place in hub.places]
    yield tuple(fixed), lambda: fixed


def spelling_words(texts: Iterable[str]) -> list[str]:
    """The words of `texts` that spelling suggestions may correct a query to."""
    return [word for text in texts for word in tokens(text) if len(word) >= SPELLING_MIN_LENGTH and not word.isdigit()]


def _plain(html) -> str:
    return Markup(str(html or "")).striptags()


def words_document(hub: Hub, events=(), articles=(), kept: Store | None = None) -> dict:
    """search/words.json: the query words to drop, the categories by filter label with all their
    names, and every word the hub uses (most frequent first) to correct misspellings against. The
    words of each source are taken from `kept` when it was unchanged (a profile or an event keeps
    its fingerprint: core.fingerprint), else kept there."""
    # Kept as one text per source: a list of its words took ten times as long to store.
    counts = Counter(" ".join(kept_or_made(kept, digest(source), lambda texts=texts: " ".join(spelling_words(texts())))
                              for source, texts in _sources(hub, events, articles)).split())
    known = sorted(counts, key=lambda word: (-counts[word], word))
    return {
        "version": 1,
        "stop": list(STOP_WORDS),
        "behalf": list(BEHALF_WORDS),
        "offering": list(OFFERING_WORDS),
        "categories": {category.label: [word.casefold() for word in category_words(category)]
                       for category in hub.vocabulary},
        "known": known,
    }
