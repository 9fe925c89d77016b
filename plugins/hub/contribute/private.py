"""The coordinators' private store: the contact details a member did not agree to publish.

A file in members/ is public in the repository and in its history, whatever the site shows, so a
profile holds only the contact its member agreed to publish (`invoke validate` refuses any other:
core.loader). The rest live in the private store, HUB_PRIVATE_DIR: a folder outside the hub's
repository (by default beside it, `../<hub>-private/`), best kept as a private git repository of
its own (docs/private.md). It holds one file a member, `contacts/<slug>.yaml`, with the contact's
name, email and phone, in the same fields as a profile's contact.

Imports and forms route private details here (`keep`), `invoke move-private` moves today's out of
members/ (`plan_move`), `invoke validate` checks the store when there is one (`store_problems`), and
`invoke contacts` and `invoke stale` read it (`read_contacts`). The build never opens it, so nothing
it holds can reach a page, a feed or the search index.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..core import schema
from ..core.fields import INVALID, Checker, Record
from ..core.loader import YAML_SUFFIXES
from ..core.settings import HubSettings
from ..core.slugs import SLUG
from ..core.yamlio import Document, Problem, read_file
from .profiles import dump

CONTACTS = "contacts"
# The fields of a private contact: a profile's contact without the consent to publish it.
PRIVATE_CONTACT = Record(what="private contact",
                         fields=tuple(spec for spec in schema.CONTACT.fields if spec.name in schema.CONTACT_DETAILS))
README = """# The hub's private store

Contact details that members did not agree to publish, one file a member in `contacts/`, named as
its profile in the hub's `members/`. Keep this folder out of the public repository: a private git
repository of its own is best (the hub's docs/private.md says how). The hub's build never reads it.
"""


def shown(path: Path, settings: HubSettings) -> str:
    """A store file as messages name it: relative to the hub's folder (e.g. `../hub-private/contacts/x.yaml`)."""
    return Path(os.path.relpath(path, settings.root.resolve())).as_posix()


def contact_file(settings: HubSettings, slug: str) -> Path:
    return settings.private_path / CONTACTS / f"{slug}.yaml"


def available(settings: HubSettings) -> bool:
    """Whether the store is there to be written to by a form (a form never creates it: a folder made
    on a machine nobody keeps, such as a workflow's, would lose what it holds)."""
    return settings.private_path.is_dir()


def details_of(contact: dict | None) -> dict:
    """The contact details written in a profile's (or a form's) contact: name, email, phone, in order."""
    contact = contact if isinstance(contact, dict) else {}
    return {name: contact[name] for name in schema.CONTACT_DETAILS if contact.get(name) not in (None, "")}


def is_private(contact: dict | None) -> bool:
    """Whether a profile's contact holds details its member did not agree to publish."""
    return bool(details_of(contact)) and (contact or {}).get("public") is not True


@dataclass(frozen=True)
class Private:
    """Contact details for the private store: those the member gave without agreeing to publish them
    (`given`, their latest word), and those the profile held until now (`earlier`: published until
    the member stopped, or written before there was a store). The store's own file ranks between the
    two: what the member gives replaces it, what the profile held only fills its gaps."""

    given: dict
    earlier: dict

    def __bool__(self) -> bool:
        return bool(self.given or self.earlier)

    def details(self) -> dict:
        return {**self.earlier, **self.given}


def route_contact(given: dict | None, consent: bool | None, current: dict | None) -> tuple[dict | None, Private]:
    """(the contact a profile publishes, or None; the details for the private store) from the contact
    details a form or a spreadsheet row gives (`given`), the member's answer about publishing them
    (`consent`: True, False, or None for no answer) and the profile's contact now (`current`: None for a
    new profile). The answer is the member's latest word: no answer leaves it as it is (a new profile
    publishes nothing), and details given replace those they name, the others kept. Nothing is lost:
    stopping keeps the details published until then in the store, and details not to be published
    still in the profile (from before the store) go there too."""
    current = current if isinstance(current, dict) else {}
    is_public = current.get("public") is True
    published_now = details_of(current) if is_public else {}
    private_now = {} if is_public else details_of(current)
    if consent is None:
        consent = bool(published_now)
    given = details_of(given)
    if consent:
        published = {**published_now, **given}
        return ({**published, "public": True} if published else None), Private({}, private_now)
    return None, Private(given, {**private_now, **published_now})


def detail_problems(details: dict, source: str, line: int = 1) -> list[Problem]:
    """The mistakes in contact details not to be published (a form's or a row's), checked as the store
    checks its files; each names its part ('email', 'phone', 'name')."""
    checker = Checker(Document(source, details_of(details), {(): line}))
    PRIVATE_CONTACT.check(checker.doc.data, (), checker)
    return checker.problems


def _check(path: Path, source: str, member_slugs: frozenset[str] | None) -> tuple[dict | None, list[Problem]]:
    doc, problems = read_file(path, source)
    if problems:
        return None, problems
    checker = Checker(doc)
    checked = PRIVATE_CONTACT.check(doc.data, (), checker)
    slug = path.stem
    if not SLUG.match(slug):
        checker.problem((), f"'{path.name}' is not named as a profile; name it as the member's file in members/, "
                        "e.g. 'tile-hill-lunch-club.yaml'")
    elif member_slugs is not None and slug not in member_slugs:
        checker.problem((), f"there is no profile members/{slug}.yaml: rename this file as the member's profile, "
                        "or delete it if the member has left")
    if checked is INVALID or checker.problems:
        return None, checker.problems
    return {name: value for name, value in checked.items() if value is not None}, []


def _store_files(settings: HubSettings) -> list[Path]:
    folder = settings.private_path / CONTACTS
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.iterdir() if path.suffix in YAML_SUFFIXES and not path.name.startswith("."))


