"""Typed, declarative field specs: each kind checks one value and explains what is wrong.

A spec never raises for bad input: it records a Problem (with the value's line) and
returns INVALID, so one pass over a file reports every mistake in it.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import functools
import re
import unicodedata
import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import idna
from confusable_homoglyphs import categories as unicode_scripts

from .memo import file_exists
from .slugs import SLUG, slugify
from .yamlio import Document, Problem, field_name


class _Invalid:
    def __repr__(self) -> str:
        return "INVALID"


INVALID = _Invalid()


class Checker:
    """Collects the problems of one document."""

    def __init__(self, doc: Document, context: dict | None = None):
        self.doc = doc
        self.problems: list[Problem] = []
        self.context = context or {}

    def problem(self, path, message: str) -> _Invalid:
        self.problems.append(Problem(self.doc.source, self.doc.line_of(path), field_name(path), message))
        return INVALID


def suggest(word: str, choices: Iterable[str], names: dict[str, str] | None = None) -> str:
    """' (did you mean "x"?)' for the closest choice, or '' when nothing is close."""
    choices = list(choices)
    lowered = {c.lower(): c for c in choices}
    match = difflib.get_close_matches(str(word).lower(), list(lowered), n=1, cutoff=0.6)
    if not match:
        return ""
    found = lowered[match[0]]
    target = names.get(found, found) if names else found
    return f' (did you mean "{target}"?)'


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "yes/no"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dt.datetime):
        return "a date and time"
    if isinstance(value, dt.date):
        return "a date"
    if isinstance(value, (int, float)):
        return "a number"
    if value is None:
        return "empty"
    return "text"


class Kind:
    """One type of value. `doc` names it in the generated field table."""

    doc = "value"

    def check(self, value: Any, path: tuple, checker: Checker) -> Any:
        raise NotImplementedError

    def json_schema(self) -> dict:
        """The same rule as JSON Schema, for editors, forms and CMS configuration."""
        return {}


# Characters that reorder the text around them (embeddings, overrides, isolates): with them a name
# can display as something else than what is written ("Trojan Source"). The plain marks LRM/RLM
# (U+200E, U+200F) only nudge neutral characters and are kept.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Letters that draw nothing: fonts render these Hangul and Braille fillers as blank space.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Me"})


def is_blank(text: str) -> bool:
    """True when `text` shows nothing: only spaces, zero-width and other invisible characters."""
    if text[:1].isascii() and text[:1].isalnum():  # most text starts with a letter that shows
        return False
    return not any(char not in _BLANK_LETTERS and unicodedata.category(char) not in _INVISIBLE_CATEGORIES
                   for char in text)


def without_direction_controls(text: str) -> str:
    """`text` without the characters that reorder it (for text the hub imports rather than checks)."""
    return "".join(char for char in text if char not in BIDI_CONTROLS)


# Characters no page, feed or calendar can carry: control characters other than tab and line feed
# (XML 1.0 forbids most of them, so a vertical tab ended the build at the Atom feed), lone surrogates
# (they cannot be written as UTF-8) and the non-characters (U+FDD0 to U+FDEF, and the last two code
# points of every plane, U+FFFE, U+1FFFE ...: Pelican's slugs and XML refuse them).
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}"
                                             for plane in range(17))
UNSHOWABLE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff{_NONCHARACTERS}]")


# An address on another site: any scheme (https:, data:, file:) or a network path (`//host/...`,
# which browsers also read written with backslashes). A picture there tells that site who reads the page.
_ELSEWHERE = re.compile(r"^\s*([a-z][a-z0-9+.-]*:|[/\\]{2})", re.IGNORECASE)


def elsewhere(address: str) -> bool:
    """Whether `address` (a picture's, a logo's) is on another site rather than the hub's own."""
    return _ELSEWHERE.match(address) is not None


