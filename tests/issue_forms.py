"""Issue texts as GitHub writes a submitted issue form, for the tests of `invoke import-issue`: each
question's label as a `###` heading, then the answer, or `_No response_` when left empty; a drop-down
with several choices gives them joined by ', '. The questions are the committed forms' own
(contribute.forms), so a fixture made here is what a member's issue holds."""
from __future__ import annotations

from hub.contribute import forms


def issue_body(kind: str, answers: dict[str, str], vocabulary, places=None) -> str:
    """The text of an issue submitted with the `kind` form ("member" or "event") and `answers` (by label)."""
    unknown = set(answers) - {question.label for question in forms.questions_of(kind, vocabulary, places)}
    assert not unknown, f"not questions of the form: {unknown}"
    parts = []
    for question in forms.questions_of(kind, vocabulary, places):
        value = answers.get(question.label, "")
        parts.append(f"### {question.label}\n\n{value if value.strip() else '_No response_'}")
    return "\n\n".join(parts) + "\n"


def answers_of(text: str) -> dict[str, str]:
    """The answers of an issue text, by label (for rewriting a fixture)."""
    found, label, lines = {}, None, []
    for line in text.splitlines():
        if line.startswith("### "):
            if label is not None:
                found[label] = "\n".join(lines).strip()
            label, lines = line[4:].strip(), []
        else:
            lines.append(line)
    if label is not None:
        found[label] = "\n".join(lines).strip()
    return {key: "" if value == "_No response_" else value for key, value in found.items()}
