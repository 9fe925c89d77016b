"""Everything a build reads, as one digest: `invoke build` with nothing changed does nothing.

A build's output is a function of what it reads and of nothing else:

- every file of the hub's folder (profiles, events, posts, the theme, the settings, the plugin's
  code, places, the feed cache, the SEQUENCE lock...). All of them, not a list of the ones the build
  is known to read: a new kind of input cannot be forgotten. A link is followed (a plugin folder
  linked from elsewhere counts). Left out are only the folders at the top of the hub's folder that
  no build reads (git's own, kept builds, virtual environments, `node_modules`, tools' caches), the
  paths the caller names (the output link, the build cache, the build lock) and Python's bytecode,
  which is made from the code that counts;
- git's current commit, which the reports read the history of members/ from;
- the installed libraries (their names and versions) and Python's version;
- the environment variables the hub, Pelican, Python, git and the time zone read (`HUB_*`,
  `PELICAN*`, `PYTHON*`, `GIT_*`, `LC_*`, `TZ`, `LANG`, `SOURCE_DATE_EPOCH`: a settings file that
  reads another variable is not seen to change with it);
- the command (settings file and overrides), and
- the build's clock: `settings.now`, which moves in steps of `HUB_CLOCK_MINUTES` (core/settings.py),
  so every build within one step sees the same time and makes the same pages.

`invoke build` computes the digest before it builds and keeps it beside the build (the ledger's
"last build" store); the next `invoke build` whose digest is the same, while output/ is still that
build, has nothing to do. Any difference, however small, builds again: a SEQUENCE lock the build
itself wrote too (the build after it reads the lock back and changes nothing). Pure: no Pelican.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

from ..publishing.history import run_git
from . import ledger

# Folders at the top of the hub's folder that no build reads.
NOT_READ = frozenset({".git", ".builds", ".preview", ".venv", "venv", "node_modules", ".pytest_cache",
                      ".hypothesis", ".mypy_cache", ".ruff_cache"})
ENVIRONMENT_PREFIXES = ("HUB_", "PELICAN", "PYTHON", "GIT_", "LC_")
ENVIRONMENT_NAMES = frozenset({"TZ", "LANG", "SOURCE_DATE_EPOCH"})


def file_digests(root: Path, leave_out: frozenset[Path] = frozenset()) -> dict[str, str]:
    """{path under `root`: SHA-256 of its bytes} for every file of the hub's folder but the folders
    no build reads and the paths `leave_out`."""
    leave_out = frozenset({*leave_out, *(root / name for name in NOT_READ)})
    digests: dict[str, str] = {}
    seen: set[str] = set()
    for folder, names, files in os.walk(root, followlinks=True):
        real = os.path.realpath(folder)
        if real in seen:  # a link back up the tree
            names[:] = []
            continue
        seen.add(real)
        names[:] = sorted(name for name in names if name != "__pycache__" and Path(folder, name) not in leave_out)
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


def build_inputs(root: Path, now, command: list[str], leave_out: frozenset[Path] = frozenset()) -> str:
    """The digest of everything a build of `root` with `command` at the clock `now` reads."""
    commit = run_git(root, "rev-parse", "HEAD", "--is-shallow-repository")  # a hub in a sub-folder too
    described = {"files": file_digests(root, leave_out), "libraries": _libraries(), "environment": _environment(),
                 "git": commit.decode("utf-8", "replace") if commit is not None else "no git history",
                 "command": command, "now": now.isoformat()}
    return hashlib.sha256(json.dumps(described, sort_keys=True).encode("utf-8")).hexdigest()


def _record(cache: Path, output: Path) -> Path:
    return ledger.location(cache, "last build") / f"{output.name.lstrip('.')}.json"


def up_to_date(cache: Path, output: Path, inputs: str) -> bool:
    """True when `output` is still the build made from exactly `inputs`."""
    kept = ledger.unseal(_record(cache, output))
    if kept is None:
        return False
    try:
        record = json.loads(kept)
        return (record["inputs"] == inputs and output.is_symlink()
                and Path(record["folder"]) == output.resolve() and output.resolve().is_dir())
    except (ValueError, KeyError, TypeError, OSError):
        return False


def remember(cache: Path, output: Path, folder: Path, inputs: str) -> None:
    """Keep `inputs` as what made `folder`, the build `output` now links to."""
    ledger.seal(_record(cache, output), json.dumps({"folder": str(folder.resolve()), "inputs": inputs}).encode("utf-8"))
