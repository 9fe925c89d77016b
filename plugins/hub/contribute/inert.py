"""Text the hub's bot writes on GitHub (issue replies, pull request descriptions) with what a member
wrote in it, made inert: whatever an answer holds, it is shown as data, never as Markdown or HTML.

GitHub renders Markdown (CommonMark with its own additions: bare links become live, `@name` notifies
someone, `#12` links an issue) and allows some HTML, so an answer could add a heading, a link, a
mention, or open an HTML comment (`<!--`) that hides the rest of a description from the reviewer.
Here a member's text is only ever put in a code span (`code`) or a fenced block (`block`), each with
a fence longer than any run of backticks it holds, so nothing in it can close it; inside code,
GitHub makes no link and no mention. Our own words around it are escaped (`escape`). Long text is
cut (`cut`), and a whole reply is kept well under GitHub's limit of 65,536 characters (`bounded`).
"""
from __future__ import annotations

import re

# GitHub refuses a comment or a description longer than 65,536 characters: the bot stays well under.
BODY_LIMIT = 60_000
QUOTE_LIMIT = 300  # characters of one answer quoted back in a reply


def _fence(text: str, mark: str = "`", least: int = 1) -> str:
    longest = max((len(run) for run in re.findall(f"{re.escape(mark)}+", text)), default=0)
    return mark * max(least, longest + 1)


def cut(text: str, limit: int = QUOTE_LIMIT) -> str:
    """`text` at most `limit` characters long, with '…' where it was cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def code(text: str, limit: int = QUOTE_LIMIT) -> str:
    """A member's text as an inline code span, on one line: shown as written, never as Markdown."""
    flat = " ".join(cut(str(text), limit).split()) or " "
    fence = _fence(flat)
    if flat.startswith("`") or flat.endswith("`"):  # CommonMark drops one space each side of such text
        return f"{fence} {flat} {fence}"
    return f"{fence}{flat}{fence}"


def block(text: str, language: str = "text") -> str:
    """A member's text (or a file made from it) as a fenced code block that nothing in it can close."""
    body = str(text) if str(text).endswith("\n") else f"{text}\n"
    fence = _fence(body, least=3)
    return f"{fence}{language}\n{body}{fence}\n"


# The marks that make Markdown or HTML of plain words inside a line (emphasis, code, links, tables,
# strikethrough, HTML and entities): our own words are written with them escaped.
_MARKUP = re.compile(r"([\\`*_\[\]<>&|~])")


def escape(text: str) -> str:
    """Our own words (which may hold a place or a category's name) as plain text in a line: the marks
    that would make them Markdown or HTML are escaped."""
    return _MARKUP.sub(r"\\\1", str(text))


def bounded(text: str, limit: int = BODY_LIMIT, note: str = "") -> str:
    """`text` cut to fit `limit` characters, at a line break, with `note` saying what was left out; a
    fenced block the cut falls in is closed first."""
    if len(text) <= limit:
        return text
    lines, used, fence = [], len(note) + 200, None
    for line in text.splitlines(keepends=True):
        if used + len(line) > limit:
            break
        lines.append(line)
        used += len(line)
        if fence is None and (opening := re.match(r"(`{3,})[^`]*$", line.rstrip("\n"))):
            fence = opening[1]
        elif fence is not None and line.rstrip("\n") == fence:
            fence = None
    head = "".join(lines)
    if fence is not None:
        head += ("" if head.endswith("\n") else "\n") + fence + "\n"
    return f"{head}\n{note}\n"
