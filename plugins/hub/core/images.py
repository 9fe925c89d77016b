"""Files people add to content/images/ (by pull request or the CMS's uploads): only pictures and PDFs.

Everything in content/images/ is published as it is, at the hub's own address. A web page there
(`poster.html`, `photo.png.htm`, `.xhtml`) would run its scripts as the hub's own: a phishing page
by pull request. So a file is published only when its name ends in a picture's or a PDF's
extension *and* its first bytes say it is one (a page renamed `.png` is refused too).

An SVG is a program as much as a picture: opened directly it runs its scripts (an `<img>` never
does, but a link to the file does). Static hosting cannot send a Content-Security-Policy header,
so an SVG is published only when it is a plain drawing: no script, no event handler attribute, no
embedded HTML (`foreignObject`), no DOCTYPE or entities, no link to anything but its own parts or an
embedded image. Each refused file is a problem naming it and the line. Pure.
"""
from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from .settings import HubSettings
from .yamlio import Problem, source_name

MAX_SVG_BYTES = 1024 * 1024
PUBLISHED_FOLDER = "images"  # under content/: Pelican's STATIC_PATHS, and the CMS's media folder
# The kinds published from content/images/: {extension: (name, whether the first bytes are one)}.
_KINDS = {
    ".png": ("PNG picture", lambda head: head.startswith(b"\x89PNG\r\n\x1a\n")),
    ".jpg": ("JPEG picture", lambda head: head.startswith(b"\xff\xd8\xff")),
    ".jpeg": ("JPEG picture", lambda head: head.startswith(b"\xff\xd8\xff")),
    ".gif": ("GIF picture", lambda head: head[:6] in (b"GIF87a", b"GIF89a")),
    ".webp": ("WebP picture", lambda head: head[:4] == b"RIFF" and head[8:12] == b"WEBP"),
    ".avif": ("AVIF picture", lambda head: head[4:8] == b"ftyp" and head[8:12] in (b"avif", b"avis")),
    ".pdf": ("PDF document", lambda head: head.startswith(b"%PDF-")),
    ".svg": ("SVG drawing", None),  # checked whole, by svg_problem
}
KINDS_TEXT = "PNG, JPEG, GIF, WebP, AVIF or SVG pictures and PDF documents"
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


def upload_problem(path: Path, root: Path | None) -> Problem | None:
    """Why the file at `path` in content/images/ must not be published, or None when it is a picture
    or a PDF that is what its name says."""
    kind = _KINDS.get(path.suffix.lower())
    if kind is None:
        written = f"a '{path.suffix}' file" if path.suffix else "a file without an extension"
        return Problem(source_name(path, root), 1, "(file)",
                       f"is {written}: only {KINDS_TEXT} are published from content/{PUBLISHED_FOLDER}/ (a web page "
                       "there would run as the hub's own); remove it, or link to where it is published elsewhere")
    name, looks_right = kind
    if looks_right is None:
        return svg_problem(path, root)
    try:
        with path.open("rb") as file:
            head = file.read(16)
    except OSError as error:
        return Problem(source_name(path, root), 1, "(file)", f"cannot be read ({error.strerror})")
    if not looks_right(head):
        return Problem(source_name(path, root), 1, "(file)",
                       f"is named '{path.suffix}' but is not a {name}; save it again as one from the program "
                       "that made it (renaming a file does not change what it is)")
    return None


def image_problems(settings: HubSettings) -> list[Problem]:
    """Every file under content/images/ that must not be published, and every SVG elsewhere in
    content/ that is not a plain drawing (links are `links`' business; Pelican skips dot files)."""
    problems = []
    published = settings.content_path / PUBLISHED_FOLDER
    for dirpath, dirnames, filenames in os.walk(settings.content_path):
        folder = Path(dirpath)
        inside = folder == published or published in folder.parents
        if inside:
            dirnames[:] = [name for name in dirnames if not name.startswith(".")]
        for name in sorted(filenames):
            path = folder / name
            if path.is_symlink() or (inside and name.startswith(".")):
                continue
            if inside:
                problem = upload_problem(path, settings.root)
            elif name.lower().endswith(".svg"):
                problem = svg_problem(path, settings.root)
            else:
                continue
            if problem is not None:
                problems.append(problem)
    return sorted(problems)
