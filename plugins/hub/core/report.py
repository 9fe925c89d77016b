"""How problems are printed: `path:line: field: message` for people, or GitHub workflow commands so a
pull request shows each mistake on the line that is wrong (`invoke validate --format github`)."""
from __future__ import annotations

from collections.abc import Iterable

from .yamlio import Problem

FORMATS = ("text", "github")


def _escape_data(text: str) -> str:
    """A workflow command's message: '%', CR and LF encoded (GitHub's @actions/core `escapeData`), so
    a value quoted in a message can never end the line and start a command of its own."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """A workflow command's property value: as the message, and ':' and ',' too (`escapeProperty`)."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(problem: Problem) -> str:
    """`::error file=PATH,line=N,title=FIELD::MESSAGE`: GitHub marks the line in the pull request."""
    properties = {"file": problem.source, "line": str(problem.line), "title": problem.field}
    written = ",".join(f"{name}={_escape_property(value)}" for name, value in properties.items())
    return f"::error {written}::{_escape_data(problem.message)}"


def render(problems: Iterable[Problem], form: str = "text") -> list[str]:
    """One line per problem in the chosen format (one of FORMATS)."""
    if form not in FORMATS:
        raise ValueError(f"unknown format {form!r}; use one of: {', '.join(FORMATS)}")
    return [github_annotation(p) if form == "github" else str(p) for p in problems]
