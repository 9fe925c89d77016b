"""What the /join/ page needs to build a member's YAML in the browser: the member JSON Schema with the
hub's categories as a closed list (the page checks what it can before anything is sent), the form's
questions (each field's label and plain help, declared once with the field in the schema), choices
and limits, the neighbourhoods of places.yaml, and where a profile can be proposed. Pure: the site
layer writes the page."""
from __future__ import annotations

from ..core import schema
from ..core.fields import ImageRef, ListOf, Text
from ..core.loader import MEMBERS
from ..core.model import Hub, Places
from ..core.settings import HubSettings
from ..core.slugs import latin_look_alikes
from .forms import (
    CONSENT_HELP,
    CONSENT_KEEP,
    CONSENT_PUBLISH,
    CONSENT_STOP,
    MAX_PLACE_OPTIONS,
    place_option,
    type_label,
)

ITEM_KINDS = {"offers": "offer", "needs": "need"}
# The answers to "Publish contact details?" (the issue form's words), as the page's radio buttons:
# "keep" is the member's latest word left as it was (only on an update), as private.route_contact.
CONSENT = (("keep", CONSENT_KEEP), ("yes", CONSENT_PUBLISH), ("no", CONSENT_STOP))


def member_schema(hub: Hub) -> dict:
    """docs/member.schema.json (generated from schema.MEMBER), with the categories of this hub listed,
    so the page says "choose a kind of support" rather than accept a key validation would refuse."""
    document = schema.MEMBER.json_schema()
    keys = [category.key for category in hub.vocabulary]
    for kind in ITEM_KINDS:
        document["properties"][kind]["items"]["properties"]["category"]["enum"] = keys
    return document


def limits() -> dict[str, int]:
    """maxlength of each text field, by name ('name', 'offers.title', 'contact.name')."""
    found = {}
    for prefix, record in (("", schema.MEMBER), ("offers.", schema.ITEM), ("contact.", schema.CONTACT)):
        for spec in record.fields:
            kind = spec.kind.item if isinstance(spec.kind, ListOf) else spec.kind
            if isinstance(kind, Text) and kind.max_length:
                found[prefix + spec.name] = kind.max_length
    return found


def questions() -> dict[str, dict[str, str]]:
    """{field path: {"label", "hint"}}: each question as the schema declares it (Field.question and
    Field.plain_help), for the member's fields ('summary'), a contact's ('contact.email') and an offer's
    or need's ('offers.title': "What you offer")."""
    found = {spec.name: {"label": spec.question, "hint": spec.plain_help} for spec in schema.MEMBER.fields}
    for spec in schema.CONTACT.fields:
        found[f"contact.{spec.name}"] = {"label": spec.question, "hint": spec.plain_help}
    for kind, verb in ITEM_KINDS.items():
        for spec in schema.ITEM.fields:
            found[f"{kind}.{spec.name}"] = {"label": spec.question.format(verb=verb),
                                            "hint": spec.plain_help.format(verb=verb)}
    return found


def neighbourhoods(places: Places) -> list[dict] | None:
    """The neighbourhoods of places.yaml by area, in its order, as the form's checkboxes (each with the
    id of its box and the words an email without JavaScript gives, 'Tile Hill (Coventry)'); None when
    there are none, or more than a list of boxes should hold (the form asks for them as text then)."""
    if not 0 < len(places) <= MAX_PLACE_OPTIONS:
        return None
    areas: dict[str, list] = {}
    for index, place in enumerate(places):
        areas.setdefault(place.area, []).append(
            {"name": place.name, "id": f"locality-{index}", "value": place_option(place)})
    return [{"area": area, "id": f"localities-area-{index}", "places": found}
            for index, (area, found) in enumerate(areas.items())]


def join_page(hub: Hub, settings: HubSettings) -> dict:
    """The page's choices, and the configuration its script reads (JSON in the page; the template
    adds the addresses that depend on the page's own: members.json, the members' pages, /join/)."""
    repository = settings.github_repository
    return {
        "categories": [(c.key, c.label) for c in hub.vocabulary],
        "types": [(key, type_label(key)) for key in schema.MEMBER_TYPES],
        "areas": sorted({area.name for member in hub.members for area in member.areas}, key=str.casefold),
        "neighbourhoods": neighbourhoods(hub.places),
        "limits": limits(),
        "fields": questions(),
        "consent": CONSENT,
        "consent_help": CONSENT_HELP,
        "github": repository,
        "config": {
            "schema": member_schema(hub),
            # The order fields are written in (the page's JSON has its keys sorted).
            "order": {"member": [spec.name for spec in schema.MEMBER.fields],
                      "item": [spec.name for spec in schema.ITEM.fields],
                      "contact": [spec.name for spec in schema.CONTACT.fields]},
            # What the email to the coordinators calls each contact detail not to be published.
            "contactLabels": {spec.name: spec.question for spec in schema.CONTACT.fields
                              if spec.name in schema.CONTACT_DETAILS},
            # Images as members.json gives them (an address on this site), to be written back as the
            # profile has them (images/...).
            "images": {"fields": [spec.name for spec in schema.MEMBER.fields if isinstance(spec.kind, ImageRef)],
                       "prefix": settings.link("")},
            # File names a new profile cannot take: pages of the hub's own under members/.
            "reserved": sorted(MEMBERS.reserved),
            # Letters that pass for Latin ones, read as those when a new profile's file is named (core.slugs).
            "lookAlikes": latin_look_alikes(),
            "coordinators": settings.coordinators_email,
            "github": f"https://github.com/{repository}" if repository else None,
            "branch": "main",
            "membersFolder": settings.members_dir,
        },
    }
