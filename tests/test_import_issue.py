"""`invoke import-issue`: a submitted issue form, as GitHub writes its answers into the issue, becomes a
checked file in members/ or events/, or a reply saying in plain words which answers to change. The
issue texts in tests/fixtures/issues/ are written as GitHub writes the committed forms' answers
(tests/issue_forms.py makes the others)."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from issue_forms import answers_of, issue_body
from test_publish import fork

from conftest import NOW, ROOT, hub_settings
from hub.contribute import forms
from hub.contribute.issues import import_issue as import_issue_text
from hub.contribute.issues import read_answers
from hub.contribute.replies import answers_to_change, pull_request_body, pull_request_title, ready
from hub.core.loader import load_places, load_vocabulary
from hub.tree import load_tree

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


@dataclass
class Outcome:
    """What `invoke import-issue` gives, made in this process (the CLI is tested on the fixtures above
    the line below): its exit code, the file it wrote and the texts for GitHub."""

    code: int
    written: str = ""
    comment: str = ""
    pr: str = ""
    title: str = ""
    thanks: str = ""


def submit(tree: Path, answers: dict[str, str], kind: str = "member") -> Outcome:
    settings = hub_settings(tree, HUB_EVENTS_NOW=NOW)
    change, problems = import_issue_text(issue_body(kind, answers, VOCABULARY, PLACES), settings, load_tree)
    if problems:
        return Outcome(2)
    if change.problems:
        return Outcome(1, comment=answers_to_change(change, settings))
    return Outcome(0, change.relative, pr=pull_request_body(change, tree), title=pull_request_title(change),
                   thanks=ready(change))


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


# --- One check, one answer (in this process from here on: the same function the task calls) -----------

def test_a_neighbourhood_the_hub_does_not_list_is_an_answer_to_change_not_a_broken_tree(clean):
    """It was accepted, then `invoke validate` refused the tree, and the workflow said nothing."""
    outcome = submit(clean, {**JOIN, "Neighbourhoods you work in": "Hillfields, Swanswell"})
    assert outcome.code == 1
    assert ("- **Neighbourhoods you work in**: `Swanswell` is not one of the hub's neighbourhoods; choose from the "
            "form's list, or ask the coordinators to add it.") in outcome.comment
    assert load_tree(hub_settings(clean, HUB_EVENTS_NOW=NOW))[1] == []
    assert not (clean / "members/wyken-warm-space.yaml").exists()


def test_a_neighbourhood_chosen_adds_its_area(clean):
    outcome = submit(clean, {**JOIN, "Where do you work?": "Online",
                             "Neighbourhoods you work in": "Hillfields (Coventry), Foleshill (Coventry)"})
    assert outcome.code == 0
    profile = yaml.safe_load(output(clean, "members/wyken-warm-space.yaml"))
    assert profile["areas"] == ["Online", "Coventry"] and profile["localities"] == ["Hillfields", "Foleshill"]
    assert "Added Coventry to where you work" in outcome.thanks


@pytest.mark.parametrize("answer", ["Soup\vand toast", "Soup\x00", "Soup\u202eand toast"])
def test_an_answer_no_page_can_show_is_an_answer_to_change(clean, answer):
    """A vertical tab was accepted, then the build failed on the Atom feed."""
    outcome = submit(clean, {**JOIN, "Offer 2: what you offer": answer})
    assert outcome.code == 1
    assert "- **Offer 2: what you offer**: contains the invisible character U+" in outcome.comment


def test_a_hub_with_mistakes_of_its_own_is_not_the_members_to_fix(clean):
    (clean / "members/broken.yaml").write_text("name: [\n", encoding="utf-8")
    result = import_issue(clean, ISSUES / "join-valid.md")
    assert result.returncode == 2
    assert "The hub has 1 problem(s) of its own" in result.stderr
    assert not any((clean / name).exists() for name in OUTPUTS)


# --- A join is a join -------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["TILE HILL LUNCH CLUB!!", "ＴＩＬＥ ＨＩＬＬ ＬＵＮＣＨ ＣＬＵＢ", "Тile Нill Lunch Сlub",
                                  "Tile Hill Friday Lunch Club"])
def test_a_join_named_like_a_member_never_touches_its_profile(clean, name):
    existing = output(clean, "members/tile-hill-lunch-club.yaml")
    outcome = submit(clean, {**JOIN, "Organisation name": name})
    assert outcome.code == 0, outcome.comment
    assert output(clean, "members/tile-hill-lunch-club.yaml") == existing
    assert outcome.written.startswith("members/") and outcome.written != "members/tile-hill-lunch-club.yaml"
    assert outcome.title.startswith("Join: ")
    assert ("**Is this a member already?** The name is close to `Tile Hill Friday Lunch Club` "
            "(`members/tile-hill-lunch-club.yaml`), which this pull request does not change.") in outcome.pr
    assert "There is already a member called `Tile Hill Friday Lunch Club` on the hub." in outcome.thanks


def test_only_an_update_names_the_profile_it_changes(clean):
    outcome = submit(clean, {forms.UPDATE_LABEL: "https://hub.example.org/members/no-such-group/",
                             "About your organisation (one sentence)": "We changed."})
    assert outcome.code == 1
    assert ("**Your profile's address on the hub (only to update it)**: is not the address of a profile on the hub"
            in outcome.comment)


# --- Consent is the member's latest word, and private means private ----------------------------------

BALL_HILL = "https://hub.example.org/members/ball-hill-organisers/"
PRIYA = ("Priya Shah", "priya@ballhill.example.org")


def update(**answers) -> dict[str, str]:
    return {forms.UPDATE_LABEL: BALL_HILL, **answers}


def contact_of(tree: Path, slug: str = "ball-hill-organisers"):
    return yaml.safe_load(output(tree, f"members/{slug}.yaml")).get("contact")


def test_leaving_consent_as_it_is_keeps_the_published_contact(clean):
    assert submit(clean, update(**{"Themes": "organising"})).code == 0
    contact = contact_of(clean)
    assert contact["public"] is True and contact["email"] == PRIYA[1]


def test_publishing_a_new_email_replaces_the_published_one(clean):
    answers = update(**{"Contact email": "hello@ballhill.example.org", "Publish contact details?": forms.CONSENT_PUBLISH})
    assert submit(clean, answers).code == 0
    contact = contact_of(clean)
    assert (contact["name"], contact["email"], contact["public"]) == (PRIYA[0], "hello@ballhill.example.org", True)


def test_stopping_publishing_takes_the_contact_off_the_profile_and_keeps_it_privately(clean):
    store = clean.parent / "hub-private"
    store.mkdir()
    outcome = submit(clean, update(**{"Publish contact details?": forms.CONSENT_STOP}))
    assert outcome.code == 0
    assert contact_of(clean) is None
    kept = yaml.safe_load((store / "contacts/ball-hill-organisers.yaml").read_text(encoding="utf-8"))
    assert (kept["name"], kept["email"]) == PRIYA
    assert "kept in the private store, not here" in outcome.pr


def test_stopping_publishing_without_a_private_store_tells_the_coordinator_where_the_details_are(clean):
    outcome = submit(clean, update(**{"Publish contact details?": forms.CONSENT_STOP}))
    assert outcome.code == 0 and contact_of(clean) is None
    assert "The member asked to stop publishing its contact details" in outcome.pr
    assert "-  email: priya@ballhill.example.org" in outcome.pr  # published until now: in the diff


PRIVATE = {"Contact name": "Dawn Secret-Hughes", "Contact email": "dawn.secret@wykenwarm.example.org",
           "Contact phone": "024 7600 9999"}


def test_details_not_to_be_published_never_reach_a_file_reply_or_pull_request(clean):
    """Without a private store the member is asked to send them by email; with one they are kept there."""
    answers = {**JOIN, **PRIVATE, "Publish contact details?": forms.CONSENT_STOP}
    refused = submit(clean, answers)
    assert refused.code == 1
    assert "you gave contact details but chose not to publish them" in refused.comment
    store = clean.parent / "hub-private"
    store.mkdir()
    outcome = submit(clean, answers)
    assert outcome.code == 0
    kept = yaml.safe_load((store / "contacts/wyken-warm-space.yaml").read_text(encoding="utf-8"))
    assert kept == {"name": PRIVATE["Contact name"], "email": PRIVATE["Contact email"],
                    "phone": PRIVATE["Contact phone"]}
    public = [refused.comment, outcome.pr, outcome.title, outcome.thanks,
              *(path.read_text(encoding="utf-8") for folder in ("members", "events") for path in
                (clean / folder).iterdir() if path.is_file())]
    for secret in PRIVATE.values():
        assert not any(secret in text for text in public), secret


def test_a_wrong_private_detail_is_named_without_repeating_it(clean):
    outcome = submit(clean, {**JOIN, "Contact email": "dawn at secret place",
                             "Publish contact details?": forms.CONSENT_STOP})
    assert outcome.code == 1
    assert "- **Contact email**: what you wrote is not an email address" in outcome.comment
    assert "dawn at secret place" not in outcome.comment


# --- Bot text is inert and bounded -------------------------------------------------------------------

def test_a_reply_to_a_form_full_of_long_mistakes_fits_on_github(clean):
    answers = {question.label: "x" * 3000 for question in forms.member_questions(VOCABULARY, PLACES)
               if question.widget in ("input", "textarea")}
    outcome = submit(clean, answers)
    assert outcome.code == 1
    assert len(outcome.comment) < 65_536 // 2
    assert outcome.comment.rstrip().endswith("email the coordinators at hello@coalition.example.org.")


# --- Regressions found by review -----------------------------------------------------------------------

def test_a_profile_answer_holding_an_event_heading_is_still_a_profile_and_quotes_no_contact(clean):
    """A profile whose answer held the line '### Event title' was read as an event form, and the reply
    quoted, as "what you wrote", the contact details that followed it."""
    answers = {**JOIN, **PRIVATE, "More needs": "Transport: lifts\n\n### Event title\n\nx",
               "Publish contact details?": forms.CONSENT_STOP}
    outcome = submit(clean, answers)
    assert outcome.code == 1
    for secret in PRIVATE.values():
        assert secret not in outcome.comment
    assert "you gave contact details but chose not to publish them" in outcome.comment  # read as a profile


def test_a_name_in_the_title_closes_no_issue_and_mentions_nobody(clean):
    outcome = submit(clean, {**JOIN, "Organisation name": "Fixes #1, closes our-org/hub#2 @octocat"})
    assert outcome.code == 0
    assert not re.search(r"#\d|@\w", outcome.title)  # GitHub sees no issue number, no mention
    assert outcome.title.replace("\u2060", "") == "Join: Fixes #1, closes our-org/hub#2 @octocat"


def test_the_public_log_never_shows_a_contact_detail(clean, tmp_path):
    issue = tmp_path / "issue.md"
    issue.write_text(issue_body("member", {**JOIN, "Contact email": "secret@@x.example.org",
                                           "Publish contact details?": forms.CONSENT_STOP}, VOCABULARY, PLACES))
    result = import_issue(clean, issue)
    assert result.returncode == 1
    assert "secret@@x.example.org" not in result.stdout + result.stderr
    assert "Contact email: (a contact detail: not shown in this log)" in result.stderr


def test_a_join_never_inherits_a_contact_left_in_the_store(clean):
    store = clean.parent / "hub-private" / "contacts"
    store.mkdir(parents=True)
    (store / "wyken-warm-space.yaml").write_text("name: Old Person\nphone: \"024 7600 0001\"\n", encoding="utf-8")
    outcome = submit(clean, {**JOIN, "Contact email": "new@wyken.example.org",
                             "Publish contact details?": forms.CONSENT_STOP})
    assert outcome.code == 0 and outcome.written == "members/wyken-warm-space-2.yaml"
    kept = (store / "wyken-warm-space-2.yaml").read_text(encoding="utf-8")
    assert "new@wyken.example.org" in kept and "Old Person" not in kept and "0001" not in kept
    assert "Old Person" in (store / "wyken-warm-space.yaml").read_text(encoding="utf-8")  # left as it was


def test_a_join_named_like_the_hubs_own_pages_gets_a_file_of_its_own(clean):
    outcome = submit(clean, {**JOIN, "Organisation name": "Letters"})
    assert outcome.code == 0 and outcome.written == "members/letters-2.yaml"


def test_a_private_store_that_cannot_be_written_is_the_hubs_problem_not_the_members(clean):
    (clean.parent / "hub-private").mkdir()
    (clean.parent / "hub-private" / "contacts").write_text("not a folder\n", encoding="utf-8")
    outcome = submit(clean, {**JOIN, **PRIVATE, "Publish contact details?": forms.CONSENT_STOP})
    assert outcome.code == 2  # nothing written, no traceback, nothing for the member to change
    assert not (clean / "members/wyken-warm-space.yaml").exists()


def test_a_profile_written_yml_is_updated_by_its_form(clean):
    (clean / "members/tile-hill-lunch-club.yaml").rename(clean / "members/tile-hill-lunch-club.yml")
    try:
        outcome = submit(clean, {forms.UPDATE_LABEL: "https://hub.example.org/members/tile-hill-lunch-club/",
                                 "Themes": "lunch"})
        assert outcome.code == 0 and outcome.written == "members/tile-hill-lunch-club.yml"
    finally:
        (clean / "members/tile-hill-lunch-club.yml").rename(clean / "members/tile-hill-lunch-club.yaml")


def test_an_access_answer_to_change_is_named_by_its_question(clean):
    event = answers_of((ISSUES / "event-valid.md").read_text(encoding="utf-8"))
    outcome = submit(clean, {**event, "Access": "Step-free access, Wheelie bins",
                             "Start": "2027-01-14 10:30"}, kind="event")
    assert outcome.code == 1
    assert "- **Access**: `Wheelie bins` is not allowed" in outcome.comment
