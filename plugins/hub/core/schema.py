"""The one declaration of every field members and coordinators write.

It drives the validator (`loader`), the model classes (`Member`, `Item`, `Contact` below), the
open data (`opendata`), the field tables and JSON Schemas in docs/ (`invoke docs`, checked by a
test), and the forms and CMS configuration generated from them.
"""
from __future__ import annotations

import functools

from .fields import (
    Bool,
    Choice,
    Date,
    DeclaredKey,
    Email,
    Field,
    ImageRef,
    ListOf,
    Markdown,
    Phone,
    PlaceRef,
    Record,
    Text,
    Url,
    VocabularyRef,
)
from .model import Area, ItemBehaviour, MemberBehaviour


def _areas(names, context) -> tuple[Area, ...]:
    return tuple(map(_area, names))


@functools.lru_cache(maxsize=4096)
def _area(name: str) -> Area:
    """One Area per name, shared by every member and item naming it (an Area is never changed)."""
    return Area(name)


def _items(kind: str):
    """Offers or needs as `Item`s; an item without its own areas has the member's."""
    def convert(checked_items, context) -> tuple:
        return tuple(ITEM.to_model(Item, {**item, "areas": item["areas"] or context["areas"]}, context, kind=kind,
                                   member_slug=context["slug"], index=index, areas_given=bool(item["areas"]))
                     for index, item in enumerate(checked_items))
    return convert


def _public_contact(contact, context):
    """Contact details reach the model only when the member chose to publish them."""
    return CONTACT.to_model(Contact, contact, context) if contact["public"] else None


MEMBER_TYPES = ("charity", "community-group", "council", "university", "social-enterprise",
                "faith-group", "network", "health", "business", "other")

AREA = Text(max_length=60, doc_name="place name")
AREAS_HELP = "Places the member works, e.g. `Coventry`; `Online` and `UK-wide` reach everyone."
LOCALITIES = ListOf(PlaceRef(), max_items=30, unique=True)

ITEM = Record(what="offer or need", fields=(
    Field("category", VocabularyRef(), required=True,
          help="The category key, e.g. `venues` (see the categories list).",
          label="Kind of support", hint="Choose the closest kind.",
          aliases=("category", "kind", "type", "type of support")),
    # "{verb}": the forms ask "what you offer" or "what you need".
    Field("title", Text(max_length=120), required=True,
          help="What is offered or needed, in a few words.",
          label="What you {verb}", hint="In a few words.",
          aliases=("title", "what", "what is it", "what you offer", "what you need", "what we offer",
                   "what we need")),
    Field("details", Markdown(max_length=2_000),
          help="When, how much, conditions; Markdown.",
          label="More details", hint="When, how much, conditions.", aliases=("details", "description")),
    Field("areas", ListOf(AREA, min_items=1, max_items=50, unique=True),
          help="Where this item applies, if narrower or wider than the member's areas.", to_model=_areas,
          label="Areas", hint="Where it applies, if not everywhere you work.", aliases=("where",)),
    Field("until", Date(),
          help="The last day it applies, e.g. `2027-03-31`; after that day it leaves the pages, matching and "
               "search (it stays in the file, and `invoke stale` lists it).",
          label="Until", hint="The last day it applies, e.g. 31/03/2027; after that day it leaves the hub.",
          aliases=("until when", "end date")),
))

CONTACT = Record(what="contact", fields=(
    Field("name", Text(max_length=100), help="The person to contact.",
          label="Contact name", hint="The person to contact.", aliases=("contact name",)),
    Field("email", Email(), help="Contact email address.",
          label="Contact email", hint="An email address people can write to.", aliases=("contact email", "email")),
    Field("phone", Phone(), help="Contact phone number, in quotes.",
          label="Contact phone", hint="A phone number people can call, e.g. 024 7600 0000.",
          aliases=("contact phone", "phone")),
    Field("public", Bool(), default=False,
          help="`true`: the member agreed to publish these details. Details not to be published are not "
               "written here, where anyone can read them, but in the coordinators' private store "
               "(docs/private.md): `invoke validate` refuses them, and `invoke move-private` moves them.",
          label="Publish contact details?",
          hint="The contact's name, email and phone are shown on the hub only if the member agrees.",
          aliases=("public", "publish contact", "publish contact details")),
))
# The parts of a contact that say how to reach a person (all but the consent to publish them).
CONTACT_DETAILS = tuple(spec.name for spec in CONTACT.fields if spec.name != "public")

