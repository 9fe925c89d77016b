"""A submitted issue form ("Join or update our profile", "Add an event") -> a checked file in members/ or
events/, or the answers to change (`invoke import-issue`; the texts the bot writes are in `replies`).

GitHub writes a form's answers into the issue as `### Label` sections (`_No response_` when left
empty, `- [X] option` for a ticked box, a drop-down's choices joined by ', '). The text is untrusted:
it is only read as answers to the known questions, and the file made from it is checked by the one
loader, with the file in the tree (`check_in_tree`), so what the import accepts `invoke validate`
accepts and the build builds.

A join never touches another member's profile: a name that folds onto an existing member's (case,
punctuation, width, look-alike letters) gets a file of its own and the coordinator is told. Only an
update, which names the profile's address, changes a profile. What the form does not ask is kept as
it was, and the consent to publish a contact is the member's latest answer: details not to be
published go to the private store when the hub has one there, and never into a file, a reply or a
pull request (contribute.private).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..core import schema
from ..core.fields import INVALID, Checker, Slug, parse_moment
from ..core.loader import MEMBERS, YAML_SUFFIXES, member_from_document
from ..core.model import Hub
from ..core.settings import HubSettings
from ..core.slugs import MAX_FILE_SLUG, file_slug, folded_slug
from ..core.yamlio import Document, Problem, read_file
from ..events import schema as event_schema
from ..events.load import event_from_document
from ..events.model import FEATURE_LABELS
from . import forms, private
from .importer import PlannedFile, _category, build_row, column_of, tree_problems_with
from .profiles import dump

NO_RESPONSE = "_No response_"
_HEADING = re.compile(r"^### (?P<label>.+?)\s*$")
_TICKED = re.compile(r"^- \[[xX]\] ")
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
CONSENT = {forms.CONSENT_PUBLISH: "Yes", forms.CONSENT_STOP: "No", forms.CONSENT_KEEP: ""}


@dataclass
class Answers:
    """The answers of one issue, by question label, and problems with the text itself."""

    kind: str
    values: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def read_answers(body: str, vocabulary, places=None, source: str = "issue", kind: str | None = None) -> Answers:
    """The answers in an issue body. Only `### Label` lines naming a question of the form start an
    answer, so a heading inside an answer stays part of it; a question answered twice is a problem."""
    lines = body.replace("\r\n", "\n").split("\n")
    labels_in_body = {match["label"] for line in lines if (match := _HEADING.match(line))}
    if kind is None:  # the workflow says it, from the issue's label; else the form's own first question
        name = schema.MEMBER.field_map()["name"].question
        title = event_schema.EVENT.field_map()["title"].question
        kind = "event" if title in labels_in_body and name not in labels_in_body else "member"
    known = {question.label for question in forms.questions_of(kind, vocabulary, places)}
    answers = Answers(kind)
    current, collected = None, []

    def close():
        if current is not None:
            text = "\n".join(collected).strip()
            answers.values[current] = "" if text == NO_RESPONSE else text

    for line in lines:
        match = _HEADING.match(line)
        if match and match["label"] in known:
            close()
            current, collected = match["label"], []
            if current in answers.values:
                answers.problems.append(Problem(source, 1, current, "is answered twice (an answer above seems to hold "
                                                f"the line '### {current}'); remove that line"))
            continue
        collected.append(line)
    close()
    if not answers.values:
        answers.problems.append(Problem(source, 1, "(issue)", "holds none of the form's questions; open a new issue "
                                        f"with the \"{forms.FORMS[kind]['name']}\" form"))
    return answers


@dataclass
class Change:
    """What an issue gives: the file to write (or the problems), what goes to the private store, and what
    the member and the coordinator are told beside it (`notes`, our words; `names`, the members a
    join's name is close to)."""

    kind: str                 # "member" or "event"
    answers: Answers
    action: str = ""          # "join", "update" or "add"
    file: PlannedFile | None = None
    name: str = ""
    problems: list[Problem] = field(default_factory=list)
    kept: private.Kept | None = None
    notes: list[str] = field(default_factory=list)  # to the member, in our words
    notes_for_review: list[str] = field(default_factory=list)  # to the coordinator, in the pull request
    near: list[tuple[str, str]] = field(default_factory=list)  # (name, slug) of members a join is close to
    removed: list[str] = field(default_factory=list)  # titles of offers and needs an update takes away
    columns: dict[str, str] = field(default_factory=dict)  # field path -> the question that filled it
    private_answers: bool = False  # contact details were answered without the consent to publish them
    store_problems: list[Problem] = field(default_factory=list)  # the private store's, not the member's

    @property
    def relative(self) -> str:
        return f"{self.file.path.parent.name}/{self.file.path.name}" if self.file else ""

    @property
    def slug(self) -> str:
        return self.file.path.stem if self.file else ""


def _slug_from_address(text: str) -> str:
    """'https://hub.example.org/members/tile-hill-lunch-club/' (or the slug itself) -> the slug."""
    match = re.search(r"/members/([^/?#\s]+)", text)
    return (match[1] if match else text.strip().strip("/")).strip()


def _places_answer(answer: str, places) -> tuple[str, list[str]]:
    """The neighbourhoods chosen in the form ('Tile Hill (Coventry), Canley (Coventry)') as names, and the
    areas they lie in; a name written by hand is kept as written."""
    names, areas = [], []
    for part in (part.strip() for part in answer.split(",")):
        match = re.fullmatch(r"(?P<name>.+?)\s*\((?P<area>[^()]+)\)", part)
        place = places.named(match["name"], [match["area"]]) if match and places is not None else None
        if place is not None:
            names.append(place.name)
            areas.append(place.area)
        elif part:
            names.append(part)
    return ", ".join(names), areas


def _cells(answers: Answers, vocabulary, places) -> tuple[list, list[str], list[Problem]]:
    """(heading, target, value) of each question of "Join or update our profile", the areas of the
    neighbourhoods chosen, and problems with answers the form does not offer."""
    cells, areas, problems = [], [], []
    for question in forms.member_questions(vocabulary, places):
        value = answers.values.get(question.label, "")
        if question.target == "contact.public":
            if any(_TICKED.match(line) for line in value.splitlines()):  # the form's former tick box
                value = forms.CONSENT_PUBLISH
            elif value.startswith("- [ ]"):
                value = ""
            if value.strip() and value.strip() not in CONSENT:
                problems.append(Problem("issue", 1, question.label, "is not one of the choices; choose one from the "
                                        "list"))
            value = CONSENT.get(value.strip(), "")
        elif question.target == "localities" and value:
            value, areas = _places_answer(value, places)
        cells.append((question.label, question.target, value))
    return cells, areas, problems


def _same_item(item: dict, old: dict) -> bool:
    return (str(item.get("title", "")).strip().casefold() == str(old.get("title", "")).strip().casefold()
            and item.get("category") == old.get("category"))


def _merged_items(new: list[dict], old: list, kind: str, change: Change) -> list[dict]:
    """An update's offers (or needs): those answered, each keeping what the form does not ask of the
    item it repeats (its areas, and its details and last day when left empty); the others are taken
    away, and said so."""
    old = [item for item in old if isinstance(item, dict)] if isinstance(old, list) else []
    merged = []
    for item in new:
        before = next((candidate for candidate in old if _same_item(item, candidate)), None)
        merged.append({**before, **item} if before is not None else item)
    change.removed += [str(item.get("title", "")) for item in old if not any(_same_item(n, item) for n in new)]
    return merged


def near_members(name: str, hub: Hub) -> list[tuple[str, str]]:
    """The members whose name or address the name `name` folds onto (case, punctuation, width and
    look-alike letters aside): (name, slug) of each."""
    folded = folded_slug(name)
    if not folded:
        return []
    return [(member.name, member.slug) for member in hub.members
            if folded in (folded_slug(member.name), member.slug)]


def _new_slug(name: str, settings: HubSettings, hub: Hub) -> str:
    """A file name for a new profile that names no existing one: its name's letters (look-alikes read as
    the letters they imitate), with -2, -3 ... after it when that is taken."""
    base = file_slug(name)
    if not base:
        return ""
    # Taken: every profile's file, the hub's own pages under members/, and the private store's files (a join
    # never inherits the contact a member of that name left there).
    taken = ({member.slug for member in hub.members} | {path.stem for path in settings.members_path.glob("*.y*ml")}
             | set(MEMBERS.reserved) | private.store_names(settings))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def _private_problems(row, given: dict, source: str) -> list[Problem]:
    """Mistakes in contact details given but not to be published (those published are checked with the
    profile), each named by its question."""
    return [Problem(source, 1, row.columns.get(f"contact.{p.field}", p.field), p.message)
            for p in private.detail_problems(given, source)] if given else []


def _profile_file(settings: HubSettings, slug: str) -> Path | None:
    """The profile file of `slug`, written .yaml or .yml, or None."""
    return next((path for path in (settings.members_path / f"{slug}{suffix}" for suffix in YAML_SUFFIXES)
                 if path.is_file()), None)


def member_change(answers: Answers, hub: Hub, settings: HubSettings, source: str = "issue") -> Change:
    """A profile from the answers of "Join or update our profile". Sending the form confirms the
    profile, so `reviewed` is the day of the import. An update names the profile's address: the answers
    replace what it says, what was left empty is kept."""
    change = Change("member", answers, problems=list(answers.problems))
    cells, areas, problems = _cells(answers, hub.vocabulary, hub.places)
    change.problems += problems
    row = build_row(cells, hub.vocabulary)
    change.columns = row.columns
    name_label = schema.MEMBER.field_map()["name"].question
    if row.slug:
        slug = _slug_from_address(row.slug)
        checker = Checker(Document(source, {}, {(): 1}))
        path = (None if len(slug) > MAX_FILE_SLUG * 2 or Slug().check(slug, ("slug",), checker) is INVALID
                else _profile_file(settings, slug))
        if path is None:
            change.problems.append(Problem(source, 1, forms.UPDATE_LABEL, "is not the address of a profile on the hub; "
                                           "leave it empty to join, or copy the address from your profile's page"))
            return change
        change.action = "update"
    else:
        slug = _new_slug(row.profile.get("name", ""), settings, hub)
        if not slug:
            change.problems.append(Problem(source, 1, name_label, "needs some letters a to z, to name the profile"))
            return change
        change.action = "join"
        change.near = near_members(row.profile["name"], hub)
        path = settings.members_path / f"{slug}.yaml"
    profile, previous, current = {**row.profile, "reviewed": settings.today}, None, None
    if change.action == "update":
        existing, problems = read_file(path, f"members/{path.name}")
        if problems or not isinstance(existing.data, dict):
            change.problems.append(Problem(source, 1, forms.UPDATE_LABEL, "names a profile that has mistakes, so it "
                                           "cannot be updated from the form; the coordinators will fix it first"))
            return change
        current = existing.data.get("contact")
        for kind in ("offers", "needs"):
            if kind in profile:
                profile[kind] = _merged_items(profile[kind], existing.data.get(kind), kind, change)
        profile = {**existing.data, **profile}
        previous = path.read_text(encoding="utf-8")
    missing = [area for area in dict.fromkeys(areas) if area.casefold() not in
               {str(given).casefold() for given in profile.get("areas") or ()}]
    if missing:
        profile["areas"] = [*(profile.get("areas") or ()), *missing]
        change.notes.append(f"Added {', '.join(missing)} to where you work, as the neighbourhoods you chose are there.")
        change.notes_for_review.append(f"{', '.join(missing)} added to the areas, as the neighbourhoods chosen are "
                                       "there.")
    published, kept = private.route_contact(row.contact, row.consent, current)
    profile.pop("contact", None)
    if published:
        profile["contact"] = published
    change.name = str(profile.get("name", slug))
    change.private_answers = bool(kept.given)
    if kept and private.available(settings):
        change.kept, change.store_problems = private.keep(settings, slug, change.name, kept)
    elif change.private_answers:
        label = schema.CONTACT.field_map()["public"].question
        change.problems.append(Problem(source, 1, label, "you gave contact details but chose not to publish them. "
                                       "Anyone can read this page, so please delete them from your answers (then "
                                       "delete the old version too: open \"edited\" above your message, choose it "
                                       "and \"Delete revision from history\"), and email them to the coordinators "
                                       f"at {settings.coordinators_email} instead; or choose "
                                       f"\"{forms.CONSENT_PUBLISH}\""))
    elif kept:
        change.notes.append("The contact details published until now leave your profile, as you asked.")
        change.notes_for_review.append("The member asked to stop publishing its contact details, so they leave the "
                                       "profile. They were public until now: to keep them for the coordinators, copy "
                                       "them from the lines this change takes away into the private store "
                                       "(docs/private.md).")
    change.problems += _private_problems(row, kept.given, source)
    _, problems = member_from_document(Document(source, profile, {(): 1}), slug, hub.vocabulary,
                                       settings.content_path, None, hub.places)
    change.problems += [Problem(source, 1, column_of(p.field, row.columns), p.message) for p in problems]
    if not change.problems:
        change.file = PlannedFile(path, dump(schema.MEMBER, profile), previous)
    return change


def _organiser(answer: str, hub: Hub) -> str:
    """The member an answer names: its slug, its page's address, or its name as on the hub."""
    slug = _slug_from_address(answer)
    if slug in hub.by_slug:
        return slug
    by_name = {member.name.casefold(): member.slug for member in hub.members}
    return by_name.get(answer.strip().casefold(), answer.strip())


def _rule(choice: str, start: str) -> str | None:
    """The RRULE a "Repeats" answer gives, or None (no repeat, or an answer the form does not offer)."""
    rule = forms.REPEATS.get(choice.strip())
    if not rule or "{" not in rule:
        return rule or None
    day = _start_day(start)
    if day is None:
        return None
    position = (day.day - 1) // 7 + 1
    return rule.format(position=-1 if position == 5 else position, weekday=_WEEKDAYS[day.weekday()])


def _start_day(start: str) -> dt.date | None:
    moment = parse_moment(start.strip()[:19]) or parse_moment(start.strip()[:10])
    return moment.date() if isinstance(moment, dt.datetime) else moment


def _choices(answer: str, options: dict[str, str]) -> list[str]:
    """A multiple drop-down's answer ('Step-free access, Hearing loop') as keys, in the options' order."""
    chosen = [part.strip() for part in answer.split(",") if part.strip()]
    return [options.get(part, part) for part in chosen]


def event_change(answers: Answers, hub: Hub, settings: HubSettings, source: str = "issue") -> Change:
    """An event file from the answers of "Add an event"."""
    change = Change("event", answers, action="add", problems=list(answers.problems))
    columns = {question.target: question.label for question in forms.event_questions(hub.vocabulary, hub.places)}
    for target, label in list(columns.items()):  # 'location' is about the venue questions as a whole
        columns.setdefault(target.split(".")[0], label)
    change.columns = columns
    value = {target: answers.values.get(label, "").strip() for target, label in columns.items()}
    data: dict = {}
    for target in ("title", "start", "end", "summary", "description", "online", "booking", "cost"):
        if value.get(target):
            data[target] = value[target]
    if value.get("organiser"):
        data["organiser"] = _organiser(value["organiser"], hub)
    if value.get("categories"):
        data["categories"] = [_category(part, hub.vocabulary) for part in _choices(value["categories"], {})]
    if value.get("localities"):
        names, _ = _places_answer(value["localities"], hub.places)
        data["localities"] = [name.strip() for name in names.split(",") if name.strip()]
    location = {part: value[f"location.{part}"] for part in ("name", "address", "postcode")
                if value.get(f"location.{part}")}
    if location:
        data["location"] = location
    features = {label: key for key, label in FEATURE_LABELS.items()}
    access = {}
    if value.get("accessibility.features"):
        access["features"] = _choices(value["accessibility.features"], features)
    if value.get("accessibility.details"):
        access["details"] = value["accessibility.details"]
    if access:
        data["accessibility"] = access
    if value.get("repeat") and value["repeat"] not in forms.REPEATS:
        change.problems.append(Problem(source, 1, columns["repeat"], "is not one of the choices; choose one from "
                                       "the list"))
    elif (rule := _rule(value.get("repeat", ""), value.get("start", ""))) is not None:
        data["repeat"] = rule
    title = data.get("title", "")
    slug = file_slug(title)
    day = _start_day(value.get("start", ""))
    if (settings.events_path / f"{slug}.yaml").exists() and day is not None:
        slug = f"{file_slug(title)}-{day.isoformat()}"
    path = settings.events_path / f"{slug}.yaml"
    if slug and path.exists():
        change.problems.append(Problem(source, 1, columns["title"], "is already on the hub on that day; to change "
                                       "that event, reply here or email the coordinators"))
    event, problems = event_from_document(Document(source, data, {(): 1}), slug or "event", settings, hub.vocabulary,
                                          {member.slug for member in hub.members}, places=hub.places)
    change.problems += [Problem(source, 1, column_of(p.field, columns), p.message) for p in problems]
    if not slug and not any(p.field == columns["title"] for p in change.problems):
        change.problems.append(Problem(source, 1, columns["title"], "needs some letters a to z, to name the event"))
    change.name = title
    if not change.problems:
        change.file = PlannedFile(path, dump(event_schema.EVENT, data), None)
    return change


def check_in_tree(change: Change, settings: HubSettings, load_tree) -> list[Problem]:
    """The problems of the whole tree with the change's file in it, checked with the one loader
    (`load_tree`) as `invoke validate` and the build will check it, each named by the question it comes
    from (an update can also break what other files say of the profile, e.g. an introduction naming an
    offer it takes away). The tree is as it was afterwards."""
    own = f"{change.file.path.parent.name}/{change.file.path.name}"
    found = []
    for problem in tree_problems_with([change.file], settings, load_tree):
        if problem.source.endswith(own):
            found.append(Problem("issue", 1, column_of(problem.field, change.columns), problem.message))
        else:
            found.append(Problem("issue", 1, "(profile)" if change.kind == "member" else "(event)",
                                 "other parts of the hub refer to what this change takes away or renames (a "
                                 "coordinators' record of an introduction, say); reply here and a coordinator will "
                                 "make the change with you"))
    return found


def apply(change: Change, settings: HubSettings, load_tree) -> None:
    """Check the change in the tree (`check_in_tree`); when it passes, its file is written and the
    private store gets what it keeps. Problems are added to the change."""
    change.problems += check_in_tree(change, settings, load_tree)
    if change.problems:
        change.file = None
        return
    change.file.write()
    if change.kept is not None and change.kept.changed:
        change.kept.write()


def import_issue(body: str, settings: HubSettings, load_tree, kind: str | None = None
                 ) -> tuple[Change | None, list[Problem]]:
    """What `invoke import-issue` does with an issue's text: (the change, written when it has no
    problems; or None and the problems of the hub's own files, which are no answer's to fix)."""
    hub, problems = load_tree(settings)
    if problems:
        return None, problems
    answers = read_answers(body, hub.vocabulary, hub.places, kind=kind)
    change = (event_change(answers, hub, settings) if answers.kind == "event" else
              member_change(answers, hub, settings))
    if change.store_problems:
        return None, change.store_problems
    if not change.problems:
        apply(change, settings, load_tree)
    return change, []
