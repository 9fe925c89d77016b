"""Keep the field tables in docs/ in step with schema.py (`invoke docs`; a test checks they match)."""
from __future__ import annotations

import re
from pathlib import Path

from . import schema
from .fields import markdown_table

TABLES = {
    "docs/members.md": {"member-fields": schema.MEMBER},
    "docs/categories.md": {"category-fields": schema.CATEGORY},
}


def _marker(name: str) -> re.Pattern:
    return re.compile(rf"(<!-- begin {name} -->\n).*?(<!-- end {name} -->)", re.S)


def render(text: str, tables: dict) -> str:
    for name, record in tables.items():
        pattern = _marker(name)
        if not pattern.search(text):
            raise ValueError(f"missing <!-- begin {name} --> ... <!-- end {name} --> markers")
        text = pattern.sub(lambda m: m.group(1) + markdown_table(record) + m.group(2), text)
    return text


def stale_docs(root: Path) -> list[Path]:
    """Docs whose tables differ from the schema."""
    stale = []
    for relative, tables in TABLES.items():
        path = root / relative
        text = path.read_text(encoding="utf-8")
        if render(text, tables) != text:
            stale.append(path)
    return stale


def write_docs(root: Path) -> list[Path]:
    changed = []
    for relative, tables in TABLES.items():
        path = root / relative
        text = path.read_text(encoding="utf-8")
        new = render(text, tables)
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed.append(path)
    return changed
