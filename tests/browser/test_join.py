"""/join/ in Debian's chromium, used as a member would: with the keyboard alone, a new profile is made and
the YAML it gives passes `invoke validate`; mistakes are listed, linked and marked on their fields;
"Update this profile" starts from the public profile and gives every example profile back as its file
says; contact details not to be published reach only the email to the coordinators; a new profile
never takes an existing member's name; without JavaScript the page says what else to do. axe finds
nothing to fix in any of these states."""
from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
import time
from urllib.parse import quote, unquote

import pytest
import yaml
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
    """`invoke validate`'s check of the profile, in a hub with the example's categories and neighbourhoods."""
    (tmp_path / "members").mkdir(exist_ok=True)
    shutil.copy(ROOT / "categories.yaml", tmp_path / "categories.yaml")
    shutil.copy(ROOT / "places.yaml", tmp_path / "places.yaml")
    for folder in ("images", "series"):  # logos; the series declaring the keys to connection
        shutil.copytree(ROOT / "content" / folder, tmp_path / "content" / folder, dirs_exist_ok=True)
    (tmp_path / "members" / file_name).write_text(yaml_text, encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "hub.core.validate", str(tmp_path)], capture_output=True, text=True)


def make_profile(page) -> str:
    """Press "Make my profile" and return the profile the page shows, once it shows it."""
    page.click("#join-make")
    expect(page.locator("#join-result-heading")).to_be_focused()
    return page.inner_text("#join-yaml")


def open_update(page, url: str) -> None:
    """/join/?member=... with the member's current profile loaded into the form."""
    page.goto(url)
    expect(page.locator("#join-loaded")).to_have_text(re.compile(r"^This is the current profile of "))


def browser_today(page) -> dt.date:
    return dt.date.fromisoformat(page.evaluate(
        "(() => { const d = new Date(); return [d.getFullYear(), String(d.getMonth() + 1).padStart(2, '0'), "
        "String(d.getDate()).padStart(2, '0')].join('-'); })()"))


def email_parts(page) -> tuple[str, str]:
    """The email to the coordinators as its link gives it: (subject, body), decoded."""
    href = page.get_attribute("#join-email", "href")
    assert href.startswith("mailto:hello@coalition.example.org?subject=")
    subject, body = href.split("?subject=", 1)[1].split("&body=", 1)
    return unquote(subject), unquote(body)


def downloaded(page) -> str:
    """The text of the file "Download the profile" gives."""
    return page.evaluate("fetch(document.getElementById('join-download').href).then((r) => r.text())")


def copied(page) -> str:
    """What "Copy the profile" put on the clipboard."""
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.click("#join-copy")
    expect(page.locator("#join-status")).to_have_text("The profile is copied: paste it where you need it.")
    return page.evaluate("navigator.clipboard.readText()")


