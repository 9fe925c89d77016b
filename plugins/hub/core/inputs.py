"""Everything a build reads, as one digest: `invoke build` with nothing changed does nothing.

A build's output is a function of what it reads and of nothing else:

- every file of the hub's folder (profiles, events, posts, the theme, the settings, the plugin's
  code, places, the feed cache, the SEQUENCE lock...). All of them, not a list of the ones the build
  is known to read: a new kind of input cannot be forgotten. A link is followed (a plugin folder
  linked from elsewhere counts). Left out are only the folders no build reads: git's own
  (`.git`), the kept builds and their links, caches, virtual environments, `node_modules` and
  Python's bytecode;
- git's current commit, which the reports read the history of members/ from;
- the installed libraries (their names and versions) and Python's version;
- the environment variables the settings, Python and the time zone read;
- the command (settings file and overrides), and
- the build's clock: `settings.now`, which moves in steps of `HUB_CLOCK_MINUTES` (core/settings.py),
  so every build within one step sees the same time and makes the same pages.

`invoke build` computes the digest before it builds and keeps it beside the build (the ledger's
"last build" store); the next `invoke build` whose digest is the same, while output/ is still that
build, has nothing to do. Any difference, however small, builds again. Pure: no Pelican.
"""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from dataclasses import dataclass, replace
from pathlib import Path

from . import ledger

# Folders no build reads, wherever they are.
NOT_READ = frozenset({".git", ".builds", ".preview", ".cache", "__pycache__", "node_modules", ".venv", "venv",
                      ".pytest_cache", ".hypothesis", ".mypy_cache", ".ruff_cache"})
ENVIRONMENT_PREFIXES = ("HUB_", "PELICAN", "PYTHON", "LC_")
ENVIRONMENT_NAMES = frozenset({"TZ", "LANG", "SOURCE_DATE_EPOCH"})
GIT_TIMEOUT = 10  # seconds; a repository that slow counts as a change (the build runs)


def file_digests(root: Path, leave_out: frozenset[Path] = frozenset()) -> dict[str, str]:
    """{path under `root`: SHA-256 of its bytes} for every file of the hub's folder but the folders
    no build reads and the paths `leave_out` (the output link, the cache, the build lock)."""
    digests: dict[str, str] = {}
    seen: set[str] = set()
    for folder, names, files in os.walk(root, followlinks=True):
        real = os.path.realpath(folder)
        if real in seen:  # a link back up the tree
            names[:] = []
            continue
        seen.add(real)
        names[:] = sorted(name for name in names
                          if name not in NOT_READ and Path(folder, name) not in leave_out)
        for name in files:
            path = Path(folder, name)
            if path in leave_out or name.endswith(".pyc"):
                continue
            try:
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
            except OSError as error:  # gone, or unreadable: recorded as such, so a change is seen
                digest = f"unreadable: {error.strerror}"
            digests[path.relative_to(root).as_posix()] = digest
    return digests


def _git_commit(root: Path) -> str:
    if not (root / ".git").exists():
        return "no git"
    try:
        result = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True,
                                timeout=GIT_TIMEOUT)
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"unknown: {error}"
    shallow = root / ".git" / "shallow"
    return result.stdout.strip() + (" shallow " + shallow.read_text() if shallow.is_file() else "")


def _libraries() -> list[str]:
    """Python's version and each installed distribution's name-version (its metadata folder)."""
    found = [sys.version, sys.executable]
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        found += sorted(name for name in names if name.endswith((".dist-info", ".egg-info", ".pth")))
    return found


def _environment() -> dict[str, str]:
    return {name: value for name, value in sorted(os.environ.items())
            if name.startswith(ENVIRONMENT_PREFIXES) or name in ENVIRONMENT_NAMES}


@dataclass(frozen=True)
class Inputs:
    """What a build of `root` reads: its files' digests and the rest (see the module's docstring)."""

    root: Path
    files: dict[str, str]
    other: dict

    @property
    def digest(self) -> str:
        described = {"files": self.files, **self.other}
        return hashlib.sha256(json.dumps(described, sort_keys=True).encode("utf-8")).hexdigest()

    def written(self, path: Path) -> Inputs:
        """These inputs after the build itself wrote `path` (the SEQUENCE lock, which a build writes
        as it read it plus the events it stamped: the next build reads it back to the same pages)."""
        relative = path.relative_to(self.root).as_posix()
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError as error:
            digest = f"unreadable: {error.strerror}"
        return replace(self, files={**self.files, relative: digest})


def build_inputs(root: Path, now, command: list[str], leave_out: frozenset[Path] = frozenset()) -> Inputs:
    """Everything a build of `root` with `command` at the clock `now` reads."""
    return Inputs(root, file_digests(root, leave_out), {"git": _git_commit(root), "libraries": _libraries(),
                                                        "environment": _environment(), "command": command,
                                                        "now": now.isoformat()})


def _record(cache: Path, output: Path) -> Path:
    return ledger.location(cache, "last build") / f"{output.name.lstrip('.')}.json"


def up_to_date(cache: Path, output: Path, inputs: Inputs) -> bool:
    """True when `output` is still the build made from exactly `inputs`."""
    kept = ledger.unseal(_record(cache, output))
    if kept is None:
        return False
    try:
        record = json.loads(kept)
        return (record["inputs"] == inputs.digest and output.is_symlink()
                and Path(record["folder"]) == output.resolve() and output.resolve().is_dir())
    except (ValueError, KeyError, TypeError, OSError):
        return False


def remember(cache: Path, output: Path, folder: Path, inputs: Inputs) -> None:
    """Keep `inputs` as what made `folder`, the build `output` now links to."""
    ledger.seal(_record(cache, output), json.dumps({"folder": str(folder.resolve()),
                                                    "inputs": inputs.digest}).encode("utf-8"))
