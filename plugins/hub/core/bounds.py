"""Every file a build writes has a bound: an HTML page `HUB_PAGE_KB` (a phone loads it whole), any
other file but a picture `HUB_FILE_KB` (feeds, calendars, JSON). Long lists are split into pages
below the bound (core.pages) and every field has a length, but what a contributor writes at length
(a post, a report with thousands of figures) could still make a page of megabytes. So the finished
site is measured before it is published: a file over its bound is a problem naming the file it was
made from (a post, a profile, an event), and nothing is published. Pure but for reading sizes.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from .settings import HubSettings
from .yamlio import Problem

# Not measured: Pagefind's index (in fragments of its own size), the pictures and PDFs copied from
# content/images/ (core.images checks what they are) and the theme's own stylesheets and scripts.
UNBOUNDED_FOLDERS = ("pagefind", "images", "theme")
PAGE_SUFFIXES = (".html", ".htm")


def _kb(size: int) -> str:
    return f"{size / 1024:,.0f} KB"


def oversized(output: Path, settings: HubSettings, sources: Mapping[str, str]) -> list[Problem]:
    """A problem for every file under `output` over its bound. `sources` maps a file or a folder of the
    site (`events/x.ics`, `members/ball-hill/`, `reports/2026-q3/`) to the file it is made from; a file
    under none is named by its own path in the site."""
    problems = []
    for dirpath, dirnames, filenames in os.walk(output):
        folder = Path(dirpath)
        relative_folder = folder.relative_to(output).as_posix()
        if folder == output:
            dirnames[:] = [name for name in dirnames if name not in UNBOUNDED_FOLDERS]
        for name in filenames:
            page = name.endswith(PAGE_SUFFIXES)
            limit = (settings.page_kb if page else settings.file_kb) * 1024
            size = (folder / name).stat().st_size
            if size <= limit:
                continue
            written = name if relative_folder == "." else f"{relative_folder}/{name}"
            source = _source_of(written, sources)
            what = "page" if page else "file"
            setting = "HUB_PAGE_KB" if page else "HUB_FILE_KB"
            if source is None:
                fix = f"raise {setting} in pelicanconf.py if the hub has grown this large"
            elif source.endswith(".md"):
                fix = "shorten it, or split it into parts of a series (docs/publishing.md)"
            else:
                fix = "shorten what it says"
            made = f"makes the {what} {written}, {_kb(size)}," if source else f"is {_kb(size)},"
            problems.append(Problem(source or written, 1, f"({what} size)",
                                    f"{made} over the bound of {_kb(limit)} ({setting}); {fix}"))
    return sorted(problems)


def _source_of(written: str, sources: Mapping[str, str]) -> str | None:
    """The file the site's file `written` is made from: the longest folder of `sources` it is in."""
    if written in sources:
        return sources[written]
    parts = written.split("/")[:-1]
    while parts:
        found = sources.get("/".join(parts) + "/")
        if found:
            return found
        parts.pop()
    return None
