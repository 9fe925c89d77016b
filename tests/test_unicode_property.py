"""Whatever `validate` accepts, `build` builds, for every text field of every kind of file, with text from
every Unicode general category.

Hypothesis writes "hostile text": ordinary words mixed with control characters (NUL, vertical tab, ESC,
NEL), format characters (the bidi embeddings, overrides and isolates, zero-width characters, the BOM),
the line and paragraph separators, private use, lone surrogates, unassigned code points and
non-characters, combining marks, emoji joined with ZWJ, right-to-left letters and text that looks like
a character reference; every field also gets the ALWAYS texts, one of each kind. Each example is one
valid file of one kind (a member profile with its offers and needs, an event, a learning post and a
report with their header and text, a report's figures, a series, an introduction, a neighbourhood of
places.yaml, a category, a row of a CSV import) with ONE text field holding it. The fields are the text
fields the schemas declare (core.schema, events.schema, publishing.schema, matching.introductions), found
by walking the declarations: a new field is tried, or a test says which template lacks it.

In YAML the text is a double-quoted scalar with \\xNN, \\uNNNN and \\UNNNNNNNN escapes (a lone surrogate
as "\\uD800"), so the file is valid YAML whatever it holds; half the time printable characters are written
as they are. In a post's header and text it is written raw, NUL included (a lone surrogate as the bytes
Python's "surrogatepass" writes, which are not UTF-8). A CSV cell holds it raw, imported as `invoke
import` imports it.

Each example is checked as `invoke validate` checks a tree (`load_tree`; examples in files of their own
are checked in batches, each answerable for its own files). A refusal must be problems, each one
`path:line: field: message` line naming the file and the field (or the line the text is on, when the
file cannot be read at all), with no control or direction-changing character that would garble the
terminal or the pull request's annotation; never a traceback. What is accepted is built: the accepted
examples of each kind go into one tree, which `validate` accepts as a whole, and a real Pelican build of
it (one per kind) must succeed without a traceback or an error, give each member, event and post its
page, and write pages, feeds, calendars and JSON with no control character or lone surrogate, whose XML,
.ics and JSON parse. A failed build names the example that breaks it (found by building halves).
Derandomized, so every run checks the same examples.
"""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
import traceback
import xml.etree.ElementTree as ElementTree
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import icalendar
import pytest
from hypothesis import HealthCheck, example, given, seed, settings
from hypothesis import strategies as st

from conftest import FIXTURES, NOW, ROOT, hub_settings, run_pelican
from hub.contribute.importer import check_in_tree, plan_import, resolve
from hub.core import fields as kinds
from hub.core import schema as core_schema
from hub.core.loader import PLACE_NAME, load_vocabulary
from hub.events import schema as event_schema
from hub.matching import introductions
from hub.publishing import schema as publishing_schema
from hub.site.publishing import FEED_ENTRIES
from hub.tree import load_tree

EXAMPLES_PER_FIELD = 12  # drawn by Hypothesis, besides the ALWAYS ones
BATCH = 40  # examples validated together (each in files of its own)
EXPLORE = settings(max_examples=EXAMPLES_PER_FIELD, deadline=None, derandomize=True, database=None,
                   suppress_health_check=list(HealthCheck))

# --- hostile text ---------------------------------------------------------------------------------

ORDINARY = ["Coffee", "morning", "Knit & natter", "Café été", "Tile Hill", "for older people", "2 hours", "Free",
            "our hall", "Ball Hill"]
SPECIAL = {
    "Cc": ["\x00", "\x01", "\x08", "\t", "\n", "\v", "\x0c", "\r", "\r\n", "\x1b", "\x1b[2J\x1b[31m", "\x1f",
           "\x7f", "\x80", "\x85", "\x9b", "\x9f"],
    "Cf": ["\u00ad", "\u061c", "\u180e", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202a", "\u202b",
           "\u202c", "\u202d", "\u202e", "\u2060", "\u2061", "\u2066", "\u2067", "\u2068", "\u2069", "\u206f",
           "\ufeff", "\ufff9", "\U000e0001", "\U000e0041", "\U0001d173"],
    "Z": ["\u2028", "\u2029", "\xa0", "\u3000", "\u1680", "\u2007", "\u205f"],
    "Co": ["\ue000", "\uf8ff", "\U000f0000", "\U0010fffd"],
    "Cs": ["\ud800", "\udbff", "\udc00", "\udfff", "\ud83d"],
    "Cn": ["\ufffe", "\uffff", "\ufdd0", "\U0001fffe", "\U0010ffff", "\u0378", "\U000e0080", "\U0002fffe"],
    "M": ["e\u0301", "\u0301", "\u0489", "\u20dd", "Z\u0351\u0352\u0353\u0354\u0355\u0356", "\u0e31"],
    "emoji": ["\U0001f469\u200d\U0001f469\u200d\U0001f467", "\U0001f3f3\ufe0f\u200d\U0001f308",
              "\U0001f1ec\U0001f1e7", "\U0001f44d\U0001f3fd", "\u2764\ufe0f", "\U0001f9d1\u200d\U0001f91d\u200d"],
    "rtl": ["\u0645\u0642\u0647\u0649", "\u05e9\u05dc\u05d5\u05dd", "\u0627\u0644\u0633\u0644\u0627\u0645",
            "\u0710\u0712", "\u078b\u07a8"],
    "blank": ["\u3164", "\u115f", "\u2800", "\uffa0"],
    "lookalike": ["&#x1b;", "&#0;", "&#xD800;", "&#12;", "]]>", "<![CDATA[", "\\u0000", "%0A", "&amp;"],
}
# Any code point, and more often one of the rarer general categories (Hypothesis draws no lone surrogate:
# they come from SPECIAL).
DRAWN = st.one_of(st.characters(),
                  st.characters(categories=["Cc", "Cf", "Co", "Cn", "Mn", "Me", "Mc", "Zs", "Zl", "Zp", "Lo", "So"]))
