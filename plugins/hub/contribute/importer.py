"""Turn a coalition's existing "active members contact list" (a CSV export of the spreadsheet) into
member profiles. Rows are checked with the same schema as profiles; problems point at the CSV row,
and no file is written unless every row is valid.

Reading is in two steps, so another export format only needs its own headings: `read_columns`
maps headings to profile fields (refusing two columns for one field), `row_to_profile` turns the
cells of one row into a profile."""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import yaml

from ..core.fields import INVALID, Checker, Slug
from ..core.loader import member_from_document
from ..core.model import Vocabulary
from ..core.slugs import slugify
from ..core.yamlio import Document, Problem

# Spreadsheet headings we understand, and the profile field each fills. Lower-cased, spaces kept.
COLUMNS = {
    "name": "name", "organisation": "name", "organisation name": "name",
    "summary": "summary", "about": "summary",
    "description": "description",
    "website": "website",
    "areas": "areas", "area": "areas", "where we work": "areas",
    "themes": "themes",
    "offers": "offers", "support we can give": "offers", "support we can offer": "offers",
    "needs": "needs", "support we are looking for": "needs",
    "contact name": "contact.name", "contact email": "contact.email", "email": "contact.email",
    "contact phone": "contact.phone", "phone": "contact.phone",
    "public": "contact.public", "publish contact": "contact.public",
    "slug": "slug",
}
YES = {"yes", "y", "true", "1", "public"}


def _split(cell: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;\n]", cell or "") if part.strip()]


def _items(cell: str) -> list[dict]:
    """'venues: Hall on Tuesdays; volunteers: Drivers' -> items. Without 'category:' the category is
    left empty so validation asks for it."""
    items = []
    for part in _split(cell):
        category, sep, title = part.partition(":")
        items.append({"category": category.strip().lower(), "title": title.strip()} if sep
                     else {"category": "", "title": part})
    return items


def read_columns(headings: list[str], source: str) -> tuple[dict[int, str], list[Problem]]:
    """Which profile field each column fills, by column position. An unknown heading, or two
    columns filling one field (`Email` and `Contact email`, `Public` and `Publish contact`, a
    heading written twice), is a problem naming them: one would silently override the other."""
    columns: dict[int, str] = {}
    problems: list[Problem] = []
    first: dict[str, str] = {}
    for position, heading in enumerate(headings):
        name = heading.strip()
        if not name:
            continue
        target = COLUMNS.get(name.lower())
        if target is None:
            problems.append(Problem(source, 1, name, "unknown column; rename it to one of: "
                                    + ", ".join(sorted(set(COLUMNS)))))
            continue
        if target in first:
            problems.append(Problem(source, 1, name, f"this column and '{first[target]}' both fill '{target}'; "
                                    "keep one of them (delete the other, or merge the two into one)"))
            continue
        first[target] = name
        columns[position] = target
    return columns, problems


def row_to_profile(cells: list[tuple[str, str]]) -> tuple[str, dict]:
    """(field, cell) pairs of one row -> (slug cell, profile). The contact is public only when
    every consent cell says so: a blank, 'no' or anything unclear keeps it private."""
    profile: dict = {}
    contact: dict = {}
    consent: list[bool] = []
    slug = ""
    for target, value in cells:
        value = value.strip()
        if target == "contact.public":
            consent.append(value.lower() in YES)
            continue
        if not value:
            continue
        if target == "slug":
            slug = value
        elif target in ("areas", "themes"):
            profile[target] = _split(value)
        elif target in ("offers", "needs"):
            profile[target] = _items(value)
        elif target.startswith("contact."):
            contact[target.split(".", 1)[1]] = value
        else:
            profile[target] = value
    if contact:
        contact["public"] = bool(consent) and all(consent)
        profile["contact"] = contact
    return slug, profile


def import_csv(path: Path, members_path: Path, vocabulary: Vocabulary, source: str | None = None,
               overwrite: bool = False) -> tuple[list[Path], list[Problem]]:
    """Profiles from the CSV at `path`, written to `members_path` only if every row is valid; else
    the problems, as `FILE:ROW: field: message` (ROW counts the spreadsheet's rows, headings = 1)."""
    source = source or path.name
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        return [], [Problem(source, 1, "(file)", f"cannot read the file: {error.strerror}; check the name and "
                            "the folder")]
    except UnicodeDecodeError:
        return [], [Problem(source, 1, "(file)", "the CSV is not UTF-8; export it again as 'CSV UTF-8'")]
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error as error:
        return [], [Problem(source, 1, "(file)", f"it cannot be read as CSV ({error}); export it again as "
                            "'CSV UTF-8'")]
    if not rows:
        return [], [Problem(source, 1, "(file)", "the CSV is empty; export the contact list with its heading row")]
    headings = rows[0]
    columns, problems = read_columns(headings, source)
    planned: dict[str, tuple[Path, dict]] = {}
    for line, cells in enumerate(rows[1:], start=2):
        if not cells:
            continue  # a blank line between rows
        if len(cells) != len(headings):
            problems.append(Problem(source, line, "(row)", f"has {len(cells)} cells but the heading row has "
                                    f"{len(headings)}; check for a stray comma or a cell with a comma that is "
                                    "not in quotes, then export the spreadsheet again"))
            continue
        written_slug, profile = row_to_profile([(target, cells[position]) for position, target in columns.items()])
        doc = Document(source, profile, {(): line})
        checker = Checker(doc)
        slug = Slug().check(written_slug, ("slug",), checker) if written_slug else slugify(profile.get("name", ""))
        if slug is INVALID:
            problems.extend(checker.problems)
            continue
        if not slug:
            problems.append(Problem(source, line, "name", "a name is needed to make the file name"))
            continue
        target = members_path / f"{slug}.yaml"
        if slug in planned:
            problems.append(Problem(source, line, "name", f"'{slug}' appears twice in the list; merge the rows"))
            continue
        if target.exists() and not overwrite:
            problems.append(Problem(source, line, "name", f"members/{slug}.yaml already exists; edit that file, "
                                    "or re-run with --overwrite"))
            continue
        _, row_problems = member_from_document(doc, slug, vocabulary)
        problems.extend(row_problems)
        planned[slug] = (target, profile)
    if problems:
        return [], problems
    written = []
    members_path.mkdir(parents=True, exist_ok=True)
    for target, profile in planned.values():
        target.write_text(yaml.safe_dump(profile, sort_keys=False, allow_unicode=True, width=100),
                          encoding="utf-8")
        written.append(target)
    return written, []
