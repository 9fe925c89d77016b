"""Keep the tables and JSON Schemas in docs/ in step with the declarations: the schemas of members,
categories, events, introductions, posts, series and figures, the settings, the matcher's
fitted weights and the stores builds keep (core/ledger.py) (`invoke docs`; a test checks they match)."""
from __future__ import annotations

import json
import re
from pathlib import Path

from ..events import schema as event_schema
from ..matching.introductions import INTRODUCTION
from ..matching.tuning import dev_figures_table, weights_table
from ..publishing import schema as publishing_schema
from . import ledger, schema
from .fields import Record, markdown_table
from .settings import settings_table

TABLES = {
    "docs/members.md": {"member-fields": schema.MEMBER},
    "docs/categories.md": {"category-fields": schema.CATEGORY},
    "docs/events.md": {"event-fields": event_schema.EVENT},
    "docs/settings.md": {"settings": settings_table},
    "docs/develop.md": {"stores": ledger.table},
    "docs/matching.md": {"matching-weights": weights_table, "matching-dev-figures": dev_figures_table,
                         "introduction-fields": INTRODUCTION},
    "docs/publishing.md": {"post-fields": publishing_schema.POST, "series-fields": publishing_schema.SERIES,
                           "figure-fields": publishing_schema.FIGURE},
}


def _marker(name: str) -> re.Pattern:
    return re.compile(rf"(<!-- begin {name} -->\n).*?(<!-- end {name} -->)", re.S)


def render(text: str, tables: dict) -> str:
    for name, record in tables.items():
        pattern = _marker(name)
        if not pattern.search(text):
            raise ValueError(f"missing <!-- begin {name} --> ... <!-- end {name} --> markers")
        table = markdown_table(record) if isinstance(record, Record) else record()
        text = pattern.sub(lambda m, table=table: m.group(1) + table + m.group(2), text)
    return text


JSON_SCHEMAS = {"docs/member.schema.json": (schema.MEMBER, "coalition-hub member profile"),
                "docs/event.schema.json": (event_schema.EVENT, "coalition-hub event")}


def json_schema_text(record, title: str) -> str:
    document = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title,
                **record.json_schema()}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def stale_docs(root: Path) -> list[Path]:
    """Docs whose tables differ from the schema."""
    stale = [root / relative for relative, (record, title) in JSON_SCHEMAS.items()
             if not (root / relative).is_file()
             or (root / relative).read_text(encoding="utf-8") != json_schema_text(record, title)]
    for relative, tables in TABLES.items():
        path = root / relative
        text = path.read_text(encoding="utf-8")
        if render(text, tables) != text:
            stale.append(path)
    return stale


def write_docs(root: Path) -> list[Path]:
    changed = []
    for relative, (record, title) in JSON_SCHEMAS.items():
        path = root / relative
        text = json_schema_text(record, title)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    for relative, tables in TABLES.items():
        path = root / relative
        text = path.read_text(encoding="utf-8")
        new = render(text, tables)
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed.append(path)
    return changed