PIECE = st.one_of(st.sampled_from(ORDINARY), st.sampled_from(ORDINARY),
                  *(st.sampled_from(pieces) for pieces in SPECIAL.values()), DRAWN)
HOSTILE = st.lists(PIECE, min_size=1, max_size=6).flatmap(
    lambda pieces: st.sampled_from(["", " "]).map(lambda join: join.join(pieces)))
# Tried in every field, whatever Hypothesis draws: one of each kind the issue names, and text with no letter
# or digit at all, text after a ';' (Pelican splits a header's list there), character references (Markdown
# and Pelican's slugs turn them into the character itself) and an XML section's end.
ALWAYS = ["Coffee\x00morning", "Coffee\vmorning", "Coffee \x1b[31m morning", "Coffee\x85morning", "Coffee\x9f",
          "Coffee \u202egninrom", "\u2066Coffee\u2069 morning", "Coffee\u200b\u200c\u200dmorning", "\u200b",
          "\ufeffCoffee morning", "Coffee\u2028morning", "Coffee \ue000 \U000f0000", "Coffee \ud800 morning",
          "Coffee \u0378 \U000e0080", "Coffee \ufffe \uffff \ufdd0", "Cafe\u0301 \u0489",
          "\U0001f469\u200d\U0001f469\u200d\U0001f467", "\u0645\u0642\u0647\u0649 Coffee", "Coffee; \u2764\ufe0f", "Coffee; &#12; &amp",
          "Coffee ]]> morning", "Coffee &#x1b; morning"]

# --- how text is written into each kind of file ----------------------------------------------------

_YAML_BREAKS = frozenset("\x85\u2028\u2029\ufeff")


def _yaml_printable(char: str) -> bool:
    """YAML 1.1's printable set, which a reader accepts written as it is."""
    code = ord(char)
    return (char in "\t\n" or 0x20 <= code <= 0x7e or code == 0x85 or 0xa0 <= code <= 0xd7ff
            or 0xe000 <= code <= 0xfffd or 0x10000 <= code <= 0x10ffff)


def yaml_quoted(text: str, raw: bool) -> str:
    """`text` as a double-quoted YAML scalar on one line: escapes for everything but printable ASCII (and,
    when `raw`, other printable characters that break no line)."""
    out = []
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif 0x20 <= code <= 0x7e or (raw and code > 0x7e and _yaml_printable(char) and char not in _YAML_BREAKS):
            out.append(char)
        elif code < 0x100:
            out.append(f"\\x{code:02X}")
        elif code < 0x10000:
            out.append(f"\\u{code:04X}")
        else:
            out.append(f"\\U{code:08X}")
    return '"' + "".join(out) + '"'


def raw_bytes(text: str) -> bytes:
    """Text as an editor that let anything through would save it: lone surrogates as "surrogatepass"
    writes them (bytes that are not UTF-8)."""
    return text.encode("utf-8", "surrogatepass")


# --- the text fields the schemas declare ------------------------------------------------------------

TEXT_KINDS = (kinds.Text, kinds.Url, kinds.ImageRef, kinds.Email, kinds.Phone)


def text_fields(record: kinds.Record, prefix: str = "") -> dict[str, kinds.Kind]:
    """{field path: kind} of every text-like field of `record`, nested records and lists included:
    `offers[].title`, `areas[]`."""
    found = {}
    for spec in record.fields:
        name, kind = f"{prefix}{spec.name}", spec.kind
        if isinstance(kind, kinds.ListOf):
            name, kind = name + "[]", kind.item
        if isinstance(kind, kinds.Record):
            found.update(text_fields(kind, name + "."))
        elif isinstance(kind, TEXT_KINDS):
            found[name] = kind
    return found


PLACES = kinds.Record(what="places.yaml", fields=(kinds.Field("area", PLACE_NAME),
                                                  kinds.Field("neighbourhood", PLACE_NAME)))