def unshowable(text: str) -> str | None:
    """Why `text` holds a character that cannot be published (see UNSHOWABLE), or None."""
    found = UNSHOWABLE.search(text)
    if found is None:
        return None
    char = found[0]
    name = unicodedata.name(char, "a control character" if unicodedata.category(char) == "Cc" else "not a character")
    return (f"contains the invisible character U+{ord(char):04X} ({name}), which cannot be shown on a page; "
            "delete it (retype the text if you cannot find it)")


def _unsafe_text(text: str) -> str | None:
    """Why `text` would mislead a reader (it shows nothing, or shows in another order) or cannot be
    published (a control character), or None."""
    problem = unshowable(text)
    if problem is not None:
        return problem
    if BIDI_CONTROLS.isdisjoint(text):  # a set operation over the text, not a loop in Python
        control = None
    else:
        control = next(char for char in text if char in BIDI_CONTROLS)
    if control is not None:
        return (f"contains the invisible character U+{ord(control):04X} ({unicodedata.name(control)}), which "
                "changes the order in which the text is shown; delete it (retype the text if you cannot find it)")
    if is_blank(text):
        return ("has no visible characters (only spaces or invisible ones such as zero-width spaces); "
                "write the text itself")
    return None



@dataclass(frozen=True)
class Text(Kind):
    max_length: int | None = None
    single_line: bool = True
    doc_name: str = "text"

    @property
    def doc(self) -> str:
        limit = f", at most {self.max_length} characters" if self.max_length else ""
        return f"{self.doc_name}{limit}"

    def check(self, value, path, checker):
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            return checker.problem(path, f"expected {self.doc_name}, found {_describe(value)}; "
                                   "put the value in quotes if it is meant as text")
        text = str(value).replace("\r\n", "\n").strip()
        if not text:
            return checker.problem(path, "is empty; write a value or remove the line")
        unsafe = _unsafe_text(text)
        if unsafe:
            return checker.problem(path, unsafe)
        if self.single_line and ("\n" in text or "\u2028" in text or "\u2029" in text):
            return checker.problem(path, "must fit on one line; remove the line breaks")
        if self.max_length and len(text) > self.max_length:
            # A short field's words may belong in the longer 'description' (a profile's, an event's); a field
            # of many lines is the longer text itself.
            elsewhere = " (longer text belongs in 'description')" if self.single_line else ""
            return checker.problem(path, f"is {len(text):,} characters long; the limit is {self.max_length:,}. "
                                   f"Shorten it{elsewhere}")
        return text

    def json_schema(self) -> dict:
        schema = {"type": "string", "minLength": 1}
        if self.max_length:
            schema["maxLength"] = self.max_length
        if self.single_line:
            schema["pattern"] = "^[^\\n]*$"
        return schema


@dataclass(frozen=True)
class Markdown(Text):
    single_line: bool = False
    max_length: int | None = 20_000
    doc_name: str = "Markdown"


URL_SCHEMES = ("http", "https")
# UTS #39 "highly restrictive": a host name label may mix Latin only with the scripts written
# together with it in Japanese, Chinese and Korean. Anything else is shown as punycode (xn--...), as
# browsers do, so 'раypal.example' (Cyrillic 'ра') cannot pass for 'paypal.example'.
_SCRIPT_MIXES = (frozenset({"LATIN", "HAN", "HIRAGANA", "KATAKANA"}), frozenset({"LATIN", "HAN", "BOPOMOFO"}),
                 frozenset({"LATIN", "HAN", "HANGUL"}))


def _mixes_scripts(label: str) -> bool:
    scripts = unicode_scripts.unique_aliases(label) - {"COMMON", "INHERITED"}
    return len(scripts) > 1 and not any(scripts <= allowed for allowed in _SCRIPT_MIXES)


def _shown_host(url: str, parts) -> str | None:
    """`url` with a look-alike host name spelled in punycode; None when the host cannot be encoded."""
    host = parts.hostname or ""
    if host.isascii() or not any(_mixes_scripts(label) for label in host.split(".")):
        return url
    try:
        ascii_host = idna.encode(host, uts46=True).decode("ascii")
    except idna.IDNAError:
        return None
    netloc = parts.netloc
    userinfo, at, hostport = netloc.rpartition("@")
    port = hostport[len(host):] if hostport.lower().startswith(host) else ""
    return urlunsplit(parts._replace(netloc=f"{userinfo}{at}{ascii_host}{port}"))


