"""Files -> validated model. Every problem of every file is collected before anything is built."""
from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TypeVar

from . import schema
from .directory import LETTERS_FOLDER
from .fields import INVALID, Checker, ListOf, PostcodeDistrict, Text
from .fingerprint import digest, keep_fingerprint
from .links import unsafe_link
from .memo import files_looked_at, keep_check, kept_check
from .model import Category, Place, Places, Vocabulary
from .processes import forked_map
from .schema import Member
from .settings import HubSettings
from .slugs import SLUG, slugify
from .yamlio import Document, Problem, bytes_key, forget_parse, parse_bytes, read_bytes, read_file, source_name

YAML_SUFFIXES = (".yaml", ".yml")
Model = TypeVar("Model")


def load_vocabulary(path: Path, root: Path | None = None) -> tuple[Vocabulary, list[Problem]]:
    source = source_name(path, root)
    if not path.is_file():
        return Vocabulary(()), [Problem(source, 1, "(file)",
                                        "the categories file is missing; create it or set HUB_CATEGORIES_FILE")]
    link = unsafe_link(path, root)
    if link is not None:
        return Vocabulary(()), [link]
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


def written_field_problems(record, doc: Document, context: dict) -> list[Problem]:
    """After a syntax error: the problems of the fields that could still be read (`doc.partial`), so
    one run reports them too. Nothing is built from them."""
    if not doc.partial:
        return []
    checker = Checker(doc, context)
    record.check_written(doc.partial, checker)
    return checker.problems


PLACE_NAME = Text(max_length=60, doc_name="place name")
DISTRICTS = ListOf(PostcodeDistrict(), max_items=20, unique=True)


def load_places(path: Path, root: Path | None = None) -> tuple[Places, list[Problem]]:
    """places.yaml: each area's neighbourhoods with their postcode districts, e.g.

        Coventry:
          Tile Hill: [CV4]
          Foleshill: [CV6]

    The file is optional (a hub may name no neighbourhoods); a neighbourhood with no district is
    written `Tile Hill: []`."""
    if not path.is_file():
        return Places(), []
    source = source_name(path, root)
    link = unsafe_link(path, root)
    if link is not None:
        return Places(), [link]
    doc, problems = read_file(path, source)
    if problems:
        return Places(), problems
    checker = Checker(doc)
    if not isinstance(doc.data, dict):
        checker.problem((), "expected each area as a heading ('Coventry:') with its neighbourhoods under it, "
                        "e.g. '  Tile Hill: [CV4]'")
        return Places(), checker.problems
    places, seen = [], {}
    for area, neighbourhoods in doc.data.items():
        area_name = PLACE_NAME.check(area, (area,), checker)
        if not isinstance(neighbourhoods, dict) or not neighbourhoods:
            checker.problem((area,), "expected this area's neighbourhoods under it, one per line, each with its "
                            "postcode districts, e.g. 'Tile Hill: [CV4]'")
            continue
        for name, districts in neighbourhoods.items():
            place_name = PLACE_NAME.check(name, (area, name), checker)
            checked = DISTRICTS.check(districts, (area, name), checker) if districts not in (None, [], "") else ()
            if INVALID in (area_name, place_name, checked):
                continue
            key = (area_name.casefold(), place_name.casefold())
            if key in seen:
                checker.problem((area, name), f"'{place_name}' is listed twice under {area_name}; remove one")
                continue
            seen[key] = True
            places.append(Place(name=place_name, area=area_name, districts=tuple(checked)))
    return Places(tuple(places)), checker.problems


def _check_localities(checked: dict, places: Places | None, checker: Checker) -> None:
    """A member's neighbourhoods lie in its areas: Tile Hill (Coventry) needs Coventry in `areas`."""
    if places is None:
        return
    areas = [name for name in checked["areas"]]
    for index, name in enumerate(checked["localities"]):
        if places.named(name, areas) is None:
            listed = sorted({place.area for place in places if place.name.casefold() == name.casefold()})
            checker.problem(("localities", index), f"'{name}' is a neighbourhood of {', '.join(listed)} in "
                            f"places.yaml, but this profile's areas are {', '.join(areas)}; add "
                            f"{listed[0]} to 'areas', or remove '{name}'")


PRIVATE_HERE = ("these contact details are not to be published, but anyone can read this file in the repository; "
                "move them to the coordinators' private store with `invoke move-private` (docs/private.md), or "
                "write 'public: true' if the member agreed to publish them")