POST_TEXT = kinds.Record(what="post", fields=(
    *(spec for spec in publishing_schema.POST.fields if isinstance(spec.kind, TEXT_KINDS)),
    kinds.Field("body", kinds.Markdown(max_length=None))))  # the post's text: not a header field
# For the CSV import: the profile's text fields as the spreadsheet's columns fill them.
CSV_FIELDS = {name: kind for name, kind in text_fields(core_schema.MEMBER).items()
              if name != "logo" and not name.startswith("needs")}

# --- templates: one valid file (or a few) per kind, every text field a «marker» ----------------------

MEMBER = """\
name: «name»
type: charity
summary: «summary»
description: «description»
website: «website»
areas:
  - Coventry
  - «areas[]»
  - Area «n»
localities:
  - «localities[]»
themes:
  - «themes[]»
joined: 2024-01-01
logo: «logo»
offers:
  - category: venues
    title: «offers[].title»
    details: «offers[].details»
    areas:
      - «offers[].areas[]»
needs:
  - category: volunteers
    title: «needs[].title»
    details: «needs[].details»
    areas:
      - «needs[].areas[]»
contact:
  name: «contact.name»
  email: «contact.email»
  phone: «contact.phone»
  public: true
news_feed: «news_feed»
events_feed: «events_feed»
"""
EVENT = """\
title: «title»
start: 2026-12-03 10:00
duration: 90 minutes
organiser: base-member
summary: «summary»
description: «description»
cost: «cost»
categories: [venues]
location:
  name: «location.name»
  address: «location.address»
  postcode: «location.postcode»
localities:
  - «localities[]»
online: «online»
booking: «booking»
accessibility:
  features: [step-free]
  details: «accessibility.details»
repeat:
  rule: FREQ=WEEKLY;COUNT=4
  changes:
    - date: 2026-12-10
      title: «repeat.changes[].title»
      note: «repeat.changes[].note»
      online: «repeat.changes[].online»
      location:
        name: «repeat.changes[].location.name»
        address: «repeat.changes[].location.address»
        postcode: «repeat.changes[].location.postcode»
"""
# A neighbourhood the example's member or event names, listed under an area of its own.
LOCALITY = "Area «n»:\n  «localities[]»: [CV9]\n"
POST = """\
Title: «Title»
Date: 2026-10-01
Category: Learning
Summary: «Summary»
Slug: h«n»
Authors: «Authors»
Tags: «Tags»

«body»

A second paragraph, after the text.
"""
REPORT = """\
Title: «Title»
Date: 2026-10-01
Category: Reports
Summary: «Summary»
Slug: h«n»
Authors: «Authors»
Tags: «Tags»
Period: «period»

«body»

[figure: f«n»-a]

[figure: f«n»-b]

[figure: f«n»-c]
"""
FIGURES = """\
f«n»-a:
  kind: count
  label: «label»
  value: 12
  unit: «unit»
  source: «source»
  note: «note»
f«n»-b:
  kind: before-after
  label: «label»
  before: 10
  after: 20
  before_label: «before_label»
  after_label: «after_label»
  measure: count
  source: «source»
f«n»-c:
  kind: comparison
  label: «label»
  value: 40
  benchmark: 50
  benchmark_label: «benchmark_label»
  value_label: «value_label»
  source: «source»
"""
SERIES = """\
title: «title»
summary: «summary»
keys:
  - key: h«n»-key
    label: «keys[].label»
"""
NEEDER = """\
name: Needer «n»
summary: A member with a need.
areas: [Coventry]
needs:
  - category: volunteers
    title: «need.title»
"""
OFFERER = """\
name: Offerer «n»
summary: A member with an offer.
areas: [Coventry]
offers:
  - category: venues
    title: «offer.title»
"""
INTRODUCTION = """\
need:
  member: hn«n»
  title: «need.title»
offer:
  member: ho«n»
  title: «offer.title»
date: 2026-11-01
outcome: connected
notes: «notes»
"""
NEIGHBOURHOOD = "«area»:\n  «neighbourhood»: [CV9]\n"
CATEGORY = """\
h«n»:
  label: «label»
  description: «description»
  synonyms:
    - «synonyms[]»
"""
# The places and categories files are shared: an example adds its entries to them.
SHARED = ("places.yaml", "categories.yaml")


@dataclass(frozen=True)
class Kind:
    """A kind of file: its declared text fields, and the files one example writes (path -> template;
    a path in SHARED is added to; a file listed in `only` is written only for those fields)."""

    name: str
    fields: dict[str, kinds.Kind]
    files: dict[str, str]
    only: dict[str, frozenset[str]] = field(default_factory=dict)
    others: dict[str, kinds.Kind] = field(default_factory=dict)  # fields its files hold that are tried elsewhere


