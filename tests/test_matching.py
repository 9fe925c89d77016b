"""Matching on small hubs written as members would write them: tiers, reasons, mutual pairs,
areas, self-exclusion, categories, conflicts, introductions, determinism and the index against
scoring every pair."""
from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import ROOT, load_hub
from hub.core.opendata import dumps
from hub.matching import matcher as matching
from hub.matching.matcher import Matcher, match_hub, matches_document
from hub.matching.tuning import GOOD, WORTH, default_tuning


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


def ranking_of(hub, slug: str, index: int = 0):
    """Every candidate for the need, best first, with its assessment and evidence (whatever its tier)."""
    matcher = Matcher(hub)
    need = next(n for n in matcher.needs if n.item == hub.by_slug[slug].needs[index])
    return [(matcher.offers[ranked.number].member, matcher.explain(need, ranked)[0])
            for ranked in matcher.ranking(need)]


def reasons_of(hub, slug: str, offering: str, index: int = 0) -> list[str]:
    """The reasons of the pair, whatever its tier."""
    matcher = Matcher(hub)
    need = next(n for n in matcher.needs if n.item == hub.by_slug[slug].needs[index])
    (ranked,) = [r for r in matcher.ranking(need) if matcher.offers[r.number].member == offering]
    return matcher.explain(need, ranked)[1]


# -- what a pair says about itself ------------------------------------------------------------


def test_reasons_name_the_category_the_shared_words_the_timing_and_the_area(hub_tree):
    member(hub_tree, "church", offers=[("venues", "Church hall free on Tuesday evenings, seats 60")])
    member(hub_tree, "peer-group", needs=[("venues", "A quiet hall for our peer group on Tuesday evenings")])
    hub = hub_of(hub_tree)
    (match,) = suggestions(match_hub(hub), hub, "peer-group")
    assert match.offer.title == "Church hall free on Tuesday evenings, seats 60"
    assert match.reasons == ("Same category: Venues and space.", "Words in common: “hall”.",
                             "Timing fits: both mention Tuesday evenings.", "Both in Coventry.")
    assert match.area_fit == "same area" and match.area_fit_label == "Same area"
    assert match.tier in (GOOD, WORTH) and match.tier_label in ("Good match", "Worth a look")
    assert 0 <= match.score <= 1 and match.score == round(match.score, 3)


def test_synonyms_from_the_thesaurus_and_the_vocabulary_match_different_words(hub_tree):
    member(hub_tree, "shed", offers=[("equipment", "Folding tables and a tea urn to borrow")])
    member(hub_tree, "foodbank", offers=[("transport", "Our van and a volunteer driver on weekdays")])
    member(hub_tree, "coffee", needs=[("equipment", "Trestle tables for our summer fair")])
    member(hub_tree, "pantry", needs=[("transport", "A minibus to bring members to our lunch club")])
    hub = hub_of(hub_tree)
    result = match_hub(hub)
    (tables,) = suggestions(result, hub, "coffee")
    assert "Words in common: “tables”." in tables.reasons  # "Trestle tables": the head, same stem
    (van,) = suggestions(result, hub, "pantry")
    assert van.offer.member_slug == "foodbank"
    assert "Close in meaning: “van” for “minibus”." in van.reasons


def test_conflicting_times_are_explained_and_rank_lower(hub_tree):
    member(hub_tree, "library", offers=[("venues", "Community room free on Monday afternoons")])
    member(hub_tree, "church", offers=[("venues", "Community room free on Tuesday evenings")])
    member(hub_tree, "choir", needs=[("venues", "A community room for rehearsals on Tuesday evenings")])
    hub = hub_of(hub_tree)
    found = suggestions(match_hub(hub), hub, "choir")
    assert [m.offer.member_slug for m in found] == ["church", "library"]
    assert found[0].good and not found[1].good
    assert "Timing fits: both mention Tuesday evenings." in found[0].reasons
    assert ("Check the timing: the need mentions Tuesday evenings; the offer mentions Monday afternoons."
            in found[1].reasons)


