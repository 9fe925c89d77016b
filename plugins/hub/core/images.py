"""Images people add to content/: an SVG file is a program as much as a picture.

An SVG served from the hub's own address and opened directly runs its scripts there (an `<img>`
never does, but a link to the file does). Static hosting cannot send a Content-Security-Policy
header, so an SVG is published only when it is a plain drawing: no script, no event handler
attribute, no embedded HTML (`foreignObject`), no DOCTYPE or entities, no link to anything but its
own parts or an embedded image. Each refused file is a problem naming it and the line. Pure.
"""
from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from .settings import HubSettings
from .yamlio import Problem, source_name

MAX_SVG_BYTES = 1024 * 1024
FIX = "export the drawing again as a plain SVG (or as PNG) without scripts, links or embedded HTML"
_FORBIDDEN_ELEMENTS = frozenset({"script", "foreignobject", "iframe", "object", "embed", "handler", "listener",
                                 "animate", "set", "animatetransform", "animatemotion"})
_LINK_ATTRIBUTES = frozenset({"href", "src", "action", "formaction"})
_SAFE_LINK = re.compile(r"^(#|data:image/(png|jpeg|gif|webp);base64,)", re.I)


def _local(name: str) -> str:
    """'{http://www.w3.org/2000/svg}script' -> 'script'."""
    return name.rsplit("}", 1)[-1].lower()


def svg_problem(path: Path, root: Path | None) -> Problem | None:
    """Why the SVG at `path` must not be published, or None when it is a plain drawing."""
    source = source_name(path, root)

    def problem(line: int, message: str) -> Problem:
        return Problem(source, line, "(file)", f"{message}; {FIX}")

    try:
        if path.stat().st_size > MAX_SVG_BYTES:
            return problem(1, f"is larger than {MAX_SVG_BYTES // 1024} KB")
        data = path.read_bytes()
    except OSError as error:
        return problem(1, f"cannot be read ({error.strerror})")
    if re.search(rb"<!(DOCTYPE|ENTITY)", data, re.I):
        line = data[: re.search(rb"<!(DOCTYPE|ENTITY)", data, re.I).start()].count(b"\n") + 1
        return problem(line, "declares a DOCTYPE or entities")
    parser = ElementTree.XMLPullParser(events=("start",))
    try:
        parser.feed(data)
        parser.close()
    except ElementTree.ParseError as error:
        return problem(error.position[0], "is not well-formed XML")
    # The pull parser does not give lines: find each element again by its name in the text.
    text = data.decode("utf-8", errors="replace")
    for _, element in parser.read_events():
        name = _local(element.tag)
        if name in _FORBIDDEN_ELEMENTS:
            return problem(_line_of(text, rf"<(\w+:)?{name}\b"), f"contains a <{name}> element")
        for attribute, value in element.attrib.items():
            key = _local(attribute)
            if key.startswith("on"):
                return problem(_line_of(text, rf"\b{re.escape(key)}\s*="), f"has an event handler ({key}=)")
            if key in _LINK_ATTRIBUTES and not _SAFE_LINK.match(value.strip()):
                return problem(_line_of(text, rf"\b{re.escape(key)}\s*="),
                               f"links to '{value[:60]}' ({key}=); only links to its own parts ('#id') are allowed")
        if name == "style" and re.search(r"@import|url\(\s*['\"]?(?!#|data:image/)", element.text or "", re.I):
            return problem(_line_of(text, r"<(\w+:)?style\b"), "loads a stylesheet or image from elsewhere")
    return None


def _line_of(text: str, pattern: str) -> int:
    match = re.search(pattern, text, re.I)
    return text[: match.start()].count("\n") + 1 if match else 1


def image_problems(settings: HubSettings) -> list[Problem]:
    """Every SVG under content/ that is not a plain drawing (links are `links`' business)."""
    problems = []
    for dirpath, _, filenames in os.walk(settings.content_path):
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if name.lower().endswith(".svg") and not path.is_symlink():
                problem = svg_problem(path, settings.root)
                if problem is not None:
                    problems.append(problem)
    return sorted(problems)
