"""Machine-readable exports of the hub. Pure functions: model in, JSON-ready dicts out."""
from __future__ import annotations

import json

from .model import Hub, Item, Member


def absolute(site_url: str, path: str) -> str:
    return f"{site_url.rstrip('/')}/{path}" if site_url else f"/{path}"


def _item(item: Item) -> dict:
    return {"category": item.category, "title": item.title, "details": item.details,
            "areas": [area.name for area in item.areas], "anchor": item.anchor}


def member_record(member: Member, site_url: str) -> dict:
    record = {
        "slug": member.slug, "url": absolute(site_url, member.url), "name": member.name,
        "type": member.type, "summary": member.summary, "description": member.description,
        "website": member.website, "areas": [area.name for area in member.areas],
        "themes": list(member.themes),
        "joined": member.joined.isoformat() if member.joined else None,
        "updated": member.updated.isoformat() if member.updated else None,
        "offers": [_item(item) for item in member.offers],
        "needs": [_item(item) for item in member.needs],
        "news_feed": member.news_feed, "events_feed": member.events_feed,
    }
    if member.contact is not None:  # present only when the member chose `public: true`
        record["contact"] = {"name": member.contact.name, "email": member.contact.email,
                             "phone": member.contact.phone}
    return record


def members_document(hub: Hub, site_url: str) -> dict:
    return {
        "version": 1,
        "categories": [{"key": c.key, "label": c.label, "description": c.description}
                       for c in hub.vocabulary],
        "members": [member_record(member, site_url) for member in hub.members],
    }


def dumps(document: dict) -> str:
    """Stable text, so an unchanged hub gives byte-identical files."""
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=False) + "\n"
