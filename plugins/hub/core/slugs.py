"""Slugs: the names of files, pages and anchors. One rule, used by validation and the model."""
from __future__ import annotations

import re

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def slugify(text: str) -> str:
    """'Tile Hill' -> 'tile-hill'."""
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")