@dataclass(frozen=True)
class Url(Kind):
    schemes: tuple[str, ...] = URL_SCHEMES

    @property
    def doc(self) -> str:
        return " or ".join(self.schemes) + " URL"

    def check(self, value, path, checker):
        if not isinstance(value, str):
            return checker.problem(path, f"expected a web address, found {_describe(value)}")
        url = value.strip()
        problem = unshowable(url)
        if problem is not None:
            return checker.problem(path, problem)
        try:
            parts = urlsplit(url)
        except ValueError:  # a '[' or ']' in the host name that is not an IPv6 address
            return checker.problem(path, f"'{url}' is not a complete web address; copy it from the browser's "
                                   "address bar")
        scheme = parts.scheme.lower()
        if scheme not in self.schemes:
            if not scheme and re.match(r"^[\w-]+(\.[\w-]+)+(/|$)", url):
                return checker.problem(path, f"'{url}' has no scheme; write it in full, "
                                       f"e.g. 'https://{url}'")
            return checker.problem(path, f"'{url}' must start with "
                                   + " or ".join(f"{s}://" for s in self.schemes))
        if not parts.netloc or any(c.isspace() for c in url):
            return checker.problem(path, f"'{url}' is not a complete web address; "
                                   "copy it from the browser's address bar")
        shown = _shown_host(url, parts)
        if shown is None:
            return checker.problem(path, f"'{url}' mixes alphabets in its host name in a way no real web "
                                   "address does; copy it from the browser's address bar")
        return shown

    def json_schema(self) -> dict:
        return {"type": "string", "format": "uri", "pattern": "^(" + "|".join(self.schemes) + ")://"}


_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$")


@dataclass(frozen=True)
class Email(Kind):
    doc = "email address"

    def check(self, value, path, checker):
        if not isinstance(value, str) or not _EMAIL.match(value.strip()) or ".." in value:
            return checker.problem(path, f"'{value}' is not an email address; write it like "
                                   "'name@example.org'")
        return value.strip()

    def json_schema(self) -> dict:
        return {"type": "string", "format": "email"}


@dataclass(frozen=True)
class Phone(Kind):
    doc = "phone number, in quotes"

    def check(self, value, path, checker):
        if isinstance(value, int) and not isinstance(value, bool):
            return checker.problem(path, "put the phone number in quotes (e.g. \"024 7600 0000\") "
                                   "so its leading 0 and spaces are kept")
        if not isinstance(value, str) or not re.fullmatch(r"\+?[0-9 ()-]{6,25}(\s*(ext\.?|x)\s*\d{1,6})?",
                                                        value.strip()):
            return checker.problem(path, f"'{value}' is not a phone number; use digits, spaces, "
                                   "brackets, '-' and a leading '+' only")
        return value.strip()

    def json_schema(self) -> dict:
        return {"type": "string", "pattern": "^\\+?[0-9 ()-]{6,25}"}


def year_problem(value: dt.date, years: range | None) -> str | None:
    """Why a date's year is refused (outside `years`), or None."""
    if years is None or value.year in years:
        return None
    return (f"{value.isoformat()[:10]} is outside the years the hub can show; use a year from {years.start} to "
            f"{years.stop - 1}")


# A day as people write it: `2027-03-31` (ISO, as files and the CMS write it), `31/03/2027` (day first,
# as in the UK and as Google Sheets saves a form's Timestamp) or `2027/03/31` (year first, as a Google
# Forms download writes it), with a time of day after it or not.
DAY_PATTERN = (r"(?:(?P<year>\d{4})(?P<separator>[-/])(?P<month>\d{1,2})(?P=separator)(?P<day>\d{1,2})"
               r"|(?P<uk_day>\d{1,2})/(?P<uk_month>\d{1,2})/(?P<uk_year>\d{4}))")
