"""Matching on small hubs written as members would write them: reasons, mutual pairs, areas,
self-exclusion, categories, conflicts, determinism and the index against brute force."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import ROOT, load_hub
from hub.matching import matcher as matching
from hub.matching.matcher import Matcher, match_hub, matches_document
from hub.core.opendata import dumps


def member(tree: Path, slug: str, areas=("Coventry",), offers=(), needs=(), name=None) -> None:
    """Write members/<slug>.yaml; offers and needs are (category, title[, details[, areas]])."""

    def items(entries):
        result = []
        for entry in entries:
            item = {"category": entry[0], "title": entry[1]}
            if len(entry) > 2 and entry[2]:
                item["details"] = entry[2]
            if len(entry) > 3:
                item["areas"] = list(entry[3])
            result.append(item)
        return result

    profile = {"name": name or slug.replace("-", " ").title(), "summary": f"{slug} does good things.",
               "areas": list(areas)}
    if offers:
        profile["offers"] = items(offers)
    if needs:
        profile["needs"] = items(needs)
    (tree / "members" / f"{slug}.yaml").write_text(yaml.safe_dump(profile, sort_keys=False), encoding="utf-8")


def hub_of(tree: Path):
    hub, problems = load_hub(tree)
    assert problems == [], [str(p) for p in problems]
    return hub


def suggestions(result, hub, slug: str, index: int = 0):
    return result.for_need(hub.by_slug[slug].needs[index])


def offers_of(found):
    return [(m.offer.member_slug, m.offer.title) for m in found]


# -- what a pair says about itself ------------------------------------------------------------


def test_reasons_name_the_category_the_shared_words_and_the_area(hub_tree):
    member(hub_tree, "church", offers=[("venues", "Church hall free on Tuesday evenings, seats 60")])
    member(hub_tree, "peer-group", needs=[("venues", "A quiet hall for our peer group on Tuesday evenings")])
    hub = hub_of(hub_tree)
    (match,) = suggestions(match_hub(hub), hub, "peer-group")
    assert match.offer.title == "Church hall free on Tuesday evenings, seats 60"
    assert match.reasons[0] == "Same category: Venues and space."
    assert "Words in common: “hall”." in match.reasons
    assert "Timing fits: both mention Tuesday evenings." in match.reasons
    assert match.reasons[-1] == "Both in Coventry."
    assert match.area_fit == "same area" and match.area_fit_label == "Same area"
    assert 0.5 <= match.score <= 1 and match.score == round(match.score, 3)


def test_synonyms_from_the_thesaurus_and_the_vocabulary_match_different_words(hub_tree):
    member(hub_tree, "shed", offers=[("equipment", "Folding tables and a tea urn to borrow")])
    member(hub_tree, "foodbank", offers=[("transport", "Our van and a volunteer driver on weekdays")])
    member(hub_tree, "coffee", needs=[("equipment", "Trestle tables for our summer fair")])
    member(hub_tree, "pantry", needs=[("transport", "A minibus to bring members to our lunch club")])
    hub = hub_of(hub_tree)
    result = match_hub(hub)
    (tables,) = suggestions(result, hub, "coffee")
    assert "Words in common: “tables”." in tables.reasons  # "Trestle tables": same stem
    (van,) = suggestions(result, hub, "pantry")
    assert van.offer.member_slug == "foodbank"
    assert "Close in meaning: “van” for “minibus”." in van.reasons


def test_conflicting_times_are_explained_and_lower_the_score(hub_tree):
    member(hub_tree, "library", offers=[("venues", "Community room free on Monday afternoons")])
    member(hub_tree, "church", offers=[("venues", "Community room free on Tuesday evenings")])
    member(hub_tree, "choir", needs=[("venues", "A community room for rehearsals on Tuesday evenings")])
    hub = hub_of(hub_tree)
    found = suggestions(match_hub(hub), hub, "choir")
    assert [m.offer.member_slug for m in found][0] == "church"
    scores = {m.offer.member_slug: m for m in found}
    assert "library" not in scores or scores["library"].score < scores["church"].score
    library = Matcher(hub, threshold=0.0).match().for_need(hub.by_slug["choir"].needs[0])
    clash = next(m for m in library if m.offer.member_slug == "library")
    assert ("Check the timing: the need mentions Tuesday evenings; the offer mentions Monday afternoons."
            in clash.reasons)


def test_another_language_is_no_help(hub_tree):
    member(hub_tree, "polish-school", offers=[("translation", "Polish translation of leaflets and letters")])
    member(hub_tree, "welsh-society", needs=[("translation", "Welsh translation of our leaflets")])
    member(hub_tree, "clean-air", needs=[("translation", "Our leaflets translated into Polish and Punjabi")])
    hub = hub_of(hub_tree)
    result = match_hub(hub)
    assert suggestions(result, hub, "welsh-society") == ()
    (polish,) = suggestions(result, hub, "clean-air")
    assert "Languages in common: Polish." in polish.reasons
    assert "Not offered: Punjabi." in polish.reasons


def test_a_different_thing_in_the_same_category_is_not_suggested(hub_tree):
    member(hub_tree, "church", offers=[("venues", "Church hall free on weekday daytimes")])
    member(hub_tree, "baby-bank", needs=[("venues", "Dry storage for bulky donations; a garage would do")])
    hub = hub_of(hub_tree)
    assert suggestions(match_hub(hub), hub, "baby-bank") == ()
    (weak,) = Matcher(hub, threshold=0.0).match().for_need(hub.by_slug["baby-bank"].needs[0])
    assert "Not quite the same thing: the need asks for “storage”; the offer is about “church hall”." \
        in weak.reasons


def test_unrelated_needs_get_no_suggestion(hub_tree):
    member(hub_tree, "grants", offers=[("funding", "Small grants for community projects")])
    member(hub_tree, "youth", needs=[("transport", "A minibus for a trip to the seaside")])
    hub = hub_of(hub_tree)
    result = match_hub(hub)
    assert suggestions(result, hub, "youth") == ()
    assert result.unmet == (hub.by_slug["youth"].needs[0],)
    assert matches_document(result) == []


# -- across categories -------------------------------------------------------------------------


def test_a_hall_lent_as_equipment_fits_a_need_for_a_room(hub_tree):
    member(hub_tree, "rovers", offers=[("equipment", "Clubhouse hall and tea urn we lend on weekday mornings")])
    member(hub_tree, "stories", needs=[("venues", "A room for our weekly group on a weekday morning")])
    hub = hub_of(hub_tree)
    (match,) = suggestions(match_hub(hub), hub, "stories")
    assert match.offer.member_slug == "rovers" and not match.same_category
    assert match.reasons[0] == ("Listed under Equipment and kit, but the offer is “clubhouse” and “hall”, "
                                "which is Venues and space.")
    assert "Timing fits: both mention weekday mornings." in match.reasons


def test_across_categories_ranks_below_an_equally_good_offer_in_the_category(hub_tree):
    member(hub_tree, "rovers", offers=[("equipment", "Clubhouse hall we lend on weekday mornings")])
    member(hub_tree, "centre", offers=[("venues", "Community hall free on weekday mornings")])
    member(hub_tree, "stories", needs=[("venues", "A hall for our weekly group on weekday mornings")])
    hub = hub_of(hub_tree)
    found = suggestions(match_hub(hub), hub, "stories")
    assert [m.offer.member_slug for m in found] == ["centre", "rovers"]
    assert found[0].score > found[1].score


def test_words_for_whom_an_offer_is_do_not_make_it_another_category(hub_tree):
    member(hub_tree, "council", offers=[("safeguarding", "Free safeguarding courses for volunteers")])
    member(hub_tree, "club", needs=[("volunteers", "Volunteers to help on Saturday mornings")])
    hub = hub_of(hub_tree)
    assert suggestions(match_hub(hub), hub, "club") == ()


# -- areas -------------------------------------------------------------------------------------


def test_area_fit_same_area_covering_area_online_and_uk_wide(hub_tree):
    member(hub_tree, "local", areas=["Coventry"], offers=[("digital", "Refurbished laptops for groups")])
    member(hub_tree, "county", areas=["Coventry", "Warwickshire"],
           offers=[("digital", "Refurbished laptops for community groups")])
    member(hub_tree, "online", areas=["Leeds"], offers=[("digital", "Refurbished laptops posted to groups",
                                                         None, ["Online"])])
    member(hub_tree, "national", areas=["UK-wide"], offers=[("digital", "Refurbished laptops for any group")])
    member(hub_tree, "club", areas=["Coventry"], needs=[("digital", "Refurbished laptops for our club")])
    hub = hub_of(hub_tree)
    result = Matcher(hub, limit=4).match()
    fits = {m.offer.member_slug: m for m in suggestions(result, hub, "club")}
    assert {slug: m.area_fit for slug, m in fits.items()} == {
        "local": "same area", "county": "covers area", "online": "online", "national": "uk-wide"}
    assert "The offer covers Coventry and Warwickshire, which includes Coventry." in fits["county"].reasons
    assert "Offered online, so it reaches Coventry." in fits["online"].reasons
    assert "Offered UK-wide, so it reaches Coventry." in fits["national"].reasons
    assert fits["local"].score > fits["online"].score  # nearby beats online, all else equal


def test_an_offer_elsewhere_is_shown_only_when_nothing_nearer_fits_and_is_labelled(hub_tree):
    member(hub_tree, "leeds-grants", areas=["Leeds"], offers=[("funding", "Small grants for community groups")])
    member(hub_tree, "derby-club", areas=["Derby"], needs=[("funding", "Small grants for community groups")])
    hub = hub_of(hub_tree)
    (match,) = suggestions(match_hub(hub), hub, "derby-club")
    assert match.area_fit == "outside area" and match.outside_area
    assert match.area_fit_label == "Outside your area"
    assert match.reasons[-1] == ("Outside the need's area: offered in Leeds, needed in Derby. "
                                 "Shown because nothing nearer matched.")
    assert match_hub(hub).unmet == (hub.by_slug["derby-club"].needs[0],)  # a gap all the same

    member(hub_tree, "derby-grants", areas=["Derby"], offers=[("funding", "Small grants for groups")])
    hub = hub_of(hub_tree)
    assert offers_of(suggestions(match_hub(hub), hub, "derby-club")) == [
        ("derby-grants", "Small grants for groups")]


def test_only_a_strong_offer_elsewhere_is_shown(hub_tree):
    member(hub_tree, "leeds-hall", areas=["Leeds"], offers=[("venues", "Church hall for hire")])
    member(hub_tree, "derby-club", areas=["Derby"],
           needs=[("venues", "Somewhere quiet and private for our monthly support group"),
                  ("venues", "A hall for our annual conference")])
    hub = hub_of(hub_tree)
    result = match_hub(hub)
    assert suggestions(result, hub, "derby-club", 0) == ()  # a hall is a venue, but that is all
    (strong,) = suggestions(result, hub, "derby-club", 1)
    assert strong.outside_area and strong.score < 0.6  # scored down for the distance


def test_a_need_online_or_uk_wide_takes_help_from_anywhere(hub_tree):
    member(hub_tree, "cvs", areas=["Nottingham"], offers=[("volunteers", "We advertise volunteer roles")])
    member(hub_tree, "directory", areas=["UK-wide", "Online"],
           needs=[("volunteers", "Volunteers to check our listings from home")])
    hub = hub_of(hub_tree)
    (match,) = suggestions(match_hub(hub), hub, "directory")
    assert match.area_fit == "anywhere"
    assert "The need is UK-wide and Online, so it does not matter where the offer is." in match.reasons


# -- who matches whom --------------------------------------------------------------------------


def test_an_offer_never_matches_its_own_members_need(hub_tree):
    member(hub_tree, "busy", offers=[("venues", "Community hall free on weekday mornings")],
           needs=[("venues", "A community hall on weekday mornings")])
    hub = hub_of(hub_tree)
    assert suggestions(match_hub(hub), hub, "busy") == ()
    assert suggestions(Matcher(hub, threshold=0.0).match(), hub, "busy") == ()
    member(hub_tree, "other", offers=[("venues", "Community hall free on weekday mornings")])
    hub = hub_of(hub_tree)
    assert [m.offer.member_slug for m in suggestions(match_hub(hub), hub, "busy")] == ["other"]


def test_mutual_when_each_member_could_help_the_other(hub_tree):
    member(hub_tree, "shed", offers=[("equipment", "Garden tools to borrow")],
           needs=[("wellbeing", "Mental health awareness training for our members")])
    member(hub_tree, "minds", offers=[("wellbeing", "Mental health awareness training for volunteers")],
           needs=[("equipment", "Garden tools for our allotment group")])
    member(hub_tree, "grants", offers=[("funding", "Small grants")], needs=[("equipment", "Garden tools")])
    hub = hub_of(hub_tree)
    result = match_hub(hub)
    (training,) = suggestions(result, hub, "shed")
    (tools_for_minds,) = suggestions(result, hub, "minds")
    assert training.mutual and tools_for_minds.mutual
    assert training.reasons[-1] == ("Mutual: Shed could also help Minds, with “Garden tools to borrow” for "
                                    "“Garden tools for our allotment group”.")
    (tools_for_grants,) = suggestions(result, hub, "grants")
    assert not tools_for_grants.mutual  # Grants offers nothing the shed needs
    assert not any("Mutual" in reason for reason in tools_for_grants.reasons)
    (pair,) = matching.mutual_pairs(result)
    assert (pair.first, pair.second) == ("minds", "shed")
    assert [entry.need.title for group in matching.by_category(hub, result) for entry in group.needs
            if group.key == "equipment"][0] == "Garden tools for our allotment group"  # mutual first


def test_member_view_lists_both_directions(hub_tree):
    member(hub_tree, "shed", offers=[("equipment", "Garden tools to borrow")])
    member(hub_tree, "orchard", needs=[("equipment", "Garden tools for volunteers")])
    hub = hub_of(hub_tree)
    result = match_hub(hub)
    shed, orchard = result.for_member(hub.by_slug["shed"]), result.for_member(hub.by_slug["orchard"])
    assert [m.need.member_slug for m in shed.you_could_help] == ["orchard"]
    assert shed.could_help_you == ()
    assert [m.offer.member_slug for m in orchard.could_help_you] == ["shed"]
    assert result.for_offer(hub.by_slug["shed"].offers[0]) == shed.you_could_help


def test_gaps_rank_categories_most_needed_and_least_met(hub_tree):
    member(hub_tree, "a", needs=[("transport", "A minibus for trips"), ("transport", "Lifts to the shops"),
                                 ("funding", "A grant for a kitchen")])
    member(hub_tree, "b", offers=[("funding", "Grants for kitchens and equipment")])
    hub = hub_of(hub_tree)
    result = match_hub(hub)
    assert [(g.key, g.needs, g.offers, g.unmet) for g in result.gaps] == [("transport", 2, 0, 2), ("funding", 1, 1, 0)]


# -- determinism and scale ---------------------------------------------------------------------


def test_same_hub_same_matches_json_byte_for_byte_whatever_the_hash_seed(tmp_path):
    script = ("import sys; sys.path.insert(0, 'plugins'); sys.path.insert(0, 'tests')\n"
              "from matching_evaluation import load_fixture_hub\n"
              "from hub.matching.matcher import match_hub, matches_document\n"
              "from hub.core.opendata import dumps\n"
              "sys.stdout.write(dumps(matches_document(match_hub(load_fixture_hub()[0]))))\n")
    outputs = []
    for seed in ("1", "2", "random"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        run = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, check=True)
        outputs.append(run.stdout)
    assert outputs[0] == outputs[1] == outputs[2]
    document = json.loads(outputs[0])
    assert len(document) > 50


def test_matches_json_format(hub_tree):
    member(hub_tree, "church", offers=[("venues", "Church hall free on Tuesday evenings")])
    member(hub_tree, "group", needs=[("venues", "A hall on Tuesday evenings")])
    hub = hub_of(hub_tree)
    (record,) = json.loads(dumps(matches_document(match_hub(hub))))
    assert list(record) == ["need", "offer", "score", "reasons", "mutual"]
    assert record["need"] == {"member": "group", "title": "A hall on Tuesday evenings"}
    assert record["offer"] == {"member": "church", "title": "Church hall free on Tuesday evenings"}
    assert isinstance(record["score"], float) and 0 <= record["score"] <= 1
    assert record["mutual"] is False and all(isinstance(r, str) for r in record["reasons"])


def test_the_index_finds_what_scoring_every_pair_would_find():
    """On the evaluation hub, the indexed search returns exactly the brute-force ranking."""
    sys.path.insert(0, str(ROOT / "tests"))
    from matching_evaluation import load_fixture_hub

    hub, _ = load_fixture_hub()
    matcher = Matcher(hub)
    for need in matcher.needs:
        brute = []
        for offer in matcher.offers:
            if offer.member == need.member:
                continue
            score = round(matcher.score(need, offer), 3)
            if score >= matcher.threshold:
                brute.append((score, offer.number, matching.area_fit(need, offer)))
        inside = [b for b in brute if b[2] != "outside area"]
        expected = inside or ([] if need.reach is not None else brute)
        expected.sort(key=lambda k: matcher._order(need, k))
        assert matcher.rank_need(need) == expected[:matcher.limit], need.item.title


def test_matching_stays_near_linear_on_synthetic_hubs():
    """Ten times the members costs far less than a hundred times the time (scoring every pair)."""
    sys.path.insert(0, str(ROOT / "bench"))
    from matching_bench import run

    small, large = run(300), run(3000)
    assert large["total_s"] < 20 * small["total_s"], (small, large)
    assert large["met"] / large["needs"] > 0.5