KINDS = {kind.name: kind for kind in (
    Kind("member", text_fields(core_schema.MEMBER), {"members/h«n».yaml": MEMBER, "places.yaml": LOCALITY},
         only={"places.yaml": frozenset({"localities[]"})}),
    Kind("event", text_fields(event_schema.EVENT), {"events/h«n».yaml": EVENT, "places.yaml": LOCALITY},
         only={"places.yaml": frozenset({"localities[]"})}),
    Kind("post", text_fields(POST_TEXT), {"content/learning/h«n».md": POST}),
    Kind("report", text_fields(POST_TEXT), {"content/reports/h«n».md": REPORT,
                                            "content/reports/h«n».figures.yaml": FIGURES},
         others=text_fields(publishing_schema.FIGURE)),
    Kind("figures", text_fields(publishing_schema.FIGURE), {"content/reports/h«n».md": REPORT,
                                                            "content/reports/h«n».figures.yaml": FIGURES},
         others=text_fields(POST_TEXT)),
    Kind("series", text_fields(publishing_schema.SERIES), {"content/series/h«n».yaml": SERIES}),
    Kind("introduction", text_fields(introductions.INTRODUCTION),
         {"members/hn«n».yaml": NEEDER, "members/ho«n».yaml": OFFERER, "introductions/h«n».yaml": INTRODUCTION}),
    Kind("places", text_fields(PLACES), {"places.yaml": NEIGHBOURHOOD}),
    Kind("category", text_fields(core_schema.CATEGORY), {"categories.yaml": CATEGORY}),
    Kind("csv", CSV_FIELDS, {}),
)}
SITES = [(kind.name, name) for kind in KINDS.values() for name in kind.fields]


def default(name: str, spec: kinds.Kind, n: int) -> str:
    """An ordinary valid value for a field (before a site's hostile text replaces one)."""
    if isinstance(spec, kinds.PlaceRef):
        return "Tile Hill"
    if isinstance(spec, kinds.ImageRef):
        return "images/logos/ball-hill.svg"  # in the test content
    if isinstance(spec, kinds.Url):
        return f"https://example.org/{n}/{name.replace('[]', '').replace('.', '-')}"
    if isinstance(spec, kinds.Email):
        return "jo@example.org"
    if isinstance(spec, kinds.Phone):
        return "024 7600 0000"
    if spec.max_length is not None and spec.max_length < 20:
        return "CV2 4AA"
    if name in ("area", "neighbourhood"):
        return f"{name.capitalize()} {n}"
    return f"Plain words {n}"


def shaped(spec: kinds.Kind, text: str) -> list[str]:
    """`text` as a field of this kind holds it (ALWAYS's texts, as value_strategy shapes what it draws)."""
    if isinstance(spec, kinds.ImageRef):
        return [f"images/logos/{text}.svg", f"https://{text}.example.org/"]
    if isinstance(spec, kinds.Url):
        return ["https://example.org/" + text, f"https://{text}.example.org/"]
    if isinstance(spec, kinds.Email):
        return [f"{text}@example.org"]
    if isinstance(spec, kinds.Phone):
        return [f"024 {text} 7600"]
    return [text]


def value_strategy(spec: kinds.Kind) -> st.SearchStrategy[str]:
    """Hostile text as a field of this kind would hold it: a web address with it in its path or its host
    name, an image's path, an email address or phone number around it, or the text itself."""
    if isinstance(spec, kinds.ImageRef):
        return st.one_of(HOSTILE.map(lambda text: f"images/logos/{text}.svg"),
                         HOSTILE.map(lambda text: f"https://{text}.example.org/logo.png"))
    if isinstance(spec, kinds.Url):
        return st.one_of(HOSTILE.map(lambda text: "https://example.org/" + text),
                         HOSTILE.map(lambda text: f"https://{text}.example.org/"),
                         HOSTILE.map(lambda text: f"https://example.org/?q={text}#{text}"))
    if isinstance(spec, kinds.Email):
        return st.one_of(HOSTILE.map(lambda text: f"{text}@example.org"), HOSTILE.map(lambda text: f"jo@{text}.org"))
    if isinstance(spec, kinds.Phone):
        return HOSTILE.map(lambda text: f"024 {text} 7600")
    return st.one_of(HOSTILE, HOSTILE.map(lambda text: f"Our {text} group"))


# --- one example: written into a tree, validated, and what came of it --------------------------------

@dataclass
class Outcome:
    kind: str
    name: str
    text: str
    files: dict[str, bytes] = field(default_factory=dict)  # path -> bytes (a shared file: what is added)
    lines: dict[str, set[int]] = field(default_factory=dict)  # path -> lines the hostile text is on
    # Header fields a line break in the text, written raw, may push out of a post's header into its text.
    pushed: set[str] = field(default_factory=set)
    problems: list = field(default_factory=list)
    crash: str | None = None

    @property
    def accepted(self) -> bool:
        return self.crash is None and not self.problems

    def describe(self) -> str:
        return f"{self.kind} {self.name} = {self.text!r}"