MEMBER = Record(what="member profile", fields=(
    Field("name", Text(max_length=120), required=True, help="The organisation's name.",
          label="Organisation name", hint="Your organisation's name, as people know it.",
          aliases=("organisation", "name of your organisation", "organization name", "name of your organization")),
    Field("type", Choice(options=MEMBER_TYPES), help="What kind of organisation it is.",
          label="Type of organisation", aliases=("type of organization",)),
    Field("summary", Text(max_length=200), required=True,
          help="One plain-text sentence about what the member does.",
          label="About your organisation (one sentence)",
          hint="What your organisation does, in one sentence and plain words. It is shown in lists and search "
               "results.",
          aliases=("about", "about your organization")),
    Field("description", Markdown(max_length=10_000), help="A longer description; Markdown.",
          label="Tell us more", hint="A few short paragraphs: who you are, who you work with, how to take part."),
    Field("website", Url(), help="The member's website.", hint="The whole address, starting https://",
          aliases=("web site",)),
    Field("areas", ListOf(AREA, min_items=1, max_items=50, unique=True), required=True, help=AREAS_HELP,
          to_model=_areas, label="Where do you work?",
          hint="The towns, cities or counties you work in, e.g. Coventry. Online and UK-wide reach everyone.",
          aliases=("area", "where we work")),
    Field("localities", LOCALITIES, default=(),
          help="Neighbourhoods within those areas, e.g. `[Tile Hill, Canley]`, as listed in `places.yaml`; "
               "people find the member by them and by their postcode districts.",
          label="Neighbourhoods you work in",
          hint="The neighbourhoods you work in, if any: people find you by them and by their postcodes.",
          aliases=("neighbourhoods",)),
    Field("themes", ListOf(Text(max_length=40, doc_name="tag"), max_items=30, unique=True),
          default=(), help="Free tags, e.g. `air quality`.",
          hint="A few words people might search for, e.g. older people, loneliness."),
    Field("keys", ListOf(DeclaredKey(), max_items=20, unique=True), default=(),
          help="Keys to connection the member practises, e.g. `[space, activity]`: keys a series declares "
               "(docs/publishing.md); each key's post lists the members who name it."),
    Field("joined", Date(), help="When the member joined the coalition."),
    Field("updated", Date(), help="When the profile was last changed."),
    Field("reviewed", Date(),
          help="When the member last confirmed the whole profile is still right; `invoke stale` lists "
               "profiles confirmed (or changed) more than a year ago.",
          # A Google Forms export says when each answer was sent: sending the form confirms the profile.
          # (Microsoft Forms' "Completion time" is written in the account's own short format, which cannot
          # be told from a day first date: it is ignored with a note.)
          aliases=("timestamp",)),
    Field("logo", ImageRef(),
          help="A path under `content/images/` (e.g. `images/logos/x.png`): a picture on another website "
               "would tell it who reads the page."),
    Field("offers", ListOf(ITEM, max_items=50), default=(),
          help="Support the member can give others.", to_model=_items("offer"),
          hint="Support you can give other members: a room, volunteers, training, equipment, advice.",
          aliases=("support we can give", "support we can offer", "more offers")),
    Field("needs", ListOf(ITEM, max_items=50), default=(),
          help="Support the member is looking for.", to_model=_items("need"),
          hint="Support you would like from other members.",
          aliases=("support we are looking for", "support we need", "more needs")),
    Field("contact", CONTACT, help="How to reach the member, when the member agreed to publish it (`public: "
                                   "true`).", to_model=_public_contact),
    Field("news_feed", Url(), help="RSS or Atom feed of the member's news.", label="News feed (RSS or Atom)",
          hint="The address of your website's news feed, if it has one: the hub shows your latest news.",
          aliases=("news feed",)),
    Field("events_feed", Url(), help="iCalendar (.ics) feed of the member's events.", label="Calendar feed (.ics)",
          hint="The address of your online calendar, if you have one: the hub lists your events from it.",
          aliases=("calendar feed", "events feed")),
))

# The model: one attribute per declared field (docs/develop.md: adding a field).
Item = ITEM.model_class("Item", ItemBehaviour, extra=(("kind", str), ("member_slug", str), ("index", int),
                                                      ("areas_given", bool, False)))
Contact = CONTACT.model_class("Contact")
# `expired`: offers and needs past their `until` date on the build's day, kept out of `offers` and
# `needs` by the loader so no page, match, index or export shows them (`invoke stale` lists them).
Member = MEMBER.model_class("Member", MemberBehaviour, extra=(("slug", str), ("source", str),
                                                              ("expired", tuple, ())))


CATEGORY = Record(what="category", fields=(
    Field("label", Text(max_length=60), required=True, help="The name people see."),
    Field("description", Text(max_length=300), required=True, help="One sentence explaining it."),
    Field("synonyms", ListOf(Text(max_length=60, doc_name="word or phrase"), max_items=100, unique=True),
          default=(), help="Words people use for it; they help matching and 'did you mean'."),
))
