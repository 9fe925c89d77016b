"""The one declaration of every field members and coordinators write.

It drives the validator (`loader`), the field tables in docs/ (`invoke docs`, checked by a
test) and any later form or CMS configuration.
"""
from __future__ import annotations

from .fields import (Bool, Choice, Date, Email, Field, ImageRef, ListOf, Markdown, Phone, Record, Text,
                     Url, VocabularyRef)


MEMBER_TYPES = ("charity", "community-group", "council", "university", "social-enterprise",
                "faith-group", "network", "health", "business", "other")

AREA = Text(max_length=60, doc_name="place name")
AREAS_HELP = "Places the member works, e.g. `Coventry`; `Online` and `UK-wide` reach everyone."

ITEM = Record(what="offer or need", fields=(
    Field("category", VocabularyRef(), required=True,
          help="The category key, e.g. `venues` (see the categories list)."),
    Field("title", Text(max_length=120), required=True,
          help="What is offered or needed, in a few words."),
    Field("details", Markdown(max_length=2_000),
          help="When, how much, conditions; Markdown."),
    Field("areas", ListOf(AREA, min_items=1, max_items=50, unique=True),
          help="Where this item applies, if narrower or wider than the member's areas."),
))

CONTACT = Record(what="contact", fields=(
    Field("name", Text(max_length=100), help="The person to contact."),
    Field("email", Email(), help="Contact email address."),
    Field("phone", Phone(), help="Contact phone number, in quotes."),
    Field("public", Bool(), default=False,
          help="`true` to publish these details; by default (`false`) nothing in `contact` is published."),
))

MEMBER = Record(what="member profile", fields=(
    Field("name", Text(max_length=120), required=True, help="The organisation's name."),
    Field("type", Choice(options=MEMBER_TYPES), help="What kind of organisation it is."),
    Field("summary", Text(max_length=200), required=True,
          help="One plain-text sentence about what the member does."),
    Field("description", Markdown(max_length=10_000), help="A longer description; Markdown."),
    Field("website", Url(), help="The member's website."),
    Field("areas", ListOf(AREA, min_items=1, max_items=50, unique=True), required=True, help=AREAS_HELP),
    Field("themes", ListOf(Text(max_length=40, doc_name="tag"), max_items=30, unique=True),
          default=(), help="Free tags, e.g. `air quality`."),
    Field("joined", Date(), help="When the member joined the coalition."),
    Field("updated", Date(), help="When the profile was last checked by the member."),
    Field("logo", ImageRef(),
          help="A path under `content/images/` (e.g. `images/logos/x.png`) or an https URL."),
    Field("offers", ListOf(ITEM, max_items=50), default=(),
          help="Support the member can give others."),
    Field("needs", ListOf(ITEM, max_items=50), default=(),
          help="Support the member is looking for."),
    Field("contact", CONTACT, help="How to reach the member; published only with `public: true`."),
    Field("news_feed", Url(), help="RSS or Atom feed of the member's news."),
    Field("events_feed", Url(), help="iCalendar (.ics) feed of the member's events."),
))

CATEGORY = Record(what="category", fields=(
    Field("label", Text(max_length=60), required=True, help="The name people see."),
    Field("description", Text(max_length=300), required=True, help="One sentence explaining it."),
    Field("synonyms", ListOf(Text(max_length=60, doc_name="word or phrase"), max_items=100, unique=True),
          default=(), help="Words people use for it; they help matching and 'did you mean'."),
))
