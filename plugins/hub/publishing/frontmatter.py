"""The header of a post: the `Name: value` lines at its top, read exactly as Pelican's Markdown
reader (Python-Markdown's `meta` extension) reads them, but keeping the line of every value so a
mistake can be reported as `path:line: field: message`.

The reader's rules: the header is the lines before the first blank line (an optional `---` line may
open it); `Name: value`, names are case-insensitive; a line indented by four spaces or more continues
the value above. A line that is none of these ends the header silently, so it and everything after
it become the post's text: that is reported here, as is a name written twice (Markdown would keep
both values, and Pelican only the first).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..core.yamlio import Problem

MAX_POST_BYTES = 1024 * 1024

# Python-Markdown 3's meta extension (markdown/extensions/meta.py), which Pelican uses.
_META = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
_MORE = re.compile(r"^[ ]{4,}(?P<value>.*)")
_BEGIN = re.compile(r"^-{3}(\s.*)?")
_END = re.compile(r"^(-{3}|\.{3})(\s.*)?")


@dataclass
class Header:
    """A post's header values by name as written (first spelling), with their lines, and its body."""

    source: str
    values: dict[str, list[str]] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1  # the file's line number of the body's first line


def parse_header(text: str, source: str) -> tuple[Header, list[Problem]]:
    header = Header(source)
    problems: list[Problem] = []
    lines = text.split("\n")
    number = 0
    if lines and _BEGIN.match(lines[0]):
        number = 1
    seen_lower: dict[str, str] = {}
    key = None
    while number < len(lines):
        line = lines[number].rstrip("\r")
        if not line.strip() or _END.match(line):
            number += 1
            break
        match = _META.match(line)
        if match:
            written = match.group("key")
            lower = written.lower()
            if lower in seen_lower:
                first = seen_lower[lower]
                problems.append(Problem(source, number + 1, written,
                                        f"'{written}' is written twice (first on line {header.lines[first]}); "
                                        "keep one and delete the other"))
                key = None  # its continuation lines belong to the duplicate: ignored with it
            else:
                seen_lower[lower] = written
                header.values[written] = [match.group("value").strip()]
                header.lines[written] = number + 1
                key = written
            number += 1
            continue
        more = _MORE.match(line)
        if more and key is not None:
            header.values[key].append(more.group("value").strip())
            number += 1
            continue
        if header.values:
            problems.append(Problem(source, number + 1, "(header)",
                                    f"'{line.strip()[:60]}' is not a 'Name: value' line, so the header ends here and "
                                    "this line would be shown as the start of the post; put a blank line "
                                    "before the text of the post, or write it as 'Name: value'"))
        break
    header.body = "\n".join(lines[number:])
    header.body_line = number + 1
    return header, problems


def read_post(path: Path, source: str) -> tuple[Header | None, list[Problem]]:
    """The header and body of a post file, or the problem that stops it being read."""
    try:
        size = path.stat().st_size
        if size > MAX_POST_BYTES:
            return None, [Problem(source, 1, "(file)", f"the file is {size:,} bytes; the limit is "
                                  f"{MAX_POST_BYTES:,}. Split it into a series of shorter posts")]
        raw = path.read_bytes()
    except OSError as error:
        return None, [Problem(source, 1, "(file)", f"cannot read the file: {error.strerror}")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [Problem(source, line, "(file)", f"byte 0x{raw[error.start]:02x} is not UTF-8; save the file "
                              "as UTF-8 (in most editors: Save As, Encoding: UTF-8)")]
    return parse_header(text, source)
