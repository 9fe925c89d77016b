"""One rule for a pair: `assess(need, offer)` gives its score, its tier and its reasons.

The score is the fitted logistic model over the pair's named features (`features.compare`,
weights in `tuning.Tuning`); the reasons are the same comparison's evidence written out. Ranking,
pages, matches.json and the evaluation all call this function, so what is said about a pair is
always what was scored.
"""
from __future__ import annotations

from typing import NamedTuple

from .features import OUTSIDE, RELATED, SAME, SYNONYM, Evidence, Features, ItemReading, Reader, compare, timing_of
from .text import _NO_FACETS, day_phrase, join_words
from .tuning import Tuning


class Assessment(NamedTuple):
    score: float  # 0..1: the fitted chance a coordinator would suggest it, three decimals
    tier: str | None  # tuning.GOOD, tuning.WORTH, or None: not suggested
    features: Features
    evidence: Evidence | None  # None when not asked to explain


def assess(need: ItemReading, offer: ItemReading, reader: Reader, tuning: Tuning, explain: bool = True) -> Assessment:
    """The pair's score, tier and (with `explain`) the evidence its reasons are written from.
    Ranking asks without `explain` (it is the same comparison, minus the quoting)."""
    features, evidence = compare(need, offer, reader, explain)
    score = round(tuning.score(features), 3)
    return tuple.__new__(Assessment, (score, tuning.tier(score, features), features, evidence))


def reasons(assessment: Assessment, need: ItemReading, offer: ItemReading, reader: Reader) -> list[str]:
    """The assessment in plain sentences, in a fixed order: category, words, what differs,
    timing, languages, ages, audience, area."""
    features, evidence = assessment.features, assessment.evidence
    labels = reader.labels
    said = [_category_reason(evidence, need, offer, labels)]
    same = [m.need for m in evidence.words if m.how == SAME]
    synonyms = [f"“{m.offer}” for “{m.need}”" for m in evidence.words if m.how == SYNONYM and m.offer != m.need]
    related = [f"“{m.offer}” and “{m.need}” ({labels[m.category]})" for m in evidence.words if m.how == RELATED]
    if same:
        said.append(f"Words in common: {join_words(_quoted(dict.fromkeys(same[:5])))}.")
    if synonyms:
        said.append(f"Close in meaning: {join_words(synonyms[:3])}.")
    if related:
        said.append(f"Related: {join_words(related[:2])}.")
    if evidence.head:
        asked, given = evidence.head
        said.append(f"Not quite the same thing: the need asks for “{asked}”; the offer is about “{given}”.")
    if features.offer_excludes:
        said.append("Check the conditions: the offer says it does not cover something the need asks for.")
    if features.amount_clash:
        said.append(f"Check the sums: the need mentions £{need.sum:,.0f}; the offer at most £{offer.sum:,.0f}.")
    if features.help_for_money:
        said.append("The need asks for help to do something; the offer is money.")
    if features.money_for_other:
        said.append("The need asks for money; the offer is not a grant or funding.")
    if need.facets is not _NO_FACETS or need.audience:  # every facet reason starts from the need
        key = (need.facets, offer.facets, need.audience, offer.audience)
        facets = reader.facet_reasons.get(key)
        if facets is None:  # the same days, languages and ages give the same sentences
            facets = reader.facet_reasons[key] = _facet_reasons(need, offer)
        said.extend(facets)
    key = (evidence.area, need.places, offer.places, bool(features.offer_travels),
           need.item.areas if evidence.area == "anywhere" else None)
    area = reader.area_reasons.get(key)
    if area is None:  # the same areas give the same sentence: members' items share their areas
        area = reader.area_reasons[key] = _area_reason(evidence.area, need, offer, reader, bool(features.offer_travels))
    said.append(area)
    return said


def _quoted(words) -> list[str]:
    return [f"“{word}”" for word in words]


def _category_reason(evidence: Evidence, need: ItemReading, offer: ItemReading, labels: dict) -> str:
    n_cat, o_cat = need.category, offer.category
    if evidence.category == "same":
        return f"Same category: {labels[n_cat]}."
    words = join_words(_quoted(dict.fromkeys(evidence.category_words[:3])))
    if evidence.category == "offer gives":
        return f"Listed under {labels[o_cat]}, but the offer is {words}, which is {labels[n_cat]}."
    if evidence.category == "need names":
        return f"Listed under {labels[o_cat]}, which the need asks for: {words}."
    if evidence.category == "details name":
        return f"Listed under {labels[o_cat]}, which the need's details mention: {words}."
    return f"Another category: the need is under {labels[n_cat]}, the offer under {labels[o_cat]}."


def _facet_reasons(need: ItemReading, offer: ItemReading) -> list[str]:
    n, o = need.facets, offer.facets
    said = []
    timing = timing_of(n, o)
    if timing in ("clash", "partial"):
        said.append(f"Check the timing: the need mentions {day_phrase(n.days, n.parts)}; "
                    f"the offer mentions {day_phrase(o.days, o.parts)}.")
    elif timing == "fit":
        said.append(f"Timing fits: both mention {day_phrase(n.days & o.days, n.parts & o.parts)}.")
    if n.languages and o.languages:
        shared = sorted(n.languages & o.languages)
        if shared:
            said.append(f"Languages in common: {join_words(_language_names(shared))}.")
            missing = sorted(n.languages - o.languages)
            if missing:
                said.append(f"Not offered: {join_words(_language_names(missing))}.")
        else:
            said.append(f"Different languages: the need asks for {join_words(_language_names(sorted(n.languages)))}; "
                        f"the offer has {join_words(_language_names(sorted(o.languages)))}.")
    if n.ages and o.ages:
        shared = sorted(n.ages & o.ages)
        if shared:
            said.append(f"Both are about {join_words(shared)}.")
        else:
            said.append(f"Different age groups: the need is about {join_words(sorted(n.ages))}; "
                        f"the offer is for {join_words(sorted(o.ages))}.")
    if offer.audience == "people" and need.audience == "ours":
        said.append("Check who it is for: the offer is for people themselves, and the need is the group's own.")
    return said


def _language_names(codes) -> list[str]:
    return ["BSL" if code == "bsl" else code.capitalize() for code in codes]


def _names(slugs, reader: Reader) -> list[str]:
    return sorted(reader.places.name_of.get(slug, slug) for slug in slugs)


def _area_reason(fit: str, need: ItemReading, offer: ItemReading, reader: Reader, travels: bool) -> str:
    wanted = join_words(_names(need.places, reader)) or join_words(a.name for a in need.item.areas)
    if fit == "anywhere":
        return f"The need is {join_words([a.name for a in need.item.areas])}, so it does not matter where the offer is."
    if fit == "online":
        return f"Offered online, so it reaches {wanted}."
    if fit == "uk-wide":
        return f"Offered UK-wide, so it reaches {wanted}."
    offered = join_words(_names(offer.places, reader)) or join_words(a.name for a in offer.item.areas)
    shared = join_words(_names(need.places & offer.places, reader))
    if fit == "covers area":
        return f"The offer covers {offered}, which includes {shared}."
    if fit == "same area":
        return f"Both in {shared}."
    assert fit in OUTSIDE
    said = f"Outside the need's area: offered in {offered}, needed in {wanted}."
    if fit == "near":
        said += " Members list these places together, so it may reach."
    if travels:
        said += " The offer says it travels or covers a wide area."
    return said
