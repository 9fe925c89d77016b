"""Work dealt out to forked processes comes back whole and in order; a failure says where."""
from __future__ import annotations

import os
import time

import pytest

from hub.core.processes import MIN_ITEMS_PER_WORKER, forked_map, workers_for


def test_results_come_back_in_order_from_every_process():
    items = list(range(5 * MIN_ITEMS_PER_WORKER))
    assert workers_for(len(items), 2) == 2
    assert forked_map(lambda n: (n, n * n), items, 2) == [(n, n * n) for n in items]


def test_a_little_work_stays_in_this_process():
    assert workers_for(MIN_ITEMS_PER_WORKER, 8) == 1
    seen = []
    assert forked_map(lambda n: seen.append(n) or n, [1, 2, 3], 8) == [1, 2, 3]
    assert seen == [1, 2, 3]  # ran here: the list of this process changed


def test_an_error_in_a_worker_is_raised_with_its_traceback():
    parent = os.getpid()

    def fails_in_a_worker(n):
        time.sleep(0.002)  # long enough that the forked worker takes some of the items
        if os.getpid() != parent:
            raise ValueError("not allowed in a worker")
        return n * n

    with pytest.raises(RuntimeError, match="not allowed in a worker"):
        forked_map(fails_in_a_worker, list(range(4 * MIN_ITEMS_PER_WORKER)), 2)


def test_every_item_is_done_once_whichever_process_takes_it():
    """The processes take items as they go (a slow one takes fewer): each item once, in order."""
    parent = os.getpid()

    def slower_in_this_process(n):
        time.sleep(0.002 if os.getpid() == parent else 0)
        return n, os.getpid() == parent

    done = forked_map(slower_in_this_process, list(range(8 * MIN_ITEMS_PER_WORKER)), 2)
    assert [n for n, _ in done] == list(range(8 * MIN_ITEMS_PER_WORKER))
    here = sum(in_parent for _, in_parent in done)
    assert here < len(done) / 2  # the worker, faster, did most of them