_DAY = re.compile(rf"^{DAY_PATTERN}$")
# A form's Timestamp also says the half of the day and the zone: `2026/03/31 9:15:00 AM GMT+1`.
_MOMENT = re.compile(rf"^{DAY_PATTERN}(?:[ T]+(?P<hour>\d{{1,2}}):(?P<minute>\d{{2}})(?::(?P<second>\d{{2}}))?"
                     r"(?:\s*(?P<half>[AaPp]\.?[Mm]\.?))?(?:\s+(?:GMT|UTC|BST)(?:[+-]\d{1,2}(?::?\d{2})?)?)?)?$")
DATE_EXAMPLE = "write it as YYYY-MM-DD or DD/MM/YYYY, e.g. 2027-03-31 or 31/03/2027"


def day_of(match: re.Match) -> tuple[int, int, int]:
    """(year, month, day) of a match of DAY_PATTERN, whichever way it was written."""
    if match["year"]:
        return int(match["year"]), int(match["month"]), int(match["day"])
    return int(match["uk_year"]), int(match["uk_month"]), int(match["uk_day"])


def parse_moment(text: str) -> dt.date | dt.datetime | None:
    """A day (`2027-03-31`, `31/03/2027`), or a day and a time (`31/03/2027 09:15:00`, as a form's
    Timestamp column), as a date or a datetime; None when it is neither, or not a real day."""
    match = _MOMENT.match(text.strip())
    if not match:
        return None
    try:
        day = dt.date(*day_of(match))
        if match["hour"] is None:
            return day
        hour = int(match["hour"])
        if match["half"]:  # 12:30 AM is half past midnight, 12:30 PM half past noon
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if match["half"][0] in "Pp" else 0)
        return dt.datetime.combine(day, dt.time(hour, int(match["minute"]), int(match["second"] or 0)))
    except ValueError:
        return None


# The years a date may have: ones a person means (a year 1 or 9999 is a slip of the keyboard, shown as
# "1 January 1"), and ones calendars, feeds and Python's dates all handle.
YEARS = range(1900, 2201)


@dataclass(frozen=True)
class Date(Kind):
    years: range | None = YEARS  # None: any year
    doc = "date, YYYY-MM-DD (or DD/MM/YYYY)"

    def check(self, value, path, checker):
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, str) and _DAY.match(value.strip()):
            # A date in quotes, as some editors (the CMS) write it, or written day first.
            day = parse_moment(value)
            if day is None:
                return checker.problem(path, f"'{value.strip()}' is not a real date; {DATE_EXAMPLE}")
            value = day
        if not isinstance(value, dt.date):
            return checker.problem(path, f"'{value}' is not a date; {DATE_EXAMPLE}")
        problem = year_problem(value, self.years)
        return value if problem is None else checker.problem(path, problem)

    def json_schema(self) -> dict:
        return {"type": "string", "format": "date"}


@dataclass(frozen=True)
class Bool(Kind):
    doc = "true or false"

    def check(self, value, path, checker):
        if not isinstance(value, bool):
            return checker.problem(path, f"expected true or false, found '{value}'")
        return value

    def json_schema(self) -> dict:
        return {"type": "boolean"}


@dataclass(frozen=True)
class Choice(Kind):
    options: tuple[str, ...] = ()

    @property
    def doc(self) -> str:
        return "one of: " + ", ".join(f"`{o}`" for o in self.options)

    def check(self, value, path, checker):
        if not isinstance(value, str) or value.strip() not in self.options:
            return checker.problem(path, f"'{value}' is not allowed{suggest(str(value), self.options)}; "
                                   "use one of: " + ", ".join(self.options))
        return value.strip()

    def json_schema(self) -> dict:
        return {"enum": list(self.options)}




