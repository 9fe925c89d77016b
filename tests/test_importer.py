"""`invoke import`: the spreadsheet coordinators keep today becomes valid profiles, or clear errors."""

import shutil
import subprocess
import sys

import yaml

from conftest import FIXTURES, NOW, ROOT, hub_settings, load_hub
from hub.contribute.importer import consent, import_csv, plan_import, read_map, resolve
from hub.contribute.private import read_contacts
from hub.core.loader import load_vocabulary


def settings_of(hub_tree):
    """The tree's settings on the pinned day; its private store is the folder beside it."""
    return hub_settings(hub_tree, HUB_EVENTS_NOW=NOW)


def private_contacts(hub_tree) -> dict:
    return read_contacts(settings_of(hub_tree))[0]


def import_text(hub_tree, tmp_path, text: str, update: bool = False):
    """`import_csv` of the spreadsheet `text` (list.csv) into the tree, with its settings and private store."""
    (tmp_path / "list.csv").write_text(text, encoding="utf-8")
    return import_csv(tmp_path / "list.csv", hub_tree / "members", vocabulary_of(hub_tree), update=update,
                      settings=settings_of(hub_tree))


def test_contact_list_becomes_valid_profiles(hub_tree):
    vocabulary, _ = load_vocabulary(hub_tree / "categories.yaml")
    written, problems = import_csv(FIXTURES / "import/contact-list.csv", hub_tree / "members", vocabulary,
                                   settings=settings_of(hub_tree))
    assert problems == []
    assert sorted(p.name for p in written) == ["foleshill-knit-and-natter.yaml", "leeds-walking-buddies.yaml"]
    profile = yaml.safe_load((hub_tree / "members/foleshill-knit-and-natter.yaml").read_text())
    assert profile["offers"] == [{"category": "events", "title": "Knit and natter on Wednesday afternoons"},
                                 {"category": "training", "title": "Beginners' knitting lessons"}]
    assert profile["contact"] == {"name": "June Okafor", "email": "june@knit.example.org",
                                  "phone": "024 7600 1234", "public": True}
    hub, problems = load_hub(hub_tree)
    assert problems == [] and len(hub.members) == 2
    walkers = hub.by_slug["leeds-walking-buddies"]
    assert walkers.contact is None and [a.name for a in walkers.areas] == ["Leeds", "Online"]
    # "Publish contact: no": the details are kept in the private store, never in members/.
    assert "sam@walk.example.org" not in (hub_tree / "members/leeds-walking-buddies.yaml").read_text()
    assert private_contacts(hub_tree) == {"leeds-walking-buddies": {"name": "Sam Reid", "email": "sam@walk.example.org"}}


def test_without_a_private_store_a_contact_not_to_be_published_is_not_imported(hub_tree):
    written, problems = import_csv(FIXTURES / "import/contact-list.csv", hub_tree / "members",
                                   vocabulary_of(hub_tree), source="list.csv")
    assert written == [] and [str(p) for p in problems] == [
        "list.csv:3: Contact name: these contact details are not to be published, and there is no private store to "
        "keep them in; import with the hub's settings (invoke import), or write Yes to publish them"]


def test_bad_rows_are_reported_by_row_and_nothing_is_written(hub_tree):
    vocabulary, _ = load_vocabulary(hub_tree / "categories.yaml")
    written, problems = import_csv(FIXTURES / "import/bad-contact-list.csv", hub_tree / "members", vocabulary,
                                   source="list.csv", settings=settings_of(hub_tree))
    assert written == [] and list((hub_tree / "members").iterdir()) == []
    assert [str(p) for p in problems] == [
        "list.csv:1: Favourite colour: unknown column: rename it to a heading the import knows (docs/import.md), or "
        "name its field in a --map file (or 'ignore' it)",
        "list.csv:2: About: is required: One plain-text sentence about what the member does",
        "list.csv:2: Support we can give (offers[0].category): 'halls' is not a category (did you mean \"venues\"?); "
        "the categories are listed in categories.yaml",
        "list.csv:2: Contact email: 'not-an-email' is not an email address; write it like 'name@example.org'",
        "list.csv:3: Organisation name: a name is needed to make the file name",
    ]  # row 4 is blank, as spreadsheets export the rows after the last one: it is skipped


