"""Each kind of field: the exact message a member sees, on the line of the mistake."""
import datetime as dt
from pathlib import Path

import pytest

from hub.core import schema
from hub.core.fields import INVALID, Checker, Field, ListOf, Record, Text, markdown_table, suggest
from hub.core.loader import load_vocabulary
from hub.core.yamlio import parse_text

ROOT = Path(__file__).resolve().parent.parent
VOCABULARY, _ = load_vocabulary(ROOT / "categories.yaml")


def check(text: str, record=schema.MEMBER, content_path=None):
    doc, problems = parse_text(text, "members/x.yaml")
    assert problems == []
    checker = Checker(doc, {"vocabulary": VOCABULARY, "content_path": content_path})
    value = record.check(doc.data, (), checker)
    return value, [str(p) for p in checker.problems]


VALID = "name: Group\nsummary: We help.\nareas: [Coventry]\n"


def test_minimal_profile_is_valid():
    value, problems = check(VALID)
    assert problems == []
    assert value["name"] == "Group" and value["areas"] == ("Coventry",) and value["offers"] == ()


@pytest.mark.parametrize("line, expected", [
    ("website: ballhill.example.org",
     "members/x.yaml:4: website: 'ballhill.example.org' has no scheme; write it in full, "
     "e.g. 'https://ballhill.example.org'"),
    ("website: javascript:alert(1)",
     "members/x.yaml:4: website: 'javascript:alert(1)' must start with http:// or https://"),
    ("website: 'data:text/html,hi'",
     "members/x.yaml:4: website: 'data:text/html,hi' must start with http:// or https://"),
    ("website: https://",
     "members/x.yaml:4: website: 'https://' is not a complete web address; copy it from the browser's address bar"),
    ("joined: 31/02/2021",
     "members/x.yaml:4: joined: '31/02/2021' is not a real date; write it as YYYY-MM-DD or DD/MM/YYYY, e.g. "
     "2027-03-31 or 31/03/2027"),
    ("joined: 03/15/2021",  # month first, as in the USA: there is no 15th month
     "members/x.yaml:4: joined: '03/15/2021' is not a real date; write it as YYYY-MM-DD or DD/MM/YYYY, e.g. "
     "2027-03-31 or 31/03/2027"),
    ("type: charity-ish",
     "members/x.yaml:4: type: 'charity-ish' is not allowed (did you mean \"charity\"?); use one of: charity, "
     "community-group, council, university, social-enterprise, faith-group, network, health, business, other"),
    ("summery: typo",
     "members/x.yaml:4: summery: unknown field (did you mean \"summary\"?); the allowed fields are: name, type, "
     "summary, description, website, areas, localities, themes, keys, joined, updated, reviewed, logo, offers, needs, contact, news_feed, "
     "events_feed"),
    ("themes: [food, Food]", "members/x.yaml:4: themes[1]: 'Food' is listed twice; remove one"),
    ("needs: lots", "members/x.yaml:4: needs: expected a list, found text; write one '- item' per line"),
    ("contact: {email: 'priya@'}",
     "members/x.yaml:4: contact.email: 'priya@' is not an email address; write it like 'name@example.org'"),
    ("contact: {phone: 02476000000}",
     "members/x.yaml:4: contact.phone: put the phone number in quotes (e.g. \"024 7600 0000\") so its "
     "leading 0 and spaces are kept"),
    ("contact: {phone: 'call us'}",
     "members/x.yaml:4: contact.phone: 'call us' is not a phone number; use digits, spaces, brackets, "
     "'-' and a leading '+' only"),
    ("contact: {public: 'yes please'}",
     "members/x.yaml:4: contact.public: expected true or false, found 'yes please'"),
    ("contact: [a]",
     "members/x.yaml:4: contact: expected a mapping of 'field: value' lines for this contact, found a list"),
    ("logo: ../secret.png",
     "members/x.yaml:4: logo: '../secret.png' must be a path under content/images/, "
     "e.g. 'images/logos/our-logo.png', or an https URL"),
    ("logo: images/logo.exe", "members/x.yaml:4: logo: 'images/logo.exe' is not an image; use a .png, .jpg, .svg or .webp file"),
    ("description: [a, b]",
     "members/x.yaml:4: description: expected Markdown, found a list; put the value in quotes if it is meant as text"),
    ("joined: yes", "members/x.yaml:4: joined: 'True' is not a date; write it as YYYY-MM-DD or DD/MM/YYYY, e.g. "
                    "2027-03-31 or 31/03/2027"),
])
def test_one_mistake_one_exact_message(line, expected):
    value, problems = check(VALID + line + "\n")
    assert value is INVALID
    assert problems == [expected]