_ANY_BREAK = re.compile("\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")


def render(kind: Kind, name: str, text: str, n: int, quarter: int, raw: bool) -> Outcome:
    """The files of one example: `kind`'s templates with `name` holding `text` and every other field its
    ordinary value, each file written as its format is written."""
    outcome = Outcome(kind.name, name, text)
    values = {field_name: default(field_name, spec, n) for field_name, spec in {**kind.others, **kind.fields}.items()}
    values[name] = text
    values["period"] = f"{1990 + quarter // 4}-Q{quarter % 4 + 1}"  # one report a quarter, from 1990 on
    for path_template, template in kind.files.items():
        if path_template in kind.only and name not in kind.only[path_template]:
            continue
        path = path_template.replace("«n»", str(n))
        markdown = path.endswith(".md")
        written, lines, shift = [], set(), 0
        for number, line in enumerate(template.replace("«n»", str(n)).split("\n"), start=1):
            markers = re.findall(r"«([^»]+)»", line)
            for marker in markers:
                line = line.replace(f"«{marker}»", values[marker] if markdown else yaml_quoted(values[marker], raw))
            if name in markers:
                # Written raw, the text's own line breaks (as any reader may count them) move what follows.
                breaks = len(_ANY_BREAK.findall(text)) if markdown else 0
                lines.update(range(number + shift, number + shift + breaks + (2 if markdown else 1)))
                shift += breaks
                if breaks:
                    after = template.split("\n\n", 1)[0].split("\n")[number:]
                    outcome.pushed.update(line.split(":", 1)[0] for line in after)
            written.append(line)
        content = "\n".join(written)
        outcome.files[path] = raw_bytes(content) if markdown else content.encode("utf-8")
        outcome.lines[path] = lines
    return outcome


CSV_HEADINGS = {"name": "Organisation name", "summary": "About your organisation (one sentence)",
                "description": "Tell us more", "website": "Website", "areas[]": "Where do you work?",
                "localities[]": "Neighbourhoods you work in", "themes[]": "Themes",
                "news_feed": "News feed (RSS or Atom)", "events_feed": "Calendar feed (.ics)",
                "contact.name": "Contact name", "contact.email": "Contact email", "contact.phone": "Contact phone",
                "offers[].title": "Offer 1: what you offer", "offers[].details": "Offer 1: more details",
                "offers[].areas[]": "Offer 1: areas"}
CSV_TARGETS = {"areas[]": "areas", "localities[]": "localities", "themes[]": "themes",
               "offers[].title": "offers.0.title", "offers[].details": "offers.0.details",
               "offers[].areas[]": "offers.0.areas"}


def csv_row(name: str, text: str, n: int) -> bytes:
    """A spreadsheet's export: a heading row and one row, the `name` column holding `text`."""
    cells = {heading: default(field_name, CSV_FIELDS[field_name], n) for field_name, heading in CSV_HEADINGS.items()}
    cells["Where do you work?"] = "Coventry"
    cells[CSV_HEADINGS[name]] = ({"areas[]": "Coventry, ", "localities[]": "Tile Hill, "}.get(name, "") + text)
    cells.update({"Slug": f"csv-{n}", "Publish contact details?": "Yes", "Offer 1: kind of support": "Venues"})
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(list(cells))
    writer.writerow(list(cells.values()))
    return raw_bytes(out.getvalue())


# The two categories the templates name (the example hub's whole list would be read at every check).
CATEGORIES = """\
venues:
  label: Venues and space
  description: Rooms, halls and other places where groups can meet.
  synonyms: [hall, room]
volunteers:
  label: Volunteers
  description: People who give their time.
  synonyms: [helpers]
"""


class Tree:
    """A small valid hub (a member, two categories, the example's places, the test content) that examples
    are written into, and taken out of again."""

    def __init__(self, root: Path):
        self.root = root
        root.mkdir(parents=True)
        (root / "categories.yaml").write_text(CATEGORIES, encoding="utf-8")
        shutil.copy(ROOT / "places.yaml", root / "places.yaml")
        # The test content (a page, an image, a post) but its report: the examples' reports take every quarter.
        shutil.copytree(FIXTURES / "content", root / "content", ignore=shutil.ignore_patterns("reports"))
        for folder in ("members", "events", "introductions", "content/series"):
            (root / folder).mkdir(parents=True, exist_ok=True)
        (root / "members" / "base-member.yaml").write_text(
            "name: Base Member\nsummary: The organiser of the examples' events.\nareas: [Coventry]\n", encoding="utf-8")
        self.settings = hub_settings(root, HUB_EVENTS_NOW=NOW)
        self.vocabulary = load_vocabulary(self.settings.categories_path, root)[0]  # as `invoke import` reads it
        self.shared = {name: (root / name).read_bytes() for name in SHARED}

    def write(self, files: dict[str, bytes]) -> None:
        for path, data in files.items():
            target = self.root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(target.read_bytes() + b"\n" + data if path in SHARED else data)

    def remove(self, files: dict[str, bytes]) -> None:
        for path in files:
            if path in SHARED:
                (self.root / path).write_bytes(self.shared[path])
            else:
                (self.root / path).unlink()

    def shared_offset(self, path: str) -> int:
        """Lines before an example's entries in a shared file (the file, and the blank line before them)."""
        return self.shared[path].count(b"\n") + 1


