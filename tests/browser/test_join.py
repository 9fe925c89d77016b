"""/join/ in Debian's chromium, used as a member would: with the keyboard alone, a new profile is made and
the YAML it gives passes `invoke validate`; mistakes are listed, linked and marked on their fields;
"Update this profile" starts from the public profile; without JavaScript the page says what else to
do. axe finds nothing to fix in any of these states."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from browser.test_accessibility import axe_violations
from conftest import ROOT, run_pelican
from tools import sitecheck


def focused(page) -> str:
    return page.evaluate("document.activeElement.id || document.activeElement.textContent.trim()")


def tab_to(page, target: str, limit: int = 120) -> None:
    """Press Tab until the element with id (or text) `target` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused(page) == target:
            return
    raise AssertionError(f"Tab never reached {target!r}")


def validate_profile(tmp_path, file_name: str, yaml_text: str) -> subprocess.CompletedProcess:
    """`invoke validate`'s check of the profile, in a hub with the example's categories."""
    (tmp_path / "members").mkdir(exist_ok=True)
    shutil.copy(ROOT / "categories.yaml", tmp_path / "categories.yaml")
    shutil.copytree(ROOT / "content" / "images", tmp_path / "content" / "images", dirs_exist_ok=True)
    (tmp_path / "members" / file_name).write_text(yaml_text, encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "hub.core.validate", str(tmp_path)], capture_output=True, text=True)


def test_a_new_member_makes_a_valid_profile_with_the_keyboard_alone(page, base_url, axe_source, tmp_path):
    started = time.monotonic()
    page.goto(base_url + "join/")
    tab_to(page, "name")
    page.keyboard.type("Wyken Warm Space")
    page.keyboard.press("Tab")
    page.keyboard.type("Comm")  # the select picks "Community group" as the letters are typed
    tab_to(page, "summary")
    page.keyboard.type("A warm, free place to sit, chat and have a hot drink on winter afternoons.")
    tab_to(page, "areas")
    page.keyboard.type("Coventry, Online")
    tab_to(page, "offers-0-category")
    page.keyboard.type("Venues")
    page.keyboard.press("Tab")
    page.keyboard.type("Our community room on weekday afternoons")
    page.keyboard.press("Tab")
    page.keyboard.type("Seats 25, step-free.")
    page.keyboard.press("Enter")
    page.keyboard.type("Kitchen available.")
    # A second offer, then removed again: the focus goes where the person is, and it is announced.
    tab_to(page, "Add another offer")
    page.keyboard.press("Enter")
    assert focused(page) == "offers-1-category"
    assert page.locator("#offers-1-category").evaluate("e => e.closest('fieldset').querySelector('legend').textContent") \
        == "Offer 2"
    tab_to(page, "Remove offer 2")
    page.keyboard.press("Enter")
    assert focused(page) == "offers-0-category"
    page.wait_for_function("document.getElementById('join-status').textContent.includes('Offer 2 removed')")
    tab_to(page, "needs-0-category")
    page.keyboard.type("Vol")
    page.keyboard.press("Tab")
    page.keyboard.type("People to welcome visitors and make tea")
    tab_to(page, "Add another need")
    page.keyboard.press("Enter")
    assert focused(page) == "needs-1-category"
    page.keyboard.type("Transport")
    page.keyboard.press("Tab")
    page.keyboard.type("Lifts home for visitors after dark")
    tab_to(page, "contact-name")
    page.keyboard.type("Dawn Hughes")
    page.keyboard.press("Tab")
    page.keyboard.type("dawn@wykenwarm.example.org")
    page.keyboard.press("Tab")
    page.keyboard.type("024 7645 1200")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    tab_to(page, "join-make")
    page.keyboard.press("Enter")
    assert focused(page) == "join-result-heading"
    elapsed = time.monotonic() - started
    print(f"\nA new profile made with the keyboard in {elapsed:.1f} s of scripted typing")
    yaml_text = page.inner_text("#join-yaml")
    assert page.inner_text("#join-file") == "members/wyken-warm-space.yaml"
    reviewed = re.search(r"^reviewed: (\d{4}-\d{2}-\d{2})$", yaml_text, re.M)[1]
    assert yaml_text == f"""\
name: Wyken Warm Space
type: community-group
summary: A warm, free place to sit, chat and have a hot drink on winter afternoons.
areas: [Coventry, Online]
reviewed: {reviewed}
offers:
  - category: venues
    title: Our community room on weekday afternoons
    details: |-
      Seats 25, step-free.
      Kitchen available.
needs:
  - category: volunteers
    title: People to welcome visitors and make tea
  - category: transport
    title: Lifts home for visitors after dark
contact:
  name: Dawn Hughes
  email: dawn@wykenwarm.example.org
  phone: "024 7645 1200"
  public: true
"""
    checked = validate_profile(tmp_path, "wyken-warm-space.yaml", yaml_text)
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.startswith("OK: 1 members")
    # The ways to send it: email (always), download and copy; GitHub only for a GitHub repository.
    email = page.get_attribute("#join-email", "href")
    assert email.startswith("mailto:hello@coalition.example.org?subject=New%20profile%3A%20Wyken%20Warm%20Space&body=")
    assert quote(yaml_text, safe="") in email
    assert page.get_attribute("#join-download", "download") == "wyken-warm-space.yaml"
    assert page.locator("#join-github-item").is_hidden()  # the example's REPOSITORY_URL is not on GitHub
    assert axe_violations(page, axe_source) == []


