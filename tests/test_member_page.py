"""A member page for the public first (issue 13): what the member does, what it offers, how to get in
touch and its events come before what it needs, and the coordinators' matches come last, outside the
indexed article; the Contact button at the top leads to the contact details."""
from __future__ import annotations

import re


def page(site, slug: str) -> str:
    return (site / "members" / slug / "index.html").read_text(encoding="utf-8")


def order(html: str, *markers: str) -> list[int]:
    return [html.index(marker) for marker in markers]


def test_public_sections_come_first_and_matching_last(site):
    html = page(site, "ball-hill-organisers")
    positions = order(html, '<h1>', 'href="#contact"', 'id="offers"', 'id="contact"', 'id="member-events"',
                      'id="needs"', "</article>", 'id="for-coordinators"', 'id="could-help-you"')
    assert positions == sorted(positions)


def test_the_contact_button_leads_to_published_details(site):
    html = page(site, "whitley-community-minibus")
    contact = html[html.index('id="contact"'):html.index("</section>", html.index('id="contact"'))]
    assert 'href="tel:02476180522"' in contact and 'href="mailto:bookings@whitleyminibus.example.org"' in contact


def test_without_published_details_the_coordinators_introduce_you(site):
    html = page(site, "tile-hill-lunch-club")
    contact = html[html.index('id="contact"'):html.index("</section>", html.index('id="contact"'))]
    assert "has not published contact details" in contact
    assert 'href="mailto:hello@coalition.example.org"' in contact and "can introduce you" in contact
    assert "tel:" not in html  # the lunch club's phone number is private


def test_matching_is_folded_for_coordinators_outside_the_search_index(site):
    html = page(site, "ball-hill-organisers")
    article = html[html.index("data-pagefind-body"):html.index("</article>")]
    assert "Who could help you" not in article
    assert re.search(r'<details class="for-coordinators" id="for-coordinators" open>\s*<summary>Suggested matches '
                     r'with other members <span class="meta">\(for coordinators\)</span></summary>', html)
    assert 'matchMedia("(max-width: 40rem)").matches) document.getElementById("for-coordinators").open = false' in html


def test_a_series_is_listed_once_on_its_organisers_page(site):
    html = page(site, "gosford-neighbourhood-hub")
    events = html[html.index('id="member-events"'):html.index("</section>", html.index('id="member-events"'))]
    assert events.count(">Warm space</a>") == 1 and "Every Monday and Thursday, 10am to 3pm" in events