def imported(tree: Tree, name: str, text: str, n: int) -> Outcome:
    """A spreadsheet row with `text` in the column of `name`, imported as `invoke import` imports it: the
    rows checked, then the tree checked with the profiles written."""
    outcome = Outcome("csv", name, text)
    (tree.root / "import.csv").write_bytes(csv_row(name, text, n))
    try:
        plan = plan_import(tree.root / "import.csv", tree.settings.members_path, tree.vocabulary,
                           source="import.csv", settings=tree.settings)
        outcome.problems = list(plan.problems)
        if not plan.problems:
            outcome.files = {f"members/{planned.path.name}": planned.text.encode("utf-8") for planned in plan.files}
            outcome.problems = check_in_tree(plan, tree.settings, load_tree, "import.csv")
    except Exception:
        outcome.crash = traceback.format_exc()
    return outcome


def validate(tree: Tree, outcomes: list[Outcome]) -> None:
    """The examples' files written into the tree together, checked as `invoke validate` checks it, and taken
    out again; each example gets the problems of its own files. Their files are their own (numbered), so
    they cannot meet; if a problem is about any other file, or the check fails, each is checked alone."""
    mine = {path: outcome for outcome in outcomes for path in outcome.files}
    for outcome in outcomes:
        tree.write(outcome.files)
    try:
        problems, crash = load_tree(tree.settings)[1], None
    except Exception:
        problems, crash = [], traceback.format_exc()
    finally:
        for outcome in outcomes:
            tree.remove(outcome.files)
    if len(outcomes) > 1 and (crash or any(problem.source not in mine for problem in problems)):
        for outcome in outcomes:
            validate(tree, [outcome])
        return
    for outcome in outcomes:
        outcome.crash = crash
    for problem in problems:  # alone, an example is answerable for any file it breaks
        mine.get(problem.source, outcomes[0]).problems.append(problem)


def drawn(kind: Kind, name: str) -> list[tuple[str, bool]]:
    """(text, written raw) of the ALWAYS texts and EXAMPLES_PER_FIELD hostile values for one field."""
    found: list[tuple[str, bool]] = []

    @EXPLORE
    @seed(zlib.crc32(f"{kind.name}:{name}".encode()))  # each field its own examples, the same at every run
    @given(text=value_strategy(kind.fields[name]), raw=st.booleans())
    def draw(text, raw):
        found.append((text, raw))

    for text in ALWAYS:
        for value in shaped(kind.fields[name], text):
            draw = example(text=value, raw=True)(draw)
    draw()
    return found


@pytest.fixture(scope="module")
def explored(tmp_path_factory) -> dict[tuple[str, str], list[Outcome]]:
    """Every field of every kind, the ALWAYS texts and EXAMPLES_PER_FIELD hostile values each, validated
    as `invoke validate` (or, for the CSV, `invoke import`) checks them. Each example has files of its own
    (and each report its own quarter), so every accepted example can be built together; examples that add
    to a shared file (places.yaml, categories.yaml) are checked one by one, the others in batches."""
    tree = Tree(tmp_path_factory.mktemp("unicode") / "hub")
    assert load_tree(tree.settings)[1] == []
    explored, alone, together, quarters = {}, [], [], 0
    examples = [(kind, name, text, raw) for kind, name in SITES for text, raw in drawn(KINDS[kind], name)]
    for number, (kind, name, text, raw) in enumerate(examples, start=1):
        quarters += "«period»" in "".join(KINDS[kind].files.values())
        if kind == "csv":
            outcome = imported(tree, name, text, number)
        else:
            outcome = render(KINDS[kind], name, text, number, quarters, raw)
            for path in set(SHARED) & set(outcome.lines):
                outcome.lines[path] = {line + tree.shared_offset(path) for line in outcome.lines[path]}
            (alone if set(SHARED) & set(outcome.files) else together).append(outcome)
        explored.setdefault((kind, name), []).append(outcome)
    for outcome in alone:
        validate(tree, [outcome])
    for start in range(0, len(together), BATCH):
        validate(tree, together[start:start + BATCH])
    return explored


# --- the checks ----------------------------------------------------------------------------------------

# What garbles a terminal or an annotation: control characters (but tab), line breaks of any kind,
# the characters that reorder text, lone surrogates.
_GARBLING = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_PROBLEM = re.compile(r"^(?P<source>[^:]+):(?P<line>\d+): (?P<field>.+?): (?P<message>.+)$")


