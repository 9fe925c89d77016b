"""`invoke import-issue`: a submitted issue form, as GitHub writes its answers into the issue, becomes a
checked file in members/ or events/, or a reply saying in plain words which answers to change. The
issue texts in tests/fixtures/issues/ are written as GitHub writes the committed forms' answers
(tests/issue_forms.py makes the others)."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from issue_forms import answers_of, issue_body
from test_publish import fork

from conftest import NOW, ROOT
from hub.contribute import forms
from hub.contribute.issues import read_answers
from hub.core.loader import load_places, load_vocabulary

ISSUES = Path(__file__).resolve().parent / "fixtures" / "issues"
VOCABULARY, _ = load_vocabulary(ROOT / "categories.yaml")
PLACES, _ = load_places(ROOT / "places.yaml")
OUTPUTS = ("comment.md", "pr.md", "title.txt", "thanks.md")


def import_issue(tree: Path, issue: Path, **env):
    for name in OUTPUTS:
        (tree / name).unlink(missing_ok=True)
    return subprocess.run([sys.executable, "-m", "invoke", "import-issue", str(issue),
                           "--comment-file", str(tree / "comment.md"), "--pr-body", str(tree / "pr.md"),
                           "--pr-title", str(tree / "title.txt"), "--thanks", str(tree / "thanks.md")],
                          cwd=tree, capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "HUB_EVENTS_NOW": NOW, **env})


def validate(tree: Path):
    return subprocess.run([sys.executable, "-m", "invoke", "validate"], cwd=tree, capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "HUB_EVENTS_NOW": NOW})


def output(tree: Path, name: str) -> str:
    return (tree / name).read_text(encoding="utf-8")


def write_issue(tmp_path: Path, answers: dict[str, str], kind: str = "member") -> Path:
    path = tmp_path / f"issue-{len(list(tmp_path.glob('issue-*.md')))}.md"
    path.write_text(issue_body(kind, answers, VOCABULARY, PLACES), encoding="utf-8")
    return path


JOIN = answers_of((ISSUES / "join-valid.md").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    """One copy of the example hub; each test puts back what it changed (git is not needed)."""
    return fork(tmp_path_factory.mktemp("fork"))


@pytest.fixture
def clean(tree):
    """The fork's members/ and events/ as they were after the test."""
    saved = {path: path.read_bytes() for folder in ("members", "events") for path in (tree / folder).iterdir()
             if path.is_file()}
    yield tree
    for folder in ("members", "events"):
        for path in (tree / folder).iterdir():
            if path.is_file() and path not in saved:
                path.unlink()
    for path, data in saved.items():
        path.write_bytes(data)
    shutil.rmtree(tree.parent / "hub-private", ignore_errors=True)


@pytest.mark.parametrize(("name", "written", "title"), [
    ("join-valid", "members/wyken-warm-space.yaml", "Join: Wyken Warm Space"),
    ("event-valid", "events/winter-warm-space-open-day.yaml", "Event: Winter warm space open day")])
def test_a_valid_form_becomes_the_expected_file(clean, name, written, title):
    result = import_issue(clean, ISSUES / f"{name}.md")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == f"created {written}"
    assert (clean / written).read_text(encoding="utf-8") == (ISSUES / f"{name}.expected.yaml").read_text()
    assert validate(clean).returncode == 0
    assert output(clean, "title.txt") == title
    body = output(clean, "pr.md")
    assert f"from the answers of a form: `{written}`" in body and (clean / written).read_text() in body
    assert output(clean, "thanks.md").startswith("Thank you! ")
    assert output(clean, "thanks.md").endswith("You can follow it here:\n")
    assert not (clean / "comment.md").exists()
    if name.startswith("event"):  # the SEQUENCE lock records the new event, ready to commit with it
        assert "winter-warm-space-open-day" in output(clean, "events/.sequence.json")


