"""Work dealt out to forked processes comes back whole and in order; a failure says where."""
from __future__ import annotations

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
    def square_but_not_seven(n):
        if n == 7:
            raise ValueError("seven is not allowed")
        return n * n

    # Item 7 goes to the second of two workers (items are dealt out in turn).
    with pytest.raises(RuntimeError, match="seven is not allowed"):
        forked_map(square_but_not_seven, list(range(4 * MIN_ITEMS_PER_WORKER)), 2)