def test_another_language_is_no_help(hub_tree):
    member(hub_tree, "polish-school", offers=[("translation", "Polish translation of leaflets and letters")])
    member(hub_tree, "welsh-society", needs=[("translation", "Welsh translation of our leaflets")])
    member(hub_tree, "clean-air", needs=[("translation", "Our leaflets translated into Polish and Punjabi")])
    hub = hub_of(hub_tree)
    result = match_hub(hub)
    assert suggestions(result, hub, "welsh-society") == ()  # vetoed, whatever else the two share
    assert result.unmet == (hub.by_slug["welsh-society"].needs[0],)
    (polish,) = suggestions(result, hub, "clean-air")
    assert polish.good
    assert "Languages in common: Polish." in polish.reasons
    assert "Not offered: Punjabi." in polish.reasons


def test_a_different_thing_in_the_same_category_is_not_a_good_match(hub_tree):
    member(hub_tree, "church", offers=[("venues", "Church hall free on weekday daytimes")])
    member(hub_tree, "baby-bank", needs=[("venues", "Dry storage for bulky donations; a garage would do")])
    hub = hub_of(hub_tree)
    found = suggestions(match_hub(hub), hub, "baby-bank")
    assert [m.tier for m in found] in ([], [WORTH])
    ((_, weak),) = ranking_of(hub, "baby-bank")
    assert weak.evidence.head == ("storage", "church hall")
    assert weak.tier != GOOD
    assert ("Not quite the same thing: the need asks for “storage”; the offer is about “church hall”."
            in reasons_of(hub, "baby-bank", "church"))


def test_unrelated_needs_get_no_suggestion_and_are_listed_as_gaps(hub_tree):
    member(hub_tree, "grants", offers=[("funding", "Small grants for community projects")])
    member(hub_tree, "youth", needs=[("transport", "A minibus for a trip to the seaside")])
    hub = hub_of(hub_tree)
    result = match_hub(hub)
    assert suggestions(result, hub, "youth") == ()  # nothing in common: never a tier
    assert result.unmet == (hub.by_slug["youth"].needs[0],)
    assert matches_document(result) == []
    assert [(g.key, g.unmet, g.without_good) for g in result.gaps] == [("transport", 1, 1)]


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
    ((_, assessment),) = ranking_of(hub, "club")
    assert assessment.evidence.category == "other"  # "for volunteers" says whom the courses are for
    assert assessment.tier != GOOD


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
    ranked = dict(ranking_of(hub, "club"))
    assert {slug: a.evidence.area for slug, a in ranked.items()} == {
        "local": "same area", "county": "covers area", "online": "online", "national": "uk-wide"}
    found = {m.offer.member_slug: m for m in suggestions(match_hub(hub), hub, "club")}
    assert "local" in found and "county" in found
    assert "The offer covers Coventry and Warwickshire, which includes Coventry." in found["county"].reasons
    assert ranked["local"].score > ranked["online"].score  # nearby beats online, all else equal
    assert reasons_of(hub, "club", "online")[-1] == "Offered online, so it reaches Coventry."
    assert reasons_of(hub, "club", "national")[-1] == "Offered UK-wide, so it reaches Coventry."


def test_an_offer_elsewhere_is_labelled_and_ranks_below_one_nearby(hub_tree):
    member(hub_tree, "leeds-grants", areas=["Leeds"], offers=[("funding", "Small grants for community groups")])
    member(hub_tree, "derby-club", areas=["Derby"], needs=[("funding", "Small grants for community groups")])
    hub = hub_of(hub_tree)
    (match,) = suggestions(match_hub(hub), hub, "derby-club")
    assert match.area_fit == "elsewhere" and match.outside_area
    assert match.area_fit_label == "Outside your area"
    assert match.reasons[-1] == "Outside the need's area: offered in Leeds, needed in Derby."

    member(hub_tree, "derby-grants", areas=["Derby"], offers=[("funding", "Small grants for groups")])
    hub = hub_of(hub_tree)
    found = suggestions(match_hub(hub), hub, "derby-club")
    assert offers_of(found)[0] == ("derby-grants", "Small grants for groups")
    assert found[0].good and not any(m.good for m in found if m.outside_area)


