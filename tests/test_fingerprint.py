"""core/fingerprint.py: the same content gives the same digest, whether or not a table of shared
values is kept between calls (site/reuse.py keeps one per build)."""
from __future__ import annotations

import dataclasses

import pytest

from hub.core.fingerprint import Unfingerprintable, digest


@dataclasses.dataclass(frozen=True)
class Offer:
    title: str
    details: str
    areas: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class Member:
    slug: str
    offers: tuple[Offer, ...]


def member(title: str = "Minibus with driver") -> Member:
    offers = tuple(Offer(f"{title} {n}", "Wheelchair accessible, weekdays", ("coventry", "warwickshire"))
                   for n in range(5))
    return Member("whitley-community-minibus", offers)


def test_the_same_content_has_the_same_digest_with_or_without_a_shared_table():
    seen: dict = {}
    first, second = member(), member()
    assert digest(first) == digest(second) == digest(first, seen=seen) == digest(second, seen=seen)
    assert digest(first, seen=seen) == digest(first)  # the second walk reads the table


def test_a_changed_field_changes_the_digest_even_when_the_old_value_is_in_the_table():
    seen: dict = {}
    before = digest(member(), seen=seen)
    assert digest(member("Minibus and driver"), seen=seen) != before


def test_sets_and_dicts_do_not_depend_on_their_order():
    assert digest({"b": 1, "a": 2}) == digest({"a": 2, "b": 1})
    assert digest(frozenset({"x", "y", "z"})) == digest(frozenset({"z", "y", "x"}))


def test_what_cannot_be_told_apart_is_refused():
    with pytest.raises(Unfingerprintable):
        digest(open)