def _folder_problem(settings: HubSettings, folder: Path) -> Problem | None:
    """Why `folder` (the store, or its contacts/) cannot hold the store: a file, or a way into the hub."""
    if folder.exists() and not folder.is_dir():
        what = ("HUB_PRIVATE_DIR names a file, not a folder; name the folder of the private store" if
                folder == settings.private_path else "is a file, not a folder: the private store needs a folder here")
        return Problem(shown(folder, settings), 1, "(folder)", f"{what} (docs/private.md)")
    if folder.exists() and folder.resolve().is_relative_to(settings.root.resolve()):
        return Problem(shown(folder, settings), 1, "(folder)", "leads into the hub's folder, so what it holds could "
                       "be committed to the public repository; keep the private store outside it")
    return None


def _file_problem(settings: HubSettings, path: Path) -> Problem | None:
    """Why the store's file at `path` is not one to read or write: a link (it could lead anywhere, the hub
    too) or not a plain file. Said without what it holds: these messages may reach a public log."""
    if path.is_symlink() or path.exists() and not path.is_file():
        return Problem(shown(path, settings), 1, "(file)", "is not a plain file (a link, or a folder); replace it "
                       "with the member's contact file, or remove it")
    return None


def read_contacts(settings: HubSettings, member_slugs: frozenset[str] | None = None
                  ) -> tuple[dict[str, dict], list[Problem]]:
    """{slug: private contact} of the store (empty without one), and the problems of its files."""
    folder = _folder_problem(settings, settings.private_path)
    if folder is not None:
        return {}, [folder]
    contacts, problems = {}, []
    for path in _store_files(settings):
        if (problem := _file_problem(settings, path)) is not None:
            problems.append(problem)
            continue
        contact, file_problems = _check(path, shown(path, settings), member_slugs)
        problems += file_problems
        if contact is not None:
            contacts[path.stem] = contact
    return contacts, problems


def store_problems(settings: HubSettings, member_slugs: frozenset[str]) -> list[Problem]:
    """Every mistake in the store's files (none when there is no store): `invoke validate` adds them."""
    return read_contacts(settings, member_slugs)[1]