@pytest.mark.parametrize("name", ["join-with-mistakes", "event-with-mistakes"])
def test_a_form_with_mistakes_gets_a_reply_in_plain_words_and_writes_nothing(clean, name):
    before = sorted(p.name for p in (clean / "members").iterdir()) + sorted(p.name for p in (clean / "events").iterdir())
    result = import_issue(clean, ISSUES / f"{name}.md")
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1].endswith("answer(s) to change; nothing was written.")
    assert output(clean, "comment.md") == (ISSUES / f"{name}.expected-comment.md").read_text()
    after = sorted(p.name for p in (clean / "members").iterdir()) + sorted(p.name for p in (clean / "events").iterdir())
    assert after == before and not (clean / "pr.md").exists()


def test_an_update_changes_only_what_was_answered_names_the_profile_and_shows_the_change(clean):
    profile = clean / "members/tile-hill-lunch-club.yaml"
    result = import_issue(clean, ISSUES / "update-profile.md")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "updated members/tile-hill-lunch-club.yaml"
    assert output(clean, "pr.md") == (ISSUES / "update-profile.expected-pr.md").read_text()
    assert output(clean, "title.txt") == "Update members/tile-hill-lunch-club.yaml: Tile Hill Friday Lunch Club"
    written = yaml.safe_load(profile.read_text(encoding="utf-8"))
    assert written["joined"].isoformat() == "2021-01-18" and written["keys"] == ["space", "small-things", "time"]
    assert written["localities"] == ["Tile Hill", "Canley"]  # not answered: kept
    # The needs answered replace the profile's, and the member is told which leave it.
    assert "A couple of helpers for washing up and setting tables" in output(clean, "thanks.md")
    assert validate(clean).returncode == 0


def test_a_heading_inside_an_answer_stays_part_of_it():
    body = "### Organisation name\n\nKnit Club\n\n### Tell us more\n\nWe knit.\n\n### Our history\n\nSince 1990.\n"
    answers = read_answers(body, VOCABULARY, PLACES)
    assert answers.kind == "member" and answers.problems == []
    assert answers.values["Tell us more"] == "We knit.\n\n### Our history\n\nSince 1990."


def test_a_question_answered_twice_is_asked_about():
    body = "### Organisation name\n\nKnit Club\n\n### Website\n\nsee above\n\n### Website\n\nknit.example.org\n"
    answers = read_answers(body, VOCABULARY, PLACES)
    assert [(p.field, p.message) for p in answers.problems] == [
        ("Website", "is answered twice (an answer above seems to hold the line '### Website'); remove that line")]


def test_an_issue_that_is_not_a_form_is_refused(clean, tmp_path):
    (tmp_path / "plain.md").write_text("Please add us to the hub! We are the Knit Club.\n", encoding="utf-8")
    result = import_issue(clean, tmp_path / "plain.md")
    assert result.returncode == 1
    assert ("**issue**: holds none of the form's questions; open a new issue with the \"Join or update our "
            "profile\" form.") in output(clean, "comment.md")


# --- One check, one answer --------------------------------------------------------------------------

def test_a_neighbourhood_the_hub_does_not_list_is_an_answer_to_change_not_a_broken_tree(clean, tmp_path):
    """It was accepted, then `invoke validate` refused the tree, and the workflow said nothing."""
    issue = write_issue(tmp_path, {**JOIN, "Neighbourhoods you work in": "Hillfields, Swanswell"})
    result = import_issue(clean, issue)
    assert result.returncode == 1, result.stdout
    reply = output(clean, "comment.md")
    assert ("- **Neighbourhoods you work in**: `Swanswell` is not one of the hub's neighbourhoods; choose from the "
            "form's list, or ask the coordinators to add it.") in reply
    assert validate(clean).returncode == 0 and not (clean / "members/wyken-warm-space.yaml").exists()


def test_a_neighbourhood_chosen_adds_its_area(clean, tmp_path):
    issue = write_issue(tmp_path, {**JOIN, "Where do you work?": "Online", "Neighbourhoods you work in":
                                   "Hillfields (Coventry), Foleshill (Coventry)"})
    assert import_issue(clean, issue).returncode == 0
    profile = yaml.safe_load(output(clean, "members/wyken-warm-space.yaml"))
    assert profile["areas"] == ["Online", "Coventry"] and profile["localities"] == ["Hillfields", "Foleshill"]
    assert "Added Coventry to where you work" in output(clean, "thanks.md")


