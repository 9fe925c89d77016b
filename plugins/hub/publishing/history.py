"""What git remembers about members/: when each profile's file was added, changed and removed, and
the profiles as they were on a given day. The files of the oldest commit were there before the
history began, so their addition date is not known. The hub's own numbers for a past quarter come from here
where the files themselves cannot say (a profile's `updated` date is only its latest change).

Git is asked, never required: without git, outside a repository, or in a shallow clone (whose
oldest commit looks as if it added every file at once), `History` says what it cannot know and
why, and the numbers that need it are reported as not known. Dates are author dates (`%aI`: when a
change was written, which a rebase keeps), read in the hub's time zone. Pure: no Pelican.
"""
from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from zoneinfo import ZoneInfo

GIT_TIMEOUT = 30  # seconds for any one git command; a repository that slow is treated as no history


@dataclass(frozen=True)
class Commit:
    sha: str
    day: dt.date
    changes: tuple[tuple[str, str, str | None], ...]  # (status A/M/D/R, path, new path for a rename)


@dataclass
class FileHistory:
    """One profile's file over time, by slug (a renamed file keeps its history, as `git log --follow`)."""

    added: dt.date | None = None     # None: before the history starts (or not known)
    changed: list[dt.date] = field(default_factory=list)
    removed: dt.date | None = None


@dataclass
class History:
    available: bool
    reason: str = ""                 # why not, or what is missing
    commits: tuple[Commit, ...] = ()  # oldest first, only those touching the folder
    start: dt.date | None = None     # the first day the history covers
    shallow: bool = False
    root: Path | None = None
    folder: str = "members"

    def covers(self, day: dt.date) -> bool:
        """Whether the history reaches back to `day` (so a change on it would be known)."""
        return self.available and self.start is not None and day >= self.start

    def files(self) -> dict[str, FileHistory]:
        """Every profile file the history knows, by slug, including removed ones."""
        found: dict[str, FileHistory] = {}
        # The oldest commit holds the files that were there when the history began (a shallow clone's
        # oldest commit holds every file): that is not when they were added.
        roots = {self.commits[0].sha} if self.commits else set()
        for commit in self.commits:
            for status, path, new in commit.changes:
                slug = _slug(path)
                if slug is None:
                    continue
                if status == "R" and new is not None and _slug(new) is not None:
                    entry = found.pop(slug, FileHistory())
                    entry.changed.append(commit.day)
                    found[_slug(new)] = entry
                    continue
                entry = found.setdefault(slug, FileHistory())
                if status == "A":
                    entry.added = None if commit.sha in roots else commit.day
                    entry.removed = None
                elif status == "D":
                    entry.removed = commit.day
                else:
                    entry.changed.append(commit.day)
        return found

    def snapshot(self, day: dt.date) -> dict[str, bytes] | None:
        """The profile files as they were at the end of `day` (name -> content), from the last commit
        written by then; None when the history does not reach back to that day."""
        if not self.covers(day):
            return None
        chosen = None
        for commit in self.commits:
            if commit.day <= day:
                chosen = commit
        if chosen is None:
            return {}
        listing = run_git(self.root, "ls-tree", "-r", "-z", chosen.sha, "--", self.folder)
        if listing is None:
            return None
        blobs = []
        for entry in listing.decode("utf-8", "replace").split("\0"):
            if not entry.strip():
                continue
            meta, _, path = entry.partition("\t")
            if meta.split()[1] == "blob" and _slug(path) is not None:
                blobs.append((PurePosixPath(path).name, meta.split()[2]))
        contents = _cat_files(self.root, [sha for _, sha in blobs])
        if contents is None:
            return None
        return {name: contents[sha] for name, sha in blobs}


def _slug(path: str) -> str | None:
    name = PurePosixPath(path)
    return name.stem if name.suffix in (".yaml", ".yml") and not name.name.startswith(".") else None


def run_git(root: Path | None, *args: str, stdin: bytes | None = None) -> bytes | None:
    try:
        result = subprocess.run(["git", "-C", str(root), *args], input=stdin, capture_output=True,
                                timeout=GIT_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout if result.returncode == 0 else None


def _cat_files(root: Path | None, shas: list[str]) -> dict[str, bytes] | None:
    if not shas:
        return {}
    output = run_git(root, "cat-file", "--batch", stdin="".join(f"{sha}\n" for sha in shas).encode())
    if output is None:
        return None
    contents, position = {}, 0
    for sha in shas:
        header_end = output.index(b"\n", position)
        _, _, size = output[position:header_end].decode().split()
        start = header_end + 1
        contents[sha] = output[start:start + int(size)]
        position = start + int(size) + 1
    return contents


def read_history(root: Path, folder: str, zone: ZoneInfo) -> History:
    """What git knows about `folder` (e.g. `members`) under `root`."""
    inside = run_git(root, "rev-parse", "--is-inside-work-tree")
    if inside is None or inside.strip() != b"true":
        return History(False, "there is no git history here (git is not installed, or this copy of the hub is "
                       "not a git repository)")
    prefix = (run_git(root, "rev-parse", "--show-prefix") or b"").decode().strip()
    shallow = (run_git(root, "rev-parse", "--is-shallow-repository") or b"").strip() == b"true"
    path = f"{prefix}{folder}".rstrip("/")
    log = run_git(root, "log", "--format=%x00%H %aI", "--name-status", "-M", "--no-color", "--reverse",
               "--relative" if prefix else "--no-relative", "--", folder)
    if log is None:
        return History(False, "git could not read the history of the repository")
    commits = []
    for block in log.decode("utf-8", "replace").split("\0")[1:]:
        lines = [line for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        sha, stamp = lines[0].split(" ", 1)
        day = dt.datetime.fromisoformat(stamp).astimezone(zone).date()
        changes = []
        for line in lines[1:]:
            parts = line.split("\t")
            status = parts[0][:1]
            if status == "R" and len(parts) == 3:
                changes.append(("R", parts[1], parts[2]))
            elif len(parts) >= 2:
                changes.append((status, parts[1], None))
        commits.append(Commit(sha, day, tuple(changes)))
    if not commits:
        return History(False, f"git has no commits touching {path}/ yet", root=root, folder=folder)
    start = commits[0].day
    reason = ""
    if shallow:
        start = commits[0].day + dt.timedelta(days=1)
        reason = (f"this is a shallow clone: its history starts on {commits[0].day.isoformat()} "
                  "(`git fetch --unshallow` fetches the rest)")
    return History(True, reason, tuple(commits), start, shallow, root, folder)
