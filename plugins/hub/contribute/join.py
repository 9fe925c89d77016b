"""What the /join/ page needs to build a member's YAML in the browser: the member JSON Schema with the
hub's categories as a closed list (the page checks what it can before anything is sent), the form's
choices and limits, and where a profile can be proposed. Pure: the site layer writes the page."""
from __future__ import annotations

from ..core import schema
from ..core.fields import ListOf, Text
from ..core.model import Hub
from ..core.settings import HubSettings
from .forms import type_label


def member_schema(hub: Hub) -> dict:
    """docs/member.schema.json (generated from schema.MEMBER), with the categories of this hub listed,
    so the page says "choose a kind of support" rather than accept a key validation would refuse."""
    document = schema.MEMBER.json_schema()
    keys = [category.key for category in hub.vocabulary]
    for kind in ("offers", "needs"):
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


def join_page(hub: Hub, settings: HubSettings) -> dict:
    """The page's choices, and the configuration its script reads (JSON in the page; the template
    adds the address of members.json, which depends on the page's own address)."""
    repository = settings.github_repository
    return {
        "categories": [(c.key, c.label) for c in hub.vocabulary],
        "types": [(key, type_label(key)) for key in schema.MEMBER_TYPES],
        "areas": sorted({area.name for member in hub.members for area in member.areas}, key=str.casefold),
        "limits": limits(),
        "github": repository,
        "config": {
            "schema": member_schema(hub),
            # The order fields are written in (the page's JSON has its keys sorted).
            "order": {"member": [spec.name for spec in schema.MEMBER.fields],
                      "item": [spec.name for spec in schema.ITEM.fields],
                      "contact": [spec.name for spec in schema.CONTACT.fields]},
            "coordinators": settings.coordinators_email,
            "github": f"https://github.com/{repository}" if repository else None,
            "branch": "main",
            "membersFolder": settings.members_dir,
        },
    }
