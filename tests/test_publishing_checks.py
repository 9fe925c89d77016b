"""Posts and reports are checked like profiles: every mistake in a header, a series, a figures file
or a link is `path:line: field: message`, all at once, the same from `invoke validate` and from the
build, which then builds nothing (tests/fixtures/broken-posts/expected-problems.txt)."""
from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, copy_of_repository, hub_settings, load_hub, run_pelican
from hub.core.fields import Checker
from hub.core.yamlio import Document
from hub.publishing.frontmatter import parse_header
from hub.publishing.load import load_posts
from hub.publishing.periods import Period
from hub.publishing.schema import WrittenDate

BROKEN = Path(__file__).resolve().parent / "fixtures" / "broken-posts"
EXPECTED = (BROKEN / "expected-problems.txt").read_text(encoding="utf-8")


def validate(root: Path):
    return subprocess.run([sys.executable, "-m", "hub.core.validate", str(root)], capture_output=True, text=True,
                          env={"PYTHONPATH": str(ROOT / "plugins"), "PATH": "/usr/bin:/bin"})


def test_every_mistake_in_posts_series_figures_and_keys_is_reported_at_once():
    result = validate(BROKEN)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == EXPECTED
    assert "Traceback" not in result.stderr


def test_the_build_reports_the_same_problems_and_builds_nothing(tmp_path):
    result = run_pelican(BROKEN, tmp_path / "out")
    assert result.returncode == 1
    expected = EXPECTED.splitlines()
    assert result.stderr.splitlines() == [*expected[:-1], expected[-1].replace("found.", "found; nothing was built.")]
    assert not (tmp_path / "out" / "index.html").exists()


def test_a_typo_in_a_header_names_its_line_in_the_example_hub(tmp_path):
    """The issue's own examples: `Category: Report` and `Date: 15/01/2027` in a real post."""
    tree = tmp_path / "hub"
    copy_of_repository(tree, "data")
    post = tree / "content" / "learning" / "lessons-from-listening-in-ball-hill.md"
    post.write_text(post.read_text(encoding="utf-8").replace("Category: Learning", "Category: Report")
                    .replace("Date: 2022-08-05", "Date: 15/01/2027"), encoding="utf-8")
    result = validate(tree)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "content/learning/lessons-from-listening-in-ball-hill.md:2: Date: '15/01/2027' is not a date in the form "
        "YYYY-MM-DD; if you mean 15 January 2027, write 2027-01-15",
        "content/learning/lessons-from-listening-in-ball-hill.md:3: Category: 'Report' is not allowed (did you mean "
        "\"Reports\"?); use one of: Learning, Reports",
        "2 problem(s) found."]


def test_the_example_posts_are_read_with_their_series_keys_and_periods():
    hub, problems = load_hub(ROOT)
    assert problems == []
    publishing = hub.publishing
    parts = publishing.parts("seven-keys")
    assert [post.order for post in parts] == list(range(8))
    assert [post.key for post in parts[1:]] == ["space", "activity", "small-things", "together-organisations",
                                                "together-community", "time", "barriers"]
    report = publishing.report_for(Period(2022, 2))
    assert report.source == "content/reports/quarterly-report-2022-q2.md" and report.category == "Reports"
    assert hub.by_slug["tile-hill-lunch-club"].keys  # members name keys the series declares


def test_a_header_is_read_as_pelicans_markdown_reader_reads_it():
    header, problems = parse_header("---\nTitle: A post\nsummary: First line\n    second line\nDate: 2026-01-02\n"
                                    "\nBody text\n", "content/learning/x.md")
    assert problems == []
    assert header.values == {"Title": ["A post"], "summary": ["First line", "second line"], "Date": ["2026-01-02"]}
    assert header.lines == {"Title": 2, "summary": 3, "Date": 5}
    assert header.body == "Body text\n" and header.body_line == 7


def test_a_value_on_two_lines_is_refused_except_the_summary(hub_tree):
    (hub_tree / "content" / "learning").mkdir(parents=True)
    (hub_tree / "content" / "learning" / "long.md").write_text(
        "Title: A title that goes on\n    to a second line\nDate: 2026-01-02\nCategory: Learning\n"
        "Summary: A summary that goes on\n    to a second line is fine\n\nText\n", encoding="utf-8")
    publishing, problems = load_posts(hub_settings(hub_tree))
    assert [str(p) for p in problems] == ["content/learning/long.md:1: Title: must fit on one line; join the "
                                          "indented line below it to it"]


