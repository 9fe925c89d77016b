"""Turn a coalition's contact list or a form's answers (a CSV export of the spreadsheet, Google Forms
or Microsoft Forms, as it comes) into member profiles. Rows are checked with the same schema as
profiles; each problem names the CSV row and the column to fix, and no file is written unless every
row is valid. An existing profile is changed only with `update`, and the change is shown.

Reading is in steps, so another export only needs its own headings: `read_columns` maps headings to
profile fields (the built-in headings, a `--map` file, the columns forms add about the person who
answered, which are ignored with a note), `row_to_profile` turns the cells of one row into a profile,
and `plan_import` checks every row and says what would be written; `import_csv` writes it.
"""
from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..core import schema
from ..core.fields import INVALID, Checker, ListOf, Record, Slug, parse_moment
from ..core.loader import MEMBERS, YAML_SUFFIXES, member_from_document
from ..core.model import Vocabulary
from ..core.settings import HubSettings
from ..core.slugs import file_slug, slugify
from ..core.yamlio import Document, Problem, read_file
from .private import Kept, detail_problems, keep, route_contact
from .profiles import dump

# What a map may name besides a built-in heading: the profile's own field names, from the schema
# (a logo is an image file, not a cell; the contact is its parts).
FIELDS = (*(spec.name for spec in schema.MEMBER.fields if spec.name not in ("logo", "contact")),
          *(f"contact.{spec.name}" for spec in schema.CONTACT.fields), "slug")
# Fields that are lists of words (areas, themes, neighbourhoods ...): a cell holds them separated by commas.
LIST_FIELDS = frozenset(spec.name for spec in schema.MEMBER.fields
                        if isinstance(spec.kind, ListOf) and not isinstance(spec.kind.item, Record))
IGNORE = "ignore"
# "Offer 1: kind of support", "Need 2 - what is it", "offer 3 details": one part of one offer or need.
_NUMBERED = re.compile(r"^(?P<kind>offer|need)s?\s*(?:no\.?\s*)?#?(?P<number>\d{1,2})\s*[:\-–—]?\s*(?P<part>.*)$")
MAX_ITEMS = 50  # as schema.ITEM lists allow
# A contact list of a coalition of thousands fits; 100,000 rows took two minutes before they were refused.
MAX_ROWS = 5_000
MAX_CSV_BYTES = 20 * 1024 * 1024
# Columns forms add about whoever answered: not part of a profile, ignored with a note.
_FORM_COLUMNS = {
    "email address": "the address of whoever filled in the form (Google Forms adds it), which is never "
                     "published; the contact's email is a question of its own",
    "score": "a quiz score (Google Forms adds it); it is not part of a profile",
}
_MICROSOFT_COLUMNS = {
    "id": "Microsoft Forms numbers the answers; it is not part of a profile",
    "start time": "when the form was opened (Microsoft Forms adds it); it is not part of a profile",
    "completion time": "when the form was sent (Microsoft Forms adds it); it is not part of a profile",
    "last modified time": "when the answer was last changed (Microsoft Forms adds it); it is not part of a profile",
    "email": "the address of whoever filled in the form (Microsoft Forms adds it), which is never published; the "
             "contact's email is a question of its own",
    "name": "the name of whoever filled in the form (Microsoft Forms adds it); the contact's name is a question of "
            "its own",
}
_YES = re.compile(r"^\s*(yes|y|true|1|public)\b", re.I)
_NO = re.compile(r"^\s*(no|n|false|0|private)\b", re.I)
DATES = ("joined", "updated", "reviewed")


def _normal(heading: str) -> str:
    """A heading as the tables above write it: lower case, single spaces, no '(...)' aside, no
    trailing ':', '?', '*' or '.' (forms mark required questions with '*')."""
    text = re.sub(r"\([^)]*\)", " ", heading.replace("\ufeff", ""))
    text = re.sub(r"\s+", " ", text).strip().lower()
    return text.rstrip(" :?*.").strip()


def _headings() -> dict[str, str]:
    """Headings understood without a map, as `_normal` writes them, and the field each fills: every
    field's name, its question (`label`) and the other headings it is known by (`aliases`), from the
    schema; a contact's parts as `contact.<part>`."""
    found = {"slug": "slug", "your profile's address on the hub": "slug"}

    def add(spec, target: str) -> None:
        for heading in (spec.name.replace("_", " "), spec.question, *spec.aliases):
            found.setdefault(_normal(heading), target)

    for spec in schema.MEMBER.fields:
        if spec.name == "contact":
            for part in schema.CONTACT.fields:
                add(part, f"contact.{part.name}")
        elif spec.name != "logo":  # a logo is an image file, not a cell
            add(spec, spec.name)
    return found


