"""`invoke import-issue`: a submitted issue form, as GitHub writes its answers into the issue, becomes a
checked file in members/ or events/, or a reply saying in plain words which answers to change.
The issue texts in tests/fixtures/issues/ are rendered as GitHub renders the committed forms."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from test_publish import fork

from conftest import NOW
from hub.contribute.issues import read_answers
from hub.core.loader import load_vocabulary

ISSUES = Path(__file__).resolve().parent / "fixtures" / "issues"


def import_issue(tree: Path, name: str):
    return subprocess.run([sys.executable, "-m", "invoke", "import-issue", str(ISSUES / f"{name}.md"),
                           "--comment-file", str(tree / "comment.md"), "--pr-body", str(tree / "pr.md")],
                          cwd=tree, capture_output=True, text=True, env={"PATH": "/usr/bin:/bin", "HUB_EVENTS_NOW": NOW})


def validate(tree: Path):
    return subprocess.run([sys.executable, "-m", "invoke", "validate"], cwd=tree, capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "HUB_EVENTS_NOW": NOW})


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    """One copy of the example hub; each test puts back what it changed (git is not needed)."""
    return fork(tmp_path_factory.mktemp("fork"))


@pytest.mark.parametrize(("name", "written"), [("join-valid", "members/wyken-warm-space.yaml"),
                                               ("event-valid", "events/winter-warm-space-open-day.yaml")])
def test_a_valid_form_becomes_the_expected_file(tree, name, written):
    lock = (tree / "events/.sequence.json").read_text(encoding="utf-8")
    result = import_issue(tree, name)
    try:
        assert result.returncode == 0, result.stderr
        assert result.stdout.splitlines()[0] == f"created {written}"
        assert (tree / written).read_text(encoding="utf-8") == (ISSUES / f"{name}.expected.yaml").read_text()
        assert validate(tree).returncode == 0
        assert (tree / "pr.md").read_text(encoding="utf-8").startswith("Adds **")
        if name.startswith("event"):  # the SEQUENCE lock records the new event, ready to commit with it
            assert "winter-warm-space-open-day" in (tree / "events/.sequence.json").read_text(encoding="utf-8")
    finally:
        (tree / written).unlink(missing_ok=True)
        (tree / "events/.sequence.json").write_text(lock, encoding="utf-8")


@pytest.mark.parametrize("name", ["join-with-mistakes", "event-with-mistakes"])
def test_a_form_with_mistakes_gets_a_reply_in_plain_words_and_writes_nothing(tree, name):
    before = sorted(p.name for p in (tree / "members").iterdir()) + sorted(p.name for p in (tree / "events").iterdir())
    result = import_issue(tree, name)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1].endswith("answer(s) to change; nothing was written.")
    assert (tree / "comment.md").read_text(encoding="utf-8") == (ISSUES / f"{name}.expected-comment.md").read_text()
    after = sorted(p.name for p in (tree / "members").iterdir()) + sorted(p.name for p in (tree / "events").iterdir())
    assert after == before


def test_an_update_changes_only_what_was_answered_and_shows_the_change(tree):
    profile = tree / "members/tile-hill-lunch-club.yaml"
    original = profile.read_text(encoding="utf-8")
    try:
        result = import_issue(tree, "update-profile")
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == "updated members/tile-hill-lunch-club.yaml"
        assert (tree / "pr.md").read_text(encoding="utf-8") == (ISSUES / "update-profile.expected-pr.md").read_text()
        assert "joined: 2021-01-18" in profile.read_text(encoding="utf-8")  # not asked in the form: kept
        assert validate(tree).returncode == 0
    finally:
        profile.write_text(original, encoding="utf-8")


def test_a_heading_inside_an_answer_stays_part_of_it():
    vocabulary, _ = load_vocabulary(Path(__file__).resolve().parent.parent / "categories.yaml")
    body = "### Organisation name\n\nKnit Club\n\n### Tell us more\n\nWe knit.\n\n### Our history\n\nSince 1990.\n"
    answers = read_answers(body, vocabulary)
    assert answers.kind == "member" and answers.problems == []
    assert answers.values["Tell us more"] == "We knit.\n\n### Our history\n\nSince 1990."


def test_an_issue_that_is_not_a_form_is_refused(tree, tmp_path):
    (tmp_path / "plain.md").write_text("Please add us to the hub! We are the Knit Club.\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "invoke", "import-issue", str(tmp_path / "plain.md"),
                             "--comment-file", str(tmp_path / "comment.md")], cwd=tree, capture_output=True, text=True)
    assert result.returncode == 1
    assert ("**(issue)**: holds none of the form's questions; open a new issue with the \"Join or update our "
            "profile\" form") in (tmp_path / "comment.md").read_text(encoding="utf-8")
