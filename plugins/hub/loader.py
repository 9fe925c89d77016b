"""Files -> validated model. Every problem of every file is collected before anything is built."""
from __future__ import annotations

from pathlib import Path

from . import schema
from .fields import INVALID, SLUG, Checker, slugify
from .model import Area, Category, Contact, Hub, Item, Member, Vocabulary
from .yamlio import Document, Problem, read_file, source_name

PROFILE_SUFFIXES = (".yaml", ".yml")


def load_vocabulary(path: Path, root: Path | None = None) -> tuple[Vocabulary, list[Problem]]:
    source = source_name(path, root)
    if not path.is_file():
        return Vocabulary(()), [Problem(source, 1, "(file)",
                                        "the categories file is missing; create it or set HUB_CATEGORIES_FILE")]
    doc, problems = read_file(path, source)
    if problems:
        return Vocabulary(()), problems
    checker = Checker(doc)
    if not isinstance(doc.data, dict):
        checker.problem((), "expected a mapping of category keys (e.g. 'venues:') to their label, "
                        "description and synonyms")
        return Vocabulary(()), checker.problems
    categories = []
    for key, value in doc.data.items():
        if not SLUG.match(str(key)):
            checker.problem((key,), f"category key '{key}' may contain only lowercase letters, digits "
                            f"and single hyphens; try '{slugify(key)}'")
            continue
        checked = schema.CATEGORY.check(value, (key,), checker)
        if checked is not INVALID:
            categories.append(Category(key=key, label=checked["label"], description=checked["description"],
                                       synonyms=tuple(s.lower() for s in checked["synonyms"])))
    if not doc.data:
        checker.problem((), "no categories are defined; members need at least one")
    return Vocabulary(tuple(categories)), checker.problems


def _areas(names) -> tuple[Area, ...]:
    return tuple(Area(name) for name in names)


def _items(kind: str, slug: str, checked_items, member_areas) -> tuple[Item, ...]:
    return tuple(
        Item(kind=kind, member_slug=slug, index=index, category=item["category"], title=item["title"],
             details=item["details"],
             areas=_areas(item["areas"]) if item["areas"] else member_areas,
             areas_given=bool(item["areas"]))
        for index, item in enumerate(checked_items))


def member_from_document(doc: Document, slug: str, vocabulary: Vocabulary,
                         content_path: Path | None = None) -> tuple[Member | None, list[Problem]]:
    checker = Checker(doc, {"vocabulary": vocabulary, "content_path": content_path})
    checked = schema.MEMBER.check(doc.data, (), checker)
    if checked is INVALID:
        return None, checker.problems
    areas = _areas(checked["areas"])
    contact = checked["contact"]
    public_contact = None
    if contact and contact["public"]:
        public_contact = Contact(name=contact["name"], email=contact["email"], phone=contact["phone"])
    member = Member(
        slug=slug, name=checked["name"], summary=checked["summary"], areas=areas, source=doc.source,
        type=checked["type"], description=checked["description"], website=checked["website"],
        themes=checked["themes"], joined=checked["joined"], updated=checked["updated"], logo=checked["logo"],
        offers=_items("offer", slug, checked["offers"], areas),
        needs=_items("need", slug, checked["needs"], areas),
        contact=public_contact, news_feed=checked["news_feed"], events_feed=checked["events_feed"])
    return member, []


def profile_files(members_path: Path) -> list[Path]:
    if not members_path.is_dir():
        return []
    return sorted(p for p in members_path.iterdir() if p.suffix in PROFILE_SUFFIXES and p.is_file())


def load_hub(members_path: Path, categories_path: Path, root: Path | None = None,
             content_path: Path | None = None) -> tuple[Hub, list[Problem]]:
    """Validate the vocabulary and every profile; returns the hub and *all* problems found."""
    vocabulary, problems = load_vocabulary(categories_path, root)
    members: list[Member] = []
    seen: dict[str, str] = {}
    for path in profile_files(members_path):
        source = source_name(path, root)
        slug = path.stem
        if not SLUG.match(slug):
            problems.append(Problem(source, 1, "(file name)",
                                    f"'{path.name}' is not a valid slug; the file name must be lowercase "
                                    f"letters, digits and single hyphens, e.g. '{slugify(slug) or 'our-group'}"
                                    f"{path.suffix}'"))
        elif slug in seen:
            problems.append(Problem(source, 1, "(file name)",
                                    f"slug '{slug}' is already used by {seen[slug]}; rename one of the files"))
            continue
        seen.setdefault(slug, source)
        doc, file_problems = read_file(path, source)
        if file_problems:
            problems.extend(file_problems)
            continue
        member, member_problems = member_from_document(doc, slug, vocabulary, content_path)
        problems.extend(member_problems)
        if member is not None and SLUG.match(slug):
            members.append(member)
    members.sort(key=lambda m: m.sort_key)
    hub = Hub(vocabulary=vocabulary, members=tuple(members), by_slug={m.slug: m for m in members})
    return hub, sorted(problems, key=lambda p: (p.source, p.line, p.field))
