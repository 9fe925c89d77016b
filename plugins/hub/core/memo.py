"""Work kept between builds in the cache folder, under a fingerprint of exactly what it was made
from, so a one-member edit redoes the work of one member. Pure: no Pelican.

- `remember(folder, "matching", inputs, compute)`: `compute()`'s result (the matches of a thousand
  members, every calendar file), computed again only when the fingerprint of `inputs` (or the
  plugin's code) differs from the stored one; only the latest result of each name is kept.
- `kept(path)`: a store of many results by key, of which only those this run used are written back,
  so it never grows past the tree: the parse of each file (yamlio), the checked model of each
  profile and event (`kept_checks`, `kept_check`, `keep_check`).

A store that cannot be read or written is ignored: it is only ever a shortcut, and
`tests/test_incremental.py` checks that builds using it equal builds from nothing.
"""
from __future__ import annotations

import contextlib
import copyreg
import hashlib
import os
import pickle
import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from .fingerprint import digest
from .ledger import location, seal, unseal

T = TypeVar("T")


def read_only(mapping: dict) -> types.MappingProxyType:
    return types.MappingProxyType(mapping)


# Frozen results hold read-only mappings (MappingProxyType), which pickle cannot store by itself.
copyreg.pickle(types.MappingProxyType, lambda proxy: (read_only, (dict(proxy),)))


PLUGIN = Path(__file__).resolve().parent.parent
_UNREADABLE = (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError)


def code_version(*files: Path) -> str:
    """A short digest of the code that makes what a store keeps: a change to it makes all of it stale."""
    return hashlib.sha256(b"".join(path.read_bytes() for path in files if path.is_file())).hexdigest()[:16]


_plugin_version: str | None = None


def plugin_version() -> str:
    """The `code_version` of the whole plugin, read once per process: what `remember` keeps and
    checked models follow from most of it (fields, schemas, models, recurrence, matching)."""
    global _plugin_version
    if _plugin_version is None:
        _plugin_version = code_version(*sorted(PLUGIN.rglob("*.py")))
    return _plugin_version


def _load(path: Path):
    """What `_store` kept at `path`, or None when there is nothing whole to read there."""
    payload = unseal(path)
    if payload is None:
        return None
    try:
        return pickle.loads(payload)
    except _UNREADABLE:
        return None


def _store(path: Path, value) -> None:
    """Keep `value` at `path`, whole or not at all (a build stopped half-way leaves the old one)."""
    try:
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
        return
    seal(path, payload)


def remember(folder: Path | None, name: str, function: Callable[..., T], *arguments) -> T:
    """`function(*arguments)`, or its result kept in the store `name` (core/ledger.py) of the cache
    folder `folder` from a run with the same arguments and code. The key is the fingerprint of the
    very values the function is given, so nothing it reads can be left out of it: give it exactly
    what it needs (site/matching.matching_view), not the whole tree."""
    if folder is None:
        return function(*arguments)
    key = digest(name, plugin_version(), arguments)
    path = location(folder, name)
    stored = _load(path)
    if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == key:
        return stored[1]
    value = function(*arguments)
    _store(path, (key, value))
    return value


@dataclass
class Store:
    known: dict                                  # what an earlier run kept
    used: dict = field(default_factory=dict)     # what this run used or made: written back

    def get(self, key: str):
        value = self.known.get(key)
        if value is not None:
            self.used[key] = value
        return value

    def put(self, key: str, value) -> None:
        self.used[key] = value


def kept_or_made(store: Store | None, key: str, make: Callable[[], T]) -> T:
    """What `store` kept under `key` (a fingerprint of what `make` reads), else `make()`, kept
    there for the next run."""
    if store is None:
        return make()
    found = store.get(key)
    if found is None:
        found = make()
        store.put(key, found)
    return found


@contextlib.contextmanager
def kept(path: Path | None, version: str | None = None) -> Iterator[Store | None]:
    """The store kept at `path` (None: nothing is kept) by the code of `version` (by default the
    plugin's: a store made by other code is not read), written back when the block ends if this run
    used anything else than it found. One file per store, whatever the version: old ones never pile up."""
    if path is None:
        yield None
        return
    version = version or plugin_version()
    stored = _load(path)
    known = stored[1] if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == version else None
    store = Store(known if isinstance(known, dict) else {})
    yield store
    if store.used != store.known:
        _store(path, (version, store.used))


# --- checked models -------------------------------------------------------------------------------

# The files whose existence checks looked at, while someone listens (a check kept between runs holds
# only while they are as they were): (path, whether it was a file).
_LOOKING: list[list[tuple[str, bool]]] = []


@contextlib.contextmanager
def files_looked_at() -> Iterator[list[tuple[str, bool]]]:
    """Within this block, the list of every file a check looked for (`file_exists`), and whether it
    was there."""
    looked_at: list[tuple[str, bool]] = []
    _LOOKING.append(looked_at)
    try:
        yield looked_at
    finally:
        _LOOKING.pop()


def file_exists(path) -> bool:
    """Whether `path` is a file; what a check uses to look for one, so a kept check can look again."""
    found = os.path.isfile(path)
    for looked_at in _LOOKING:
        looked_at.append((str(path), found))
    return found


_CHECKS: list[Store | None] = []


@contextlib.contextmanager
def kept_checks(folder: Path | None) -> Iterator[None]:
    """Within this block, `kept_check` gives back the model of any file that an earlier run checked and found
    valid, when neither its bytes nor what it was checked against changed."""
    with kept(location(folder, "checks")) as store:
        _CHECKS.append(store)
        try:
            yield
        finally:
            _CHECKS.pop()


def kept_check(key: str):
    """The model an earlier run checked and found valid under `key` (a digest of everything the check
    reads: the file's bytes and name, the vocabulary, the other files it names...), when each file it
    looked for (an image) is still there or still missing; else None."""
    store = _CHECKS[-1] if _CHECKS else None
    found = store.known.get(key) if store is not None else None
    if found is not None and all(os.path.isfile(path) == exists for path, exists in found[1]):
        store.put(key, found)
        return found[0]
    return None


def keep_check(key: str, model, problems: list, looked_at) -> None:
    """Keep a valid model under `key` for the next run, with the files its check looked for."""
    store = _CHECKS[-1] if _CHECKS else None
    if store is not None and model is not None and not problems:
        store.put(key, (model, tuple(looked_at)))