@pytest.mark.parametrize("written, expected", [
    ("2027-01-15", dt.date(2027, 1, 15)),
    ("2027-01-15 09:30", dt.datetime(2027, 1, 15, 9, 30)),
    ("2027-02-30", "'2027-02-30' is not a real date or time; check the day, month and hour"),
    ("01/02/2027", "'01/02/2027' is not a date in the form YYYY-MM-DD; if you mean 1 February 2027, write 2027-02-01"),
    ("January 2027", "'January 2027' is not a date in the form YYYY-MM-DD; write it as YYYY-MM-DD, e.g. 2027-01-15"),
    ("1066-10-14", "1066-10-14 is outside the years the hub can show; use a year from 1990 to 2200"),
])
def test_dates_have_one_written_form(written, expected):
    checker = Checker(Document("x.md", lines={("Date",): 2}))
    result = WrittenDate().check(written, ("Date",), checker)
    if isinstance(expected, str):
        assert [p.message for p in checker.problems] == [expected]
    else:
        assert result == expected and checker.problems == []


def test_a_quarter_knows_its_days_and_neighbours():
    period = Period.parse(" 2026-q3 ")
    assert str(period) == "2026-Q3" and period.label == "July to September 2026"
    assert (period.start, period.end) == (dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    assert (str(period.previous), str(period.next)) == ("2026-Q2", "2026-Q4")
    assert str(Period(2026, 1).previous) == "2025-Q4" and Period(2026, 4).end == dt.date(2026, 12, 31)
    with pytest.raises(ValueError, match="'2026 Q3' is not a quarter"):
        Period.parse("2026 Q3")


def test_new_post_and_new_report_write_files_that_validate(tmp_path):
    tree = tmp_path / "hub"
    copy_of_repository(tree)
    run = lambda *args: subprocess.run([sys.executable, "-m", "invoke", *args], cwd=tree, capture_output=True,
                                       text=True)
    made = run("new-post", "--title", "What we learned from our warm spaces")
    assert made.returncode == 0, made.stderr
    post = tree / "content" / "learning" / "what-we-learned-from-our-warm-spaces.md"
    assert post.read_text(encoding="utf-8").startswith("Title: What we learned from our warm spaces\nDate: ")
    made = run("new-report", "2027-q1")
    assert made.returncode == 0, made.stderr
    report = (tree / "content" / "reports" / "quarterly-report-2027-q1.md").read_text(encoding="utf-8")
    assert "Title: Quarterly report: January to March 2027\n" in report and "\nPeriod: 2027-Q1\n" in report
    checked = run("validate")
    assert checked.returncode == 0, checked.stderr
    again = run("new-report", "2027-Q1")
    assert again.returncode == 1 and "content/reports/quarterly-report-2027-q1.md already exists" in again.stderr
    wrong = run("new-report", "Q1 2027")
    assert wrong.returncode == 1 and "'Q1 2027' is not a quarter" in wrong.stderr


def test_validate_reports_hostile_tags_as_the_build_does(hub_tree):
    hostile = Path(__file__).resolve().parent / "hostile" / "posts"
    (hub_tree / "content" / "learning").mkdir(parents=True)
    for name in ("tags-script.md", "tags-punctuation.md"):
        shutil.copy(hostile / name, hub_tree / "content" / "learning" / name)
    result = validate(hub_tree)
    assert result.returncode == 1
    assert result.stderr.splitlines()[:-1] == [
        "content/learning/tags-punctuation.md:5: Tags: '?!' is not a tag: write each tag as plain words, separated by "
        "commas, e.g. 'Tags: volunteering, loneliness'",
        "content/learning/tags-punctuation.md:5: Tags: '---' is not a tag: write each tag as plain words, separated "
        "by commas, e.g. 'Tags: volunteering, loneliness'",
        "content/learning/tags-script.md:4: Tags: '<script>alert(1)</script>' is not a tag: write each tag as plain "
        "words, separated by commas, e.g. 'Tags: volunteering, loneliness'"]
