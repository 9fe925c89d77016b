"""The matcher's tuning, in one frozen object: the weight of every feature, the two tiers'
thresholds, the vetoes and where they all came from.

The numbers are not set by hand: `bench/fit_matching.py` fits them on the dev part of the
labelled corpus (tests/fixtures/matching-corpus/) and writes `weights.json` beside this file,
with its provenance (date, corpus part, counts, script, cross-validated figures on dev). Refit
after changing a feature; never edit the numbers.
"""
from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from operator import mul
from pathlib import Path
from types import MappingProxyType

from .features import FEATURE_NAMES, FEATURES, Features

WEIGHTS_FILE = Path(__file__).resolve().parent / "weights.json"

GOOD = "good"
WORTH = "worth"
TIER_LABELS = {GOOD: "Good match", WORTH: "Worth a look"}

# Facts that decide alone, whatever the rest says: another language is no help to someone who
# needs an interpreter. A pair with a veto is never suggested (the fit still sees the feature).
VETOES = ("language_clash",)


_NEAR, _ELSEWHERE = FEATURE_NAMES.index("area_near"), FEATURE_NAMES.index("area_elsewhere")
_SAME_CATEGORY, _GIVES, _NAMES, _DETAILS_NAME, _BM25, _WORDS, _SYNONYMS, _RELATED, _DETAILS = (
    FEATURE_NAMES.index(name) for name in ("same_category", "offer_gives_category", "need_names_category",
                                           "details_name_category", "bm25", "title_words", "title_synonyms",
                                           "title_related", "details"))


@dataclass(frozen=True)
class Tuning:
    weights: tuple[float, ...]  # one per feature, in the order of FEATURE_NAMES
    bias: float
    good_match: float  # a pair scoring at least this is a "Good match"
    worth_a_look: float  # at least this (and below good_match): "Worth a look"
    max_per_need: int = 3
    vetoes: tuple[str, ...] = VETOES
    provenance: Mapping = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self):
        if len(self.weights) != len(FEATURE_NAMES):
            raise ValueError(f"{len(self.weights)} weights for {len(FEATURE_NAMES)} features: refit with "
                             "bench/fit_matching.py")
        object.__setattr__(self, "_veto_indexes", tuple(FEATURE_NAMES.index(name) for name in self.vetoes))
        object.__setattr__(self, "provenance", MappingProxyType(dict(self.provenance)))

    def linear(self, features: Features) -> float:
        return self.bias + sum(map(mul, self.weights, features))

    def score(self, features: Features) -> float:
        """The estimated chance that a coordinator would suggest the pair: 0..1."""
        z = self.linear(features)
        if z < -30:
            return 0.0
        return 1.0 / (1.0 + math.exp(-z))

    def vetoed(self, features: Features) -> bool:
        return any(features[i] for i in self._veto_indexes)

    def tier(self, score: float, features: Features) -> str | None:
        """GOOD, WORTH or None. Never a tier for a vetoed pair, nor for one with nothing in common
        (no word, synonym or related word, and no category in common or named): such a pair
        can rank in a large empty hub, but no coordinator would make the introduction. An offer
        outside the need's area is at most "Worth a look": whether it reaches is for people to check."""
        in_common = (features[_SAME_CATEGORY] or features[_GIVES] or features[_NAMES] or features[_DETAILS_NAME]
                     or features[_BM25] or features[_WORDS] or features[_SYNONYMS] or features[_RELATED]
                     or features[_DETAILS])
        if self.vetoed(features) or not in_common:
            return None
        if score >= self.good_match and not (features[_NEAR] or features[_ELSEWHERE]):
            return GOOD
        if score >= self.worth_a_look:
            return WORTH
        return None

    def as_document(self) -> dict:
        """weights.json's content."""
        return {"provenance": dict(self.provenance),
                "features": {name: round(weight, 4) for name, weight in zip(FEATURE_NAMES, self.weights)},
                "bias": round(self.bias, 4),
                "tiers": {"good_match": self.good_match, "worth_a_look": self.worth_a_look},
                "max_per_need": self.max_per_need, "vetoes": list(self.vetoes)}


def tuning_from_document(data: dict) -> Tuning:
    features = data["features"]
    missing = [name for name in FEATURE_NAMES if name not in features]
    unknown = [name for name in features if name not in FEATURE_NAMES]
    if missing or unknown:
        raise ValueError(f"weights.json does not fit the features (missing: {missing}, unknown: {unknown}); "
                         "refit with bench/fit_matching.py")
    return Tuning(weights=tuple(float(features[name]) for name in FEATURE_NAMES), bias=float(data["bias"]),
                  good_match=float(data["tiers"]["good_match"]), worth_a_look=float(data["tiers"]["worth_a_look"]),
                  max_per_need=int(data.get("max_per_need", 3)), vetoes=tuple(data.get("vetoes", VETOES)),
                  provenance=data.get("provenance", {}))


@cache
def default_tuning() -> Tuning:
    """The committed tuning (weights.json)."""
    return tuning_from_document(json.loads(WEIGHTS_FILE.read_text(encoding="utf-8")))


def weights_table() -> str:
    """The features with what they measure and their fitted weights, for docs/matching.md
    (`invoke docs`; a test checks it is current)."""
    tuning = default_tuning()
    lines = ["| feature | what it measures | weight |", "| --- | --- | ---: |"]
    for (name, meaning), weight in zip(FEATURES, tuning.weights):
        lines.append(f"| `{name}` | {meaning} | {weight:+.2f} |")
    lines.append(f"| (bias) | added to every pair | {tuning.bias:+.2f} |")
    provenance = tuning.provenance
    return "\n".join(lines) + (f"\n\nFitted by `{provenance.get('script')}` on the {provenance.get('part')} part "
                               f"({provenance.get('needs')} needs, {provenance.get('pairs')} pairs, "
                               f"{provenance.get('right_pairs')} of them right). \"Good match\" from a score of "
                               f"**{tuning.good_match:.2f}**, \"Worth a look\" from **{tuning.worth_a_look:g}**.\n")


def dev_figures_table() -> str:
    """The dev part's figures recorded by the fit (weights.json), for docs/matching.md."""
    provenance = default_tuning().provenance

    def cell(figures: dict, part: str, whole: str) -> str:
        return f"{figures[part] / figures[whole]:.1%} ({figures[part]}/{figures[whole]})" if figures[whole] else "n/a"

    lines = ["| on the dev part | top-3 (either tier) | silence | Good match precision | Worth a look precision |",
             "| --- | --- | --- | --- | --- |"]
    for title, key in (("matcher, out of fold (each coalition scored by weights fitted on the other four)",
                        "dev_out_of_fold"), ("matcher, in sample (the committed weights)", "dev_in_sample"),
                       ("baseline", "baseline_dev")):
        figures = provenance[key]
        lines.append(f"| {title} | {cell(figures, 'hit', 'meetable')} | {cell(figures, 'silent', 'unmeetable')} | "
                     f"{cell(figures, 'good_right', 'good')} | {cell(figures, 'worth_right', 'worth')} |")
    return "\n".join(lines) + "\n"