def field_of(problem_field: str, kind: str) -> str:
    """A problem's field as the schema walk names it: `offers[0].title` -> `offers[].title`; a figure's
    fields without its name (`f3-a.label` -> `label`); a CSV column as the field it fills."""
    named = re.sub(r"\[\d+\]", "[]", problem_field)
    if kind in ("figures", "category"):
        named = named.split(".", 1)[-1]
    if kind == "places":
        return "area" if "." not in named else "neighbourhood"
    return named


def refusal_mistakes(outcome: Outcome) -> list[str]:
    """What is wrong with how `outcome`'s problems are reported: each must be one printable
    `path:line: field: message` line about the file written, naming the field (or, for a file that cannot
    be read at all, the line the text is on)."""
    mistakes = []
    for problem in outcome.problems:
        shown = str(problem)
        match = _PROBLEM.match(shown)
        garbled = _GARBLING.search(shown)
        if garbled or match is None:
            mistakes.append(f"not one printable 'path:line: field: message' line"
                            f"{f' (it holds {garbled[0]!r})' if garbled else ''}: {shown!r}")
            continue
        if outcome.kind == "csv":
            heading = CSV_HEADINGS[outcome.name]
            if problem.source != "import.csv" or not (problem.field.startswith(heading) or
                                                      field_of(problem.field, "csv") == outcome.name or
                                                      (problem.field == "(file)" and problem.line == 1)):
                mistakes.append(f"does not name the column {heading!r} of import.csv: {shown!r}")
            continue
        if problem.source not in outcome.files:
            mistakes.append(f"is about another file than the one written ({', '.join(outcome.files)}): {shown!r}")
            continue
        named = field_of(problem.field, outcome.kind) in {outcome.name, *outcome.pushed}
        # A file that cannot be read, or the same text in another file the example writes (the offer an
        # introduction names, in its member's profile; a neighbourhood, in places.yaml): its line.
        at_line = problem.line in outcome.lines[problem.source] and (
            problem.field in ("(file)", "(header)") or problem.source == "places.yaml"
            or field_of(problem.field, outcome.kind).rsplit(".", 1)[-1] == outcome.name.rsplit(".", 1)[-1])
        if not (named or at_line):
            mistakes.append(f"names neither the field {outcome.name!r} nor the line it is on "
                            f"({sorted(outcome.lines[problem.source])}): {shown!r}")
    return mistakes


def test_every_declared_text_field_is_in_a_template():
    """The fields come from the schemas: a field declared there and missing from its template would
    never be tried."""
    for kind in KINDS.values():
        written = set()
        for template in kind.files.values():
            written.update(re.findall(r"«([^»]+)»", template))
        if kind.name == "csv":
            written = set(CSV_HEADINGS)
        assert set(kind.fields) <= written, (kind.name, sorted(set(kind.fields) - written))
    for name, heading in CSV_HEADINGS.items():  # the importer reads each column as the field it stands for
        assert resolve(heading) == CSV_TARGETS.get(name, name), (heading, resolve(heading))


@pytest.mark.parametrize("kind, name", SITES, ids=[f"{kind}:{name}" for kind, name in SITES])
def test_validate_refuses_hostile_text_with_a_line_naming_the_field(explored, kind, name):
    outcomes = explored[(kind, name)]
    assert len(outcomes) == len(ALWAYS) * len(shaped(KINDS[kind].fields[name], "")) + EXAMPLES_PER_FIELD
    crashes = [f"{outcome.describe()}\n{outcome.crash}" for outcome in outcomes if outcome.crash]
    assert not crashes, "validation ended in a traceback:\n" + "\n".join(crashes)
    mistakes = [f"{outcome.describe()}: {mistake}" for outcome in outcomes for mistake in refusal_mistakes(outcome)]
    assert not mistakes, "\n".join(mistakes)


# A character no page, feed or calendar may carry: C0 controls but tab, line feed and carriage return; DEL
# and the C1 controls; a lone surrogate.
_UNPUBLISHABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_TEXT_SUFFIXES = (".html", ".xml", ".atom", ".ics", ".json", ".txt")


def site_mistakes(output: Path) -> list[str]:
    """What a reader of the built site would trip on: a page that is not UTF-8, a control character or a
    lone surrogate in a page, feed, calendar or JSON file, a feed (XML), calendar or JSON file that does not
    parse."""
    mistakes = []
    for path in sorted(output.rglob("*")):
        if not path.is_file() or path.suffix not in _TEXT_SUFFIXES or "pagefind" in path.parts:
            continue
        relative = path.relative_to(output).as_posix()
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError as error:
            mistakes.append(f"{relative} is not UTF-8: {error}")
            continue
        for found in list(_UNPUBLISHABLE.finditer(text))[:3]:
            mistakes.append(f"{relative} holds the control character {found[0]!r}: "
                            f"{text[max(0, found.start() - 60):found.end() + 60]!r}")
        try:
            if path.suffix in (".xml", ".atom"):
                ElementTree.fromstring(path.read_bytes())
            elif path.suffix == ".json":
                json.loads(text)
            elif path.suffix == ".ics":
                icalendar.Calendar.from_ical(text)
        except Exception as error:  # any parser's error: the file is broken for whoever reads it
            mistakes.append(f"{relative} does not parse: {type(error).__name__}: {error}")
    return mistakes


