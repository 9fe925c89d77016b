"""Fit the matcher's weights and tiers on the dev part of the labelled corpus, and choose the
baseline's settings the same way: `invoke fit-matching` or `python bench/fit_matching.py`.

Reads only the dev coalitions of tests/fixtures/matching-corpus/ (split.yaml); the test part is
never read here. Writes plugins/hub/matching/weights.json with its provenance.

1. Every need of every dev coalition is paired with every candidate offer the matcher would
   score (other members' offers), and each pair's named features are computed by the matcher's
   own `features.compare`. A pair is right when the coordinator listed it.
2. A logistic regression (L2 penalty L2, Newton's method, no randomness: the same data give the
   same weights) is fitted on all pairs. Its weights, one per feature, are the tuning.
3. The tiers are chosen on out-of-fold scores (each dev coalition scored by a model fitted on
   the other four), so the thresholds are judged on coalitions the weights did not see:
   "Good match" from the lowest score at which Good matches are right at least GOOD_PRECISION
   of the time (at that score and every higher one with at least MIN_SUPPORT of them);
   "Worth a look" from the highest score that still shows a right offer for all but WORTH_LOSS
   of the meetable needs the ranking finds.
4. The baseline's same-category bonus is the one that gives it its best top-3 on dev, and its
   "Good match" score is the one at which it makes as many Good matches on dev as the matcher
   does out of fold: compared at equal coverage, the two differ only in how often they are
   right (and how often they stay silent).

numpy does the arithmetic (requirements-test.txt); the hub itself never imports it.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import NamedTuple

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from matching_corpus import CORPUS, load_part  # noqa: E402
from matching_evaluation import TOP, Report, evaluate_baseline, evaluate_matcher  # noqa: E402

from hub.matching import baseline  # noqa: E402
from hub.matching.features import FEATURE_NAMES, compare  # noqa: E402
from hub.matching.matcher import Matcher  # noqa: E402
from hub.matching.tuning import VETOES, WEIGHTS_FILE, Tuning  # noqa: E402

L2 = 1.0  # penalty on the squared weights (not on the bias): keeps rare features from running away
NEWTON_STEPS = 50
GOOD_PRECISION = 0.88  # dev target for "Good match": the issue asks 80% on test; dev figures are optimistic
MIN_SUPPORT = 20  # Good matches needed for a precision to count when choosing the threshold
WORTH_LOSS = 0.01  # share of the ranking's hits "Worth a look" may lose to its threshold
MAX_PER_NEED = 3
GRID = [round(0.30 + 0.01 * i, 2) for i in range(66)]  # 0.30 .. 0.95
WORTH_GRID = [0.0, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.04, 0.05, 0.075, 0.1]
BONUS_GRID = [0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 10.0, 15.0]
NEUTRAL = Tuning(weights=(0.0,) * len(FEATURE_NAMES), bias=0.0, good_match=1.0, worth_a_look=0.0)


class Pair(NamedTuple):
    coalition: str
    need: object  # the need's ItemReading
    offer: object  # the offer's ItemReading
    features: tuple
    right: bool


class Need(NamedTuple):
    coalition: str
    label: object
    pairs: tuple  # indexes into the pair list


def collect(coalitions) -> tuple[list[Pair], list[Need]]:
    """Every (need, candidate offer) pair of the labelled needs, with its features."""
    pairs: list[Pair] = []
    needs: list[Need] = []
    for coalition in coalitions:
        if coalition.problems:
            raise SystemExit("\n".join(str(p) for p in coalition.problems))
        matcher = Matcher(coalition.hub, NEUTRAL)
        readings = {(n.member, n.item.title): n for n in matcher.needs}
        for label in coalition.labels:
            need = readings[(label.member, label.need)]
            right = set(label.suggest)
            start = len(pairs)
            for number in matcher.candidates(need):
                offer = matcher.offers[number]
                if offer.member == need.member:
                    continue
                features, _ = compare(need, offer, matcher.reader)
                pairs.append(Pair(coalition.name, need, offer, features, (offer.member, offer.item.title) in right))
            needs.append(Need(coalition.name, label, tuple(range(start, len(pairs)))))
    return pairs, needs


def fit(x: np.ndarray, y: np.ndarray, l2: float = L2) -> np.ndarray:
    """Logistic regression by Newton's method: weights (one per column), then the bias."""
    rows, columns = x.shape
    xb = np.hstack([x, np.ones((rows, 1))])
    w = np.zeros(columns + 1)
    penalty = np.eye(columns + 1) * l2
    penalty[-1, -1] = 0.0
    for _ in range(NEWTON_STEPS):
        p = 1.0 / (1.0 + np.exp(-(xb @ w)))
        gradient = xb.T @ (p - y) + penalty @ w
        hessian = (xb * (p * (1 - p))[:, None]).T @ xb + penalty
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-10:
            break
    return w