def test_places_members_list_together_are_near(hub_tree):
    member(hub_tree, "county-cvs", areas=["Norwich", "Norfolk"], offers=[("volunteers", "Volunteer brokerage")])
    member(hub_tree, "loans", areas=["Norfolk"], offers=[("equipment", "Hearing loops to borrow")])
    member(hub_tree, "village", areas=["Reepham"], needs=[("equipment", "Hearing loop for our hall")])
    member(hub_tree, "city", areas=["Norwich"], needs=[("equipment", "A hearing loop for meetings")])
    hub = hub_of(hub_tree)
    ((_, city),) = [(slug, a) for slug, a in ranking_of(hub, "city") if slug == "loans"]
    ((_, village),) = [(slug, a) for slug, a in ranking_of(hub, "village") if slug == "loans"]
    assert city.evidence.area == "near"  # a member works in Norwich and Norfolk
    assert village.evidence.area == "elsewhere"  # nobody lists Reepham with Norfolk
    (match,) = [m for m in suggestions(match_hub(hub), hub, "city") if m.offer.member_slug == "loans"]
    assert match.reasons[-1] == ("Outside the need's area: offered in Norfolk, needed in Norwich. Members list "
                                 "these places together, so it may reach.")


def test_a_place_named_in_the_title_is_where_the_need_is(hub_tree):
    member(hub_tree, "yarmouth-hall", areas=["Great Yarmouth"], offers=[("venues", "Hall on Nelson Road")])
    member(hub_tree, "peer-group", areas=["Norwich"], needs=[("venues", "Quiet room in Great Yarmouth")])
    hub = hub_of(hub_tree)
    (match,) = suggestions(match_hub(hub), hub, "peer-group")
    assert match.area_fit == "same area" and match.reasons[-1] == "Both in Great Yarmouth."


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
    assert ranking_of(hub, "busy") == []
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
    tools_for_minds = next(m for m in suggestions(result, hub, "minds") if m.offer.member_slug == "shed")
    assert training.mutual and tools_for_minds.mutual
    assert training.reasons[-1] == ("Mutual: Shed could also help Minds, with “Garden tools to borrow” for "
                                    "“Garden tools for our allotment group”.")
    tools_for_grants = next(m for m in suggestions(result, hub, "grants") if m.offer.member_slug == "shed")
    assert not tools_for_grants.mutual  # Grants offers nothing the shed needs
    assert not any("Mutual" in reason for reason in tools_for_grants.reasons)
    (pair,) = matching.mutual_pairs(result)
    assert (pair.first, pair.second) == ("minds", "shed")
    assert [entry.need.title for group in matching.by_category(hub, result) for entry in group.needs
            if group.key == "equipment"][0] == "Garden tools for our allotment group"  # mutual first


def test_two_offers_only_worth_a_look_do_not_make_a_mutual_pair(hub_tree):
    """With "Worth a look" both ways almost any two members would be mutual: one way must be Good."""
    member(hub_tree, "shed", offers=[("equipment", "Garden tools to borrow")],
           needs=[("wellbeing", "Mental health awareness training for our members")])
    member(hub_tree, "minds", offers=[("wellbeing", "Mental health awareness training for volunteers")],
           needs=[("equipment", "Garden tools for our allotment group")])
    hub = hub_of(hub_tree)
    assert len(matching.mutual_pairs(match_hub(hub))) == 1
    no_good = dataclasses.replace(default_tuning(), good_match=1.01)  # every suggestion only worth a look
    result = Matcher(hub, no_good).match()
    assert result.matches and not any(m.good for m in result.matches)
    assert matching.mutual_pairs(result) == () and not any(m.mutual for m in result.matches)


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


# -- introductions -----------------------------------------------------------------------------


def introduction(tree: Path, name: str, need: tuple[str, str], offer: tuple[str, str], date: str, outcome: str):
    (tree / "introductions").mkdir(exist_ok=True)
    (tree / "introductions" / f"{name}.yaml").write_text(
        f"need:\n  member: {need[0]}\n  title: {need[1]}\noffer:\n  member: {offer[0]}\n  title: {offer[1]}\n"
        f"date: {date}\noutcome: {outcome}\n", encoding="utf-8")


def test_a_pair_that_was_not_a_fit_is_never_suggested_again(hub_tree):
    member(hub_tree, "church", offers=[("venues", "Community room free on Tuesday evenings")])
    member(hub_tree, "library", offers=[("venues", "Community room free on Monday afternoons")])
    member(hub_tree, "choir", needs=[("venues", "A community room for rehearsals on Tuesday evenings")])
    hub = hub_of(hub_tree)
    assert [m.offer.member_slug for m in suggestions(match_hub(hub), hub, "choir")] == ["church", "library"]
    introduction(hub_tree, "choir-church", ("choir", "A community room for rehearsals on Tuesday evenings"),
                 ("church", "Community room free on Tuesday evenings"), "2026-10-01", "not a fit")
    hub = hub_of(hub_tree)
    assert [m.offer.member_slug for m in suggestions(match_hub(hub), hub, "choir")] == ["library"]
    assert [slug for slug, _ in ranking_of(hub, "choir")] == ["library"]


