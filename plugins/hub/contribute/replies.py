"""What the hub's bot says on GitHub about a submitted form (contribute.issues): the reply when answers
need changing, the thanks when they are ready, and the pull request's title and description.

Written for a volunteer, not a developer: each answer to change is named by its question, what the
member wrote is quoted back, and the validator's words are put plainly (no file names, YAML or
code). Everything a member wrote is shown inert (contribute.inert), a contact detail is never quoted
(the reply is public), and every text stays under GitHub's size limit.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..core import schema
from ..core.fields import Record
from ..core.model import Vocabulary
from ..core.settings import HubSettings
from ..core.yamlio import Problem
from ..events import schema as event_schema
from . import forms
from .inert import BODY_LIMIT, block, bounded, code, cut, escape
from .issues import Change

MAX_LISTED = 40  # answers to change listed in one reply; a form has about 50 questions


def _specs(record: Record, found: dict) -> dict:
    for spec in record.fields:
        found.setdefault(spec.help.rstrip("."), spec)
        kind = getattr(spec.kind, "item", spec.kind)
        if isinstance(kind, Record):
            _specs(kind, found)
    return found


# A field's help (as "is required: ..." says it) -> the field, to say it plainly.
_BY_HELP = _specs(event_schema.EVENT, _specs(schema.MEMBER, {}))
# The validator's words for people who write files, and the same for people who fill in a form.
_PLAIN = (
    (re.compile(r"^is required(?: but empty)?: (?P<help>.*)$", re.S),
     lambda m: "is needed" + (f": {_BY_HELP[m['help']].plain_help}" if m["help"] in _BY_HELP else "")),
    (re.compile(r"; the categories are listed in categories\.yaml"), lambda m: "; choose one from the form's list"),
    (re.compile(r" is not a neighbourhood listed in places\.yaml(?P<hint>.*?); the coordinators list each area's "
                r"neighbourhoods there: ask them to add it, or fix the spelling"),
     lambda m: f" is not one of the hub's neighbourhoods{m['hint']}; choose from the form's list, or ask the "
               "coordinators to add it"),
    (re.compile(r" is a neighbourhood of (?P<area>.+?) in places\.yaml, but this profile's areas are .*?; add .+? to "
                r"'areas', or remove (?P<name>.*)$", re.S),
     lambda m: f" is in {m['area']}: add {m['area']} to “{schema.MEMBER.field_map()['areas'].question}”, or remove "
               f"{m['name']}"),
    (re.compile(r"an event needs a 'location' \(in person\), an 'online' link, or both"),
     lambda m: "an event needs a place (its venue or address), an online link, or both"),
    (re.compile(r"has no scheme; write it in full, e\.g\. "), lambda m: "needs the whole address, e.g. "),
    (re.compile(r"; use one of: .*$", re.S), lambda m: "; choose one from the form's list"),
    (re.compile(r" is not a member(?P<hint>.*?); use the file name of a profile in members/ without '\.yaml'"),
     lambda m: f" is not a member of the hub{m['hint']}; write your organisation's name as it is on the hub, or "
               "the address of its page"),
    (re.compile(r"write it as YYYY-MM-DD HH:MM or DD/MM/YYYY HH:MM \(24-hour clock\), e\.g\. [\d-]+ [\d:]+, or a "
                r"date alone"),
     lambda m: "write it like 14/01/2027 10:30 (24-hour clock), or a day alone"),
    (re.compile(r"write it as YYYY-MM-DD or DD/MM/YYYY, e\.g\. [\d-]+ or ([\d/]+)"), lambda m: f"write it like {m[1]}"),
    (re.compile(r"write it as YYYY-MM-DD(?:, e\.g\. [\d-]+)?"), lambda m: "write it like 31/03/2027"),
    (re.compile(r"; write the local time \('(?P<time>[^']*)'\) and set 'timezone' instead"),
     lambda m: f"; write the local time, {m['time']}"),
)


def _labels() -> dict[str, str]:
    """'start' -> 'Start', 'name' -> 'Venue' ...: a field named in the validator's words, as the form
    asks it."""
    found = {}
    for record in (event_schema.EVENT, event_schema.LOCATION, schema.MEMBER):
        for spec in record.fields:
            found.setdefault(spec.name, spec.question)
    return found


_FIELD_LABELS = _labels()


def _candidates(change: Change) -> tuple[list[str], list[str]]:
    """(what the member wrote, in pieces a message may quote; the contact details they gave), longest
    first."""
    contact_labels = {spec.question for spec in schema.CONTACT.fields if spec.name in schema.CONTACT_DETAILS}
    quoted, secret = set(), set()
    for label, value in change.answers.values.items():
        pieces = {value, value.strip(), *(part.strip() for part in re.split(r"[,;\n:]", value))}
        (secret if label in contact_labels else quoted).update(piece for piece in pieces if piece)
    return sorted(quoted, key=len, reverse=True), sorted(secret, key=len, reverse=True)


def _defang(text: str) -> str:
    """Our words, escaped, with days written as in the UK (31/03/2027) and what GitHub would make live (a
    mention, a bare link) broken by an invisible word joiner: a last guard, should a member's words ever
    be left outside code."""
    text = re.sub(r"\b(\d{4})-(\d{2})-(\d{2})\b", r"\3/\2/\1", text)
    text = escape(text)
    text = re.sub(r"(?<![\w.+-])@(?=\w)", "@\u2060", text)  # a mention, not an email address
    text = re.sub(r"(?i)\b(https?|ftp)://", lambda m: f"{m[1]}:\u2060//", text)
    return re.sub(r"(?i)\bwww\.", "www\u2060.", text)


def _spans(message: str, values: list[str]) -> list[tuple[int, int, str]]:
    """Where `message` shows one of `values` (longest first, none overlapping): (start, end, value). A
    value in quotes is taken with them; one inside a quoted word ('https://' + value) takes the word."""
    taken: list[tuple[int, int, str]] = []
    for value in values:
        if len(value) < 3 and f"'{value}'" not in message:
            continue  # a short answer is found only where the validator quotes it
        for match in re.finditer(re.escape(value), message):
            start, end = match.start(), match.end()
            while start > 0 and not message[start - 1].isspace() and message[start - 1] != "'":
                start -= 1
            while end < len(message) and not message[end].isspace() and message[end] not in "';,":
                end += 1
            if any(start < other_end and other_start < end for other_start, other_end, _ in taken):
                continue
            quoted = start > 0 and end < len(message) and message[start - 1] == message[end] == "'"
            taken.append((start - quoted, end + quoted, message[start:end]))
    return sorted(taken)


def plain(message: str, change: Change) -> str:
    """A validator's message as a reply says it: in plain words, with what the member wrote in code
    (a contact detail is not repeated), everything else escaped."""
    for pattern, replace in _PLAIN:
        message = pattern.sub(replace, message)
    longer = schema.MEMBER.field_map()["description"] if change.kind == "member" else \
        event_schema.EVENT.field_map()["description"]
    message = message.replace("(longer text belongs in 'description')", f"(longer text belongs in “{longer.question}”)")
    quoted, secret = _candidates(change)
    pieces, position = [], 0
    for start, end, value in _spans(message, [*secret, *quoted]):
        pieces.append(_fields(_defang(message[position:start])))
        pieces.append("what you wrote" if any(hidden in value for hidden in secret) else code(value))
        position = end
    pieces.append(_fields(_defang(message[position:])))
    return "".join(pieces)


def _fields(text: str) -> str:
    """'start', 'areas' (a field named in our words, escaped) -> “Start”, “Where do you work?”."""
    return re.sub(r"'(\w+)'", lambda m: f"“{_FIELD_LABELS[m[1]]}”" if m[1] in _FIELD_LABELS else m[0], text)


def _question(problem: Problem) -> str:
    """The question a problem is about: 'More offers (offers[3].title)' -> 'More offers' (the value quoted
    says which line)."""
    return re.sub(r" \([a-z_]+(\[\d+\])?(\.[a-z_]+(\[\d+\])?)*\)$", "", problem.field)


def _answer(problem: Problem, change: Change) -> str:
    """What the member answered the question a problem is about, up to a heading it may hold (a heading
    in an answer belongs to nobody's question: it is not quoted back)."""
    return change.answers.values.get(_question(problem), "").split("\n### ")[0].strip()


def _wrote(problem: Problem, change: Change) -> str:
    """' You wrote: `...`.' for an answered question other than a contact detail."""
    contact = {spec.question for spec in schema.CONTACT.fields}
    value = _answer(problem, change)
    if not value or _question(problem) in contact or "### " in value:
        return ""
    return f" You wrote: {code(value)}."


def answers_to_change(change: Change, settings: HubSettings) -> str:
    """The reply on the issue when answers need changing, in plain words."""
    what = "your profile" if change.kind == "member" else "your event"
    order = {question.label: index for index, question in enumerate(forms.questions_of(change.kind, Vocabulary(())))}
    problems = sorted(change.problems, key=lambda problem: order.get(_question(problem), -1))
    lines = [f"Thank you for filling in the form! Before {what} can go on the hub, "
             + ("this answer needs" if len(problems) == 1 else "these answers need") + " changing:", ""]
    for problem in problems[:MAX_LISTED]:
        label = problem.field.strip("()") if problem.field.startswith("(") else _question(problem)
        said = plain(problem.message, change)
        stop = "" if said.endswith((".", "?", "!")) else "."
        wrote = "" if code(_answer(problem, change)) in said else _wrote(problem, change)
        lines.append(f"- **{escape(label)}**: {said}{stop}{wrote}")
    if len(problems) > MAX_LISTED:
        lines.append(f"- and {len(problems) - MAX_LISTED} more, which the hub lists once these are changed.")
    lines += ["", "To change your answers, edit this issue: open the **···** menu at the top right of your first "
              "message and choose **Edit**. The hub checks the answers again as soon as you save.", "",
              f"Questions? Reply here, or email the coordinators at {settings.coordinators_email}."]
    return bounded("\n".join(lines) + "\n", note="(The rest is left out: this reply would be too long for GitHub.)")


def _notes(change: Change, to_member: bool) -> list[str]:
    """What the member (or, in the pull request, the coordinator) is told beside the change, in plain words."""
    notes = [escape(note) for note in change.notes] if to_member else [escape(note) for note in change.notes_for_review]
    for name, slug in change.near:
        if to_member:
            notes.append(f"There is already a member called {code(name)} on the hub. These answers make a new "
                         "profile of their own and do not change that one. If they are about the same organisation, "
                         "its profile is updated by giving its address in "
                         f"“{forms.UPDATE_LABEL}”: {code(f'/members/{slug}/')}.")
        else:
            notes.append(f"**Is this a member already?** The name is close to {code(name)} (`members/{slug}.yaml`), "
                         "which this pull request does not change. If they are the same organisation, close this "
                         "and ask them to update that profile instead.")
    if change.removed:
        titles = ", ".join(code(title) for title in change.removed)
        notes.append(f"The offers and needs you gave replace those the profile had, so these will no longer be "
                     f"listed: {titles}. To keep one, edit this issue and add it to your answers." if to_member else
                     f"The answers replace the profile's offers and needs, so these leave it: {titles}.")
    if change.kept is not None:
        notes.append("The contact details you chose not to publish are kept for the coordinators only."
                     + (" Anyone can read this issue, so you may want to delete them from your answers (edit the "
                        "issue)." if change.private_answers else "") if to_member else
                     "Contact details the member does not want published are kept in the private store, not here.")
    return notes


def ready(change: Change) -> str:
    """The thanks on the issue when the answers are ready (the workflow adds the pull request's link)."""
    what = {"join": "Your profile is", "update": "The changes to your profile are", "add": "Your event is"}
    lines = [f"Thank you! {what[change.action]} ready for a coordinator to check; once they have, "
             + ("it is on the hub." if change.action != "update" else "they are on the hub."), ""]
    for note in _notes(change, to_member=True):
        lines += [f"- {note}"]
    if lines[-1]:
        lines.append("")
    lines.append("You can follow it here:")
    return bounded("\n".join(lines) + "\n", note="(The rest is left out: this reply would be too long for GitHub.)")


def _one_line(text: str, limit: int = 100) -> str:
    """A member's words on one line for a title (which GitHub renders, and the commit message repeats):
    an issue or pull request number, a mention or a link broken by an invisible word joiner, so
    "Fixes #1" in a name closes no issue when the change is merged."""
    flat = cut(" ".join(str(text).split()), limit)
    flat = re.sub(r"([#@])", "\\1\u2060", flat)
    return re.sub(r"(?i)(://|www\.|\bgh-)", lambda m: m[1][0] + "\u2060" + m[1][1:], flat)


def pull_request_title(change: Change) -> str:
    """'Join: Tile Hill Lunch Club', 'Update members/tile-hill-lunch-club.yaml: Tile Hill Lunch Club',
    'Event: Winter open day': only an update says it changes a profile, and names it."""
    name = _one_line(change.name)
    if change.action == "update":
        return f"Update {change.relative}: {name}"
    return f"{'Join' if change.action == 'join' else 'Event'}: {name}"


def pull_request_body(change: Change, root: Path) -> str:
    """What the pull request says: what it does, in words, then the file (a new one) or the change to a
    profile, each in a block that nothing in it can close or hide."""
    file = change.file
    what = {"join": "a new member's profile", "update": "a change to a member's profile", "add": "a new event"}
    lines = [f"This pull request {'adds' if change.action != 'update' else 'makes'} {what[change.action]}, "
             f"{code(change.name, 120)}, from the answers of a form: `{change.relative}`. A coordinator checks it, "
             "then merges.", ""]
    notes = _notes(change, to_member=False)
    if notes:
        lines += [*(f"- {note}" for note in notes), ""]
    if file.previous is None:
        lines += [f"The new file, `{change.relative}`:", "", block(file.text, "yaml")]
    else:
        lines += ["The change:", "", block(file.diff(root, "the form"), "diff"),
                  f"The profile after it, `{change.relative}`:", "", block(file.text, "yaml")]
    return bounded("\n".join(lines), BODY_LIMIT - 200,
                   note="(The rest is left out here, as it is too long for a description: see the files of this "
                        "pull request.)")


def log_line(problem: Problem) -> str:
    """A problem as the workflow's log prints it: that log is public, so a contact detail's message, which
    may quote what the member wrote, is not shown there (the reply on the issue says it, without the value)."""
    contact = {spec.question for spec in schema.CONTACT.fields if spec.name in schema.CONTACT_DETAILS}
    if _question(problem) in contact:
        return f"{problem.source}:{problem.line}: {problem.field}: (a contact detail: not shown in this log)"
    return str(problem)