def tuning_of(w: np.ndarray, good: float = 1.0, worth: float = 0.0, provenance=None) -> Tuning:
    return Tuning(weights=tuple(float(v) for v in w[:-1]), bias=float(w[-1]), good_match=good, worth_a_look=worth,
                  max_per_need=MAX_PER_NEED, vetoes=VETOES, provenance=provenance or {})


def scored_by_fold(pairs: list[Pair], x: np.ndarray, y: np.ndarray) -> list[float]:
    """Each pair's score from the model fitted on the other dev coalitions, as Tuning scores it."""
    scores = [0.0] * len(pairs)
    for held in sorted({p.coalition for p in pairs}):
        train = np.array([p.coalition != held for p in pairs])
        tuning = tuning_of(fit(x[train], y[train]))
        for i, pair in enumerate(pairs):
            if pair.coalition == held:
                scores[i] = round(tuning.score(pair.features), 3)
    return scores


def judge(pairs: list[Pair], needs: list[Need], scores: list[float], good: float, worth: float) -> Report:
    """What visitors would see with these scores and thresholds (tiers as Tuning gives them),
    measured as the evaluation does."""
    tiers = Tuning(weights=NEUTRAL.weights, bias=0.0, good_match=good, worth_a_look=worth, vetoes=VETOES)
    report = Report()
    for need in needs:
        ordered = sorted(need.pairs, key=lambda i: (-scores[i], pairs[i].offer.category != pairs[i].need.category,
                                                    pairs[i].offer.member, pairs[i].offer.item.index))
        shown = []
        for i in ordered:
            tier = tiers.tier(scores[i], pairs[i].features)
            if tier:
                shown.append((pairs[i].offer.member, pairs[i].offer.item.title, tier))
            if len(shown) == MAX_PER_NEED:
                break
        report.judge(need.label, shown, [(pairs[i].offer.member, pairs[i].offer.item.title) for i in ordered[:TOP]])
    return report


def choose_good(precision_at, grid) -> float:
    """The lowest threshold whose precision, and that of every higher threshold with enough
    support, reaches GOOD_PRECISION."""
    chosen = grid[-1]
    for threshold in reversed(grid):
        precision, support = precision_at(threshold)
        if support < MIN_SUPPORT:
            continue
        if precision < GOOD_PRECISION:
            break
        chosen = threshold
    return chosen


def choose_worth(pairs, needs, scores, good: float) -> float:
    ranking_hits = judge(pairs, needs, scores, good, 0.0).hit
    chosen = 0.0
    for threshold in WORTH_GRID:
        if judge(pairs, needs, scores, good, threshold).hit >= ranking_hits * (1 - WORTH_LOSS):
            chosen = threshold
    return chosen


def baseline_settings(coalitions, good_count: int) -> tuple[baseline.BaselineTuning, list[tuple[float, float]]]:
    """The bonus with the baseline's best top-3 on dev, and the score above which it makes
    `good_count` suggestions (its first three per need) on dev."""
    grid = []
    for bonus in BONUS_GRID:
        report = Report()
        for coalition in coalitions:
            report.add(evaluate_baseline(coalition, baseline.BaselineTuning(bonus, float("inf"))))
        grid.append((bonus, report.ranking_top3))
    bonus = max(grid, key=lambda g: (g[1], -g[0]))[0]
    scores = sorted((r.score for c in coalitions for found in baseline.rank_hub(c.hub, bonus, TOP).values()
                     for r in found), reverse=True)
    good = round(scores[good_count - 1], 3) if 0 < good_count <= len(scores) else float("inf")
    return baseline.BaselineTuning(bonus, good), grid