COORDINATORS_ONLY = re.compile(r"\n--- For the coordinators only, not to be published ---\n(.*)"
                               r"\n--- End of the part for the coordinators only ---\n$", re.S)


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
    # Neighbourhoods are boxes, by area: Wyken is one of Coventry's.
    tab_to(page, page.get_attribute("label:text-is('Wyken')", "for"))
    page.keyboard.press("Space")
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
    # "Publish contact details?": on a join, yes or no (no "leave it as it is": there is nothing yet).
    assert page.locator("#contact-public-keep").is_hidden()
    page.keyboard.press("Tab")
    assert focused(page) == "contact-public-yes"
    page.keyboard.press("Space")
    tab_to(page, "join-make")
    page.keyboard.press("Enter")
    expect(page.locator("#join-result-heading")).to_be_focused()
    elapsed = time.monotonic() - started
    print(f"\nA new profile made with the keyboard in {elapsed:.1f} s of scripted typing")
    yaml_text = page.inner_text("#join-yaml")
    reviewed = re.search(r"^reviewed: (\d{4}-\d{2}-\d{2})$", yaml_text, re.M)[1]
    assert dt.date.fromisoformat(reviewed) == browser_today(page)
    assert yaml_text == f"""\
name: Wyken Warm Space
type: community-group
summary: A warm, free place to sit, chat and have a hot drink on winter afternoons.
areas: [Coventry, Online]
localities: [Wyken]
reviewed: {reviewed}
offers:
  - category: venues
    title: Our community room on weekday afternoons
    details: |
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
    assert "coordinators only" not in unquote(email)  # everything given is to be published
    assert page.get_attribute("#join-download", "download") == "wyken-warm-space.yaml"
    assert page.locator("#join-github-item").is_hidden()  # the example's REPOSITORY_URL is not on GitHub
    assert page.locator("#join-private").is_hidden() and page.locator("#join-taken").is_hidden()
    assert axe_violations(page, axe_source) == []


def test_mistakes_are_listed_linked_and_marked_on_their_fields(page, base_url, axe_source):
    page.goto(base_url + "join/")
    page.fill("#name", "Wyken Warm Space")
    page.fill("#website", "wykenwarm.example.org")
    page.check("#localities-area-0 >> text=Tile Hill")  # Coventry's, and no areas given yet
    page.select_option("#offers-0-category", "venues")
    page.fill("#contact-email", "dawn at wyken")  # checked even though it is not to be published
    page.click("#join-make")
    assert focused(page) == "join-problems"
    assert page.locator("#join-problems-list li").all_inner_texts() == [
        "Fill in “About your organisation (one sentence)”",
        "“Website”: write the whole address, starting https://",
        "Fill in “Where do you work?”",
        "“Neighbourhoods you work in”: Tile Hill is in Coventry; add Coventry to “Where do you work?”, or untick "
        "Tile Hill",
        "Fill in “Offer 1: what you offer”",
        "“Contact email”: write an email address, like name@example.org",
    ]
    assert page.get_attribute("#website", "aria-invalid") == "true"
    assert page.get_attribute("#website", "aria-describedby") == "website-hint website-error"
    assert page.get_attribute("#localities", "aria-describedby") == "localities-hint localities-error"
    page.click("text=“Website”: write the whole address")
    assert focused(page) == "website"
    page.click("text=“Neighbourhoods you work in”: Tile Hill is in Coventry")
    assert focused(page) == page.get_attribute("#localities input >> nth=0", "id")  # the group's first box
    assert page.locator("#join-result").is_hidden()
    assert axe_violations(page, axe_source) == []
    page.fill("#website", "https://wykenwarm.example.org")
    page.fill("#summary", "A warm place.")
    page.fill("#areas", "Coventry")
    page.fill("#offers-0-title", "Our room")
    page.fill("#contact-email", "dawn@wykenwarm.example.org")
    make_profile(page)
    assert page.locator("#join-problems").is_hidden() and page.locator("[aria-invalid]").count() == 0
    assert page.get_attribute("#localities", "aria-describedby") == "localities-hint"


def test_update_starts_from_the_members_public_profile(page, base_url, tmp_path):
    page.goto(base_url + "members/tile-hill-lunch-club/")
    page.click("text=Update this profile")
    page.wait_for_url("**/join/?member=tile-hill-lunch-club")
    expect(page.locator("#join-loaded")).not_to_be_empty()
    assert page.inner_text("#join-loaded").startswith("This is the current profile of Tile Hill Friday Lunch Club.")
    assert page.input_value("#name") == "Tile Hill Friday Lunch Club"
    # Its neighbourhoods, ticked under Coventry, where it works.
    ticked = page.eval_on_selector_all("input[name=localities]:checked", "boxes => boxes.map((b) => b.value)")
    assert ticked == ["Canley (Coventry)", "Tile Hill (Coventry)"]
    assert page.input_value("#contact-name") == ""  # not published, so not in members.json
    # On an update the consent question offers to leave it as it is, and starts there.
    assert page.locator("#contact-public-keep").is_visible() and page.is_checked("#contact-public-keep")
    assert page.inner_text("#contact-now") == "Now: the hub publishes no contact details for you."
    page.fill("#needs-1-title", "Two helpers for washing up on Fridays")
    yaml_text = make_profile(page)
    assert page.get_attribute("#join-download", "download") == "tile-hill-lunch-club.yaml"
    assert "joined: 2021-01-18" in yaml_text and "title: Two helpers for washing up on Fridays" in yaml_text
    assert "localities: [Tile Hill, Canley]" in yaml_text and "keys: [space, small-things, time]" in yaml_text
    assert "contact" not in yaml_text
    checked = validate_profile(tmp_path, "tile-hill-lunch-club.yaml", yaml_text)
    assert checked.returncode == 0, checked.stderr


def test_an_offers_last_day_is_kept_on_an_update(page, base_url):
    """No example offer has an `until`: members.json is given one here, as the build writes it for an offer
    that has one."""
    def with_until(route):
        document = route.fetch().json()
        member = next(entry for entry in document["members"] if entry["slug"] == "tile-hill-lunch-club")
        member["offers"][0]["until"] = "2027-03-31"
        route.fulfill(json=document)

    page.route("**/members.json", with_until)
    open_update(page, base_url + "join/?member=tile-hill-lunch-club")
    assert page.input_value("#offers-0-until") == "2027-03-31"
    yaml_text = make_profile(page)
    assert yaml.safe_load(yaml_text)["offers"][0]["until"] == dt.date(2027, 3, 31)


def test_an_offer_past_its_last_day_is_kept_on_an_update(page, base_url):
    """Offers and needs past their `until` day are on no page, so /join/ dropped them on an update (the very
    update an `invoke stale` reminder asks for). members.json lists them apart, in `ended`, as the build
    writes it (tests/test_freshness.py); here the lunch club is given one, in its place in the file."""
    ended = {"category": "venues", "title": "Our hall on Tuesday mornings", "details": None, "areas": ["Coventry"],
             "until": "2026-11-20", "anchor": "offer-1"}

    def with_ended(route):
        document = route.fetch().json()
        member = next(entry for entry in document["members"] if entry["slug"] == "tile-hill-lunch-club")
        member["offers"][0]["anchor"] = "offer-2"
        member["ended"] = [ended]
        route.fulfill(json=document)

    page.route("**/members.json", with_ended)
    open_update(page, base_url + "join/?member=tile-hill-lunch-club")
    offers = yaml.safe_load(make_profile(page))["offers"]
    assert [(offer["title"], offer.get("until")) for offer in offers] == [
        ("Our hall on Tuesday mornings", dt.date(2026, 11, 20)), ("Warm two-course lunch every Friday for £3.50", None)]


def test_emptying_a_published_contact_field_takes_that_detail_away(page, base_url):
    """The contact's fields start from what is published: a member who deletes the phone number (and
    leaves publishing as it is) had it put back."""
    open_update(page, base_url + "join/?member=ball-hill-organisers")
    page.fill("#contact-phone", "")
    contact = yaml.safe_load(make_profile(page))["contact"]
    assert contact == {"name": "Priya Shah", "email": "priya@ballhill.example.org", "public": True}


PROFILES = sorted(path.stem for path in (ROOT / "members").glob("*.yaml"))


def test_every_example_profile_comes_back_as_its_file_says(page, base_url):
    """Nothing is dropped: each example profile, loaded into /join/?member=... and made again with
    nothing changed, gives the file's own values back, `reviewed` aside (today: sending confirms it)."""
    assert len(PROFILES) > 20
    different = {}
    for slug in PROFILES:
        expected = yaml.safe_load((ROOT / "members" / f"{slug}.yaml").read_text(encoding="utf-8"))
        open_update(page, base_url + f"join/?member={slug}")
        made = yaml.safe_load(make_profile(page))
        assert made.pop("reviewed") == browser_today(page), slug
        expected.pop("reviewed", None)
        if made != expected:
            different[slug] = {key: (expected.get(key), made.get(key)) for key in {*expected, *made}
                               if expected.get(key) != made.get(key)}
    assert not different, different