def _item_parts() -> dict[str, str]:
    """What follows 'Offer 1' in a heading ('kind of support', 'what you offer', 'details'...): the
    part of an offer or need it fills, from the schema's item fields. Nothing after it: the title."""
    found = {"": "title"}
    for spec in schema.ITEM.fields:
        for heading in (spec.name, spec.question.format(verb="offer"), spec.question.format(verb="need"),
                        *spec.aliases):
            found.setdefault(_normal(heading), spec.name)
    return found


COLUMNS = _headings()
ITEM_PARTS = _item_parts()


def resolve(name: str) -> str | None:
    """The target a heading (or a map's value) fills: a field ('summary', 'contact.email'), a cell of
    several items ('offers'), one part of one item ('offers.0.title'), 'ignore', or None."""
    key = _normal(name)
    if key == IGNORE or key in FIELDS:
        return key
    if key in COLUMNS:
        return COLUMNS[key]
    numbered = _NUMBERED.match(key)
    if numbered and numbered["part"].strip() in ITEM_PARTS and 1 <= int(numbered["number"]) <= MAX_ITEMS:
        return f"{numbered['kind']}s.{int(numbered['number']) - 1}.{ITEM_PARTS[numbered['part'].strip()]}"
    return None


def read_map(path: Path, source: str) -> tuple[dict[str, str], list[Problem]]:
    """A `--map` file: `heading: field` lines, e.g. `"What is your group called?": name`."""
    doc, problems = read_file(path, source)
    if problems:
        return {}, problems
    checker = Checker(doc)
    if not isinstance(doc.data, dict):
        checker.problem((), "expected 'heading: field' lines, e.g. \"What is your group called?\": name")
        return {}, checker.problems
    mapping = {}
    for heading, target in doc.data.items():
        if not isinstance(target, str) or resolve(target) is None:
            checker.problem((heading,), f"'{target}' is not a field the import can fill; use one of: "
                            + ", ".join(FIELDS) + ", 'offer 1 title' (or category, details, areas, until; "
                            "'need 1 ...' likewise), or 'ignore'")
            continue
        mapping[_normal(str(heading))] = resolve(target)
    return mapping, checker.problems


@dataclass(frozen=True)
class Column:
    position: int
    heading: str
    target: str


def read_columns(headings: list[str], source: str, mapping: dict[str, str] | None = None
                 ) -> tuple[list[Column], list[Problem], list[Problem]]:
    """(columns, notes, problems): which profile field each column fills. Columns a form adds about
    whoever answered (Timestamp, Email Address; Microsoft Forms' ID, times, Email and Name) and those a
    map says to ignore are left out with a note. An unknown heading, or two columns filling one
    field (`Email` and `Contact email`, a heading written twice), is a problem naming them: one would
    silently override the other."""
    mapping = mapping or {}
    normal = [_normal(h) for h in headings]
    microsoft = "start time" in normal and "completion time" in normal
    columns: list[Column] = []
    notes: list[Problem] = []
    problems: list[Problem] = []
    first: dict[str, str] = {}
    for position, heading in enumerate(headings):
        name = heading.replace("\ufeff", "").strip()
        key = normal[position]
        if not key:
            continue
        if key in mapping:
            target = mapping[key]
        elif key in _FORM_COLUMNS:
            notes.append(Problem(source, 1, name, f"ignored: {_FORM_COLUMNS[key]}"))
            continue
        elif microsoft and key in _MICROSOFT_COLUMNS:
            notes.append(Problem(source, 1, name, f"ignored: {_MICROSOFT_COLUMNS[key]}"))
            continue
        else:
            target = resolve(name)
        if target is None:
            problems.append(Problem(source, 1, name, "unknown column: rename it to a heading the import knows "
                                    "(docs/import.md), or name its field in a --map file (or 'ignore' it)"))
            continue
        if target == IGNORE:
            notes.append(Problem(source, 1, name, "ignored, as the map says"))
            continue
        if target in first:
            problems.append(Problem(source, 1, name, f"this column and '{first[target]}' both fill "
                                    f"'{_field_of(target)}'; keep one of them (delete the other, or merge the two "
                                    "into one)"))
            continue
        first[target] = name
        columns.append(Column(position, name, target))
    for heading in mapping:
        if heading not in normal:
            notes.append(Problem(source, 1, heading, "is in the map but not a heading of this file; that line of "
                                 "the map is not used"))
    return columns, notes, problems


