"""Work shared between the machine's cores by forked processes. Pure: no Pelican.

`forked_map(function, items, workers)` is `[function(item) for item in items]`, with the items
dealt out to `workers` processes forked from this one: they inherit everything in memory (the
tree, the matches, the templates) without copying or pickling it, and only their results come
back, pickled through a pipe. Order is kept. Where there is no fork (Windows), or too little work
for a fork to pay, it runs in this process.
"""
from __future__ import annotations

import os
import pickle
import sys
import traceback
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS_PER_WORKER = 40  # below this, a fork costs more than it saves


def workers_for(count: int, wanted: int | None) -> int:
    wanted = wanted or os.cpu_count() or 1
    if not hasattr(os, "fork") or count < 2 * MIN_ITEMS_PER_WORKER:
        return 1
    return max(1, min(wanted, count // MIN_ITEMS_PER_WORKER))


def _read_all(descriptor: int) -> bytes:
    chunks = []
    while chunk := os.read(descriptor, 1 << 20):
        chunks.append(chunk)
    os.close(descriptor)
    return b"".join(chunks)


def forked_map(function: Callable[[T], R], items: Sequence[T], workers: int | None = None) -> list[R]:
    """`function` over `items` in up to `workers` processes (default: one per core). An exception
    in any process is raised here, with the worker's traceback in its message."""
    count = workers_for(len(items), workers)
    if count == 1:
        return [function(item) for item in items]
    shares = [list(range(index, len(items), count)) for index in range(count)]
    children = []
    for share in shares[1:]:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # a worker: its share, then its results (or its error) down the pipe, then out
            os.close(read)
            status = 0
            try:
                payload = pickle.dumps(("ok", [function(items[i]) for i in share]), pickle.HIGHEST_PROTOCOL)
            except BaseException:
                payload = pickle.dumps(("error", traceback.format_exc()))
                status = 1
            try:
                view = memoryview(payload)
                while view:
                    view = view[os.write(write, view):]
            finally:
                os.close(write)
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(status)
        os.close(write)
        children.append((pid, read, share))
    results: list = [None] * len(items)
    failure: BaseException | None = None
    try:
        for i in shares[0]:
            results[i] = function(items[i])
    except BaseException as error:  # collect the workers before raising
        failure = error
    errors = []
    for pid, read, share in children:
        data = _read_all(read)
        _, status = os.waitpid(pid, 0)
        try:
            kind, value = pickle.loads(data)
        except Exception:
            kind, value = "error", f"a worker process ended with status {status} and no report"
        if kind == "error":
            errors.append(value)
            continue
        for i, result in zip(share, value):
            results[i] = result
    if failure is not None:
        raise failure
    if errors:
        raise RuntimeError("work in a forked process failed:\n" + "\n".join(errors))
    return results
