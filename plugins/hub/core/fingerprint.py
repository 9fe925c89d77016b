"""Stable fingerprints of values: the same content gives the same digest in every run, whatever
the order of a set or the identity of an object. Incremental builds compare them to decide what
can be reused. Pure: no Pelican.

Only value-like things have a fingerprint (numbers, text, dates, containers, frozen dataclasses,
named tuples, and objects that offer `__fingerprint__`); anything else raises `Unfingerprintable`,
so a caller that cannot tell whether something changed does the work again rather than guess.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
from pathlib import Path
from zoneinfo import ZoneInfo


class Unfingerprintable(TypeError):
    """A value whose content cannot be told apart reliably (e.g. an open file, a function)."""


_PRIMITIVES = (str, int, float, bool, type(None), bytes)
# Types from libraries (Pelican's posts) that say what their content is: type -> value to fingerprint.
_HANDLERS: dict[type, object] = {}


def register(kind: type, content) -> None:
    """Fingerprint instances of `kind` by `content(instance)` (a value this module knows)."""
    _HANDLERS[kind] = content


# The attribute of a frozen object that holds the digest of what it was made from (`made_from`).
_MADE_FROM = "_fingerprint_made_from"
_NOTHING: dict = {}


def made_from(value, key: str):
    """`value`, a frozen dataclass made only from what `key` digests (an event's date: the event and
    the day), is fingerprinted by `key`: its content need not be walked again. Returns `value`."""
    object.__setattr__(value, _MADE_FROM, key)
    return value


def keep_fingerprint(value, parts=()):
    """Walk `value`, a frozen dataclass, once now and keep its fingerprint on it (and on each of
    `parts`, frozen dataclasses inside it that keys use alone: a profile's offers, which matching
    reads without its summary). A one-member edit at 1,000 members walked 3,000 models to key its
    pages; kept with the models between builds (core.memo), only the edited one is walked. Never a
    part shared with other values: it would carry the fingerprint of whichever was kept last.
    Returns `value`."""
    for part in parts:
        made_from(part, digest(part))
    return made_from(value, digest(value))


def made_from_key(value) -> str | None:
    """The key `value` was `made_from`, or None."""
    return getattr(value, "__dict__", _NOTHING).get(_MADE_FROM)


_SIMPLE = frozenset({str, int, float, bool, type(None), bytes})
_FIELDS: dict[type, tuple[str, ...] | None] = {}  # a dataclass's field names (None: not a dataclass)
_UNSEEN = object()


def _fields_of(kind: type) -> tuple[str, ...] | None:
    if kind not in _FIELDS:
        _FIELDS[kind] = (tuple(f.name for f in dataclasses.fields(kind))
                         if dataclasses.is_dataclass(kind) else None)
    return _FIELDS[kind]


def _feed(value, out: list, seen: dict) -> None:
    kind = type(value)
    if kind in _SIMPLE:
        out.append(f"{kind.__name__}:{value!r}")
        return
    names = _FIELDS.get(kind, _UNSEEN)
    if names is _UNSEEN:
        names = _fields_of(kind)
    if names is not None:
        made = getattr(value, "__dict__", _NOTHING).get(_MADE_FROM)  # made_from_key, inlined: the hot path
        if made is not None:
            out.append(f"{kind.__qualname__}<{made}>")
            return
    elif isinstance(value, _PRIMITIVES):  # a subclass (Markup, an enum of int)
        out.append(f"{kind.__name__}:{value!r}")
        return
    key = id(value)
    if key in seen:  # a shared object (a member shown on many pages) is walked once per run
        out.append(seen[key][1])
        return
    start = len(out)
    # Text and numbers inside a dataclass or a list are written here, not by a call each: most
    # values are, and a page's key walks thousands of them.
    if names is not None:
        out.append(f"{kind.__qualname__}(")
        for name in names:
            out.append(name)
            item = getattr(value, name)
            if type(item) in _SIMPLE:
                out.append(f"{type(item).__name__}:{item!r}")
            else:
                _feed(item, out, seen)
        out.append(")")
    elif kind is tuple or kind is list:
        out.append("[")
        for item in value:
            if type(item) in _SIMPLE:
                out.append(f"{type(item).__name__}:{item!r}")
            else:
                _feed(item, out, seen)
        out.append("]")
    elif isinstance(value, (dt.datetime, dt.date, dt.time)):
        out.append(f"{kind.__name__}:{value.isoformat()}:{getattr(value, 'tzinfo', None)}")
    elif isinstance(value, dt.timedelta):
        out.append(f"timedelta:{value.total_seconds()!r}")
    elif isinstance(value, ZoneInfo):
        out.append(f"zone:{value.key}")
    elif isinstance(value, Path):
        out.append(f"path:{value.as_posix()}")
    elif hasattr(value, "__fingerprint__"):
        out.append(f"{kind.__qualname__}:")
        _feed(value.__fingerprint__(), out, seen)
    elif any(isinstance(value, handled) for handled in _HANDLERS):
        handled = next(handled for handled in _HANDLERS if isinstance(value, handled))
        out.append(f"{handled.__qualname__}:")
        _feed(_HANDLERS[handled](value), out, seen)
    elif isinstance(value, tuple) and hasattr(value, "_fields"):  # a named tuple
        out.append(f"{kind.__qualname__}(")
        for item in value:
            _feed(item, out, seen)
        out.append(")")
    elif isinstance(value, (list, tuple)):
        out.append(f"{kind.__qualname__}[")
        for item in value:
            _feed(item, out, seen)
        out.append("]")
    elif isinstance(value, dict):
        out.append("{")
        for item_key in sorted(value, key=repr):
            _feed(item_key, out, seen)
            out.append(":")
            _feed(value[item_key], out, seen)
        out.append("}")
    elif isinstance(value, (set, frozenset)):
        out.append("{set:" + ",".join(sorted(digest(item) for item in value)) + "}")
    else:
        raise Unfingerprintable(f"{kind.__qualname__} has no fingerprint")
    if len(out) - start > 16:  # remember big shared values by their digest, not their text
        text = "".join(out[start:])
        del out[start:]
        out.append("#" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest())
        # The value is kept with its digest: while it is alive its id cannot name another object.
        # Small values are not remembered: walking them again costs less than the table's memory
        # (remembering every one took a quarter of the build's memory).
        seen[key] = (value, out[start])


def digest(*values, seen: dict | None = None) -> str:
    """The fingerprint of `values`: a hex digest that changes exactly when their content does.
    `seen` may be shared between calls of one run to walk shared objects once (they must stay
    alive and unchanged meanwhile)."""
    out: list[str] = []
    for value in values:
        _feed(value, out, seen if seen is not None else {})
        out.append("|")
    return hashlib.sha256("".join(out).encode("utf-8", "surrogatepass")).hexdigest()


def files_digest(*roots: Path, skip: tuple[str, ...] = ()) -> str:
    """The fingerprint of every file under `roots` (names and bytes), links not followed; a missing
    root counts as empty. `skip` names folders left out (a cache inside the tree)."""
    hasher = hashlib.sha256()
    for root in roots:
        hasher.update(f"root:{root}\0".encode())
        if root.is_file():
            hasher.update(root.read_bytes())
            continue
        # os.scandir tells links, folders and files apart from the folder's listing: no system call
        # per file (a build fingerprints the 3,000 files of a 1,000-member hub).
        start = len(str(root)) + 1
        folders = [str(root)]
        while folders:
            try:
                with os.scandir(folders.pop()) as listing:
                    entries = sorted(listing, key=lambda entry: entry.name)
            except OSError:
                continue
            below = []
            for entry in entries:
                if entry.is_symlink():
                    continue
                if entry.is_dir():
                    if entry.name not in skip and entry.name != "__pycache__":
                        below.append(entry.path)
                elif entry.is_file():
                    hasher.update(f"{entry.path[start:].replace(os.sep, '/')}\0".encode("utf-8", "surrogateescape"))
                    with open(entry.path, "rb") as handle:
                        hasher.update(hashlib.sha256(handle.read()).digest())
            folders.extend(reversed(below))
    return hasher.hexdigest()