def build(root: Path, accepted: list[Outcome]):
    """A tree holding the base hub and every example in `accepted`, checked as `invoke validate` checks it,
    then built by Pelican: (the tree's problems, the CompletedProcess or None, its output folder)."""
    tree = Tree(root / "hub")
    for outcome in accepted:
        tree.write(outcome.files)
    problems = load_tree(tree.settings)[1]
    if problems:
        return problems, None, root / "out"
    # Hundreds of examples in one hub make list pages longer than a hub's bound on a page: raised here.
    return [], run_pelican(tree.root, root / "out", extra={"HUB_PAGE_KB": 5000}), root / "out"


def broke(result) -> bool:
    said = result.stdout + result.stderr
    return result.returncode != 0 or "Traceback" in said or "ERROR" in said


def culprit(root: Path, accepted: list[Outcome]) -> str:
    """The example that breaks the build, found by building halves (only when the build failed)."""
    suspects, builds = list(accepted), 0
    while len(suspects) > 1:
        half = suspects[: len(suspects) // 2]
        builds += 1
        problems, result, _ = build(root / f"half-{builds}", half)
        suspects = half if problems or broke(result) else suspects[len(half):]
    problems, result, _ = build(root / "alone", suspects)
    alone = "breaks it on its own" if problems or broke(result) else "breaks it only with others"
    return f"{suspects[0].describe()} ({', '.join(suspects[0].files)}) {alone}"


def build_mistakes(root: Path, accepted: list[Outcome]) -> list[str]:
    """What is wrong with the build of a tree holding `accepted`: problems `validate` finds in it, a build
    that fails (and the example that makes it fail), a member, event or post without its page, and what
    a reader of the site would trip on (site_mistakes), with the examples on those pages."""
    problems, result, output = build(root, accepted)
    where = {path: outcome.describe() for outcome in accepted for path in outcome.files}
    if problems:
        return ["accepted one by one, refused together:", *(f"{problem}  <- {where.get(problem.source, '')}"
                                                            for problem in problems)]
    said = result.stdout + result.stderr
    if broke(result):
        named = "\n".join(f"{path}: {described}" for path, described in where.items() if path in said)
        logged = "\n".join(line.strip() for line in said.splitlines()
                           if re.search(r"WARNING|ERROR|CRITICAL|Error:|problem\(s\)|^\S+:\d+: ", line.strip()))
        return [f"the build of what validate accepted failed:\n{logged[:3000]}\n-- the examples it names:\n"
                f"{named or '(none)'}\n-- found by halving: {culprit(root / 'culprit', accepted)}"]
    mistakes = []
    for outcome in accepted:
        for path in outcome.files:
            parts = Path(path).parts
            page = (output / parts[0] / Path(path).stem / "index.html" if parts[0] in ("members", "events") else
                    output / parts[1] / Path(path).stem / "index.html" if path.endswith(".md") else None)
            if page is not None and not page.is_file():
                mistakes.append(f"no page {page.relative_to(output)} for {outcome.describe()}")
    found = site_mistakes(output)
    by_page = {Path(path).stem.removesuffix(".figures"): outcome.describe() for outcome in accepted
               for path in outcome.files}
    if found:
        mistakes += [*found, "-- the examples on those pages:", *sorted(
            {f"{stem}: {described}" for stem, described in by_page.items()
             if any(f"/{stem}/" in mistake or f"/{stem}." in mistake for mistake in found)})]
    return mistakes


@pytest.mark.parametrize("kind", list(KINDS))
def test_what_validate_accepts_the_build_builds(explored, kind, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")  # Pelican's log lines unwrapped, so file names read whole
    outcomes = [outcome for (of, _), found in explored.items() if of == kind for outcome in found]
    # The same text twice in one field adds nothing (and two areas of one name are one area).
    accepted = list({(outcome.name, outcome.text.casefold()): outcome
                     for outcome in outcomes if outcome.accepted}.values())
    refused = [outcome for outcome in outcomes if outcome.problems]
    assert len(accepted) >= 5 and len(refused) >= 5, (len(accepted), len(refused))  # both ways were tried
    # A feed holds the newest FEED_ENTRIES posts: posts are built that many at a time (with the test
    # content's post), so each is in the feeds; everything else in one build.
    size = FEED_ENTRIES - 1 if any(path.endswith(".md") for path in KINDS[kind].files) else len(accepted)
    mistakes = []
    for start in range(0, len(accepted), size):
        mistakes += build_mistakes(tmp_path / f"build-{start}", accepted[start:start + size])
    assert not mistakes, "\n".join(mistakes)