@dataclass(frozen=True)
class Slug(Kind):
    doc = "slug: lowercase letters, digits and single hyphens"

    max_length: int = 100  # a file name: file systems refuse names of more than 255 bytes

    def check(self, value, path, checker):
        if isinstance(value, str) and len(value) > self.max_length:
            return checker.problem(path, f"is {len(value)} characters long; the limit is {self.max_length}")
        if not isinstance(value, str) or not SLUG.match(value):
            hint = slugify(str(value))
            return checker.problem(path, f"'{value}' may contain only lowercase letters, digits and "
                                   f"single hyphens" + (f"; try '{hint}'" if hint else ""))
        return value


@dataclass(frozen=True)
class VocabularyRef(Kind):
    """A key of a vocabulary held in checker.context[context_key] (a Vocabulary)."""

    context_key: str = "vocabulary"
    doc = "category key from `categories.yaml`"

    def check(self, value, path, checker):
        vocabulary = checker.context.get(self.context_key)
        if not isinstance(value, str) or not value.strip():
            return checker.problem(path, f"expected a category key, found {_describe(value)}")
        key = value.strip()
        if vocabulary is None or key in vocabulary:
            return key
        guess = vocabulary.guess(key)
        hint = f' (did you mean "{guess}"?)' if guess else ""
        return checker.problem(path, f"'{key}' is not a category{hint}; "
                               "the categories are listed in categories.yaml")

    def json_schema(self) -> dict:
        return {"type": "string", "pattern": SLUG.pattern}


@dataclass(frozen=True)
class DeclaredKey(Kind):
    """A key declared somewhere else, held in checker.context[context_key] as {key: label} (not
    checked when absent), e.g. the keys to connection a series declares (content/series/)."""

    context_key: str = "practice_keys"
    what: str = "key to connection"
    where: str = "content/series/*.yaml"
    doc = "key declared by a series in `content/series/`"

    def check(self, value, path, checker):
        if not isinstance(value, str) or not value.strip():
            return checker.problem(path, f"expected a {self.what}, found {_describe(value)}")
        key = value.strip()
        keys = checker.context.get(self.context_key)
        if keys is None or key in keys:
            return key
        if not keys:
            return checker.problem(path, f"'{key}' is not a {self.what}: no series declares any ({self.where}, "
                                   "'keys:'); remove it or declare the key")
        return checker.problem(path, f"'{key}' is not a {self.what}{suggest(key, keys)}; the keys are: "
                               + ", ".join(keys) + f" (declared in {self.where})")

    def json_schema(self) -> dict:
        return {"type": "string", "pattern": SLUG.pattern}


@dataclass(frozen=True)
class PlaceRef(Text):
    """A neighbourhood listed in places.yaml (a `Places` in checker.context['places']; any name is
    accepted when the checker has none, e.g. the CSV importer). Returned in places.yaml's spelling."""

    max_length: int | None = 60
    doc_name: str = "neighbourhood from `places.yaml`"

    def check(self, value, path, checker):
        name = super().check(value, path, checker)
        places = checker.context.get("places")
        if name is INVALID or places is None:
            return name
        place = places.named(name)
        if place is not None:
            return place.name
        guess = places.guess(name)
        hint = f' (did you mean "{guess}"?)' if guess else ""
        return checker.problem(path, f"'{name}' is not a neighbourhood listed in places.yaml{hint}; the "
                               "coordinators list each area's neighbourhoods there: ask them to add it, "
                               "or fix the spelling")


@dataclass(frozen=True)
class PostcodeDistrict(Kind):
    """The first half of a UK postcode, e.g. `CV2` (of CV2 4EA): a place people type into search."""

    doc = "postcode district, e.g. `CV2`"
    PATTERN = re.compile(r"[A-Z]{1,2}[0-9][0-9A-Z]?")

    def check(self, value, path, checker):
        text = str(value).strip().upper() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
        if self.PATTERN.fullmatch(text):
            return text
        first = text.split()[0] if text.split() else ""
        if " " in text and self.PATTERN.fullmatch(first):
            return checker.problem(path, f"'{value}' is a full postcode; write its district, the part before the "
                                   f"space: '{first}'")
        return checker.problem(path, f"'{value}' is not a postcode district; write the first half of a postcode, "
                               "e.g. 'CV2' or 'B5'")

    def json_schema(self) -> dict:
        return {"type": "string", "pattern": "^[A-Z]{1,2}[0-9][0-9A-Z]?$"}


