"""Measure the matcher against a coordinator's labels (tests/fixtures/matching/).

    python tests/matching_evaluation.py          # the figures
    python tests/matching_evaluation.py -v       # and the needs it gets wrong
    python tests/matching_evaluation.py -vv      # and every need's top 3 with reasons

Figures (docs/matching.md explains them):

* top-3: share of meetable needs with a right offer among the first three of the matcher's
  ranking (the issue's measure of ranking quality: the ranking without a threshold);
* shown: share of meetable needs with a right offer among the suggestions a visitor sees (at
  most three, at or above the threshold) - stricter, as it also needs the score to be high;
* silence: share of unmeetable needs with no suggestion at or above the threshold;
* precision: share of shown suggestions for meetable needs that the coordinator listed.

`test_matching_eval.py` runs the same and asserts the targets.
"""
from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from hub.core.settings import HubSettings
from hub.matching.matcher import Matcher, Matching, match_hub
from hub.tree import load_tree

ROOT = Path(__file__).resolve().parent.parent

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "matching"
TOP = 3


@dataclass(frozen=True)
class Label:
    member: str
    need: str
    suggest: tuple[tuple[str, str], ...]  # (member slug, offer title)
    why: str


@dataclass
class Report:
    meetable: int = 0
    ranked: int = 0  # right offer in the first three of the ranking
    shown: int = 0  # right offer among the suggestions shown
    first: int = 0  # right offer shown first
    unmeetable: int = 0
    silent: int = 0
    suggested: int = 0  # suggestions shown for meetable needs
    right_suggested: int = 0  # of which labelled right
    misses: list = field(default_factory=list)
    noise: list = field(default_factory=list)

    @staticmethod
    def _share(part: int, whole: int) -> float:
        return part / whole if whole else 0.0

    @property
    def top3(self) -> float:
        return self._share(self.ranked, self.meetable)

    @property
    def shown_top3(self) -> float:
        return self._share(self.shown, self.meetable)

    @property
    def top1(self) -> float:
        return self._share(self.first, self.meetable)

    @property
    def silence(self) -> float:
        return self._share(self.silent, self.unmeetable)

    @property
    def precision(self) -> float:
        return self._share(self.right_suggested, self.suggested)

    def summary(self) -> str:
        return (f"top-3:     {self.ranked}/{self.meetable} = {self.top3:.1%} of meetable needs have a right offer "
                f"in the first three of the ranking\n"
                f"shown:     {self.shown}/{self.meetable} = {self.shown_top3:.1%} have one among the suggestions "
                f"shown (at or above the threshold); first: {self.top1:.1%}\n"
                f"silence:   {self.silent}/{self.unmeetable} = {self.silence:.1%} of unmeetable needs get no "
                f"suggestion at or above the threshold\n"
                f"precision: {self.right_suggested}/{self.suggested} = {self.precision:.1%} of suggestions shown "
                f"for meetable needs are ones the coordinator listed")


def load_labels(path: Path = FIXTURE / "labels.yaml") -> list[Label]:
    labels = []
    for entry in yaml.safe_load(path.read_text(encoding="utf-8")):
        suggest = []
        for offer in entry["suggest"] or ():
            ((slug, title),) = offer.items()
            suggest.append((slug, title))
        labels.append(Label(entry["member"], entry["need"], tuple(suggest), entry.get("why", "")))
    return labels


def load_fixture_hub():
    settings = HubSettings(root=FIXTURE, timezone="Europe/London", now=dt.datetime.now(dt.timezone.utc),
                           categories_file=str(ROOT / "categories.yaml"))
    return load_tree(settings)


def ranking(hub) -> Matching:
    """The matcher's ranking without a threshold: its first three offers for every need."""
    return Matcher(hub, threshold=0.0, limit=TOP).match()


def evaluate(hub, labels: list[Label], matching: Matching, ranked: Matching | None = None) -> Report:
    """Compare `matching` (what visitors see) and `ranked` (the ranking without a threshold,
    computed when not given) with the labels."""
    ranked = ranked or ranking(hub)
    needs = {(m.slug, item.title): item for m in hub.members for item in m.needs}
    report = Report()
    for label in labels:
        need = needs[(label.member, label.need)]
        shown = [(m.offer.member_slug, m.offer.title) for m in matching.for_need(need)]
        first_three = [(m.offer.member_slug, m.offer.title) for m in ranked.for_need(need)][:TOP]
        if label.suggest:
            right = set(label.suggest)
            report.meetable += 1
            report.ranked += bool(right & set(first_three))
            report.shown += bool(right & set(shown[:TOP]))
            report.first += bool(shown) and shown[0] in right
            if not right & set(shown[:TOP]):
                report.misses.append((label, shown[:TOP], first_three))
            report.suggested += len(shown)
            report.right_suggested += len(right & set(shown))
        else:
            report.unmeetable += 1
            if shown:
                report.noise.append((label, shown, first_three))
            else:
                report.silent += 1
    return report


def main(argv: list[str]) -> int:
    hub, problems = load_fixture_hub()
    if problems:
        for problem in problems:
            print(problem)
        return 1
    labels = load_labels()
    matching = match_hub(hub)
    report = evaluate(hub, labels, matching)
    print(f"{len(hub.members)} members, {len(labels)} labelled needs ({report.meetable} meetable, "
          f"{report.unmeetable} unmeetable), threshold {matching.threshold}")
    print(report.summary())
    if "-v" in argv or "-vv" in argv:
        for label, shown, first_three in report.misses:
            print(f"\nNOT SHOWN {label.member}: {label.need}\n  want:   {label.suggest}\n  shown:  {shown}"
                  f"\n  ranked: {first_three}")
        for label, shown, _ in report.noise:
            print(f"\nNOT SILENT {label.member}: {label.need}\n  shown: {shown}")
    if "-vv" in argv:
        needs = {(m.slug, i.title): i for m in hub.members for i in m.needs}
        for label in labels:
            print(f"\n{label.member}: {label.need}")
            for m in matching.for_need(needs[(label.member, label.need)]):
                print(f"  {m.score:.3f} {m.offer.member_slug}: {m.offer.title}")
                for reason in m.reasons:
                    print(f"        - {reason}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