def test_existing_profiles_are_not_overwritten(hub_tree):
    vocabulary, _ = load_vocabulary(hub_tree / "categories.yaml")
    (hub_tree / "members/leeds-walking-buddies.yaml").write_text("name: Mine\n")
    written, problems = import_csv(FIXTURES / "import/contact-list.csv", hub_tree / "members", vocabulary,
                                   source="list.csv", settings=settings_of(hub_tree))
    assert written == []
    assert [str(p) for p in problems] == [
        "list.csv:3: Organisation name: members/leeds-walking-buddies.yaml already exists; re-run with --update to "
        "bring it up to date from this row (the changes are shown), or edit the file"]


# Form exports as they come: Google Forms' "Download responses (.csv)" and Microsoft Forms' answers
# saved from Excel as "CSV UTF-8" (tests/fixtures/import/).
GOOGLE = FIXTURES / "import/google-forms-50.csv"
MICROSOFT = FIXTURES / "import/microsoft-forms.csv"


def vocabulary_of(hub_tree):
    return load_vocabulary(hub_tree / "categories.yaml")[0]


def test_a_google_forms_export_of_50_answers_becomes_50_valid_profiles(hub_tree):
    plan = plan_import(GOOGLE, hub_tree / "members", vocabulary_of(hub_tree), source="responses.csv",
                       settings=settings_of(hub_tree))
    assert plan.problems == []
    assert [str(note) for note in plan.notes] == [  # the Timestamp is when the member confirmed the profile
        "responses.csv:1: Email Address: ignored: the address of whoever filled in the form (Google Forms adds it), "
        "which is never published; the contact's email is a question of its own"]
    written = plan.write()
    assert len(written) == 50
    hub, problems = load_hub(hub_tree)
    assert problems == [] and len(hub.members) == 50
    # Checkbox answers joined by ', ', categories by their label, multi-line answers, 'No, keep them private'.
    # The Timestamp "23/03/2026 13:34:46" (day first, as Google Forms writes it) is when it was confirmed.
    assert (hub_tree / "members/coventry-mind-peer-support.yaml").read_text(encoding="utf-8") == """\
name: Coventry Mind Peer Support
type: charity
summary: Peer support groups for adults living with anxiety and low mood.
description: |-
  We started in 2012.

  Everyone is welcome, whatever their age or background.
website: https://coventrymindpeersu.example.org
areas: [Coventry, Online]
reviewed: 2026-03-23
offers:
  - category: advice
    title: Signposting to local services
    details: |-
      Drop in or phone us.
      We can also visit.
  - category: training
    title: Safeguarding training for volunteers
    details: Two hours, free for members.
needs:
  - category: translation
    title: Interpreters for Arabic and Tigrinya
"""
    assert private_contacts(hub_tree)["coventry-mind-peer-support"] == {
        "name": "Olu Shah", "email": "hello@coventrymindpeersu.example.org", "phone": "024 7622 1814"}
    assert all(member.reviewed is not None for member in hub.members)  # nobody is "never confirmed"
    consent = {m.slug: m.contact is not None for m in hub.members}
    assert [consent[slug] for slug in ("tile-hill-lunch-club", "hillfields-community-pantry", "kenilworth-walking-group",
                                       "nuneaton-mens-shed", "leamington-befriending-scheme",
                                       "st-barnabas-church-hall")] == [True, True, True, False, False, False]
    # "yes", "YES", "Yes, publish them" publish the contact; "No", "no", "No, keep them private" do not.
    assert hub.by_slug["bedworth-memory-cafe"].name == "Bedworth Memory Café"  # the accent is dropped from the name