def test_an_introduction_is_shown_on_its_pair_and_in_matches_json(hub_tree):
    member(hub_tree, "church", offers=[("venues", "Community room free on Tuesday evenings")])
    member(hub_tree, "choir", needs=[("venues", "A community room for rehearsals on Tuesday evenings")])
    introduction(hub_tree, "choir-church", ("choir", "A community room for rehearsals on Tuesday evenings"),
                 ("church", "Community room free on Tuesday evenings"), "2026-10-01", "connected")
    hub = hub_of(hub_tree)
    result = match_hub(hub)
    (match,) = suggestions(result, hub, "choir")
    assert (match.introduction.date.isoformat(), match.introduction.outcome) == ("2026-10-01", "connected")
    assert result.introductions_of(hub.by_slug["church"]) == hub.introductions
    (record,) = matches_document(result)
    assert record["introduced"] == {"date": "2026-10-01", "outcome": "connected"}


# -- determinism and scale ---------------------------------------------------------------------


def test_same_hub_same_matches_json_byte_for_byte_whatever_the_hash_seed(tmp_path):
    script = ("import sys; sys.path.insert(0, 'plugins'); sys.path.insert(0, 'tests')\n"
              "from matching_corpus import OLD, load_coalition\n"
              "from hub.matching.matcher import match_hub, matches_document\n"
              "from hub.core.opendata import dumps\n"
              "sys.stdout.write(dumps(matches_document(match_hub(load_coalition(OLD).hub))))\n")
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
    assert list(record) == ["need", "offer", "tier", "score", "reasons", "mutual"]
    assert record["need"] == {"member": "group", "title": "A hall on Tuesday evenings"}
    assert record["offer"] == {"member": "church", "title": "Church hall free on Tuesday evenings"}
    assert record["tier"] in ("Good match", "Worth a look")
    assert isinstance(record["score"], float) and 0 <= record["score"] <= 1
    assert record["mutual"] is False and all(isinstance(r, str) for r in record["reasons"])


def test_the_index_of_a_large_hub_finds_what_scoring_every_pair_finds(monkeypatch):
    """The earlier evaluation coalition read as if it were large (through the index): most needs
    get the same first suggestion as when every pair is scored."""
    from matching_corpus import OLD, load_coalition

    hub = load_coalition(OLD).hub
    exhaustive = Matcher(hub)
    monkeypatch.setattr(matching, "EXHAUSTIVE", 0)
    indexed = Matcher(hub)
    assert exhaustive.exhaustive and not indexed.exhaustive
    same = 0
    for need_all, need_indexed in zip(exhaustive.needs, indexed.needs):
        first = exhaustive.suggestions(need_all)[:1]
        found = indexed.suggestions(need_indexed)[:1]
        same += [n for _, n in first] == [n for _, n in found]
        assert len(indexed.candidates(need_indexed)) <= matching.MAX_SCORED
    assert same >= 0.8 * len(exhaustive.needs), same


def test_matching_stays_near_linear_on_synthetic_hubs():
    """Ten times the members costs far less than a hundred times the time (scoring every pair)."""
    sys.path.insert(0, str(ROOT / "bench"))
    from matching_bench import run

    small, large = run(300), run(3000)
    assert large["total_s"] < 20 * small["total_s"], (small, large)
    assert large["met"] / large["needs"] > 0.5


def test_matching_shared_between_processes_gives_the_same_result():
    """The build shares the needs between processes (core.processes.forked_map); what comes back
    is the same as matching in one process, suggestion for suggestion, reasons and mutual pairs."""
    from matching_corpus import OLD, load_coalition

    from hub.core.processes import workers_for

    hub = load_coalition(OLD).hub
    assert workers_for(len([need for member in hub.members for need in member.needs]), 2) == 2  # it forks
    alone, shared = match_hub(hub), match_hub(hub, workers=2)
    assert shared.matches == alone.matches and shared.unmet == alone.unmet and shared.gaps == alone.gaps
    assert any(match.mutual for match in shared.matches)
