"""Learning posts, reports and pages (content/): Pelican reads and renders them; this makes what it
rendered safe before any page, summary or feed uses it.

Posts arrive by pull request from members, so their HTML is as untrusted as a profile's: the body
and the summary are kept to the post allow-list (core.markup). A tag Pelican cannot make an address
from (`Tags: <script>`, only punctuation) would stop the build with "Unable to generate valid
slug" and a traceback; instead it is a problem naming the file and line, reported with every other
problem of the tree by `hub_of`.
"""
from __future__ import annotations

import re
from pathlib import Path

from pelican.contents import Article, Page
from pelican.utils import slugify

from ..core.markup import sanitise_post
from ..core.settings import hub_root
from ..core.yamlio import Problem, source_name
from .state import build_state


def content_problems(context: dict, settings: dict) -> list[Problem]:
    """Every problem with content/ found while Pelican read it. (Posts in a format whose reader is
    off, and every header, are checked by publishing.load, in the one load path.)"""
    return list(build_state(context).content_problems)


def _tag_slug(name: str, settings: dict) -> str:
    """The slug Pelican would give the tag (as pelican.urlwrappers.URLWrapper.slug makes it, without
    its warning, which --fatal warnings turns into a traceback)."""
    substitutions = settings.get("TAG_REGEX_SUBSTITUTIONS", settings.get("SLUG_REGEX_SUBSTITUTIONS", []))
    return slugify(name, regex_subs=substitutions,
                   preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
                   use_unicode=settings.get("SLUGIFY_USE_UNICODE", False))


def _metadata_line(path: Path, key: str) -> int:
    """The line of `key:` in the file's header (the lines before the first blank one), else 1."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return 1
    pattern = re.compile(rf"\s*{re.escape(key)}\s*:", re.IGNORECASE)
    for number, line in enumerate(lines, 1):
        if not line.strip():
            break
        if pattern.match(line):
            return number
    return 1


def _check_tags(content, source: str) -> list[Problem]:
    """Tags that hold markup, no letter or digit, or that Pelican cannot make an address from are
    problems; they are taken off the post so Pelican carries on and every problem is reported at once."""
    problems, kept = [], []
    for tag in getattr(content, "tags", None) or ():
        name = str(tag.name)
        if "<" in name or ">" in name or not re.search(r"[^\W_]", name) or not _tag_slug(name, content.settings):
            line = _metadata_line(Path(content.source_path), "tags")
            problems.append(Problem(source, line, "Tags",
                                    f"'{name}' is not a tag: write each tag as plain words, separated by "
                                    "commas, e.g. 'Tags: volunteering, loneliness'"))
        else:
            kept.append(tag)
    if problems:
        content.tags = kept
    return problems


def check_content(content) -> None:
    """Pelican's content_object_init: sanitise a post's or page's HTML and check its tags. Static
    files (images) are content objects too, with nothing to sanitise."""
    if not isinstance(content, (Article, Page)):
        return
    if content._content:
        content._content = sanitise_post(content._content)
    if "summary" in content.metadata:
        content.metadata["summary"] = sanitise_post(content.metadata["summary"] or "")
        content._summary = content.metadata["summary"]
    source = source_name(Path(content.source_path), hub_root(content.settings))
    problems = _check_tags(content, source)
    if problems:
        build_state(content._context).content_problems.extend(problems)