@dataclass(frozen=True)
class ImageRef(Kind):
    """An image under content/images/ (checked to exist when the checker knows the content
    folder). Never another website's: a picture loaded from there tells it who reads the page."""

    doc = "path under `content/images/`"

    def check(self, value, path, checker):
        if not isinstance(value, str) or not value.strip():
            return checker.problem(path, f"expected an image path, found {_describe(value)}")
        ref = value.strip()
        problem = unshowable(ref)
        if problem is not None:
            return checker.problem(path, problem)
        if elsewhere(ref):
            return checker.problem(path, f"'{ref}' is on another website, which would learn who reads the page; save "
                                   "the picture in content/images/logos/ and write its path, e.g. "
                                   "'images/logos/our-logo.png'")
        ref = ref.removeprefix("content/").lstrip("/")
        if not ref.startswith("images/") or ".." in ref.split("/"):
            return checker.problem(path, f"'{value}' must be a path under content/images/, "
                                   "e.g. 'images/logos/our-logo.png', or an https URL")
        if not re.search(r"\.(png|jpe?g|gif|svg|webp|avif)$", ref, re.I):
            return checker.problem(path, f"'{value}' is not an image; use a .png, .jpg, .svg or .webp file")
        content = checker.context.get("content_path")
        if content is not None and not file_exists(content / ref):
            return checker.problem(path, f"'{ref}' does not exist under content/; add the image "
                                   "or correct the path")
        return ref

    def json_schema(self) -> dict:
        return {"type": "string", "pattern": "^(content/|/)?images/"}


@dataclass(frozen=True)
class ListOf(Kind):
    item: Kind = None
    min_items: int = 0
    max_items: int = 500
    unique: bool = False

    @property
    def doc(self) -> str:
        return f"list of {self.item.doc}"

    def check(self, value, path, checker):
        if isinstance(value, (str, int, float)) and not isinstance(value, bool) and not isinstance(self.item, Record):
            value = [value]  # "areas: Coventry" means a list of one
        if not isinstance(value, list):
            return checker.problem(path, f"expected a list, found {_describe(value)}; "
                                   "write one '- item' per line")
        if len(value) < self.min_items:
            return checker.problem(path, f"needs at least {self.min_items} item"
                                   f"{'s' if self.min_items > 1 else ''}")
        if len(value) > self.max_items:
            return checker.problem(path, f"has {len(value)} items; the limit is {self.max_items}")
        result, seen, ok = [], set(), True
        for index, item in enumerate(value):
            checked = self.item.check(item, path + (index,), checker)
            if checked is INVALID:
                ok = False
                continue
            if self.unique:
                marker = checked.casefold() if isinstance(checked, str) else checked
                if marker in seen:
                    checker.problem(path + (index,), f"'{checked}' is listed twice; remove one")
                    ok = False
                    continue
                seen.add(marker)
            result.append(checked)
        return tuple(result) if ok else INVALID

    def json_schema(self) -> dict:
        schema = {"type": "array", "items": self.item.json_schema(), "maxItems": self.max_items}
        if self.min_items:
            schema["minItems"] = self.min_items
        if self.unique:
            schema["uniqueItems"] = True
        return schema


@dataclass(frozen=True)
class Field:
    """One field of a file, declared once. `help` is for people who write the file (the docs' tables,
    the JSON Schemas, the validator's "is required" messages); `label` and `hint` are the question and
    its help where people answer in a form (the GitHub issue forms, /join/, the CMS), in plain words
    with no file names or code; `aliases` are other headings a spreadsheet may give it (the import)."""

    name: str
    kind: Kind
    required: bool = False
    default: Any = None
    help: str = ""
    # How the checked value becomes the model's value (e.g. place names -> Areas); None: as it is.
    to_model: Callable[[Any, dict], Any] | None = None
    label: str = ""
    hint: str = ""
    aliases: tuple[str, ...] = ()

    @property
    def question(self) -> str:
        """The label people see: `label`, else the name in words ('news_feed' -> 'News feed')."""
        return self.label or self.name.replace("_", " ").capitalize()

    @property
    def plain_help(self) -> str:
        """The help people see in a form: `hint`, else `help` (which then holds no file name or code)."""
        return self.hint or self.help


