"""SEQUENCE and DTSTAMP for every published UID, from a lock file kept in the repository.

Calendar apps decide whether a copy of an event is newer by its SEQUENCE (and DTSTAMP), so both
must only ever grow when the event changes, and never move when it does not. Neither can come from
a cache or from the build time. `events/.sequence.json` stores, per UID, a fingerprint of what the
hub publishes about the event, the SEQUENCE it was given and when that happened:

    {"version": 1, "events": {"litter-pick@hub...": {"hash": "...", "sequence": 2,
                                                     "modified": "2026-11-21T12:00:00Z"}}}

`invoke build` and `invoke events-lock` rewrite it (commit the change); a build from a stale lock
still gives every changed event the next SEQUENCE, in memory. Entries are never removed, so an
event that is deleted and later restored keeps counting up. Pure: no Pelican.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .model import Event
from .recurrence import Rule

LOCK_VERSION = 1


def _plain(value):
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Rule):
        return value.text
    if isinstance(value, (dt.date, dt.datetime, dt.time, dt.timedelta)):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def fingerprint(event: Event) -> str:
    """A hash of everything published about the event; where its file lives does not count, nor
    the keys to connection it names (they are on its page, not in calendars)."""
    data = _plain(event)
    data.pop("source", None)
    data.pop("keys", None)
    # Fields added to the model later count only once set: adding `localities` (empty for most
    # events) must not bump every event's SEQUENCE and make every calendar re-fetch it.
    for later_field in ("localities",):
        if not data.get(later_field):
            data.pop(later_field, None)
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


@dataclass(frozen=True)
class Stamp:
    sequence: int
    modified: dt.datetime   # UTC: DTSTAMP and LAST-MODIFIED


def _utc_text(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_utc(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)


def read_lock(path: Path) -> dict:
    """The lock's entries by UID; a missing file is an empty lock. A damaged one raises ValueError
    with a message naming the file."""
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        entries = data["events"]
        for entry in entries.values():
            _parse_utc(entry["modified"])
            int(entry["sequence"])
            str(entry["hash"])
        return entries
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise ValueError(f"{path}: not a valid sequence lock ({error}); restore it from git "
                         "(git checkout -- events/.sequence.json)") from None


def stamps(events: Iterable[Event], lock: dict, now: dt.datetime,
           hash_of: Callable[[Event], str] | None = None) -> dict[str, Stamp]:
    """SEQUENCE and DTSTAMP per UID: as locked when unchanged, one more (stamped `now`) when changed,
    0 for a UID the lock has never seen. `hash_of` gives an event's `fingerprint` (perhaps kept)."""
    hash_of = hash_of or fingerprint
    result = {}
    for event in events:
        entry = lock.get(event.uid)
        if entry is None:
            result[event.uid] = Stamp(0, now)
        elif entry["hash"] == hash_of(event):
            result[event.uid] = Stamp(int(entry["sequence"]), _parse_utc(entry["modified"]))
        else:
            result[event.uid] = Stamp(int(entry["sequence"]) + 1, now)
    return result


def updated_lock(events: Iterable[Event], lock: dict, now: dt.datetime,
                 hash_of: Callable[[Event], str] | None = None) -> dict:
    """The lock after recording `events` (entries of UIDs not published any more are kept)."""
    hash_of = hash_of or fingerprint
    entries = {uid: dict(entry) for uid, entry in lock.items()}
    for event in events:
        stamp = stamps([event], lock, now, hash_of)[event.uid]
        entries[event.uid] = {"hash": hash_of(event), "sequence": stamp.sequence,
                              "modified": _utc_text(stamp.modified)}
    return entries


def dumps(entries: dict) -> str:
    return json.dumps({"version": LOCK_VERSION, "events": dict(sorted(entries.items()))},
                      indent=1, ensure_ascii=False) + "\n"


def write_lock(path: Path, events: Iterable[Event], now: dt.datetime,
               hash_of: Callable[[Event], str] | None = None) -> bool:
    """Record `events` in the lock file; True when the file changed."""
    old = read_lock(path)
    new = updated_lock(events, old, now, hash_of)
    if new == old and path.is_file():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dumps(new), encoding="utf-8")
    return True


def is_current(path: Path, events: Iterable[Event]) -> bool:
    lock = read_lock(path)
    return all(lock.get(e.uid, {}).get("hash") == fingerprint(e) for e in events)