def test_a_microsoft_forms_export_with_a_map_of_its_questions(hub_tree):
    mapping, problems = read_map(FIXTURES / "import/microsoft-forms-map.yaml", "map.yaml")
    assert problems == []
    plan = plan_import(MICROSOFT, hub_tree / "members", vocabulary_of(hub_tree), source="answers.csv",
                       mapping=mapping, settings=settings_of(hub_tree))
    assert plan.problems == []
    assert [note.field for note in plan.notes] == ["ID", "Start time", "Completion time", "Email", "Name",
                                                   "Last modified time"]
    plan.write()
    hub, problems = load_hub(hub_tree)
    assert problems == [] and len(hub.members) == 8
    cricket = hub.by_slug["foleshill-cricket-for-all"]
    assert [a.name for a in cricket.areas] == ["Coventry", "Warwickshire"]  # "Coventry;Warwickshire;"
    assert [(i.category, i.title) for i in cricket.offers] == [("equipment", "Cricket kit to borrow"),
                                                               ("youth", "Coaching for youth groups")]
    assert hub.by_slug["earlsdon-library-friends"].contact is None  # "NO": kept in the private store
    assert "earlsdon-library-friends" in private_contacts(hub_tree)
    assert hub.by_slug["stoke-masjid-community-kitchen"].description == "Everyone is welcome.\nNo need to book."


def test_a_broken_form_export_gives_the_exact_list_of_what_to_fix(hub_tree):
    broken = FIXTURES / "import/google-forms-broken.csv"
    written, problems = import_csv(broken, hub_tree / "members", vocabulary_of(hub_tree), source=broken.name,
                                   settings=settings_of(hub_tree))
    expected = broken.with_suffix(".expect").read_text(encoding="utf-8").splitlines()
    assert [str(p) for p in problems] == expected
    assert expected[0] == ("google-forms-broken.csv:3: Offer 1: kind of support: 'Hall hire' is not a category "
                           "(did you mean \"venues\"?); the categories are listed in categories.yaml")
    assert written == [] and list((hub_tree / "members").iterdir()) == []


def test_update_replaces_the_fields_the_list_fills_keeps_the_rest_and_shows_the_change(hub_tree):
    (hub_tree / "members/leeds-walking-buddies.yaml").write_text(
        "name: Leeds Walking Buddies\nsummary: Walks.\nareas: [Leeds]\nthemes: [walking]\n", encoding="utf-8")
    vocabulary = vocabulary_of(hub_tree)
    settings = settings_of(hub_tree)
    plan = plan_import(FIXTURES / "import/contact-list.csv", hub_tree / "members", vocabulary, update=True,
                       settings=settings)
    assert plan.problems == []
    (updated,) = [f for f in plan.files if f.previous is not None]
    assert updated.diff(hub_tree) == """\
--- members/leeds-walking-buddies.yaml (now)
+++ members/leeds-walking-buddies.yaml (from the list)
@@ -1,4 +1,11 @@
 name: Leeds Walking Buddies
-summary: Walks.
-areas: [Leeds]
+summary: Walks in pairs for people who would like company on a stroll.
+areas: [Leeds, Online]
 themes: [walking]
+reviewed: 2026-11-21
+offers:
+  - category: wellbeing
+    title: Buddy walks for anyone feeling isolated
+needs:
+  - category: volunteers
+    title: Walk leaders on weekday mornings
"""
    assert [kept.path.name for kept in plan.kept] == ["leeds-walking-buddies.yaml"]  # its contact: not published
    plan.write()
    again = plan_import(FIXTURES / "import/contact-list.csv", hub_tree / "members", vocabulary, update=True,
                        settings=settings)
    assert again.files == [] and again.kept == [] and len(again.unchanged) == 2  # nothing to change
    # A year later the same list confirms the profiles again: `reviewed` is the day of the import.
    later = hub_settings(hub_tree, HUB_EVENTS_NOW="2027-11-30T12:00:00Z")
    year_on = plan_import(FIXTURES / "import/contact-list.csv", hub_tree / "members", vocabulary, update=True,
                          settings=later)
    assert [line for file in year_on.files for line in file.diff(hub_tree).splitlines() if line[:1] in "+-"
            and not line.startswith(("+++", "---"))] == ["-reviewed: 2026-11-21", "+reviewed: 2027-11-30"] * 2