def test_mistakes_are_listed_linked_and_marked_on_their_fields(page, base_url, axe_source):
    page.goto(base_url + "join/")
    page.fill("#name", "Wyken Warm Space")
    page.fill("#website", "wykenwarm.example.org")
    page.select_option("#offers-0-category", "venues")
    page.fill("#contact-email", "dawn at wyken")
    page.click("#join-make")
    assert focused(page) == "join-problems"
    assert page.locator("#join-problems-list li").all_inner_texts() == [
        "Fill in “What your organisation does, in one sentence”",
        "“Website”: write the whole address, starting https://",
        "Fill in “Where do you work?”",
        "Fill in “Offer 1: what you offer, in a few words”",
        "“Contact email”: write an email address, like name@example.org",
    ]
    assert page.get_attribute("#website", "aria-invalid") == "true"
    assert page.get_attribute("#website", "aria-describedby") == "website-hint website-error"
    page.click("text=“Website”: write the whole address")
    assert focused(page) == "website"
    assert page.locator("#join-result").is_hidden()
    assert axe_violations(page, axe_source) == []
    page.fill("#website", "https://wykenwarm.example.org")
    page.fill("#summary", "A warm place.")
    page.fill("#areas", "Coventry")
    page.fill("#offers-0-title", "Our room")
    page.fill("#contact-email", "dawn@wykenwarm.example.org")
    page.click("#join-make")
    assert page.locator("#join-problems").is_hidden() and page.locator("[aria-invalid]").count() == 0
    assert focused(page) == "join-result-heading"


def test_update_starts_from_the_members_public_profile(page, base_url, tmp_path):
    page.goto(base_url + "members/tile-hill-lunch-club/")
    page.click("text=Update this profile")
    page.wait_for_url("**/join/?member=tile-hill-lunch-club")
    expect(page.locator("#join-loaded")).not_to_be_empty()
    assert page.inner_text("#join-loaded").startswith("This is the current profile of Tile Hill Friday Lunch Club.")
    assert page.input_value("#name") == "Tile Hill Friday Lunch Club"
    assert page.input_value("#contact-name") == ""  # not published, so not in members.json
    page.fill("#needs-1-title", "Two helpers for washing up on Fridays")
    page.click("#join-make")
    yaml_text = page.inner_text("#join-yaml")
    assert page.inner_text("#join-file") == "members/tile-hill-lunch-club.yaml"
    assert "joined: 2021-01-18" in yaml_text and "title: Two helpers for washing up on Fridays" in yaml_text
    checked = validate_profile(tmp_path, "tile-hill-lunch-club.yaml", yaml_text)
    assert checked.returncode == 0, checked.stderr


def test_without_javascript_the_page_says_what_else_to_do(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "join/")
    assert page.locator("#join-nojs").is_visible()
    assert "email the coordinators" in page.inner_text("#join-nojs")
    assert page.get_attribute("#join-form", "action").startswith("mailto:hello@coalition.example.org")
    assert page.locator("button", has_text="Send by email").is_visible()
    context.close()


@pytest.fixture(scope="module")
def github_site(tmp_path_factory):
    """The example hub built with a GitHub REPOSITORY_URL: "propose this on GitHub" and the file link appear."""
    output = tmp_path_factory.mktemp("github-site")
    result = run_pelican(ROOT, output, extra={"REPOSITORY_URL": "https://github.com/our-coalition/hub"})
    assert result.returncode == 0, result.stderr
    with sitecheck.serve(output) as url:
        yield url


def test_on_github_the_profile_can_be_proposed_as_a_new_file(page, github_site):
    page.goto(github_site + "members/tile-hill-lunch-club/")
    assert page.get_attribute("text=its file on GitHub", "href") == \
        "https://github.com/our-coalition/hub/blob/main/members/tile-hill-lunch-club.yaml"
    page.goto(github_site + "join/")
    page.fill("#name", "Knit & Natter")
    page.fill("#summary", "Knitting: every Wednesday.")
    page.fill("#areas", "Coventry")
    page.click("#join-make")
    yaml_text = page.inner_text("#join-yaml")
    assert yaml_text.startswith('name: Knit & Natter\nsummary: "Knitting: every Wednesday."\n')
    assert page.get_attribute("#join-github", "href") == (
        "https://github.com/our-coalition/hub/new/main?filename=members%2Fknit-natter.yaml&value="
        + quote(yaml_text, safe="-_.!~*'()"))
    page.goto(github_site + "join/?member=tile-hill-lunch-club")
    expect(page.locator("#join-loaded")).not_to_be_empty()
    page.click("#join-make")
    assert page.get_attribute("#join-github", "href") == \
        "https://github.com/our-coalition/hub/edit/main/members/tile-hill-lunch-club.yaml"
    assert page.inner_text("#join-github") == "Propose this change on GitHub"
