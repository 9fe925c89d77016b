"""The plain baseline every matching figure is measured against (issue 12): Okapi BM25 of the
need's words over each offer's title and details, plus a fixed bonus when the offer is in the
need's category, among the offers in the need's reach (the matcher's area rule, without its
fallback outside the area). No synonyms, no facets, no learned weights: if the matcher cannot
beat this, its extra machinery is not earning its keep.

It is used only by the evaluation (tests/matching_evaluation.py) and the fit
(bench/fit_matching.py); pages never show it.
"""
from __future__ import annotations

import json
import math
from collections import Counter
from functools import cache
from typing import NamedTuple

from ..core.model import Hub
from ..core.schema import Item
from .text import STOPWORDS, stem, tokens

K1 = 1.2
B = 0.75
EVERYWHERE = frozenset({"online", "uk-wide"})


class BaselineTuning(NamedTuple):
    """Chosen on the dev part by bench/fit_matching.py, as the matcher's weights are, so the
    baseline gets a fair chance: the bonus that gives it its best top-3 on dev, and the score
    from which its suggestions count as its "Good match" (the matcher's precision rule)."""

    category_bonus: float  # added when the offer is in the need's category, in BM25 units
    good_match: float


@cache
def default_settings() -> BaselineTuning:
    from .tuning import WEIGHTS_FILE

    data = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))["baseline"]
    return BaselineTuning(float(data["category_bonus"]), float(data["good_match"]))


class Ranked(NamedTuple):
    offer: Item
    score: float


def terms(item: Item) -> list[str]:
    """Stems of the item's title and details, stopwords left out."""
    text = item.title + (" " + item.details if item.details else "")
    return [stem(token) for token in tokens(text) if token not in STOPWORDS and len(token) > 1]


def in_reach(need: Item, offer: Item) -> bool:
    """The matcher's area rule: same place, an offer online or UK-wide, or a need that is."""
    need_places = {a.slug for a in need.areas}
    offer_places = {a.slug for a in offer.areas}
    return bool(need_places <= EVERYWHERE or offer_places & EVERYWHERE or need_places & offer_places)


def rank_hub(hub: Hub, bonus: float, limit: int = 3) -> dict[tuple[str, int], list[Ranked]]:
    """For every need (member slug, index): its best `limit` offers in reach, best first."""
    offers = [offer for member in hub.members for offer in member.offers]
    documents = [Counter(terms(offer)) for offer in offers]
    count = len(documents) or 1
    average = sum(sum(d.values()) for d in documents) / count or 1.0
    frequency = Counter(term for document in documents for term in document)
    idf = {term: math.log(1 + (count - df + 0.5) / (df + 0.5)) for term, df in frequency.items()}
    ranked = {}
    for member in hub.members:
        for need in member.needs:
            query = set(terms(need))
            scored = []
            for offer, document in zip(offers, documents):
                if offer.member_slug == need.member_slug or not in_reach(need, offer):
                    continue
                length = sum(document.values())
                score = sum(idf[t] * document[t] * (K1 + 1) / (document[t] + K1 * (1 - B + B * length / average))
                            for t in query if t in document)
                if offer.category == need.category:
                    score += bonus
                if score > 0:
                    scored.append(Ranked(offer, round(score, 6)))
            scored.sort(key=lambda r: (-r.score, r.offer.member_slug, r.offer.index))
            ranked[(need.member_slug, need.index)] = scored[:limit]
    return ranked