def test_details_not_to_be_published_go_only_to_the_coordinators(page, github_site, axe_source):
    page.goto(github_site + "join/")
    page.fill("#name", "Knit & Natter")
    page.fill("#summary", "Knitting and a chat every Wednesday.")
    page.fill("#areas", "Coventry")
    private = {"name": "Mo Ahmed", "email": "mo.ahmed@knit.example.org", "phone": "07700 900123"}
    for name, value in private.items():
        page.fill(f"#contact-{name}", value)
    # No answer to "Publish contact details?" on a join: not published.
    yaml_text = make_profile(page)
    assert yaml_text.startswith("name: Knit & Natter\n") and "contact" not in yaml_text
    github = unquote(page.get_attribute("#join-github", "href"))
    assert github.startswith("https://github.com/our-coalition/hub/new/main?filename=members/knit-natter.yaml&value=")
    for where, text in [("GitHub link", github), ("profile shown", yaml_text), ("download", downloaded(page)),
                        ("copy", copied(page))]:
        found = [value for value in private.values() if value in text]
        assert not found, f"{where} holds {found}"
    # The page says so, next to the ways to send it.
    assert page.locator("#join-private").is_visible()
    assert "not in the profile below" in page.inner_text("#join-private")
    assert "Only the email to the coordinators carries them" in page.inner_text("#join-private")
    subject, body = email_parts(page)
    assert subject == "New profile: Knit & Natter"
    assert body.startswith(f"Hello,\n\nPlease add our profile to the hub, with its page at {github_site}members/knit-natter/:"
                           f"\n\n{yaml_text}")
    public_part, _, _ = body.partition("--- For the coordinators only")
    assert yaml_text in public_part and not [value for value in private.values() if value in public_part]
    assert COORDINATORS_ONLY.search(body)[1] == (
        "Our contact details, to keep privately and not to put on the hub:\n"
        "Contact name: Mo Ahmed\nContact email: mo.ahmed@knit.example.org\nContact phone: 07700 900123")
    assert axe_violations(page, axe_source) == []
    # Choosing to publish them puts them in the profile, with the consent, and nothing is private.
    page.click("#join-edit")
    page.check("#contact-public-yes")
    yaml_text = make_profile(page)
    assert yaml_text.endswith('contact:\n  name: Mo Ahmed\n  email: mo.ahmed@knit.example.org\n'
                              '  phone: "07700 900123"\n  public: true\n')
    assert "coordinators only" not in email_parts(page)[1] and page.locator("#join-private").is_hidden()
    # And "No" again takes them out.
    page.click("#join-edit")
    page.check("#contact-public-no")
    assert "contact" not in make_profile(page)
    assert COORDINATORS_ONLY.search(email_parts(page)[1])


