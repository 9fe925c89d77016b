"""matching/text.py on its own: tokens, stems, synonym groups, phrases and facets, with exact
expectations (the vocabulary is the repository's categories.yaml)."""
from __future__ import annotations

import pytest

from conftest import ROOT
from hub.core.loader import load_vocabulary
from hub.matching.text import BREAK, WEEKDAYS, Facets, Lexicon, Word, day_phrase, facets, join_words, stem, tokens

VOCABULARY, PROBLEMS = load_vocabulary(ROOT / "categories.yaml")
LEXICON = Lexicon(VOCABULARY, ignore={"coventry"})


def test_the_vocabulary_loads():
    assert PROBLEMS == []


def test_tokens_are_lowercase_words_with_possessives_and_hyphens_split():
    assert tokens("Men's step-free hall, Tuesdays (9am)") == ["men", "step", "free", "hall", "tuesdays", "9am"]


def test_tokens_keep_phrase_breaks_when_asked():
    assert tokens("Men's hall, Tuesdays (9am)", breaks=True) == ["men", "hall", BREAK, "tuesdays", BREAK, "9am"]


@pytest.mark.parametrize(("word", "expected"), [
    ("rooms", "room"), ("running", "run"),
    ("publicity", "publicity"),  # not "public": nouns in -ity keep it
    ("activities", "activity"),
])
def test_stems(word, expected):
    assert stem(word) == expected


def test_a_known_phrase_is_read_whole_with_its_group_and_category_and_stopwords_numbers_days_places_left_out():
    reading = LEXICON.read("Church hall in Coventry free on Tuesday evenings, seats 60")
    assert reading.words == (
        Word("church hall", "church hall", "room", ("venues",), 1.0, 0, ("church", "hall")),
        Word("seats", "seat", None, (), 1.0, 9, ("seat",)),
    )
    assert reading.facets == Facets(days=frozenset({"tuesday"}), parts=frozenset({"evening"}))


def test_thesaurus_groups_name_the_categories_of_their_words():
    words = LEXICON.words("A minibus and a volunteer driver for our lunch club")
    assert [(w.surface, w.group, w.categories) for w in words] == [
        ("minibus", "vehicle", ("transport",)),
        ("volunteer", "volunteer", ("volunteers",)),
        ("driver", "vehicle", ("transport",)),
        ("lunch", "meal", ("food",)),
        ("club", None, ()),
    ]


def test_a_phrase_takes_its_last_words_group_only_when_they_mean_the_same_kind_of_thing():
    (hall,) = LEXICON.words("church hall")
    (studies,) = LEXICON.words("case studies")
    assert (hall.group, hall.categories) == ("room", ("venues",))  # a church hall is a hall
    assert (studies.group, studies.categories) == (None, ("evaluation",))  # case studies are not a study


def test_a_phrase_of_the_thesaurus_is_one_word_with_its_parts():
    words = LEXICON.words("legal structure advice")
    assert [(w.surface, w.stem, w.group, w.parts) for w in words] == [
        ("legal structure", "legal structur", "governance", ("legal", "structur")),
        ("advice", "advic", None, ("advic",)),
    ]


def test_facets_days_ranges_times_languages_and_ages():
    assert facets("Polish and Punjabi speakers, Monday to Wednesday mornings, for older people") == Facets(
        days=frozenset({"monday", "tuesday", "wednesday"}), parts=frozenset({"morning"}),
        languages=frozenset({"polish", "punjabi"}), ages=frozenset({"older people"}))


def test_facets_sign_language_after_school_and_clock_times():
    assert facets("sign language after school 6pm") == Facets(
        parts=frozenset({"afternoon", "evening"}), languages=frozenset({"bsl"}))


def test_no_facets_when_the_text_names_none():
    assert facets("Folding tables to borrow") == Facets()


def test_day_phrases_read_as_people_write_them():
    assert day_phrase(frozenset({"tuesday", "thursday"}), frozenset({"evening"})) == "Tuesday and Thursday evenings"
    assert day_phrase(frozenset(WEEKDAYS[:5]), frozenset({"morning"})) == "weekday mornings"
    assert day_phrase(frozenset(WEEKDAYS[5:]), frozenset()) == "weekends"


def test_join_words():
    assert join_words([]) == ""
    assert join_words(["a"]) == "a"
    assert join_words(["a", "b", "c"]) == "a, b and c"
