"""Matching quality against a coordinator's labels (tests/fixtures/matching/). Prints the figures;
`python tests/matching_evaluation.py -v` shows the needs behind them. docs/matching.md records them."""
from __future__ import annotations

from conftest import ROOT
from hub.matching.matcher import THRESHOLD, match_hub
from matching_evaluation import FIXTURE, evaluate, load_fixture_hub, load_labels, ranking

HUB, PROBLEMS = load_fixture_hub()
LABELS = load_labels()


def test_the_evaluation_hub_is_a_valid_coalition_of_realistic_size():
    assert PROBLEMS == [], [str(p) for p in PROBLEMS]
    assert (FIXTURE / "members").is_dir() and (ROOT / "categories.yaml").is_file()
    assert len(HUB.members) >= 40
    assert sum(len(m.needs) for m in HUB.members) >= 60
    assert len({a.name for m in HUB.members for a in m.areas}) >= 6, "several areas, some far apart"


def test_every_need_is_labelled_once_with_offers_that_exist():
    needs = [(m.slug, n.title) for m in HUB.members for n in m.needs]
    offers = {(m.slug, o.title) for m in HUB.members for o in m.offers}
    labelled = [(label.member, label.need) for label in LABELS]
    assert sorted(labelled) == sorted(needs)
    for label in LABELS:
        assert set(label.suggest) <= offers, label
        assert all(slug != label.member for slug, _ in label.suggest), "a member cannot meet its own need"
        assert label.why, label
    unmeetable = [label for label in LABELS if not label.suggest]
    assert len(unmeetable) >= 10, "needs no offer meets must be measured too"


def test_matching_makes_the_introductions_a_coordinator_would(capsys):
    matching = match_hub(HUB)
    report = evaluate(HUB, LABELS, matching, ranking(HUB))
    with capsys.disabled():
        print(f"\nMatching evaluation ({len(HUB.members)} members, {report.meetable} meetable and "
              f"{report.unmeetable} unmeetable needs, threshold {THRESHOLD}):\n{report.summary()}")
    assert report.top3 >= 0.90, report.summary()  # the targets
    assert report.silence >= 0.80, report.summary()
    # Regression floors, below today's figures (docs/matching.md): what visitors see.
    assert report.shown_top3 >= 0.75, report.summary()
    assert report.precision >= 0.50, report.summary()