@pytest.mark.parametrize("answer", ["Soup\vand toast", "Soup\x00", "Soup\u202eand toast"])
def test_an_answer_no_page_can_show_is_an_answer_to_change(clean, tmp_path, answer):
    """A vertical tab was accepted, then the build failed on the Atom feed."""
    issue = write_issue(tmp_path, {**JOIN, "Offer 2: what you offer": answer})
    result = import_issue(clean, issue)
    assert result.returncode == 1
    assert "- **Offer 2: what you offer**: contains the invisible character U+" in output(clean, "comment.md")


def test_a_hub_with_mistakes_of_its_own_is_not_the_members_to_fix(clean):
    (clean / "members/broken.yaml").write_text("name: [\n", encoding="utf-8")
    result = import_issue(clean, ISSUES / "join-valid.md")
    assert result.returncode == 2
    assert "The hub has 1 problem(s) of its own" in result.stderr
    assert not any((clean / name).exists() for name in OUTPUTS)


# --- A join is a join -------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["TILE HILL LUNCH CLUB!!", "ＴＩＬＥ ＨＩＬＬ ＬＵＮＣＨ ＣＬＵＢ", "Тile Нill Lunch Сlub",
                                  "Tile Hill Friday Lunch Club"])
def test_a_join_named_like_a_member_never_touches_its_profile(clean, tmp_path, name):
    existing = output(clean, "members/tile-hill-lunch-club.yaml")
    issue = write_issue(tmp_path, {**JOIN, "Organisation name": name})
    result = import_issue(clean, issue)
    assert result.returncode == 0, result.stderr
    assert output(clean, "members/tile-hill-lunch-club.yaml") == existing
    new = result.stdout.split()[1]
    assert new.startswith("members/") and new != "members/tile-hill-lunch-club.yaml"
    assert output(clean, "title.txt").startswith("Join: ")
    assert "**Is this a member already?** The name is close to `Tile Hill Friday Lunch Club` " \
           "(`members/tile-hill-lunch-club.yaml`), which this pull request does not change." in output(clean, "pr.md")
    assert "There is already a member called `Tile Hill Friday Lunch Club` on the hub." in output(clean, "thanks.md")


def test_only_an_update_names_the_profile_it_changes(clean, tmp_path):
    issue = write_issue(tmp_path, {forms.UPDATE_LABEL: "https://hub.example.org/members/no-such-group/",
                                   "About your organisation (one sentence)": "We changed."})
    assert import_issue(clean, issue).returncode == 1
    assert ("**Your profile's address on the hub (only to update it)**: is not the address of a profile on the hub"
            in output(clean, "comment.md"))


# --- Consent is the member's latest word, and private means private ----------------------------------

BALL_HILL = "https://hub.example.org/members/ball-hill-organisers/"
PRIYA = ("Priya Shah", "priya@ballhill.example.org")


def update(**answers) -> dict[str, str]:
    return {forms.UPDATE_LABEL: BALL_HILL, **answers}


def test_leaving_consent_as_it_is_keeps_the_published_contact(clean, tmp_path):
    result = import_issue(clean, write_issue(tmp_path, update(**{"Themes": "organising"})))
    assert result.returncode == 0, result.stderr
    contact = yaml.safe_load(output(clean, "members/ball-hill-organisers.yaml"))["contact"]
    assert contact["public"] is True and contact["email"] == PRIYA[1]


def test_publishing_a_new_email_replaces_the_published_one(clean, tmp_path):
    answers = update(**{"Contact email": "hello@ballhill.example.org", "Publish contact details?": forms.CONSENT_PUBLISH})
    assert import_issue(clean, write_issue(tmp_path, answers)).returncode == 0
    contact = yaml.safe_load(output(clean, "members/ball-hill-organisers.yaml"))["contact"]
    assert (contact["name"], contact["email"], contact["public"]) == (PRIYA[0], "hello@ballhill.example.org", True)


