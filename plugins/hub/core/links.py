"""Symbolic links in the folders people write to: only links to a regular file inside the repository.

A link is a way to publish a file that is not in the repository: `content/images/x.svg` linked to
`/etc/passwd` would be copied into the site, and `members/x.yaml` linked to `/dev/zero` would make
the build read forever. Every folder the build reads (members/, events/, content/, theme/, data/)
is checked before anything is read, and each such link is a problem naming it. Pure: no Pelican.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

from .settings import HubSettings
from .yamlio import Problem, source_name

FIX = "replace it with the file itself"


def _link_name(path: Path, root: Path | None) -> str:
    """The link's own name in messages (source_name would name the file it leads to); a file at the
    repository's top (categories.yaml, places.yaml) is named without './'."""
    folder = source_name(path.parent, root)
    return path.name if folder in ("", ".") else f"{folder}/{path.name}"


def unsafe_link(path: Path, root: Path | None) -> Problem | None:
    """The problem with `path` if it is a symbolic link the hub must not read or publish: one that
    leads outside the repository (`root`), to something that is not a regular file (a folder, a
    device such as /dev/zero), nowhere, or round in a loop. None for anything else."""
    if not path.is_symlink():
        return None
    source = _link_name(path, root)

    def problem(message: str) -> Problem:
        return Problem(source, 1, "(file)", message)

    try:
        target = path.resolve(strict=True)
        mode = target.stat().st_mode
    except FileNotFoundError:
        return problem(f"is a link to '{os.readlink(path)}', which does not exist; {FIX}")
    except (OSError, RuntimeError):  # a loop of links, or one the build may not follow
        return problem(f"is a link that cannot be followed; {FIX}")
    outside = root is not None and not target.is_relative_to(root.resolve())
    if stat.S_ISDIR(mode):
        where = " outside the repository" if outside else ""
        return problem(f"is a link to a folder{where}; put the files themselves in its place instead")
    if outside:
        return problem(f"is a link to a file outside the repository; {FIX}")
    if not stat.S_ISREG(mode):
        return problem(f"is a link to something that is not a file; {FIX}")
    return None


def read_folders(settings: HubSettings) -> tuple[Path, ...]:
    """Every folder whose files the build reads or copies into the site."""
    return (settings.members_path, settings.events_path, settings.introductions_path, settings.content_path,
            settings.root / "theme", settings.root / "data", settings.feed_cache)


def link_problems(settings: HubSettings) -> list[Problem]:
    """Every unsafe link in (or as) the folders the build reads, and as categories.yaml or
    places.yaml, sorted. Links are not followed into: a linked folder is itself the problem."""
    # The vocabularies at the top of the repository are read too (and reported here, before any is).
    problems: list[Problem | None] = [unsafe_link(path, settings.root)
                                      for path in (settings.categories_path, settings.places_path)]
    for folder in read_folders(settings):
        if folder.is_symlink():
            problems.append(unsafe_link(folder, settings.root))
            continue
        problems += [unsafe_link(path, settings.root) for path in links_under(folder)]
    return sorted(dict.fromkeys(p for p in problems if p is not None))  # the feed cache is usually in data/


def links_under(folder: Path):
    """Every symbolic link in `folder` and its folders, which are not followed into. The folders'
    listings tell links apart: no system call per file."""
    folders = [folder]
    while folders:
        try:
            with os.scandir(folders.pop()) as listing:
                entries = list(listing)
        except OSError:
            continue
        for entry in entries:
            if entry.is_symlink():
                yield Path(entry.path)
            elif entry.is_dir():
                folders.append(entry.path)