def figures(report: Report) -> dict:
    return {key: value for key, value in report.figures().items()}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="do not write: exit 1 if weights.json differs from a fresh fit")
    args = parser.parse_args(argv)
    coalitions = load_part("dev")
    pairs, needs = collect(coalitions)
    x = np.array([p.features for p in pairs], dtype=float)
    y = np.array([1.0 if p.right else 0.0 for p in pairs])
    weights = fit(x, y)
    folds = scored_by_fold(pairs, x, y)

    def precision_at(threshold):
        report = judge(pairs, needs, folds, threshold, 0.0)
        return report.good_precision, report.good

    good = choose_good(precision_at, GRID)
    worth = choose_worth(pairs, needs, folds, good)
    cross_validated = judge(pairs, needs, folds, good, worth)
    base, bonus_grid = baseline_settings(coalitions, cross_validated.good)
    base_report = Report()
    for coalition in coalitions:
        base_report.add(evaluate_baseline(coalition, base))
    fitted = tuning_of(weights, good, worth)
    in_sample = Report()
    for coalition in coalitions:
        in_sample.add(evaluate_matcher(coalition, fitted))
    provenance = {
        "fitted_on": dt.date.today().isoformat(),
        "script": "bench/fit_matching.py",
        "corpus": CORPUS.relative_to(ROOT).as_posix(),
        "part": "dev",
        "coalitions": [c.name for c in coalitions],
        "members": sum(len(c.hub.members) for c in coalitions),
        "needs": len(needs),
        "meetable": sum(1 for n in needs if n.label.suggest),
        "pairs": len(pairs),
        "right_pairs": int(y.sum()),
        "model": f"logistic regression, L2 penalty {L2} on the weights, Newton's method",
        "tiers": f"Good match: lowest score with dev precision >= {GOOD_PRECISION} (out-of-fold, >= {MIN_SUPPORT} "
                 f"suggestions); Worth a look: highest score losing at most {WORTH_LOSS:.0%} of the ranking's hits",
        "dev_out_of_fold": figures(cross_validated),
        "dev_in_sample": figures(in_sample),
        "baseline_dev": figures(base_report),
        "baseline_bonus_grid": {f"{bonus:g}": round(top3, 3) for bonus, top3 in bonus_grid},
    }
    document = tuning_of(weights, good, worth, provenance).as_document()
    document["baseline"] = {"category_bonus": base.category_bonus, "good_match": base.good_match}
    text = json.dumps(document, indent=1, ensure_ascii=False) + "\n"
    for name, weight in zip(FEATURE_NAMES, weights):
        print(f"{name:>26} {weight:+.3f}")
    print(f"{'bias':>26} {weights[-1]:+.3f}")
    print(f"Good match >= {good}, Worth a look >= {worth}; baseline bonus {base.category_bonus}, "
          f"Good match >= {base.good_match}")
    for title, report in (("dev, out of fold", cross_validated), ("dev, in sample", in_sample),
                          ("baseline, dev", base_report)):
        print(f"{title:<18} top-3 {report.top3:.1%} (ranking {report.ranking_top3:.1%}), silence {report.silence:.1%}, "
              f"Good match {report.good_right}/{report.good} = {report.good_precision:.1%}, "
              f"Worth a look {report.worth_right}/{report.worth} = {report.worth_precision:.1%}")
    if args.check:
        current = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
        fresh = json.loads(text)
        for data in (current, fresh):
            data["provenance"].pop("fitted_on", None)
        if current != fresh:
            print(f"{WEIGHTS_FILE.relative_to(ROOT)} differs from a fresh fit: run bench/fit_matching.py")
            return 1
        print(f"{WEIGHTS_FILE.relative_to(ROOT)} matches a fresh fit")
        return 0
    WEIGHTS_FILE.write_text(text, encoding="utf-8")
    print(f"wrote {WEIGHTS_FILE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
