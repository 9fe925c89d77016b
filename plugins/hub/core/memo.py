"""Results worth keeping between builds (the matches of a thousand members, every calendar file),
stored in the cache folder under a fingerprint of exactly what they were computed from. Pure.

`remember(folder, "matching", inputs, compute)` returns `compute()`'s result, computed again only
when the fingerprint of `inputs` differs from the stored one. Only the latest result of each name is
kept. A store that cannot be read or written is ignored: it is only ever a shortcut, and
`tests/test_incremental.py` checks that builds using it equal builds from nothing.
"""
from __future__ import annotations

import contextlib
import copyreg
import os
import pickle
import types
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from .fingerprint import digest

T = TypeVar("T")



def read_only(mapping: dict) -> types.MappingProxyType:
    return types.MappingProxyType(mapping)


# Frozen results hold read-only mappings (MappingProxyType), which pickle cannot store by itself.
copyreg.pickle(types.MappingProxyType, lambda proxy: (read_only, (dict(proxy),)))


def remember(folder: Path | None, name: str, inputs, compute: Callable[[], T], seen: dict | None = None) -> T:
    """`compute()`, or its result kept from a run with the same `inputs` (`seen`: see `digest`)."""
    if folder is None:
        return compute()
    key = digest(name, inputs, seen=seen)
    path = folder / "memo" / f"{name}.pickle"
    try:
        with open(path, "rb") as handle:
            stored_key, value = pickle.load(handle)
        if stored_key == key:
            return value
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError):
        pass
    value = compute()
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(temporary, "wb") as handle:
            pickle.dump((key, value), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except (OSError, pickle.PicklingError, TypeError, AttributeError, RecursionError):
        with contextlib.suppress(OSError):
            temporary.unlink()
    return value