def test_stopping_publishing_takes_the_contact_off_the_profile(page, github_site, axe_source):
    open_update(page, github_site + "join/?member=ball-hill-organisers")
    assert page.is_checked("#contact-public-keep") and axe_violations(page, axe_source) == []
    # The contact published now fills the form, and "leave it as it is" keeps it published.
    assert [page.input_value(f"#contact-{name}") for name in ("name", "email", "phone")] == \
        ["Priya Shah", "priya@ballhill.example.org", "024 7618 0012"]
    assert page.inner_text("#contact-now") == "Now: the hub publishes the contact details above."
    assert "contact:\n  name: Priya Shah\n" in make_profile(page)
    page.click("#join-edit")
    page.check("#contact-public-no")
    page.fill("#contact-phone", "07700 900456")  # a new number, for the coordinators
    yaml_text = make_profile(page)
    assert "contact" not in yaml_text and "Priya" not in yaml_text and "priya@" not in yaml_text
    assert page.get_attribute("#join-github", "href") == \
        "https://github.com/our-coalition/hub/edit/main/members/ball-hill-organisers.yaml"
    assert "Priya" not in downloaded(page) and "Priya" not in copied(page)
    assert "will no longer be shown on the hub" in page.inner_text("#join-private")
    subject, body = email_parts(page)
    assert subject == "Update profile: Ball Hill Community Organisers"
    assert body.startswith(f"Hello,\n\nPlease update our profile on the hub, {github_site}members/ball-hill-organisers/, "
                           f"to this:\n\n{yaml_text}")
    assert "Please stop publishing our contact details." in body
    assert COORDINATORS_ONLY.search(body)[1].endswith(
        "Contact name: Priya Shah\nContact email: priya@ballhill.example.org\nContact phone: 07700 900456")
    assert "Priya" not in body.partition("--- For the coordinators only")[0]


