"""Measure the matcher against a coordinator's labels (tests/fixtures/matching/).

    python tests/matching_evaluation.py          # figures
    python tests/matching_evaluation.py -v       # and every need with its top 3

`test_matching_eval.py` runs the same and asserts the targets.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

import yaml  # noqa: E402

from hub.loader import load_hub  # noqa: E402
from hub.matching import Matching, match_hub  # noqa: E402

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
    hits: int = 0
    first: int = 0  # right offer ranked first
    unmeetable: int = 0
    silent: int = 0
    suggested: int = 0  # suggestions made for meetable needs
    right_suggested: int = 0  # of which labelled right
    misses: list = field(default_factory=list)
    noise: list = field(default_factory=list)

    @property
    def top3(self) -> float:
        return self.hits / self.meetable if self.meetable else 0.0

    @property
    def top1(self) -> float:
        return self.first / self.meetable if self.meetable else 0.0

    @property
    def silence(self) -> float:
        return self.silent / self.unmeetable if self.unmeetable else 0.0

    @property
    def precision(self) -> float:
        return self.right_suggested / self.suggested if self.suggested else 0.0

    def summary(self) -> str:
        return (f"top-3: {self.hits}/{self.meetable} = {self.top3:.1%} of meetable needs have a right "
                f"offer in their top 3 (top-1: {self.top1:.1%})\n"
                f"silence: {self.silent}/{self.unmeetable} = {self.silence:.1%} of unmeetable needs "
                f"get no suggestion at or above the threshold\n"
                f"precision: {self.right_suggested}/{self.suggested} = {self.precision:.1%} of "
                f"suggestions for meetable needs are ones the coordinator listed")


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
    hub, problems = load_hub(FIXTURE / "members", ROOT / "categories.yaml", root=ROOT)
    return hub, problems


def evaluate(hub, labels: list[Label], matching: Matching) -> Report:
    needs = {(m.slug, item.title): item for m in hub.members for item in m.needs}
    report = Report()
    for label in labels:
        need = needs[(label.member, label.need)]
        ranked = [(m.offer.member_slug, m.offer.title) for m in matching.for_need(need)]
        if label.suggest:
            report.meetable += 1
            right = set(label.suggest)
            if right & set(ranked[:TOP]):
                report.hits += 1
            else:
                report.misses.append((label, ranked[:TOP]))
            if ranked and ranked[0] in right:
                report.first += 1
            report.suggested += len(ranked)
            report.right_suggested += len(right & set(ranked))
        else:
            report.unmeetable += 1
            if not ranked:
                report.silent += 1
            else:
                report.noise.append((label, ranked))
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
    print(f"{len(hub.members)} members, {len(labels)} labelled needs "
          f"({report.meetable} meetable, {report.unmeetable} unmeetable), threshold {matching.threshold}")
    print(report.summary())
    if "-v" in argv:
        for label, ranked in report.misses:
            print(f"\nMISS {label.member}: {label.need}\n  want: {label.suggest}\n  got:  {ranked}")
        for label, ranked in report.noise:
            print(f"\nNOISE {label.member}: {label.need}\n  got:  {ranked}")
        if "-vv" in argv:
            needs = {(m.slug, i.title): i for m in hub.members for i in m.needs}
            for label in labels:
                print(f"\n{label.member}: {label.need}")
                for m in matching.for_need(needs[(label.member, label.need)])[:TOP]:
                    print(f"  {m.score:.3f} {m.offer.member_slug}: {m.offer.title}")
                    for reason in m.reasons:
                        print(f"        - {reason}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