def _check_private_contact(checked: dict, checker: Checker) -> None:
    """A profile holds only contact details its member agreed to publish: a file in members/ is public
    in the repository (and its history), whatever the site shows. Details not to be published live
    in the private store (core.private)."""
    contact = checked["contact"]
    if contact and not contact["public"] and any(contact[name] for name in schema.CONTACT_DETAILS):
        written = "public" in (checker.doc.data.get("contact") or {})
        checker.problem(("contact", "public") if written else ("contact",), PRIVATE_HERE)


def member_from_document(doc: Document, slug: str, vocabulary: Vocabulary, content_path: Path | None = None,
                         practice_keys: dict[str, str] | None = None,
                         places: Places | None = None) -> tuple[Member | None, list[Problem]]:
    """A profile checked against the vocabulary, the images in content/, the keys the series declare
    (`practice_keys`) and the neighbourhoods of places.yaml (`places`); each not checked when None."""
    checker = Checker(doc, {"vocabulary": vocabulary, "content_path": content_path, "practice_keys": practice_keys,
                            "places": places})
    checked = schema.MEMBER.check(doc.data, (), checker)
    if checked is not INVALID:
        _check_localities(checked, places, checker)
        _check_private_contact(checked, checker)
    if checked is INVALID or checker.problems:
        return None, checker.problems
    member = schema.MEMBER.to_model(schema.Member, checked, {"slug": slug, "areas": checked["areas"]},
                                    slug=slug, source=doc.source)
    return member, []


@dataclass(frozen=True)
class CollectionFile:
    """One file of a collection folder (members/, events/) whose name is its slug."""

    path: Path
    source: str
    slug: str
    valid_name: bool  # False: reported; its content is still checked, but it is not published


@dataclass(frozen=True)
class Collection:
    """What the messages about a collection's file names say."""

    entry: str        # "profile", "event"
    example: str      # a slug to suggest, e.g. "our-group"
    docs: str         # where the format is described
    reserved: frozenset[str] = frozenset()  # slugs taken by the hub's own pages under the folder


# A long directory's letters are pages under members/letters/ (core.directory).
MEMBERS = Collection("profile", "our-group", "docs/members.md", reserved=frozenset({LETTERS_FOLDER}))


def collection_files(folder: Path, root: Path | None,
                     collection: Collection) -> tuple[list[CollectionFile], list[Problem]]:
    """The files of a collection, one per slug, and problems with the names: a file that is not
    YAML, a name that is not a slug or is reserved, two files with one slug, a link the hub does not
    follow (core.links: it is never read). Dotfiles and READMEs are not entries."""
    if not folder.is_dir():
        return [], []
    files: list[CollectionFile] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    # Entries are named from their folder's name (resolved once): resolving every file costs a
    # system call per folder of its path, and a link is never read (unsafe_link, below).
    prefix = source_name(folder, root)
    with os.scandir(folder) as listing:  # tells links and folders apart without a system call per file
        entries = sorted(listing, key=lambda entry: entry.name)
    for entry in entries:
        path = folder / entry.name
        if path.name.startswith(".") or path.stem.upper() == "README":
            continue
        is_link = entry.is_symlink()
        link = unsafe_link(path, root) if is_link else None
        if link is not None:
            problems.append(link)
            continue
        if not is_link and entry.is_dir(follow_symlinks=False):
            continue
        source = source_name(path, root) if is_link else f"{prefix}/{path.name}"
        slug = path.stem
        if path.suffix not in YAML_SUFFIXES:
            problems.append(Problem(source, 1, "(file name)",
                                    f"'{path.name}' is not a .yaml file; write each {collection.entry} as YAML in a "
                                    f"file named like '{slugify(slug) or collection.example}.yaml' (see "
                                    f"{collection.docs})"))
            continue
        valid = True
        if not SLUG.match(slug):
            problems.append(Problem(source, 1, "(file name)",
                                    f"'{path.name}' is not a valid slug; the file name must be lowercase "
                                    f"letters, digits and single hyphens, e.g. '{slugify(slug) or collection.example}"
                                    f"{path.suffix}'"))
            valid = False
        elif slug in seen:
            problems.append(Problem(source, 1, "(file name)",
                                    f"slug '{slug}' is already used by {seen[slug]}; rename one of the files"))
            continue
        elif slug in collection.reserved:
            problems.append(Problem(source, 1, "(file name)",
                                    f"'{slug}' is used by the hub's own pages ({folder.name}/{slug}/); choose "
                                    f"another file name, e.g. '{slug}-{collection.entry}{path.suffix}'"))
            valid = False
        seen.setdefault(slug, source)
        files.append(CollectionFile(path, source, slug, valid))
    return files, problems