def test_required_fields_missing_and_empty():
    _, problems = check("name: ''\nareas: []\n")
    assert problems == [
        "members/x.yaml:1: name: is required but empty: The organisation's name",
        "members/x.yaml:1: summary: is required: One plain-text sentence about what the member does",
        "members/x.yaml:2: areas: is required but empty: Places the member works, e.g. `Coventry`; "
        "`Online` and `UK-wide` reach everyone",
    ]


def test_text_limits_and_line_breaks():
    _, problems = check("name: Group\nsummary: '" + "x" * 201 + "'\nareas: [Leeds]\n")
    assert problems == ["members/x.yaml:2: summary: is 201 characters long; the limit is 200. "
                        "Shorten it (longer text belongs in 'description')"]
    # A 5 MB description was told that "longer text belongs in 'description'": it is the longer text.
    _, problems = check("name: Group\nsummary: s\nareas: [Leeds]\ndescription: '" + "x" * 5_000_000 + "'\n")
    assert problems == ["members/x.yaml:4: description: is 5,000,000 characters long; the limit is 10,000. "
                        "Shorten it"]
    _, problems = check("name: |\n  two\n  lines\nsummary: s\nareas: [Leeds]\n")
    assert problems == ["members/x.yaml:1: name: must fit on one line; remove the line breaks"]
    _, problems = check('name: "Good\\u2028name"\nsummary: s\nareas: [Leeds]\n')  # Unicode's line separator
    assert problems == ["members/x.yaml:1: name: must fit on one line; remove the line breaks"]


@pytest.mark.parametrize("escape", ["\\v", "\\0", "\\x1b", "\\x85", "\\uFFFF"])
def test_a_character_no_page_or_feed_can_carry_is_refused(escape):
    """A vertical tab (YAML "\\v", or a CSV cell) passed validation, then the build failed on the Atom feed."""
    _, problems = check(f'name: "Soup{escape}club"\nsummary: s\nareas: [Leeds]\n')
    assert len(problems) == 1 and problems[0].startswith("members/x.yaml:1: name: contains the invisible character U+")


def test_unknown_category_suggests_from_labels_and_synonyms():
    text = VALID + "offers:\n  - category: hall\n    title: Room\n  - category: minibus\n    title: Bus\n"
    _, problems = check(text)
    assert problems == [
        "members/x.yaml:5: offers[0].category: 'hall' is not a category (did you mean \"venues\"?); "
        "the categories are listed in categories.yaml",
        "members/x.yaml:7: offers[1].category: 'minibus' is not a category (did you mean \"transport\"?); "
        "the categories are listed in categories.yaml",
    ]


def test_unknown_category_without_a_close_word_has_no_guess():
    _, problems = check(VALID + "needs:\n  - category: zzzzqqq\n    title: Something\n")
    assert problems == ["members/x.yaml:5: needs[0].category: 'zzzzqqq' is not a category; "
                        "the categories are listed in categories.yaml"]


def test_every_mistake_in_a_file_is_reported_not_just_the_first():
    text = ("name: Group\nsummary: s\nareas: [Leeds]\nwebsite: x.org\njoined: soon\n"
            "offers:\n  - category: venues\n  - title: t\n    category: nope\n")
    _, problems = check(text)
    assert [p.split(": ")[0].split(":")[1] + " " + p.split(": ")[1] for p in problems] == [
        "4 website", "5 joined", "7 offers[0].title", "9 offers[1].category"]


def test_item_areas_accept_a_single_value():
    value, problems = check(VALID + "offers:\n  - category: venues\n    title: Hall\n    areas: Leeds\n")
    assert problems == [] and value["offers"][0]["areas"] == ("Leeds",)


def test_logo_must_exist_when_the_content_folder_is_known(tmp_path):
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "ok.png").write_bytes(b"png")
    value, problems = check(VALID + "logo: images/ok.png\n", content_path=tmp_path)
    assert problems == [] and value["logo"] == "images/ok.png"
    _, problems = check(VALID + "logo: images/gone.png\n", content_path=tmp_path)
    assert problems == ["members/x.yaml:4: logo: 'images/gone.png' does not exist under content/; "
                        "add the image or correct the path"]


def test_dates_become_dates():
    value, _ = check(VALID + "joined: 2021-03-15\n")
    assert value["joined"] == dt.date(2021, 3, 15)


def test_suggest_is_quiet_when_nothing_is_close():
    assert suggest("zzz", ["name", "summary"]) == ""


def test_field_table_lists_nested_fields():
    table = markdown_table(Record(fields=(Field("items", ListOf(Record(fields=(Field("t", Text()),)))),)))
    assert "| `items[].t` | text | no |  |" in table
