"""How heavy each kind of list entry is on its page, in estimated bytes of HTML, for core.pages to cut
long lists: the markup its template writes around an entry (a constant, measured on built pages of
the synthetic hub in bench/, rounded up) plus the text the entry carries. On the heavy side on
purpose: tests/test_page_size.py builds a 2,000-member hub and checks every page."""
from __future__ import annotations

from ..core.pages import LINK, areas, text


def member_card(member) -> int:
    """macros.member_card: name, summary, areas and localities, offer and need categories."""
    categories = len(member.offer_categories) + len(member.need_categories)
    return (250 + 2 * len(member.slug) + text(member.name, member.summary, *(member.localities or ()))
            + areas(member.areas) + categories * (LINK + 30))


def listed_item(pair) -> int:
    """macros.item_list: an offer or need linked to its member's page, with its areas."""
    member, item = pair
    return 80 + 2 * len(member.slug) + text(item.title, member.name, *(a.name for a in item.areas))


def item_in_full(item) -> int:
    """partials/member_items.html: an offer or need with its details (Markdown, as HTML)."""
    return 260 + text(item.title, item.details) * 12 // 10 + areas(item.areas)


def way_need(pair) -> int:
    """hub_get_involved_way.html: a need, its details, its member and how to offer."""
    member, item = pair
    contact = member.contact
    return (380 + 3 * len(member.slug) + text(item.title, item.details, member.name, *(member.localities or ()))
            * 12 // 10 + (text(contact.name, contact.email, contact.phone) * 2 if contact else 0))


def match(found) -> int:
    """hub_matching_macros.offer_match / need_match: an offer (or need) with its facts and reasons."""
    return 400 + text(found.offer.title, found.need.title, found.offer.member_slug, found.need.member_slug,
                      *found.reasons)


def need_matches(entry) -> int:
    """hub_matching_macros.need_entry: a need, where it is needed, and its suggestions: good matches
    explained, the others (when there is no good one) on one line."""
    good = [found for found in entry.matches if found.good]
    need = 150 + text(entry.need.title, entry.need.member_slug, *(a.name for a in entry.need.areas))
    if good:
        return need + sum(match(found) for found in good) + 100
    return need + sum(160 + text(found.offer.title, found.offer.member_slug) for found in entry.matches)


def mutual_pair(pair) -> int:
    """hub_matching.html: two members and the best match each way."""
    return 300 + text(pair.first, pair.second, pair.first, pair.second) * 2 + sum(
        text(m.need.title, m.offer.title) for m in (pair.first_helps, pair.second_helps))


def gap_need(need) -> int:
    """hub_matching_gaps.html: a need with no (good) suggestion, linked, with its member and areas."""
    return 170 + 3 * len(need.member_slug) + text(need.title, *(a.name for a in need.areas))


def occurrence(occ) -> int:
    """hub_events_macros.occurrence_item: a date of an event, where, by whom, its cost and notes."""
    event = occ.event
    location = occ.location
    return 320 + 2 * len(event.slug) + text(occ.title, event.cost, occ.note, event.organiser,
                                             location.name if location else "", location.address if location else "")


def regular(item) -> int:
    """hub_events_macros.regular_item: a series once, in words, with its next dates."""
    event = item.event
    location = event.location
    return (350 + len(item.shown) * (130 + 2 * len(event.slug))
            + text(event.title, item.when, event.cost, event.organiser,
                   location.name if location else "", location.address if location else ""))


def practice_entry(entry) -> int:
    """partials/post_end.html, hub_practice.html: a member and its summary, or an event and its next date."""
    kind, found = entry
    if kind == "members":
        return 90 + 2 * len(found.slug) + text(found.name, found.summary)
    return 160 + 2 * len(found.slug) + text(found.title)


def area_entry(listing) -> int:
    """hub_areas.html: an area, its count, and its neighbourhoods."""
    return 90 + text(listing.area.name) * 2 + sum(LINK + text(place.name) * 2 for place, _ in listing.neighbourhoods)
