"""Everyday words for search (plugins/hub/search/words.py): what member and event pages tell the index
besides their own text, and search/words.json, which the search page reads queries with."""
from __future__ import annotations

import dataclasses
import json
import re
from html import unescape

from conftest import ROOT, load_hub
from hub.search import words

HUB, _ = load_hub(ROOT)


def hidden_block(html: str) -> str:
    found = re.findall(r"<div hidden data-hub-search-words>(.*?)</div>", html, re.S)
    assert len(found) == 1, "one hidden search block per entity page"
    return unescape(re.sub(r"<[^>]+>", " ", found[0]))


def test_a_member_is_indexed_with_every_name_of_its_categories_and_its_places():
    minibus = HUB.by_slug["whitley-community-minibus"]
    lines = {line.label: line for line in words.member_lines(minibus, HUB.vocabulary, HUB.places)}
    assert {"lifts", "driver", "hospital appointments", "Transport"} <= set(lines["Offers"].words)
    assert "volunteer" in lines["Looking for"].words
    assert lines["Looking for"].weight < lines["Offers"].weight  # offers come first in results
    assert lines["Places"].words == ("Whitley", "CV3")


def test_an_event_is_indexed_with_access_words_and_its_postcode_district():
    meeting = next(e for e in HUB.events if e.slug == "access-together-monthly-meeting")
    lines = {line.label: line.words for line in words.event_lines(meeting, HUB.vocabulary, HUB.places)}
    assert {"sign language", "wheelchair", "hearing loop", "deaf"} <= set(lines["Access"])
    assert lines["Places"] == ("Gosford", "CV1")
    assert "disability" in lines["Topics"]


def test_words_are_listed_once_whatever_their_case():
    assert words._unique(["BSL", "bsl", "deaf", "Deaf"]) == ("BSL", "deaf")


def test_postcode_districts_are_read_from_full_postcodes_only():
    assert [words.district(code) for code in ("CV2 4EA", "cv6 5bg", "B5 5SL", "CF24", "Coventry", None, "")] == \
        ["CV2", "CV6", "B5", "CF24", None, None, None]


def test_built_member_pages_carry_the_hidden_block_inside_the_indexed_article(site):
    html = (site / "members" / "tile-hill-lunch-club" / "index.html").read_text(encoding="utf-8")
    article = html[html.index("data-pagefind-body"):html.index("</article>")]
    block = hidden_block(article)
    assert "Offers: Food, meal, lunch, pantry" in block and "Places: Tile Hill, Canley, CV4." in block
    assert "Looking for: Transport" in block and 'data-pagefind-weight="0.5"' in article


def test_words_json_reads_queries_with_the_vocabulary_and_the_hubs_own_words(site):
    document = json.loads((site / "search" / "words.json").read_text(encoding="utf-8"))
    assert {"to", "for", "my", "someone"} <= set(document["stop"]) and "mum" in document["behalf"]
    assert "donate" in document["offering"]
    assert "lifts" in document["categories"]["Transport"] and "someone to talk to" in document["categories"]["Befriending"]
    known = document["known"]
    assert {"befriending", "lonely", "minibus", "foleshill"} <= set(known)
    assert len(known) == len(set(known)) and all(len(word) >= words.SPELLING_MIN_LENGTH for word in known)



def test_the_words_kept_between_builds_are_the_words_made(tmp_path):
    """The words of each profile, event and post are kept by fingerprint (core/memo.kept): words.json
    is the same made from nothing, from the store, and after a profile changed."""
    from hub.core.memo import kept

    made = words.words_document(HUB)
    for _ in range(2):
        with kept(tmp_path / "words.pickle") as store:
            assert words.words_document(HUB, kept=store) == made
    assert store.known
    renamed = dataclasses.replace(HUB.members[0], name="Zyxwvut Befriending")
    other = dataclasses.replace(HUB, members=(renamed, *HUB.members[1:]))
    with kept(tmp_path / "words.pickle") as store:
        assert "zyxwvut" in words.words_document(other, kept=store)["known"]
