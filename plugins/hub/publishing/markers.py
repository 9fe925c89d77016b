"""What a post's text may hold besides Markdown: where a figure or the hub's numbers go, and links
to members and events. One place says how each is written, for the checks (`load`) and for the
build that replaces them (`site/publishing.py`).

- `[figure: uniquely-placed]` on a line of its own: the figure of that name from the post's
  figures file, drawn as a chart with its table. Markdown leaves square brackets without a link
  alone, so the line reaches the HTML as `<p>[figure: uniquely-placed]</p>`.
- `[hub numbers]` on a line of its own (reports): the hub's own numbers for the report's period;
  `[hub numbers: members, events]` shows only the sections named (publishing.stats.PROVIDERS).
- `[text]({member}tile-hill-lunch-club)` and `[text]({event}digital-drop-in)`: links to a member's
  or an event's page, by slug, in the style of Pelican's own `{filename}` links.

A picture is the hub's own file (`![A poster]({static}/images/poster.png)`, or a relative address):
one loaded from another website tells that website who reads the page, and would be fetched when a
report is printed. `pictures` finds where a picture's address is given (inline, in HTML, or by a
reference), for the check that refuses those on another site.
"""
from __future__ import annotations

import re

from ..core.fields import elsewhere

FIGURE_LINE = re.compile(r"^\[figure:\s*(?P<name>[^\]]*?)\s*\]\s*$", re.IGNORECASE)
HUB_NUMBERS_LINE = re.compile(r"^\[hub numbers(?::\s*(?P<sections>[^\]]*?))?\s*\]\s*$", re.IGNORECASE)
# The same markers in the rendered HTML: each a paragraph of its own.
FIGURE_HTML = re.compile(r"<p>\s*\[figure:\s*(?P<name>[^\]<]*?)\s*\]\s*</p>", re.IGNORECASE)
HUB_NUMBERS_HTML = re.compile(r"<p>\s*\[hub numbers(?::\s*(?P<sections>[^\]<]*?))?\s*\]\s*</p>", re.IGNORECASE)


def section_names(text: str | None) -> tuple[str, ...]:
    """`members, events` -> ("members", "events"); empty for all sections."""
    return tuple(name.strip().lower() for name in (text or "").split(",") if name.strip())
_FENCE = re.compile(r"^\s*(```|~~~)")

# Link kinds Pelican understands, and the two the hub adds.
PELICAN_LINKS = frozenset({"filename", "static", "attach", "category", "tag", "index", "author"})
HUB_LINKS = frozenset({"member", "event"})
# A {kind}value link target: in a Markdown link `](...)`, a reference `[x]: ...`, or an HTML attribute.
_TARGET = r"<?[{|](?P<what>[A-Za-z_]+)[}|](?P<value>[^\s)\"'>]*)"
LINK_TARGETS = (re.compile(r"\]\(\s*" + _TARGET), re.compile(r"^\s{0,3}\[[^\]]+\]:\s*" + _TARGET),
                re.compile(r"(?:href|src)\s*=\s*[\"']" + _TARGET, re.IGNORECASE))


_COMMENT = re.compile(r"<!--.*?(-->|$)", re.S)


def text_lines(body: str, first_line: int):
    """(line number, line) of the body outside fenced code blocks and HTML comments (which the
    build drops), where markers and links mean nothing."""
    body = _COMMENT.sub(lambda match: "\n" * match.group(0).count("\n"), body)
    fenced = False
    for offset, line in enumerate(body.split("\n")):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            yield first_line + offset, line


def links(line: str):
    """(kind, value) of every {kind}value link target on a line."""
    for pattern in LINK_TARGETS:
        for match in pattern.finditer(line):
            yield match.group("what"), match.group("value")


# A picture's address: `![alt](address)`, `<img src="address">`, or `![alt][ref]` / `![ref]` with
# `[ref]: address` on a line of its own.
_INLINE_PICTURE = re.compile(r"!\[[^\]]*\]\(\s*<?(?P<address>[^\s)>]+)")
_HTML_PICTURE = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*[\"']?\s*(?P<address>[^\"'\s>]+)", re.IGNORECASE)
_REFERENCED_PICTURE = re.compile(r"!\[(?P<alt>[^\]]*)\](?:\[(?P<ref>[^\]]*)\])?(?!\()")
_DEFINITION = re.compile(r"^\s{0,3}\[(?P<ref>[^\]]+)\]:\s*<?(?P<address>[^\s>]+)")


def pictures_elsewhere(lines) -> list[tuple[int, str]]:
    """(line, address) of every picture in the (line, text) pairs whose address is on another site."""
    lines = list(lines)
    definitions = {}
    for number, line in lines:
        match = _DEFINITION.match(line)
        if match:
            definitions.setdefault(match.group("ref").strip().lower(), (number, match.group("address")))
    found = []
    for number, line in lines:
        for pattern in (_INLINE_PICTURE, _HTML_PICTURE):
            found.extend((number, m.group("address")) for m in pattern.finditer(line))
        for match in _REFERENCED_PICTURE.finditer(line):
            ref = (match.group("ref") or match.group("alt")).strip().lower()
            if ref in definitions:
                found.append((number, definitions[ref][1]))
    return [(number, address) for number, address in found if elsewhere(address)]