def test_headings_are_read_as_people_write_them():
    assert resolve("About your organisation (one sentence)") == "summary"
    assert resolve("Where do you work?") == "areas"
    assert resolve("Publish contact details? *") == "contact.public"
    assert resolve("Offer 2: kind of support") == "offers.1.category"
    assert resolve("Need 1 - what you need") == "needs.0.title"
    assert resolve("Offer 3") == "offers.2.title"
    assert resolve("contact.email") == "contact.email" and resolve("Favourite colour") is None


def test_consent_is_yes_or_no_in_any_case_and_anything_else_is_asked_about():
    assert [consent(a) for a in ("Yes", "YES", "yes, publish them", "y")] == [True] * 4
    assert [consent(a) for a in ("No", "NO", "No, keep them private", "")] == [False, False, False, None]
    assert consent("Maybe later") is None


def test_a_map_naming_no_field_is_reported_on_its_line(tmp_path):
    (tmp_path / "map.yaml").write_text('"Our name?": name\n"Your postcode?": postcode\n', encoding="utf-8")
    mapping, problems = read_map(tmp_path / "map.yaml", "map.yaml")
    assert mapping == {"our name": "name"}
    assert [str(p) for p in problems] == [
        "map.yaml:2: Your postcode?: 'postcode' is not a field the import can fill; use one of: name, type, summary, "
        "description, website, areas, localities, themes, keys, joined, updated, reviewed, offers, needs, news_feed, "
        "events_feed, contact.name, contact.email, contact.phone, contact.public, slug, 'offer 1 title' (or category, "
        "details, areas, until; 'need 1 ...' likewise), or 'ignore'"]


def test_a_missing_required_column_is_said_once_not_on_every_row(hub_tree, tmp_path):
    written, problems = import_text(hub_tree, tmp_path, "Organisation name,Where we work\nKnit Club,Coventry\n"
                                                        "Walkers,Leeds\n")
    assert [str(p) for p in problems] == [
        "list.csv:1: (headings): no column gives 'summary', which every profile needs (One plain-text sentence about "
        "what the member does); add a column for it, or name one in a --map file"]


def test_a_name_without_latin_letters_asks_for_a_slug(hub_tree, tmp_path):
    (tmp_path / "list.csv").write_text("Organisation name,About,Where we work\nجمعية الجالية,A group.,Coventry\n",
                                       encoding="utf-8")
    _, problems = import_csv(tmp_path / "list.csv", hub_tree / "members", vocabulary_of(hub_tree))
    assert [str(p) for p in problems] == [
        "list.csv:2: Organisation name: 'جمعية الجالية' gives no file name (only the letters a to z and digits are "
        "used); add a Slug column with one, e.g. 'our-group'"]


def test_invoke_import_check_shows_what_it_would_do_and_writes_nothing(hub_tree):
    shutil.copy(ROOT / "tasks.py", hub_tree / "tasks.py")
    (hub_tree / "plugins").symlink_to(ROOT / "plugins")
    run = lambda *args: subprocess.run([sys.executable, "-m", "invoke", "import", "--csv", str(MICROSOFT), *args],
                                       cwd=hub_tree, capture_output=True, text=True)
    unknown = run("--check")  # 11 questions the import does not know, so no name, summary or areas: 14 problems
    assert unknown.returncode == 1 and unknown.stderr.splitlines()[-1] == "14 problem(s) found; no profile was written."
    checked = run("--check", "--map", str(FIXTURES / "import/microsoft-forms-map.yaml"))
    assert checked.returncode == 0, checked.stderr
    assert "would create members/wyken-warm-space.yaml" in checked.stdout.splitlines()
    assert list((hub_tree / "members").iterdir()) == []
    done = run("--map", str(FIXTURES / "import/microsoft-forms-map.yaml"))
    assert done.returncode == 0 and len(list((hub_tree / "members").iterdir())) == 8
    assert "created members/wyken-warm-space.yaml" in done.stdout.splitlines()


