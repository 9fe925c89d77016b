"""Machine-readable exports of the hub. Pure functions: model in, JSON-ready dicts out.

A member's record is written from its declaration in `schema.MEMBER`, field by field, so a field
added there is in members.json without another edit. `contact` comes last and only when the
member chose to publish it.
"""
from __future__ import annotations

import datetime as dt
import json

from .fields import ImageRef, Record
from .fingerprint import digest
from .memo import Store, kept_or_made
from .model import Area, Hub
from .schema import ITEM, MEMBER, Item, Member


def absolute(site_url: str, path: str) -> str:
    return f"{site_url.rstrip('/')}/{path}" if site_url else f"/{path}"


def _value(value, kind, site_url: str):
    """A model value as JSON: dates as ISO text, places by name, images as links, records nested."""
    if isinstance(value, (tuple, list)):
        return [_value(item, getattr(kind, "item", None), site_url) for item in value]
    if isinstance(value, Area):
        return value.name
    if isinstance(value, Item):
        return _item(value, site_url)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(kind, ImageRef) and value:
        return absolute(site_url, value)
    return value


def _record(model, record: Record, site_url: str, skip=()) -> dict:
    return {spec.name: _value(getattr(model, spec.name), spec.kind, site_url)
            for spec in record.fields if spec.name not in skip}


def _item(item: Item, site_url: str) -> dict:
    return {**_record(item, ITEM, site_url), "anchor": item.anchor}


def member_record(member: Member, site_url: str) -> dict:
    record = {"slug": member.slug, "url": absolute(site_url, member.url),
              **_record(member, MEMBER, site_url, skip=("contact",))}
    if member.contact is not None:  # present only when the member chose `public: true`
        record["contact"] = {"name": member.contact.name, "email": member.contact.email,
                             "phone": member.contact.phone}
    if member.expired:
        # Offers and needs past their `until` day: on no page and in no match, but still the member's, so
        # the profile's editor (/join/?member=) keeps them and a member can renew one. Apart, so a reader
        # of `offers` and `needs` never takes one for current.
        record["ended"] = [_item(item, site_url) for item in member.expired]
    return record


def _categories(hub: Hub) -> list[dict]:
    return [{"key": c.key, "label": c.label, "description": c.description} for c in hub.vocabulary]


def members_document(hub: Hub, site_url: str) -> dict:
    return {"version": 1, "categories": _categories(hub),
            "members": [member_record(member, site_url) for member in hub.members]}


def members_json(hub: Hub, site_url: str, kept: Store | None = None) -> str:
    """members.json: `dumps(members_document(...))`, written member by member, so the text of a
    member unchanged since it was kept in `kept` is not made again (a profile keeps its fingerprint:
    core.fingerprint)."""
    records = [kept_or_made(kept, digest("member record", member, site_url),
                            lambda member=member: _compact(member_record(member, site_url)))
               for member in hub.members]
    empty = dumps({"version": 1, "categories": _categories(hub), "members": []})
    return empty.removesuffix("[]}\n") + "[" + ",".join(records) + "]}\n"


def dumps(document: dict) -> str:
    """Stable text, so an unchanged hub gives byte-identical files."""
    return _compact(document) + "\n"


def _compact(value) -> str:
    # One line, no spaces: the C encoder (indented JSON is written by a Python one, five times
    # slower), and files a third smaller. Programs read them; `python -m json.tool` shows them.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