def test_a_new_profile_never_takes_an_existing_members_name(page, base_url, axe_source):
    page.goto(base_url + "join/")
    page.fill("#name", "Cardiff Cuppa Club")  # the name of a member already on the hub
    page.fill("#summary", "Tea and a chat.")
    page.fill("#areas", "Cardiff")
    make_profile(page)
    assert page.get_attribute("#join-download", "download") == "cardiff-cuppa-club-2.yaml"
    assert page.inner_text("#join-taken").startswith("There is already a member with this name on the hub")
    assert page.locator("#join-taken a", has_text="see its page").evaluate("a => a.href") == \
        base_url + "members/cardiff-cuppa-club/"
    assert axe_violations(page, axe_source) == []
    page.locator("#join-taken a", has_text="update its profile").click()
    page.wait_for_url("**/join/?member=cardiff-cuppa-club")
    expect(page.locator("#join-loaded")).to_contain_text("This is the current profile of Cardiff Cuppa Club.")
    # With "-2" taken too, the next free name.
    page.goto(base_url + "join/")
    page.route("**/members/cardiff-cuppa-club-2/", lambda route: route.fulfill(status=200, body="a member's page"))
    page.fill("#name", "Cardiff Cuppa Club")
    page.fill("#summary", "Tea and a chat.")
    page.fill("#areas", "Cardiff")
    make_profile(page)
    assert page.get_attribute("#join-download", "download") == "cardiff-cuppa-club-3.yaml"
    # A name nobody has: no note.
    page.click("#join-edit")
    page.fill("#name", "Cardiff Cuppa Club Penarth")
    make_profile(page)
    assert page.get_attribute("#join-download", "download") == "cardiff-cuppa-club-penarth.yaml"
    assert page.locator("#join-taken").is_hidden()


def test_without_javascript_the_page_says_what_else_to_do(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "join/")
    assert page.locator("#join-nojs").is_visible()
    assert "email the coordinators" in page.inner_text("#join-nojs")
    assert page.get_attribute("#join-form", "action").startswith("mailto:hello@coalition.example.org")
    assert page.locator("button", has_text="Send by email").is_visible()
    # Every answer is there to give: the neighbourhoods' boxes and the three answers about publishing.
    assert page.locator("#localities input[type=checkbox]").count() == 18
    assert page.get_attribute("label:text-is('Tile Hill')", "for") and page.is_visible("label:text-is('Tile Hill')")
    assert page.locator("#contact-public input[type=radio]:visible").count() == 3
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
    yaml_text = make_profile(page)
    assert yaml_text.startswith('name: Knit & Natter\nsummary: "Knitting: every Wednesday."\n')
    assert page.get_attribute("#join-github", "href") == (
        "https://github.com/our-coalition/hub/new/main?filename=members%2Fknit-natter.yaml&value="
        + quote(yaml_text, safe="-_.!~*'()"))
    open_update(page, github_site + "join/?member=tile-hill-lunch-club")
    make_profile(page)
    assert page.get_attribute("#join-github", "href") == \
        "https://github.com/our-coalition/hub/edit/main/members/tile-hill-lunch-club.yaml"
    assert page.inner_text("#join-github") == "Propose this change on GitHub"


@pytest.mark.parametrize("name", ["ＣＡＲＤＩＦＦ ＣＵＰＰＡ ＣＬＵＢ", "Саrdiff Сuppа Club"])  # full width; Cyrillic С and а
def test_a_name_written_to_look_like_a_members_is_noticed(page, base_url, name):
    page.goto(base_url + "join/")
    page.fill("#name", name)
    page.fill("#summary", "Tea and a chat.")
    page.fill("#areas", "Cardiff")
    make_profile(page)
    assert page.get_attribute("#join-download", "download") == "cardiff-cuppa-club-2.yaml"
    assert page.inner_text("#join-taken").startswith("There is already a member with this name on the hub")


def test_when_the_hub_cannot_say_whether_a_name_is_taken_the_member_is_told(page, base_url):
    page.route("**/members/wyken-warm-space/", lambda route: route.fulfill(status=503, body="busy"))
    page.goto(base_url + "join/")
    page.fill("#name", "Wyken Warm Space")
    page.fill("#summary", "A warm room.")
    page.fill("#areas", "Coventry")
    make_profile(page)
    assert page.inner_text("#join-unknown").startswith("The hub could not be asked whether another member")
    assert page.locator("#join-taken").is_hidden()
