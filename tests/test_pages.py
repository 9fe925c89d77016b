"""core.pages: long lists cut into pages by weight and by count, and what a page says about itself."""
from events_support import agenda

from conftest import ROOT
from hub.core.pages import fits, locate, paginate, starts
from hub.events import listing


def test_a_list_that_fits_is_one_page_at_its_own_address():
    (page,) = paginate(range(5), "members/letters/a/", weight=lambda n: 100, budget=1000)
    assert (page.url, page.file, page.total, page.items) == ("members/letters/a/", "members/letters/a/index.html", 1,
                                                            (0, 1, 2, 3, 4))
    assert page.previous is None and page.next is None and page.of == "" and page.numbers == (1,)


def test_an_empty_list_is_one_empty_page():
    (page,) = paginate([], "events/")
    assert page.items == () and page.count == 0 and page.total == 1


def test_pages_are_cut_by_weight_and_an_entry_heavier_than_the_budget_is_a_page_of_its_own():
    pages = paginate([300, 300, 300, 5000, 100], "events/", weight=lambda n: n, budget=1000)
    assert [page.items for page in pages] == [(300, 300, 300), (5000,), (100,)]
    assert [page.url for page in pages] == ["events/", "events/page/2/", "events/page/3/"]
    assert [(page.first_shown, page.last_shown, page.count) for page in pages] == [(1, 3, 5), (4, 4, 5), (5, 5, 5)]
    assert pages[1].previous == "events/" and pages[1].next == "events/page/3/"
    assert pages[1].of == ", page 2 of 3"


def test_pages_are_cut_by_count_however_light_their_entries():
    pages = paginate(range(250), "areas/", weight=lambda n: 1, budget=10**9, most=100)
    assert [len(page.items) for page in pages] == [100, 100, 50]


def test_page_numbers_keep_the_first_the_last_and_those_around_the_current_one():
    pages = paginate(range(40), "x/", most=1)
    assert pages[0].numbers == (1, 2, 3, None, 40)
    assert pages[19].numbers == (1, None, 18, 19, 20, 21, 22, None, 40)
    assert pages[3].numbers == (1, 2, 3, 4, 5, 6, None, 40)
    assert pages[39].numbers == (1, None, 38, 39, 40)


def test_runs_group_a_page_of_grouped_entries_in_order_and_starts_say_where_each_group_begins():
    entries = [("A", 1), ("A", 2), ("B", 3), ("B", 4), ("B", 5), ("C", 6)]
    pages = paginate(entries, "m/", most=4)
    assert pages[0].runs == (("A", (1, 2)), ("B", (3, 4)))
    assert pages[1].runs == (("B", (5,)), ("C", (6,)))  # B goes on where page 1 stopped
    assert {group: page.number for group, page in starts(pages).items()} == {"A": 1, "B": 1, "C": 2}
    assert {value: page.url for value, page in locate(pages, lambda entry: entry[1]).items()}[5] == "m/page/2/"


def test_whats_on_in_pages_keeps_its_order_and_parts_and_says_where_each_part_starts():
    cat = agenda(ROOT).catalogue
    view = listing.listing(cat.upcoming, cat.now)
    entries = listing.entries(view)
    assert listing.regroup(entries) == view  # one page: the listing as it was
    pages = paginate(entries, "events/", most=7)
    assert len(pages) > 3
    again = [listing.regroup(page.items) for page in pages]
    assert [occ for part in again for day in part.days for occ in day.occurrences] == [
        occ for day in view.days for occ in day.occurrences]
    assert [item for part in again for item in part.regular] == list(view.regular)
    assert [occ for part in again for _, occs in part.later for occ in occs] == [
        occ for _, occs in view.later for occ in occs]
    jumps = dict(listing.sections(pages))
    assert list(jumps) == ["This week", "Regular events", *(month for month, _ in view.later)]
    assert jumps["This week"] == "events/#this-week"
    first_later = next(page for page in pages if any(kind == listing.LATER for (kind, _), _ in page.items))
    assert jumps[view.later[0][0]] == f"{first_later.url}#{listing.month_anchor(view.later[0][0])}"


def test_fits_says_whether_paginate_makes_one_page_without_weighing_the_whole_list():
    weighed = []

    def weight(size):
        weighed.append(size)
        return size

    cases = [[], [500], [10] * 100, [10] * 101, [40, 40, 21], [40, 40, 20], [150, 1], [1, 150]]
    for sizes in cases:
        assert fits(sizes, weight, budget=100, most=100) == (len(paginate(sizes, "", weight, 100, 100)) == 1), sizes
    weighed.clear()
    assert not fits([60] * 10_000, weight, budget=100)
    assert len(weighed) == 2  # it stopped at the second entry, which overflows the page