def test_stopping_publishing_takes_the_contact_off_the_profile_and_keeps_it_privately(clean, tmp_path):
    store = clean.parent / "hub-private"
    store.mkdir()
    answers = update(**{"Publish contact details?": forms.CONSENT_STOP})
    result = import_issue(clean, write_issue(tmp_path, answers))
    assert result.returncode == 0, result.stderr
    assert "contact" not in yaml.safe_load(output(clean, "members/ball-hill-organisers.yaml"))
    kept = yaml.safe_load((store / "contacts/ball-hill-organisers.yaml").read_text(encoding="utf-8"))
    assert (kept["name"], kept["email"]) == PRIYA
    assert "kept in the private store, not here" in output(clean, "pr.md")
    assert validate(clean).returncode == 0


def test_stopping_publishing_without_a_private_store_tells_the_coordinator_where_the_details_are(clean, tmp_path):
    answers = update(**{"Publish contact details?": forms.CONSENT_STOP})
    assert import_issue(clean, write_issue(tmp_path, answers)).returncode == 0
    assert "contact" not in yaml.safe_load(output(clean, "members/ball-hill-organisers.yaml"))
    assert "The member asked to stop publishing its contact details" in output(clean, "pr.md")
    assert "-  email: priya@ballhill.example.org" in output(clean, "pr.md")  # published until now: in the diff


PRIVATE = {"Contact name": "Dawn Secret-Hughes", "Contact email": "dawn.secret@wykenwarm.example.org",
           "Contact phone": "024 7600 9999"}


def test_details_not_to_be_published_never_reach_a_file_reply_or_pull_request(clean, tmp_path):
    """Without a private store the member is asked to send them by email; with one they are kept there."""
    answers = {**JOIN, **PRIVATE, "Publish contact details?": forms.CONSENT_STOP}
    issue = write_issue(tmp_path, answers)
    result = import_issue(clean, issue)
    assert result.returncode == 1
    reply = output(clean, "comment.md")
    assert "you gave contact details but chose not to publish them" in reply
    store = clean.parent / "hub-private"
    store.mkdir()
    result = import_issue(clean, issue)
    assert result.returncode == 0, result.stderr
    kept = yaml.safe_load((store / "contacts/wyken-warm-space.yaml").read_text(encoding="utf-8"))
    assert kept == {"name": PRIVATE["Contact name"], "email": PRIVATE["Contact email"],
                    "phone": PRIVATE["Contact phone"]}
    public = [reply, *(output(clean, name) for name in ("pr.md", "title.txt", "thanks.md")),
              *(path.read_text(encoding="utf-8") for folder in ("members", "events") for path in
                (clean / folder).iterdir() if path.is_file())]
    for secret in PRIVATE.values():
        assert not any(secret in text for text in public), secret


def test_a_wrong_private_detail_is_named_without_repeating_it(clean, tmp_path):
    answers = {**JOIN, "Contact email": "dawn at secret place", "Publish contact details?": forms.CONSENT_STOP}
    assert import_issue(clean, write_issue(tmp_path, answers)).returncode == 1
    reply = output(clean, "comment.md")
    assert "- **Contact email**: what you wrote is not an email address" in reply
    assert "dawn at secret place" not in reply


# --- Bot text is inert and bounded -------------------------------------------------------------------

def test_a_reply_to_a_form_full_of_long_mistakes_fits_on_github(clean, tmp_path):
    answers = {question.label: "x" * 3000 for question in forms.member_questions(VOCABULARY, PLACES)
               if question.widget in ("input", "textarea")}
    result = import_issue(clean, write_issue(tmp_path, answers))
    assert result.returncode == 1
    reply = output(clean, "comment.md")
    assert len(reply) < 65_536 // 2
    assert reply.rstrip().endswith("email the coordinators at hello@coalition.example.org.")