@dataclass(frozen=True)
class Record(Kind):
    """A mapping with declared fields; unknown fields are errors (they are usually typos)."""

    fields: tuple[Field, ...] = ()
    what: str = "entry"
    doc = "mapping"

    def field_map(self) -> dict[str, Field]:
        """{name: field}, made once per record kind (it is asked for every value checked). Never
        changed by its callers."""
        known = self.__dict__.get("_field_map")
        if known is None:
            known = {f.name: f for f in self.fields}
            object.__setattr__(self, "_field_map", known)  # a cache beside the frozen fields
        return known

    def check(self, value, path, checker):
        if not isinstance(value, dict):
            return checker.problem(path, f"expected a mapping of 'field: value' lines for this {self.what}, "
                                   f"found {_describe(value)}")
        known = self.field_map()
        result: dict[str, Any] = {}
        ok = True
        for key in value:
            if key not in known:
                self._unknown(key, path, checker)
                ok = False
        for spec in self.fields:
            raw = value.get(spec.name)
            if raw is None or raw == "" or raw == [] or raw == {}:
                if spec.required:
                    checker.problem(path + (spec.name,),
                                    f"is required: {spec.help.rstrip('.')}" if spec.name not in value else
                                    f"is required but empty: {spec.help.rstrip('.')}")
                    ok = False
                result[spec.name] = spec.default
                continue
            checked = spec.kind.check(raw, path + (spec.name,), checker)
            if checked is INVALID:
                ok = False
            result[spec.name] = checked
        return result if ok else INVALID

    def _unknown(self, key, path, checker: Checker) -> None:
        known = self.field_map()
        checker.problem(path + (key,), f"unknown field{suggest(key, known)}; the allowed fields are: "
                        + ", ".join(known))

    def check_written(self, value: dict, checker: Checker) -> None:
        """Check only the fields written in `value`: the top-level fields of a file that could be read
        after a YAML syntax error (yamlio's `Document.partial`). Unknown names and wrong values are
        reported; a missing field is not, since it may be on the line that could not be read."""
        known = self.field_map()
        for key, raw in value.items():
            if key not in known:
                self._unknown(key, (), checker)
            elif raw not in (None, "", [], {}):
                known[key].kind.check(raw, (key,), checker)

    def model_class(self, name: str, base: type = object, extra: tuple = ()) -> type:
        """A frozen dataclass with one attribute per declared field, after the `extra` ones
        (`(name, type)` or `(name, type, default)`): a field declared here reaches the model
        without another edit. `base` adds behaviour (properties); it declares no fields."""
        attributes = [(item[0], item[1]) if len(item) == 2 else (item[0], item[1], dataclasses.field(default=item[2]))
                      for item in extra]
        for spec in self.fields:
            if spec.required:
                attributes.append((spec.name, Any))
            else:
                attributes.append((spec.name, Any, dataclasses.field(default=spec.default)))
        cls = dataclasses.make_dataclass(name, attributes, bases=(base,), frozen=True, kw_only=True)
        cls.__module__ = "hub.core.schema"  # where it is declared (for repr and pickling)
        return cls

    def to_model(self, cls: type, checked: dict, context: dict, **extra):
        """An instance of `cls` (from `model_class`) from the values `check` returned."""
        values = {}
        for spec in self.fields:
            value = checked[spec.name]
            values[spec.name] = spec.to_model(value, context) if spec.to_model and value is not None else value
        return cls(**extra, **values)

    def json_schema(self) -> dict:
        properties = {}
        for spec in self.fields:
            properties[spec.name] = {**spec.kind.json_schema(), "description": spec.help}
            if spec.default not in (None, ()):
                properties[spec.name]["default"] = spec.default
        return {"type": "object", "additionalProperties": False, "properties": properties,
                "required": [spec.name for spec in self.fields if spec.required]}


