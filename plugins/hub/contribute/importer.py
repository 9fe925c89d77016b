"""Turn a coalition's existing "active members contact list" (a CSV export of the spreadsheet) into
member profiles. Rows are checked with the same schema as profiles; problems point at the CSV row,
and no file is written unless every row is valid."""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import yaml

from ..core.slugs import SLUG, slugify
from ..core.loader import member_from_document
from ..core.model import Vocabulary
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


def row_to_profile(row: dict[str, str]) -> tuple[str, dict]:
    profile: dict = {}
    contact: dict = {}
    slug = ""
    for heading, value in row.items():
        target = COLUMNS.get((heading or "").strip().lower())
        value = (value or "").strip()
        if not target or not value:
            continue
        if target == "slug":
            slug = value
        elif target in ("areas", "themes"):
            profile[target] = _split(value)
        elif target in ("offers", "needs"):
            profile[target] = _items(value)
        elif target == "contact.public":
            contact["public"] = value.lower() in YES
        elif target.startswith("contact."):
            contact[target.split(".", 1)[1]] = value
        else:
            profile[target] = value
    if contact:
        contact.setdefault("public", False)
        profile["contact"] = contact
    return slug or slugify(profile.get("name", "")), profile


def import_csv(path: Path, members_path: Path, vocabulary: Vocabulary, source: str | None = None,
               overwrite: bool = False) -> tuple[list[Path], list[Problem]]:
    source = source or path.name
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [Problem(source, 1, "(file)", "the CSV is not UTF-8; export it again as 'CSV UTF-8'")]
    reader = csv.DictReader(io.StringIO(text))
    unknown = [h for h in reader.fieldnames or [] if h and h.strip().lower() not in COLUMNS]
    problems = [Problem(source, 1, heading, "unknown column; rename it to one of: "
                        + ", ".join(sorted(set(COLUMNS)))) for heading in unknown]
    planned: dict[str, tuple[Path, dict]] = {}
    for row in reader:
        line = reader.line_num
        slug, profile = row_to_profile(row)
        if not SLUG.match(slug or ""):
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
        doc = Document(source, profile, {(): line})
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
