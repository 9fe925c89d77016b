"""A submitted issue form ("Join or update our profile", "Add an event") -> a checked YAML file, or a
comment that says in plain words which answers to change (`invoke import-issue`).

GitHub writes a form's answers into the issue as `### Label` sections (`_No response_` when left
empty, `- [X] option` for a ticked box). The text is untrusted: it is only read as answers to the
known questions, checked with the same schema as every file, and written by the hub as YAML.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..core import schema
from ..core.fields import INVALID, Checker, Slug
from ..core.loader import member_from_document
from ..core.model import Hub
from ..core.settings import HubSettings
from ..core.slugs import slugify
from ..core.yamlio import Document, Problem, read_file
from ..events import schema as event_schema
from ..events.load import event_from_document
from ..events.model import FEATURE_LABELS
from . import forms
from .importer import PlannedFile, _category, build_row, column_of
from .profiles import dump

NO_RESPONSE = "_No response_"
_HEADING = re.compile(r"^### (?P<label>.+?)\s*$")
_TICKED = re.compile(r"^- \[[xX]\] ")
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass
class Answers:
    """The answers of one issue, by question label, and problems with the text itself."""

    kind: str
    values: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def read_answers(body: str, vocabulary, source: str = "issue", kind: str | None = None) -> Answers:
    """The answers in an issue body. Only `### Label` lines naming a question of the form start an
    answer, so a heading inside an answer stays part of it; a question answered twice is a problem."""
    lines = body.replace("\r\n", "\n").split("\n")
    labels_in_body = {match["label"] for line in lines if (match := _HEADING.match(line))}
    if kind is None:
        kind = "event" if forms.EVENT_LABELS["title"] in labels_in_body else "member"
    known = {question.label for question in forms.questions_of(kind, vocabulary)}
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
    """What an issue gives: the file to write (or the problems), and a summary for the pull request."""

    kind: str
    file: PlannedFile | None = None
    name: str = ""
    problems: list[Problem] = field(default_factory=list)

    @property
    def relative(self) -> str:
        return f"{self.file.path.parent.name}/{self.file.path.name}" if self.file else ""


def _slug_from_address(text: str) -> str:
    """'https://hub.example.org/members/tile-hill-lunch-club/' (or the slug itself) -> the slug."""
    match = re.search(r"/members/([^/?#\s]+)", text)
    return (match[1] if match else text.strip().strip("/")).strip()


def member_change(answers: Answers, vocabulary, settings: HubSettings, source: str = "issue") -> Change:
    """A profile from the answers of "Join or update our profile". Sending the form confirms the
    profile, so `reviewed` is the day of the import. An existing profile is updated: the answers
    replace what it says, what was left empty is kept."""
    change = Change("member", problems=list(answers.problems))
    cells = []
    for question in forms.member_questions(vocabulary):
        value = answers.values.get(question.label, "")
        if question.widget == "checkboxes":
            value = "Yes" if any(_TICKED.match(line) for line in value.splitlines()) else "No"
        cells.append((question.label, question.target, value))
    row = build_row(cells, vocabulary)
    checker = Checker(Document(source, row.profile, {(): 1}))
    slug = _slug_from_address(row.slug) if row.slug else slugify(row.profile.get("name", ""))
    path = settings.members_path / f"{slug}.yaml"
    if row.slug and (Slug().check(slug, ("slug",), checker) is INVALID or not path.is_file()):
        change.problems.append(Problem(source, 1, forms.UPDATE_LABEL, f"there is no profile at '{row.slug}'; leave "
                                       "this empty to join, or copy the address from your profile's page"))
        return change
    if not slug:
        label = forms.MEMBER_LABELS["name"]
        change.problems.append(Problem(source, 1, label, "is needed, in letters a to z at least in part, to name "
                                       "the profile's file"))
        return change
    today = settings.now.astimezone(settings.zone).date()
    profile, previous = {**row.profile, "reviewed": today}, None
    if path.is_file():
        existing, problems = read_file(path, f"members/{slug}.yaml")
        if problems or not isinstance(existing.data, dict):
            change.problems.append(Problem(source, 1, "(profile)", f"members/{slug}.yaml has mistakes, so it cannot "
                                           "be updated from the form; the coordinators will fix it first"))
            return change
        profile = {**existing.data, **profile}
        previous = path.read_text(encoding="utf-8")
    _, problems = member_from_document(Document(source, profile, {(): 1}), slug, vocabulary, settings.content_path)
    change.problems += [Problem(source, 1, column_of(p.field, row.columns), p.message) for p in problems]
    change.name = str(profile.get("name", slug))
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
    match = re.match(r"^\s*(\d{4})-(\d{2})-(\d{2})", start)
    if not match:
        return None
    day = dt.date(int(match[1]), int(match[2]), int(match[3]))
    position = (day.day - 1) // 7 + 1
    return rule.format(position=-1 if position == 5 else position, weekday=_WEEKDAYS[day.weekday()])


def _choices(answer: str, options: dict[str, str]) -> list[str]:
    """A multiple drop-down's answer ('Step-free access, Hearing loop') as keys, in the options' order."""
    chosen = [part.strip() for part in answer.split(",") if part.strip()]
    return [options.get(part, part) for part in chosen]


def event_change(answers: Answers, vocabulary, settings: HubSettings, hub: Hub, source: str = "issue") -> Change:
    """An event file from the answers of "Add an event"."""
    change = Change("event", problems=list(answers.problems))
    columns = {question.target: question.label for question in forms.event_questions(vocabulary)}
    for target, label in list(columns.items()):  # 'location' is about the venue questions as a whole
        columns.setdefault(target.split(".")[0], label)
    value = {target: answers.values.get(label, "").strip() for target, label in columns.items()}
    data: dict = {}
    for target in ("title", "start", "end", "summary", "description", "online", "booking", "cost"):
        if value.get(target):
            data[target] = value[target]
    if value.get("organiser"):
        data["organiser"] = _organiser(value["organiser"], hub)
    if value.get("categories"):
        data["categories"] = [_category(part, vocabulary) for part in _choices(value["categories"], {})]
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
        change.problems.append(Problem(source, 1, columns["repeat"], f"'{value['repeat']}' is not one of the choices"))
    elif (rule := _rule(value.get("repeat", ""), value.get("start", ""))) is not None:
        data["repeat"] = rule
    title = data.get("title", "")
    slug = slugify(title)
    if (settings.events_path / f"{slug}.yaml").exists() and value.get("start"):
        slug = slugify(f"{title} {value['start'][:10]}")
    path = settings.events_path / f"{slug}.yaml"
    if slug and path.exists():
        change.problems.append(Problem(source, 1, columns["title"], f"events/{slug}.yaml already exists; to change "
                                       "that event, reply here or email the coordinators"))
    event, problems = event_from_document(Document(source, data, {(): 1}), slug or "event", settings, vocabulary,
                                          {member.slug for member in hub.members})
    change.problems += [Problem(source, 1, column_of(p.field, columns), p.message) for p in problems]
    if not slug and not any(p.field == columns["title"] for p in change.problems):
        change.problems.append(Problem(source, 1, columns["title"], "needs letters a to z, at least in part, to name "
                                       "the event's file"))
    change.name = title
    if not change.problems:
        change.file = PlannedFile(path, dump(event_schema.EVENT, data), None)
    return change


def comment(change: Change, coordinators_email: str) -> str:
    """The reply on the issue when answers need changing, in plain words."""
    what = "your profile" if change.kind == "member" else "your event"
    lines = [f"Thank you for filling in the form! Before {what} can go on the hub, "
             + ("this answer needs" if len(change.problems) == 1 else "these answers need") + " changing:", ""]
    lines += [f"- **{problem.field}**: {problem.message}" for problem in change.problems]
    lines += ["", "To change your answers, edit this issue: open the **···** menu at the top right of your first "
              "message and choose **Edit**. The hub checks the answers again as soon as you save.", "",
              f"Questions? Reply here, or email the coordinators at {coordinators_email}."]
    return "\n".join(lines) + "\n"


def pull_request_body(change: Change, root: Path) -> str:
    """What the pull request says: the file it adds, or the change to an existing profile."""
    file = change.file
    if file.previous is None:
        return (f"Adds **{change.name}** (`{change.relative}`) from the answers in the issue. A coordinator checks "
                f"it, then merges.\n\n```yaml\n{file.text}```\n")
    return (f"Updates **{change.name}** (`{change.relative}`) from the answers in the issue. A coordinator checks "
            f"the change, then merges.\n\n```diff\n{file.diff(root, 'the form')}```\n")