def field_table(record: Record, prefix: str = "") -> list[tuple[str, str, str, str]]:
    """Rows (field, type, required, description) for documentation, nested records flattened."""
    rows = []
    for spec in record.fields:
        name = f"{prefix}{spec.name}"
        kind = spec.kind
        if isinstance(kind, Record):
            rows.append((name, "mapping", "yes" if spec.required else "no", spec.help))
            rows.extend(field_table(kind, name + "."))
        elif isinstance(kind, ListOf) and isinstance(kind.item, Record):
            rows.append((name, "list of mappings", "yes" if spec.required else "no", spec.help))
            rows.extend(field_table(kind.item, name + "[]."))
        else:
            rows.append((name, kind.doc, "yes" if spec.required else "no", spec.help))
    return rows


def markdown_table(record: Record) -> str:
    lines = ["| field | type | required | meaning |", "| --- | --- | --- | --- |"]
    for name, kind, required, help_text in field_table(record):
        lines.append(f"| `{name}` | {kind} | {required} | {help_text} |")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class MemberRef(Kind):
    """The slug of a member profile (its file name in members/ without `.yaml`); the known slugs
    are in checker.context['member_slugs'] (not checked when absent)."""

    doc = "member slug (file name in `members/` without `.yaml`)"

    def check(self, value, path, checker):
        if not isinstance(value, str) or not value.strip():
            return checker.problem(path, f"expected a member's slug, found {_describe(value)}")
        slug = value.strip()
        slugs = checker.context.get("member_slugs")
        if slugs is None or slug in slugs:
            return slug
        return checker.problem(path, f"'{slug}' is not a member{suggest(slug, slugs)}; use the file name of "
                               "a profile in members/ without '.yaml'")

    def json_schema(self) -> dict:
        return {"type": "string", "pattern": SLUG.pattern}


@dataclass(frozen=True)
class ShorthandRecord(Record):
    """A Record that may also be written as a single text value, meaning `{shorthand: value}`
    (e.g. `repeat: FREQ=WEEKLY` for `repeat: {rule: FREQ=WEEKLY}`)."""

    shorthand: str = ""

    def check(self, value, path, checker):
        if isinstance(value, str) and self.shorthand:
            value = {self.shorthand: value}
        return super().check(value, path, checker)

    def json_schema(self) -> dict:
        record = super().json_schema()
        return {"anyOf": [{**record["properties"][self.shorthand], "type": "string"}, record]}

@functools.cache
def timezone_names() -> frozenset[str]:
    """Every name in the IANA time zone database (read once)."""
    return frozenset(zoneinfo.available_timezones())


@dataclass(frozen=True)
class TimeZoneName(Kind):
    """A name from the IANA time zone database, e.g. `Europe/London` or `America/New_York`."""

    doc = "time zone name, e.g. `Europe/London`"

    def check(self, value, path, checker):
        zones = timezone_names()
        if not isinstance(value, str) or not value.strip():
            return checker.problem(path, f"expected a time zone name such as Europe/London, found {_describe(value)}")
        name = value.strip()
        if name in zones:
            return name
        by_lower = {zone.lower(): zone for zone in zones}
        if name.lower() in by_lower:
            return checker.problem(path, f"'{name}' is not a time zone; write it as '{by_lower[name.lower()]}'")
        hint = suggest(name.replace(" ", "_"), zones)
        return checker.problem(path, f"'{name}' is not a time zone{hint}; use a name from the tz database "
                               "such as Europe/London, Europe/Dublin or America/New_York")

    def json_schema(self) -> dict:
        return {"type": "string", "pattern": r"^[A-Za-z_]+(/[A-Za-z0-9_+-]+)*$"}
