"""Slugs: the names of files, pages and anchors. One rule, used by validation and the model."""
from __future__ import annotations

import re
import unicodedata

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def slugify(text: str) -> str:
    """'Tile Hill' -> 'tile-hill'; accents are dropped from their letters ('Café' -> 'cafe', not 'caf') and
    apostrophes from their words ("Men's Shed" -> 'mens-shed')."""
    folded = unicodedata.normalize("NFKD", re.sub(r"['’]", "", str(text))).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
