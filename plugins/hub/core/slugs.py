"""Slugs: the names of files, pages and anchors. One rule, used by validation and the model."""
from __future__ import annotations

import functools
import json
import re
import unicodedata
from pathlib import Path

from confusable_homoglyphs import confusables

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def slugify(text: str) -> str:
    """'Tile Hill' -> 'tile-hill'; accents are dropped from their letters ('Café' -> 'cafe', not 'caf') and
    apostrophes from their words ("Men's Shed" -> 'mens-shed')."""
    folded = unicodedata.normalize("NFKD", re.sub(r"['’]", "", str(text))).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


@functools.cache
def _look_alikes() -> dict[int, str]:
    """{character: the Latin letter or digit it imitates} for the letters of other alphabets that look
    like Latin ones (Unicode's confusables, from confusable-homoglyphs): Cyrillic 'а' -> 'a'."""
    data = json.loads((Path(confusables.__file__).parent / "confusables.json").read_text(encoding="utf-8"))
    found = {}
    for char, homoglyphs in data.items():
        if len(char) != 1 or char.isascii():
            continue
        for glyph in homoglyphs:
            if len(glyph["c"]) == 1 and glyph["c"].isascii() and glyph["c"].isalnum():
                found[ord(char)] = glyph["c"]
                break
    return found


def folded_slug(text: str) -> str:
    """The slug of `text` with letters that imitate Latin ones read as those (slugify already folds
    case, punctuation, accents and full-width forms): 'ТILE HILL LUNCH CLUB!!', with a Cyrillic 'Т',
    and 'ＴＩＬＥ Hill Lunch Club' both give 'tile-hill-lunch-club'. A new profile's file is named so,
    and a name that folds onto an existing member's is noticed."""
    return slugify(unicodedata.normalize("NFKC", str(text)).translate(_look_alikes()))


MAX_FILE_SLUG = 80  # characters of a file name made from a name or title (a file system allows 255 bytes)


def file_slug(text: str) -> str:
    """A file name for a new profile or event named `text`: its folded slug, cut at a hyphen to at most
    MAX_FILE_SLUG characters, so a long name never makes a name the file system refuses."""
    slug = folded_slug(text)
    if len(slug) <= MAX_FILE_SLUG:
        return slug
    return slug[:MAX_FILE_SLUG + 1].rsplit("-", 1)[0] if "-" in slug[:MAX_FILE_SLUG] else slug[:MAX_FILE_SLUG]


def latin_look_alikes(scripts: tuple[str, ...] = ("CYRILLIC", "GREEK")) -> dict[str, str]:
    """{letter: the Latin letter it looks like} for the letters of `scripts` (the alphabets whose letters
    pass for Latin ones most often), for the /join/ page's own slugify, which reads them as folded_slug does."""
    return {chr(code): latin for code, latin in sorted(_look_alikes().items())
            if unicodedata.name(chr(code), "").startswith(scripts)}
