"""Matching quality on the labelled corpus (tests/fixtures/matching-corpus/): the corpus is what
the issue asks for, the weights were fitted on its dev part only, and the figures the README and
docs/matching.md report for its test part are the ones computed here, with the baseline in the
same run. `python tests/matching_evaluation.py --part dev -v` shows the needs behind the figures."""
from __future__ import annotations

import json
import subprocess
import sys

from matching_corpus import CORPUS, load_part, split
from matching_evaluation import DOCUMENTS, MARKER, TARGETS, evaluate_part, markdown_table, render

from conftest import ROOT
from hub.matching.features import FEATURE_NAMES
from hub.matching.tuning import WEIGHTS_FILE, default_tuning

DEV, TEST = load_part("dev"), load_part("test")
REPORT = evaluate_part("test")


def test_the_corpus_is_large_varied_and_valid():
    coalitions = DEV + TEST
    assert all(c.problems == () for c in coalitions), [str(p) for c in coalitions for p in c.problems]
    needs = sum(len(c.labels) for c in coalitions)
    members = sum(len(c.hub.members) for c in coalitions)
    places = {a.slug for c in coalitions for m in c.hub.members for a in m.areas} - {"online", "uk-wide"}
    assert needs >= 300 and members >= 120 and len(places) >= 8, (needs, members, len(places))
    assert {c.name[:2] for c in DEV} == {c.name[:2] for c in TEST} == {"a-", "b-"}, "both writers in each part"


def test_every_need_is_labelled_once_with_offers_that_exist():
    for coalition in DEV + TEST:
        hub = coalition.hub
        needs = [(m.slug, n.title) for m in hub.members for n in m.needs]
        offers = {(m.slug, o.title) for m in hub.members for o in m.offers}
        assert sorted((label.member, label.need) for label in coalition.labels) == sorted(needs), coalition.name
        for label in coalition.labels:
            assert set(label.suggest) <= offers, (coalition.name, label)
            assert all(slug != label.member for slug, _ in label.suggest)
        assert sum(not label.suggest for label in coalition.labels) >= 10, "unmeetable needs are measured too"


def test_the_parts_are_split_by_coalition_and_never_overlap():
    parts = split()
    assert set(parts["dev"]).isdisjoint(parts["test"])
    assert sorted(parts["dev"] + parts["test"]) == sorted(p.name for p in CORPUS.iterdir() if p.is_dir())
    dev_files = {p.resolve() for c in DEV for p in (c.folder / "members").iterdir()}
    assert dev_files.isdisjoint({p.resolve() for c in TEST for p in (c.folder / "members").iterdir()})


def test_the_weights_were_fitted_on_the_dev_part_and_say_so():
    tuning = default_tuning()
    document = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    assert list(document["features"]) == list(FEATURE_NAMES)
    provenance = tuning.provenance
    assert provenance["part"] == "dev" and provenance["coalitions"] == split()["dev"]
    assert provenance["script"] == "bench/fit_matching.py"
    assert provenance["needs"] == sum(len(c.labels) for c in DEV)
    assert 0 < tuning.worth_a_look < tuning.good_match < 1


def test_the_committed_weights_are_what_the_fit_gives():
    """Refit on dev (deterministic: Newton's method, no sampling) and compare with weights.json."""
    result = subprocess.run([sys.executable, str(ROOT / "bench" / "fit_matching.py"), "--check"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "matches a fresh fit" in result.stdout


def test_the_figures_in_the_readme_and_docs_are_the_ones_computed_on_the_test_part():
    table = markdown_table(REPORT)
    print(f"\n{REPORT.table()}")
    for path in DOCUMENTS:
        text = path.read_text(encoding="utf-8")
        assert f"<!-- begin {MARKER} -->" in text, path
        assert render(text, table) == text, (f"{path.relative_to(ROOT)} is out of date: run "
                                            "python tests/matching_evaluation.py --part test --write-docs")


def test_the_matcher_meets_the_issues_targets_on_the_test_part():
    mine = REPORT.matcher
    assert mine.top3 >= TARGETS["top3"], REPORT.table()
    assert mine.silence >= TARGETS["silence"], REPORT.table()
    assert mine.good_precision >= TARGETS["good_precision"], REPORT.table()


def test_the_matcher_beats_the_baseline_on_the_test_part():
    """Above the baseline on top-3, ranking and silence, and more right Good matches. Good match
    precision is level with the baseline's (88.9% against 89.7%, one pair apart: README and
    docs/matching.md say so): this asserts what was measured, not the issue's wish."""
    mine, theirs = REPORT.matcher, REPORT.baseline
    assert mine.top3 > theirs.top3, REPORT.table()
    assert mine.ranking_top3 > theirs.ranking_top3, REPORT.table()
    assert mine.silence > theirs.silence, REPORT.table()
    assert mine.good_right > theirs.good_right, REPORT.table()
    assert mine.good_precision >= theirs.good_precision - 0.01, REPORT.table()
