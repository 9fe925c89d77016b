"""Measure the matcher, and the plain baseline in the same run, against coordinators' labels.

    python tests/matching_evaluation.py --part dev         # the figures on the dev part
    python tests/matching_evaluation.py --part dev -v      # and the needs behind them
    python tests/matching_evaluation.py --part test        # the figures the README reports
    python tests/matching_evaluation.py --part test --write-docs   # ... written into README.md and docs/

Parts: `dev` and `test` of tests/fixtures/matching-corpus/ (split by coalition; `test` is
never read while tuning), and `old`, the earlier set written alongside the first matcher.

Figures (docs/matching.md explains them), for the matcher and for the baseline:

* top-3: meetable needs with a right offer among the suggestions shown (either tier, at most 3);
* ranking top-3: the same for the first three of the ranking, whatever their tier;
* silence: unmeetable needs with no "Good match";
* Good match precision: "Good match" suggestions the coordinator listed (over every need);
* Worth a look precision: the same for "Worth a look".

The baseline (hub/matching/baseline.py) shows its first three offers; those scoring at least
its dev-chosen threshold count as its "Good match".
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from matching_corpus import PARTS, Coalition, Label, load_part

from hub.matching import baseline
from hub.matching.matcher import Matcher
from hub.matching.tuning import GOOD, WORTH, Tuning, default_tuning

TOP = 3
ROOT_DIR = Path(__file__).resolve().parent.parent


@dataclass
class Report:
    """One system's figures on some labelled needs."""

    needs: int = 0
    meetable: int = 0
    unmeetable: int = 0
    hit: int = 0  # meetable needs with a right offer among those shown (either tier)
    ranked: int = 0  # meetable needs with a right offer in the first three of the ranking
    good_hit: int = 0  # meetable needs with a right "Good match"
    silent: int = 0  # unmeetable needs with no "Good match"
    good: int = 0  # "Good match" suggestions
    good_right: int = 0
    worth: int = 0  # "Worth a look" suggestions
    worth_right: int = 0
    empty: int = 0  # needs with no suggestion in either tier (listed under gaps)
    empty_unmeetable: int = 0
    misses: list = field(default_factory=list, repr=False)
    noise: list = field(default_factory=list, repr=False)

    @staticmethod
    def share(part: int, whole: int) -> float:
        return part / whole if whole else 0.0

    @property
    def top3(self) -> float:
        return self.share(self.hit, self.meetable)

    @property
    def ranking_top3(self) -> float:
        return self.share(self.ranked, self.meetable)

    @property
    def silence(self) -> float:
        return self.share(self.silent, self.unmeetable)

    @property
    def good_precision(self) -> float:
        return self.share(self.good_right, self.good)

    @property
    def worth_precision(self) -> float:
        return self.share(self.worth_right, self.worth)

    def judge(self, label: Label, shown: list[tuple[str, str, str]], ranked: list[tuple[str, str]]) -> None:
        """Add one need: `shown` is [(member, offer title, tier)] as visitors see them, `ranked`
        the first offers of the ranking."""
        right = set(label.suggest)
        shown = shown[:TOP]
        good = [(slug, title) for slug, title, tier in shown if tier == GOOD]
        worth = [(slug, title) for slug, title, tier in shown if tier == WORTH]
        self.needs += 1
        self.good += len(good)
        self.good_right += len(right & set(good))
        self.worth += len(worth)
        self.worth_right += len(right & set(worth))
        if not shown:
            self.empty += 1
            self.empty_unmeetable += not right
        if right:
            self.meetable += 1
            found = bool(right & {(slug, title) for slug, title, _ in shown})
            self.hit += found
            self.ranked += bool(right & set(ranked[:TOP]))
            self.good_hit += bool(right & set(good))
            if not found:
                self.misses.append((label, shown, ranked[:TOP]))
        else:
            self.unmeetable += 1
            self.silent += not good
            if good:
                self.noise.append((label, shown, ranked[:TOP]))

    def add(self, other: Report) -> None:
        for name in ("needs", "meetable", "unmeetable", "hit", "ranked", "good_hit", "silent", "good", "good_right",
                     "worth", "worth_right", "empty", "empty_unmeetable"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.misses.extend(other.misses)
        self.noise.extend(other.noise)

    def figures(self) -> dict:
        """The figures the README and docs/matching.md report, rounded as they print them."""
        return {"top3": round(self.top3, 3), "ranking_top3": round(self.ranking_top3, 3),
                "silence": round(self.silence, 3), "good_precision": round(self.good_precision, 3),
                "worth_precision": round(self.worth_precision, 3), "meetable": self.meetable,
                "unmeetable": self.unmeetable, "hit": self.hit, "silent": self.silent, "good": self.good,
                "good_right": self.good_right, "worth": self.worth, "worth_right": self.worth_right,
                "empty": self.empty}


def _needs(coalition: Coalition) -> dict:
    return {(m.slug, item.title): item for m in coalition.hub.members for item in m.needs}


def evaluate_matcher(coalition: Coalition, tuning: Tuning | None = None) -> Report:
    matcher = Matcher(coalition.hub, tuning)
    readings = {(n.member, n.item.title): n for n in matcher.needs}
    report = Report()
    for label in coalition.labels:
        need = readings[(label.member, label.need)]
        ranking = matcher.ranking(need)
        shown = [r for r in ranking if r[0].tier is not None][:matcher.tuning.max_per_need]
        offers = matcher.offers
        report.judge(label, [(offers[n].member, offers[n].item.title, a.tier) for a, n in shown],
                     [(offers[n].member, offers[n].item.title) for _, n in ranking[:TOP]])
    return report


def evaluate_baseline(coalition: Coalition, settings: baseline.BaselineTuning | None = None) -> Report:
    settings = settings or baseline.default_settings()
    ranked = baseline.rank_hub(coalition.hub, settings.category_bonus, TOP)
    needs = _needs(coalition)
    report = Report()
    for label in coalition.labels:
        need = needs[(label.member, label.need)]
        found = ranked[(need.member_slug, need.index)]
        report.judge(label, [(r.offer.member_slug, r.offer.title, GOOD if r.score >= settings.good_match else WORTH)
                             for r in found],
                     [(r.offer.member_slug, r.offer.title) for r in found])
    return report


@dataclass
class PartReport:
    part: str
    coalitions: tuple[str, ...]
    members: int
    matcher: Report
    baseline: Report

    def ratios(self) -> dict:
        """Each matcher figure divided by the baseline's."""
        mine, theirs = self.matcher, self.baseline
        return {name: (getattr(mine, name) / getattr(theirs, name) if getattr(theirs, name) else float("inf"))
                for name in ("top3", "ranking_top3", "silence", "good_precision")}

    def table(self) -> str:
        mine, theirs = self.matcher, self.baseline
        ratios = self.ratios()
        rows = [
            ("top-3: meetable needs with a right offer shown (either tier)", mine.hit, theirs.hit, mine.meetable,
             "top3"),
            ("ranking top-3: a right offer in the first three, whatever the tier", mine.ranked, theirs.ranked,
             mine.meetable, "ranking_top3"),
            ("silence: unmeetable needs with no Good match", mine.silent, theirs.silent, mine.unmeetable, "silence"),
        ]
        lines = [f"{self.part}: {', '.join(self.coalitions)}; {self.members} members, {mine.needs} labelled needs "
                 f"({mine.meetable} meetable, {mine.unmeetable} unmeetable)",
                 f"{'measure':<70} {'matcher':>16} {'baseline':>16} {'ratio':>6}"]
        for text, a, b, whole, key in rows:
            lines.append(f"{text:<70} {a:>4}/{whole:<4} {a / whole if whole else 0:>6.1%} "
                         f"{b:>4}/{whole:<4} {b / whole if whole else 0:>6.1%} {ratios[key]:>6.2f}")
        lines.append(f"{'Good match precision':<70} {mine.good_right:>4}/{mine.good:<4} {mine.good_precision:>6.1%} "
                     f"{theirs.good_right:>4}/{theirs.good:<4} {theirs.good_precision:>6.1%} "
                     f"{ratios['good_precision']:>6.2f}")
        lines.append(f"{'Worth a look precision':<70} {mine.worth_right:>4}/{mine.worth:<4} "
                     f"{mine.worth_precision:>6.1%} {theirs.worth_right:>4}/{theirs.worth:<4} "
                     f"{theirs.worth_precision:>6.1%}")
        lines.append(f"{'needs with no suggestion (listed under gaps)':<70} {mine.empty:>4}/{mine.needs:<4} "
                     f"{mine.share(mine.empty, mine.needs):>6.1%}   (of them unmeetable: {mine.empty_unmeetable})")
        return "\n".join(lines)


TARGETS = {"top3": 0.90, "silence": 0.85, "good_precision": 0.80}  # issue 12, on the test part
MARKER = "matching-test-figures"  # the generated table's markers in README.md and docs/matching.md


def _cell(part: int, whole: int) -> str:
    return f"{part / whole:.1%} ({part}/{whole})" if whole else "n/a"


def markdown_table(report: PartReport) -> str:
    """The figures of a part as the README and docs/matching.md show them (generated, and
    checked by tests/test_matching_eval.py, so they cannot drift from what the code computes)."""
    mine, theirs, ratios = report.matcher, report.baseline, report.ratios()
    rows = [
        ("top-3: meetable needs with a right offer among those shown (either tier)", mine.hit, theirs.hit,
         mine.meetable, f"{ratios['top3']:.2f}", "≥ 90%"),
        ("silence: unmeetable needs with no Good match", mine.silent, theirs.silent, mine.unmeetable,
         f"{ratios['silence']:.2f}", "≥ 85%"),
        ("Good match precision: Good matches the coordinator listed", mine.good_right, theirs.good_right,
         None, f"{ratios['good_precision']:.2f}", "≥ 80%"),
        ("Worth a look precision", mine.worth_right, theirs.worth_right, None, "", ""),
        ("ranking top-3: a right offer in the first three, whatever the tier", mine.ranked, theirs.ranked,
         mine.meetable, f"{ratios['ranking_top3']:.2f}", ""),
    ]
    wholes = {"Good match precision: Good matches the coordinator listed": (mine.good, theirs.good),
              "Worth a look precision": (mine.worth, theirs.worth)}
    lines = [f"The {report.part} part: {len(report.coalitions)} coalitions ({', '.join(report.coalitions)}), "
             f"{report.members} members, {mine.needs} labelled needs ({mine.meetable} meetable, "
             f"{mine.unmeetable} unmeetable).",
             "",
             "| measure | matcher | baseline | matcher ÷ baseline | target |",
             "| --- | --- | --- | --- | --- |"]
    for text, a, b, whole, ratio, target in rows:
        mine_whole, their_whole = wholes.get(text, (whole, whole))
        lines.append(f"| {text} | **{_cell(a, mine_whole)}** | {_cell(b, their_whole)} | {ratio} | {target} |")
    return "\n".join(lines) + "\n"


def render(text: str, table: str) -> str:
    """`text` with the table between its <!-- begin matching-test-figures --> markers replaced."""
    begin, end = f"<!-- begin {MARKER} -->\n", f"<!-- end {MARKER} -->"
    start, stop = text.index(begin) + len(begin), text.index(end)
    return text[:start] + table + text[stop:]


DOCUMENTS = (ROOT_DIR / "README.md", ROOT_DIR / "docs" / "matching.md")


def evaluate_part(part: str, tuning: Tuning | None = None) -> PartReport:
    coalitions = load_part(part)
    for coalition in coalitions:
        if coalition.problems:
            raise SystemExit("\n".join(str(p) for p in coalition.problems))
    mine, theirs = Report(), Report()
    for coalition in coalitions:
        mine.add(evaluate_matcher(coalition, tuning or default_tuning()))
        theirs.add(evaluate_baseline(coalition))
    return PartReport(part, tuple(c.name for c in coalitions), sum(len(c.hub.members) for c in coalitions),
                      mine, theirs)


def main(argv: list[str]) -> int:
    part = "dev"
    if "--part" in argv:
        part = argv[argv.index("--part") + 1]
    if part not in PARTS:
        print(f"unknown part {part!r}; choose one of {', '.join(PARTS)}")
        return 2
    report = evaluate_part(part)
    print(report.table())
    if "--write-docs" in argv:
        if part != "test":
            print("--write-docs writes the test part's figures; run it with --part test")
            return 2
        for path in DOCUMENTS:
            text = path.read_text(encoding="utf-8")
            new = render(text, markdown_table(report))
            if new != text:
                path.write_text(new, encoding="utf-8")
                print(f"updated {path.relative_to(ROOT_DIR)}")
    if "-v" in argv and part != "test":  # the test part's needs are never read while tuning
        for label, shown, ranked in report.matcher.misses:
            print(f"\nMISSED {label.member}: {label.need}\n  want:   {list(label.suggest)}\n  shown:  {shown}"
                  f"\n  ranked: {ranked}")
        for label, shown, _ in report.matcher.noise:
            print(f"\nGOOD MATCH ON AN UNMEETABLE NEED {label.member}: {label.need}\n  shown: {shown}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