def _field_of(target: str) -> str:
    """'offers.0.title' -> 'offers[0].title' (as messages name fields)."""
    kind, _, rest = target.partition(".")
    if kind in ("offers", "needs") and rest:
        index, _, part = rest.partition(".")
        return f"{kind}[{index}].{part}"
    return target


def _split(cell: str, commas: bool = False) -> list[str]:
    """The answers in one cell: one per line or after ';' (and ',' for checkbox answers, which
    Google Forms joins with ', ' and Microsoft Forms with ';')."""
    return [part.strip() for part in re.split(r"[;\n,]" if commas else r"[;\n]", cell or "") if part.strip()]


def _category(text: str, vocabulary: Vocabulary | None) -> str:
    """A category written by its key (`venues`) or its label ("Venues and space"), as its key."""
    word = text.strip()
    if vocabulary is None:
        return word.lower()
    for category in vocabulary:
        if word.casefold() in (category.key.casefold(), category.label.casefold()):
            return category.key
    return word  # as written, for validation to say what it is not


def _date(text: str):
    """A date as people and forms write it (`2027-03-31`, `31/03/2027`, or a form's Timestamp
    `31/03/2027 09:15:00`), as a date; anything else as written, for validation to explain."""
    moment = parse_moment(text)
    if moment is None:
        return text
    return moment.date() if isinstance(moment, dt.datetime) else moment


def _items(cell: str, vocabulary: Vocabulary | None) -> list[dict]:
    """'Venues and space: Hall on Tuesdays; volunteers: Drivers' -> items, one per line or ';'.
    Without 'category:' the category is left empty, so validation asks for it."""
    items = []
    for part in _split(cell):
        category, sep, title = part.partition(":")
        items.append({"category": _category(category, vocabulary), "title": title.strip()} if sep
                     else {"category": "", "title": part})
    return items


def consent(value: str) -> bool | None:
    """A consent answer: True for yes ("Yes", "YES, publish them"), False for no, None otherwise."""
    if _YES.match(value):
        return True
    if _NO.match(value):
        return False
    return None


@dataclass
class RowProfile:
    """One row as a profile, and which column each part of it came from (for the messages)."""

    slug: str = ""
    profile: dict = field(default_factory=dict)  # without the contact: see `contact` and `consent`
    columns: dict[str, str] = field(default_factory=dict)  # field path -> heading
    unclear_consent: list[tuple[str, str]] = field(default_factory=list)  # (heading, answer)
    contact: dict = field(default_factory=dict)  # the contact details the row gives
    consent: bool | None = None  # the answer about publishing them: yes, no, or none given


def build_row(cells: list[tuple[str, str, str]], vocabulary: Vocabulary | None = None) -> RowProfile:
    """(heading, target, cell) of one row -> the profile, the contact details it gives and the answer
    about publishing them: yes only when every consent cell says yes, no when one says no (or is
    unclear, which is also a problem), none when they are blank. Where the contact goes is decided
    with the profile it joins or updates (private.route_contact)."""
    row = RowProfile()
    profile, contact, answers = row.profile, row.contact, []
    grouped: dict[tuple[str, int], dict] = {}
    for heading, target, value in cells:
        value = value.replace("\r\n", "\n").strip()
        if target == "contact.public":
            answer = consent(value)
            answers.append((value, bool(answer)))
            if value and answer is None:
                row.unclear_consent.append((heading, value))
            row.columns["contact.public"] = heading
            continue
        kind, _, rest = target.partition(".")
        if kind in ("offers", "needs") and rest:
            index, _, part = rest.partition(".")
            group = grouped.setdefault((kind, int(index)), {"columns": {}})
            group["columns"][part] = heading
            if value:
                group[part] = (_category(value, vocabulary) if part == "category" else
                               _split(value, commas=True) if part == "areas" else
                               _date(value) if part == "until" else value)
            continue
        row.columns[target] = heading
        if not value:
            continue
        if target == "slug":
            row.slug = value
        elif target in LIST_FIELDS:
            profile[target] = _split(value, commas=True)
        elif target in ("offers", "needs"):
            profile[target] = _items(value, vocabulary)
        elif target.startswith("contact."):
            contact[target.split(".", 1)[1]] = value
        elif target == "type":
            profile[target] = slugify(value)
        elif target in DATES:
            profile[target] = _date(value)
        else:
            profile[target] = value
    for kind in ("offers", "needs"):
        cell_items = len(profile.get(kind, ()))
        for index in range(cell_items):
            row.columns[f"{kind}[{index}]"] = row.columns[kind]
        for (group_kind, _), group in sorted(grouped.items()):
            parts = {part: value for part, value in group.items() if part != "columns"}
            if group_kind != kind or not parts:
                continue
            position = len(profile.setdefault(kind, []))
            profile[kind].append({"category": "", "title": "", **parts})
            row.columns[f"{kind}[{position}]"] = next(iter(group["columns"].values()))
            row.columns.update({f"{kind}[{position}].{part}": heading for part, heading in group["columns"].items()})
    if any(value for value, _ in answers):  # every consent cell blank: no answer
        row.consent = all(yes for _, yes in answers)
    for part in contact:
        row.columns.setdefault("contact", row.columns[f"contact.{part}"])
    return row