def without_expired(member: Member, today: dt.date) -> Member:
    """`member` without the offers and needs whose `until` day is before `today`; they move to
    `member.expired`. Done here, once, so pages, matching, search and exports all agree."""
    def current(item) -> bool:
        return item.until is None or item.until >= today

    expired = tuple(item for item in (*member.offers, *member.needs) if not current(item))
    if not expired:
        return member
    return dataclasses.replace(member, offers=tuple(filter(current, member.offers)),
                               needs=tuple(filter(current, member.needs)), expired=expired)


def check_entries(entries: list[CollectionFile], check: Callable[..., tuple[Model | None, list[Problem]]],
                  arguments: CheckArguments, written_problems: Callable[[Document], list[Problem]],
                  parts: Callable[[Model], Iterable] = lambda model: (),
                  workers: int | None = None) -> list[tuple[Model | None, list[Problem]]]:
    """Each file of a collection: its model and problems by `check(document, slug, *arguments.values)`,
    or by `written_problems` after a syntax error, in the files' order. A file checked valid in an
    earlier run is not parsed nor checked again when its bytes, its name and `arguments` are the same:
    `check` is given nothing else, so its kept model cannot follow from something the key left out
    (the images it looks for are looked for again: core.memo.kept_check). The others are parsed and
    checked on every core (core.processes; each check is a pure function of the file and
    `arguments`). The model keeps its fingerprint, and those of its `parts`
    (core.fingerprint.keep_fingerprint)."""
    results: list[tuple[Model | None, list[Problem]] | None] = [None] * len(entries)
    todo = []
    for number, entry in enumerate(entries):
        raw, problems = read_bytes(entry.path, entry.source)
        if raw is None:
            results[number] = (None, problems)
            continue
        key = bytes_key(raw, entry.source)
        model = kept_check(f"{key}:{arguments.key}")
        if model is not None:
            forget_parse(key)
            results[number] = (model, [])
        else:
            todo.append((number, entry, raw, key))

    def check_file(item) -> tuple[Model | None, list[Problem], list]:
        # In a worker process: what it parses is not kept for the next run (only valid models are, below).
        _, entry, raw, key = item
        with files_looked_at() as looked_at:
            doc, problems = parse_bytes(raw, entry.source, key)
            if problems:
                return None, problems + written_problems(doc), looked_at
            model, problems = check(doc, entry.slug, *arguments.values)
        return (model if model is None else keep_fingerprint(model, parts(model))), problems, looked_at

    for (number, _, _, key), (model, problems, looked_at) in zip(todo, forked_map(check_file, todo, workers)):
        keep_check(f"{key}:{arguments.key}", model, problems, looked_at)
        if model is not None:
            forget_parse(key)
        results[number] = (model, problems)
    return results


@dataclass(frozen=True)
class CheckArguments:
    """What checking each file of a collection is given besides the file, and its digest, made once
    for every file from these very values."""

    values: tuple

    @cached_property
    def key(self) -> str:
        return digest(self.values)


def load_members(settings: HubSettings, vocabulary: Vocabulary, practice_keys: dict[str, str] | None = None,
                 places: Places | None = None
                 ) -> tuple[tuple[Member, ...], frozenset[str], list[Problem]]:
    """Every profile in members/: the valid members (sorted by name), the slugs of every profile
    file (events may name them even while a profile has mistakes), and all problems. Offers and
    needs past their `until` day (the build's day, `settings.now`, in the hub's time zone) are set
    aside in `expired`."""
    today = settings.today
    files, problems = collection_files(settings.members_path, settings.root, MEMBERS)
    members: list[Member] = []
    context = {"vocabulary": vocabulary, "content_path": settings.content_path, "practice_keys": practice_keys,
               "places": places}
    arguments = CheckArguments((vocabulary, settings.content_path, practice_keys, places))
    checked = check_entries(files, member_from_document, arguments,
                            lambda doc: written_field_problems(schema.MEMBER, doc, context),
                            lambda member: (*member.offers, *member.needs), settings.workers or None)
    for entry, (member, member_problems) in zip(files, checked):
        problems.extend(member_problems)
        if member is not None and entry.valid_name:
            members.append(without_expired(member, today))
    members.sort(key=lambda m: m.sort_key)
    slugs = frozenset(entry.slug for entry in files if entry.valid_name)
    return tuple(members), slugs, problems