def test_an_update_whose_row_says_no_stops_publishing_and_keeps_the_details_privately(hub_tree, tmp_path):
    """Consent is the member's latest word: a blank answer leaves the published contact as it is, No stops it."""
    (hub_tree / "members/knit-club.yaml").write_text(
        "name: Knit Club\nsummary: We knit.\nareas: [Leeds]\ncontact:\n  name: June\n  email: june@knit.example.org\n"
        "  public: true\n", encoding="utf-8")
    for answer, published in (("", True), ("No", False)):
        _, problems = import_text(hub_tree, tmp_path, "Organisation name,About,Where we work,Publish contact\n"
                                                      f"Knit Club,We knit.,Leeds,{answer}\n", update=True)
        assert problems == []
        profile = yaml.safe_load((hub_tree / "members/knit-club.yaml").read_text(encoding="utf-8"))
        assert ("contact" in profile) is published, answer
    assert private_contacts(hub_tree)["knit-club"] == {"name": "June", "email": "june@knit.example.org"}


def test_a_row_named_like_the_hubs_own_pages_asks_for_a_slug(hub_tree, tmp_path):
    _, problems = import_text(hub_tree, tmp_path, "Organisation name,About,Where we work\nLetters,We write.,Leeds\n")
    assert [str(p) for p in problems] == [
        "list.csv:2: Organisation name: 'letters' is the name of the hub's own pages (members/letters/); add a Slug "
        "column with another, e.g. 'letters-group'"]


def test_an_update_of_a_profile_written_yml_changes_that_file_and_makes_no_second_one(hub_tree, tmp_path):
    (hub_tree / "members/knit-club.yml").write_text("name: Knit Club\nsummary: Old.\nareas: [Leeds]\n",
                                                    encoding="utf-8")
    written, problems = import_text(hub_tree, tmp_path, "Organisation name,About,Where we work\n"
                                                        "Knit Club,We knit.,Leeds\n", update=True)
    assert problems == [] and [path.name for path in written] == ["knit-club.yml"]
    assert sorted(path.name for path in (hub_tree / "members").iterdir()) == ["knit-club.yml"]


def test_an_older_export_never_turns_the_last_confirmed_day_back(hub_tree, tmp_path):
    (hub_tree / "members/knit-club.yaml").write_text("name: Knit Club\nsummary: We knit.\nareas: [Leeds]\n"
                                                     "reviewed: 2026-10-01\n", encoding="utf-8")
    _, problems = import_text(hub_tree, tmp_path, "Timestamp,Organisation name,About,Where we work\n"
                                                  "01/03/2026 09:00:00,Knit Club,We knit.,Leeds\n", update=True)
    assert problems == []
    assert yaml.safe_load((hub_tree / "members/knit-club.yaml").read_text())["reviewed"].isoformat() == "2026-10-01"


def test_the_timestamp_of_a_google_forms_download_is_read(hub_tree, tmp_path):
    _, problems = import_text(hub_tree, tmp_path, 'Timestamp,Organisation name,About,Where we work\n'
                                                  '"2026/03/31 9:15:00 PM GMT+1",Knit Club,We knit.,Leeds\n')
    assert problems == []
    assert yaml.safe_load((hub_tree / "members/knit-club.yaml").read_text())["reviewed"].isoformat() == "2026-03-31"


def test_an_import_that_would_break_the_tree_is_refused_as_validate_would_refuse_it(tmp_path):
    """An update that takes away an offer an introduction names was written, then `invoke validate`
    refused the tree."""
    from test_publish import fork

    tree = fork(tmp_path)
    (tmp_path / "list.csv").write_text(  # the libraries' offer of rooms is introduced to the storytellers
        "Slug,Organisation name,About,Where we work,Support we can give\n"
        "coventry-libraries-community-spaces,Coventry Libraries,Libraries.,Coventry,Food: Soup on Mondays\n",
        encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin", "HUB_EVENTS_NOW": NOW}
    before = (tree / "members/coventry-libraries-community-spaces.yaml").read_text(encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "invoke", "import", "--csv", str(tmp_path / "list.csv"), "--update"],
                            cwd=tree, capture_output=True, text=True, env=env)
    assert result.returncode == 1
    assert ("list.csv:1: (import): the import would break introductions/2026-10-02-storytelling-library-room.yaml"
            in result.stderr)
    assert (tree / "members/coventry-libraries-community-spaces.yaml").read_text(encoding="utf-8") == before
    assert subprocess.run([sys.executable, "-m", "invoke", "validate"], cwd=tree, capture_output=True,
                          env=env).returncode == 0