def row_to_profile(cells: list[tuple[str, str]], vocabulary: Vocabulary | None = None) -> tuple[str, dict]:
    """(field, cell) pairs of one row -> (slug cell, profile)."""
    row = build_row([(target, target, value) for target, value in cells], vocabulary)
    return row.slug, row.profile


def column_of(field_name: str, columns: dict[str, str]) -> str:
    """The column a problem is about: the heading that filled the field, with the field in brackets
    when the column fills several ('Support we can give (offers[1].title)'); the field itself when no
    column filled it."""
    if field_name in columns:
        return columns[field_name]
    parts = re.split(r"(?=[.\[])", field_name)
    for end in range(len(parts) - 1, 0, -1):
        prefix = "".join(parts[:end])
        if prefix in columns:
            return f"{columns[prefix]} ({field_name})"
    return field_name


@dataclass(frozen=True)
class PlannedFile:
    path: Path
    text: str
    previous: str | None  # the file as it is, when the import updates it

    def write(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(self.text, encoding="utf-8")

    def diff(self, root: Path | None = None, source: str = "the list") -> str:
        name = self.path.relative_to(root).as_posix() if root else self.path.name
        return "".join(difflib.unified_diff((self.previous or "").splitlines(keepends=True),
                                            self.text.splitlines(keepends=True),
                                            f"{name} (now)", f"{name} (from {source})"))


@dataclass
class ImportPlan:
    """What an import would do: notes, problems, the files to create or update, and the contact details
    to keep in the private store (never in a profile: contribute.private)."""

    notes: list[Problem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: list[PlannedFile] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    kept: list[Kept] = field(default_factory=list)
    rows: dict[Path, int] = field(default_factory=dict)  # the spreadsheet row each planned file comes from

    def write(self) -> list[Path]:
        if self.problems:
            raise ValueError("an import with problems writes nothing")
        for private in self.kept:  # the store first: an interrupted import never loses a contact
            private.write()
        for planned in self.files:
            planned.write()
        return [planned.path for planned in self.files]


def _read_rows(path: Path, source: str) -> tuple[list[list[str]], list[Problem]]:
    try:
        if path.stat().st_size > MAX_CSV_BYTES:
            return [], [Problem(source, 1, "(file)", f"the CSV is larger than {MAX_CSV_BYTES // 1024 // 1024} MB; "
                                f"import it in parts of at most {MAX_ROWS:,} rows")]
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        return [], [Problem(source, 1, "(file)", f"cannot read the file: {error.strerror}; check the name and "
                            "the folder")]
    except UnicodeDecodeError:
        return [], [Problem(source, 1, "(file)", "the CSV is not UTF-8; export it again as 'CSV UTF-8'")]
    try:
        rows = list(itertools.islice(csv.reader(io.StringIO(text, newline="")), MAX_ROWS + 2))
    except csv.Error as error:
        return [], [Problem(source, 1, "(file)", f"it cannot be read as CSV ({error}); export it again as "
                            "'CSV UTF-8'")]
    if not rows:
        return [], [Problem(source, 1, "(file)", "the CSV is empty; export the contact list with its heading row")]
    if len(rows) > MAX_ROWS + 1:
        return [], [Problem(source, MAX_ROWS + 2, "(file)", f"the CSV has more than {MAX_ROWS:,} rows after its "
                            f"heading; import it in parts of at most {MAX_ROWS:,} rows, each with the heading row")]
    return rows, []


def plan_import(path: Path, members_path: Path, vocabulary: Vocabulary, source: str | None = None,
                update: bool = False, mapping: dict[str, str] | None = None,
                settings: HubSettings | None = None) -> ImportPlan:
    """Check every row of the CSV at `path` and plan the profiles it gives, in `members_path`. Problems
    read `FILE:ROW: column: message` (ROW counts the spreadsheet's rows, headings = 1). A profile
    that exists is updated only with `update`: the fields the list fills are replaced, the others
    kept, and the plan holds the file as it was, to show the change. Contact details the member did
    not agree to publish are planned for the private store of `settings` (without settings, such a
    row is a problem). Each row is the member's latest word, so it confirms the profile: `reviewed`
    is the row's Timestamp (a form's export), else the day of the import (`settings.now`, else today)."""
    source = source or path.name
    plan = ImportPlan()
    rows, plan.problems = _read_rows(path, source)
    if plan.problems:
        return plan
    headings = rows[0]
    columns, plan.notes, plan.problems = read_columns(headings, source, mapping)
    filled = {column.target.split(".")[0] if column.target.startswith(("offers.", "needs.")) else column.target
              for column in columns}
    missing = [spec for spec in schema.MEMBER.fields if spec.required and spec.name not in filled]
    for spec in missing:
        plan.problems.append(Problem(source, 1, "(headings)", f"no column gives '{spec.name}', which every profile "
                                     f"needs ({spec.help.rstrip('.')}); add a column for it, or name one in a "
                                     "--map file"))
    if missing:  # every row would lack the same fields: the headings come first
        return plan
    planned: dict[str, int] = {}
    for line, cells in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue  # a blank row: spreadsheets export them
        if len(cells) != len(headings):
            plan.problems.append(Problem(source, line, "(row)", f"has {len(cells)} cells but the heading row has "
                                         f"{len(headings)}; check for a stray comma or a cell with a comma that is "
                                         "not in quotes, then export the spreadsheet again"))
            continue
        row = build_row([(c.heading, c.target, cells[c.position]) for c in columns], vocabulary)
        plan.problems.extend(_plan_row(row, line, source, members_path, vocabulary, update, planned, plan, settings))
    if plan.problems:
        plan.files, plan.kept = [], []
    return plan


def _today(settings: HubSettings | None) -> dt.date:
    return settings.today if settings else dt.date.today()


def _plan_row(row: RowProfile, line: int, source: str, members_path: Path, vocabulary: Vocabulary, update: bool,
              planned: dict[str, int], plan: ImportPlan, settings: HubSettings | None) -> list[Problem]:
    problems = [Problem(source, line, heading, f"'{answer}' is not Yes or No: contact details are published only "
                        "with a clear Yes; ask the member, then write Yes or No")
                for heading, answer in row.unclear_consent]
    name_column = row.columns.get("name", "name")
    checker = Checker(Document(source, row.profile, {(): line}))
    slug = Slug().check(row.slug, ("slug",), checker) if row.slug else file_slug(row.profile.get("name", ""))
    if slug is INVALID:
        return problems + [Problem(p.source, p.line, column_of(p.field, row.columns), p.message)
                           for p in checker.problems]
    if not slug and row.profile.get("name"):
        return [*problems, Problem(source, line, name_column, f"'{row.profile['name']}' gives no file name (only the "
                                   "letters a to z and digits are used); add a Slug column with one, e.g. 'our-group'")]
    if not slug:
        return [*problems, Problem(source, line, name_column, "a name is needed to make the file name")]
    if slug in planned:
        return [*problems, Problem(source, line, name_column, f"'{slug}' is also on row {planned[slug]}; merge "
                                   "the two rows into one")]
    if slug in MEMBERS.reserved:
        return [*problems, Problem(source, line, name_column, f"'{slug}' is the name of the hub's own pages "
                                   f"(members/{slug}/); add a Slug column with another, e.g. '{slug}-group'")]
    planned[slug] = line
    # A profile may be written .yml too: the row updates the file there is, never makes a second one.
    target = next((path for path in (members_path / f"{slug}{suffix}" for suffix in YAML_SUFFIXES) if path.exists()),
                  members_path / f"{slug}.yaml")
    profile, previous, current = dict(row.profile), None, None
    if target.exists():
        if not update:
            return [*problems, Problem(source, line, name_column, f"members/{slug}.yaml already exists; re-run with "
                                       "--update to bring it up to date from this row (the changes are shown), or "
                                       "edit the file")]
        existing, existing_problems = read_file(target, f"members/{slug}.yaml")
        if existing_problems or not isinstance(existing.data, dict):
            return [*problems, Problem(source, line, name_column, f"members/{slug}.yaml has mistakes; fix them "
                                       "(invoke validate), then run the import again")]
        current = existing.data.get("contact")
        profile = {**existing.data, **row.profile}
        previous = target.read_text(encoding="utf-8")
        confirmed = existing.data.get("reviewed")
        if isinstance(confirmed, dt.date) and isinstance(profile.get("reviewed"), dt.date):
            profile["reviewed"] = max(confirmed, profile["reviewed"])  # an older export never turns the clock back
    if "reviewed" not in row.profile:  # the row is the member's latest word: it confirms the profile
        profile["reviewed"] = _today(settings)
    published, private = route_contact(row.contact, row.consent, current)
    profile.pop("contact", None)
    if published:
        profile["contact"] = published
    if private and settings is None:
        problems.append(Problem(source, line, row.columns.get("contact", "contact"), "these contact details are not "
                                "to be published, and there is no private store to keep them in; import with the "
                                "hub's settings (invoke import), or write Yes to publish them"))
    kept = None
    if private and settings is not None:
        kept, store = keep(settings, slug, profile.get("name") or slug, private)
        problems += [Problem(p.source, p.line, p.field, p.message) for p in store]
    _, row_problems = member_from_document(Document(source, profile, {(): line}), slug, vocabulary)
    problems += [Problem(p.source, p.line, column_of(p.field, row.columns), p.message) for p in row_problems]
    problems += [Problem(p.source, p.line, column_of(f"contact.{p.field}", row.columns), p.message)
                 for p in detail_problems(private.given, source, line)] if private.given else []
    if problems:
        return problems
    if kept is not None and kept.changed:
        plan.kept.append(kept)
    if previous is None or profile != existing.data:
        plan.files.append(PlannedFile(target, dump(schema.MEMBER, profile), previous))
        plan.rows[target] = line
    elif kept is None or not kept.changed:
        plan.unchanged.append(target)
    return problems


def tree_problems_with(files: list[PlannedFile], settings: HubSettings, load_tree) -> list[Problem]:
    """The problems of the whole tree with `files` written in it, as `invoke validate` will check it once
    they are; the tree is as it was afterwards."""
    try:
        for planned in files:
            planned.write()
        return load_tree(settings)[1]
    finally:
        for planned in files:
            if planned.previous is None:
                planned.path.unlink(missing_ok=True)
            else:
                planned.path.write_text(planned.previous, encoding="utf-8")


def check_in_tree(plan: ImportPlan, settings: HubSettings, load_tree, source: str) -> list[Problem]:
    """The problems the import would bring to the tree (tree_problems_with): a row's profile named by its
    row; a file it would break, such as an introduction naming an offer a row takes away, by that file."""
    _, before = load_tree(settings)
    after = tree_problems_with(plan.files, settings, load_tree)
    rows = {f"{path.parent.name}/{path.name}": row for path, row in plan.rows.items()}
    found, seen = [], set(map(str, before))
    for problem in after:
        if str(problem) in seen:
            continue
        row = next((line for name, line in rows.items() if problem.source.endswith(name)), None)
        found.append(Problem(source, row, problem.field, problem.message) if row is not None else
                     Problem(source, 1, "(import)", f"the import would break {problem}; change that file, or this row"))
    return found


def import_csv(path: Path, members_path: Path, vocabulary: Vocabulary, source: str | None = None,
               update: bool = False, mapping: dict[str, str] | None = None,
               settings: HubSettings | None = None) -> tuple[list[Path], list[Problem]]:
    """Profiles from the CSV at `path`, written to `members_path` only if every row is valid; else
    the problems (see `plan_import`)."""
    plan = plan_import(path, members_path, vocabulary, source, update, mapping, settings)
    if plan.problems:
        return [], plan.problems
    return plan.write(), []