@dataclass(frozen=True)
class Kept:
    """A member's private contact as it will be in the store: the file, its text, and its text before."""

    path: Path
    text: str
    previous: str | None

    @property
    def changed(self) -> bool:
        return self.text != self.previous

    def write(self) -> None:
        folder = self.path.parent.parent
        if not (folder / "README.md").exists():
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "README.md").write_text(README, encoding="utf-8")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(self.text, encoding="utf-8")


def store_problems_for(settings: HubSettings, path: Path) -> list[Problem]:
    """Why the store's file at `path` cannot be written: its folder, or the file itself (see above)."""
    found = [_folder_problem(settings, folder) for folder in (settings.private_path, path.parent)]
    return [problem for problem in (*found, _file_problem(settings, path)) if problem is not None][:1]


def keep(settings: HubSettings, slug: str, member_name: str, private: Private) -> tuple[Kept | None, list[Problem]]:
    """The store's file for `slug` with the details of `private` in it: what the member gave replaces what
    the file said, what the profile held fills only its gaps (Private); or the problems that stop it
    (a file that cannot be read is never written over: its details would be lost)."""
    path = contact_file(settings, slug)
    problems = store_problems_for(settings, path)
    if problems:
        return None, problems
    previous, existing = None, {}
    if path.is_file():
        try:
            previous = path.read_text(encoding="utf-8")
            loaded = yaml.load(previous, Loader=yaml.CSafeLoader)
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            return None, [Problem(shown(path, settings), 1, "(file)", "cannot be read as a contact; fix it (invoke "
                                  "validate says how), then try again: it is never written over")]
        existing = details_of(loaded)
    merged = {**private.earlier, **existing, **private.given}
    header = (f"# Private: the coordinators' contact for {' '.join(str(member_name).split())} (members/{slug}.yaml).\n"
              "# Never published: keep this folder out of the public repository (the hub's docs/private.md).\n")
    return Kept(path, header + dump(PRIVATE_CONTACT, merged), previous), []


def store_names(settings: HubSettings) -> set[str]:
    """The names of the store's files (a member's slug each), taken for a new profile too: a join never
    inherits the contact left by a member with its name."""
    return {path.stem for path in _store_files(settings)}


def without_contact(text: str) -> str | None:
    """`text` (a profile) without its top-level `contact:` entry, every other line as it was; None when
    it has none. Lines are cut, not the file rewritten, so its comments and layout stay."""
    try:
        root = yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        return None
    if not isinstance(root, yaml.MappingNode):
        return None
    for key, value in root.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "contact":
            lines = text.splitlines(keepends=True)
            end = value.end_mark.line + (1 if value.end_mark.column else 0)
            return "".join(lines[:key.start_mark.line] + lines[end:])
    return None


@dataclass(frozen=True)
class Move:
    """One profile's private contact on its way out of members/: the profile without it, and the store file."""

    profile: Path
    text: str
    kept: Kept


def plan_move(settings: HubSettings) -> tuple[list[Move], list[Problem]]:
    """Every profile whose contact is not to be published (no `public: true`), with its details moved to the
    store; problems for profiles that cannot be read (fix them first)."""
    moves, problems = [], []
    folder = settings.members_path
    for path in sorted(path for path in folder.iterdir() if path.suffix in YAML_SUFFIXES) if folder.is_dir() else []:
        source = f"{settings.members_dir}/{path.name}"
        doc, file_problems = read_file(path, source)
        if file_problems:
            problems += file_problems
            continue
        data = doc.data if isinstance(doc.data, dict) else {}
        if not is_private(data.get("contact")):
            continue
        text = path.read_text(encoding="utf-8")
        cut = without_contact(text)
        if cut is None:
            problems.append(Problem(source, doc.line_of(("contact",)), "contact", "could not be cut from the file; "
                                    "move the contact details to the private store by hand (docs/private.md)"))
            continue
        kept, store = keep(settings, path.stem, data.get("name") or path.stem,
                           Private({}, details_of(data["contact"])))
        problems += store
        if kept is not None:
            moves.append(Move(path, cut, kept))
    return moves, problems
