"""Work shared between the machine's cores by forked processes. Pure: no Pelican.

`forked_map(function, items, workers)` is `[function(item) for item in items]`, with the items
taken a few at a time by `workers` processes forked from this one: they inherit everything in memory (the
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
CHUNK = 16  # items a process takes at a time, at most


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


def _chunk_size(count: int, workers: int) -> int:
    """Items a process takes at a time: small enough that the processes finish together (one that
    is slower, or got the heavier items, takes fewer), big enough that taking them costs nothing."""
    return max(1, min(CHUNK, count // (workers * 8)))


def forked_map(function: Callable[[T], R], items: Sequence[T], workers: int | None = None) -> list[R]:
    """`function` over `items` in up to `workers` processes (default: one per core). An exception
    in any process is raised here, with the worker's traceback in its message.

    The processes take the items a few at a time from a shared counter until none are left, rather
    than each a fixed share: pages differ in weight (a member's page takes twice its matches page)
    and a forked process runs slower at first (it copies the memory it writes to), so fixed shares
    left one process waiting a fifth of the time for the other."""
    count = workers_for(len(items), workers)
    if count == 1:
        return [function(item) for item in items]
    from multiprocessing import Value  # shared memory that forked processes inherit

    taken = Value("q", 0)
    chunk = _chunk_size(len(items), count)

    def work() -> list[tuple[int, R]]:
        done = []
        while True:
            with taken.get_lock():
                start = taken.value
                taken.value = start + chunk
            if start >= len(items):
                return done
            done += [(i, function(items[i])) for i in range(start, min(start + chunk, len(items)))]

    # What this process printed but has not written yet would be written again by every child.
    sys.stdout.flush()
    sys.stderr.flush()
    children = []
    for _ in range(count - 1):
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # a worker: its items, then its results (or its error) down the pipe, then out
            os.close(read)
            status = 0
            try:
                payload = pickle.dumps(("ok", work()), pickle.HIGHEST_PROTOCOL)
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
        children.append((pid, read))
    results: list = [None] * len(items)
    failure: BaseException | None = None
    try:
        for i, result in work():
            results[i] = result
    except BaseException as error:  # collect the workers before raising
        failure = error
        with taken.get_lock():
            taken.value = len(items)  # the others stop after their current items
    errors = []
    for pid, read in children:
        data = _read_all(read)
        _, status = os.waitpid(pid, 0)
        try:
            kind, value = pickle.loads(data)
        except Exception:
            kind, value = "error", f"a worker process ended with status {status} and no report"
        if kind == "error":
            errors.append(value)
            continue
        for i, result in value:
            results[i] = result
    if failure is not None:
        raise failure
    if errors:
        raise RuntimeError("work in a forked process failed:\n" + "\n".join(errors))
    return results
