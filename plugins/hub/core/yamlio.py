"""Read untrusted YAML files into plain Python values, keeping the line of every value.

Profiles are written by people, so every way a file can be wrong ends in a `Problem`
(never an exception): bad encoding, YAML syntax, duplicate keys, anchors/aliases (which
allow "billion laughs" bombs and are never needed in a profile), files too big to be one, values
nested deeper than any field needs (libyaml is quadratic in the depth of '[[[...' and its composer
overflows the C stack on a deep enough file).
"""
from __future__ import annotations

import contextlib
import hashlib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .ledger import location
from .memo import Store, code_version, kept
from .yamlhints import KEY_LINE, explain

try:  # libyaml parses ~9x faster; the pure-Python loader is a fallback with the same results
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader

MAX_FILE_BYTES = 512 * 1024
# Syntax errors listed per file: each one re-reads the rest of the file, so the work is bounded.
MAX_SYNTAX_ERRORS = 20
# Levels of mappings and lists; the deepest field (an event's repeat.changes[].location.geo) needs 6.
MAX_DEPTH = 20

PathKey = tuple  # ("offers", 0, "title")


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in one file, printed as `path:line: field: message`."""

    source: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{visible(self.source)}:{self.line}: {visible(self.field)}: {visible(self.message)}"


@dataclass
class Document:
    """A parsed file: its data, and where each value was written."""

    source: str
    data: Any = None
    lines: dict[PathKey, int] = field(default_factory=dict)
    # After a syntax error: the top-level fields that could still be read, to check (never to build).
    partial: dict[str, Any] | None = None

    def line_of(self, path: PathKey) -> int:
        """Line of the value at `path`, or of its nearest written ancestor."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


# Characters a terminal, a log or a review comment would not show as themselves: controls, format and
# direction characters, surrogates, private use, unassigned code points, and line or paragraph breaks.
_UNSHOWN = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def visible(text: str) -> str:
    """Text as a message may print it: every character that would not show as itself (in a name a person
    wrote, or a value a message quotes) as \\uXXXX, so the message reads as written, on one line, and
    cannot reorder or hide the rest of the output."""
    if text.isascii() and text.isprintable():
        return text
    return "".join((f"\\u{ord(char):04X}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08X}")
                   if unicodedata.category(char) in _UNSHOWN else char for char in text)


def field_name(path: PathKey) -> str:
    """("offers", 0, "title") -> "offers[0].title"."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + visible(str(part))
    return out or "(file)"


_PLAIN_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


class Sexagesimal(int):
    """An integer YAML 1.1 read from base-60 notation: an unquoted `20:00` is 1200 (20 * 60).
    It keeps what was written, so a message can quote `25:00` rather than 1500."""

    written: str

    def __new__(cls, value: int, written: str):
        number = super().__new__(cls, value)
        number.written = written
        return number

    def __str__(self) -> str:
        return self.written

    def __reduce__(self):  # kept between builds in the parse cache
        return (Sexagesimal, (int(self), self.written))


class _Loader(_BaseLoader):
    pass


def _decode(raw: bytes, source: str) -> tuple[str | None, list[Problem]]:
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [Problem(source, line, "(file)",
                              f"byte 0x{raw[error.start]:02x} is not UTF-8; "
                              "save the file as UTF-8 (in most editors: Save As, Encoding: UTF-8)")]


_OPENS = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSES = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def _too_deep(text: str, source: str) -> Problem | None:
    """The first mapping or list nested more than MAX_DEPTH levels deep, read from libyaml's events
    (which it produces lazily, so a deep file costs no more than its first MAX_DEPTH levels) before
    anything composes the file. Most files are shallow: their events are only counted, and a file
    that is too deep is read again for where (`_where_too_deep`)."""
    loader = _Loader(text)
    depth = 0
    try:
        while True:
            kind = type(loader.get_event())
            if kind is yaml.ScalarEvent:
                continue
            if kind in _OPENS:
                depth += 1
                if depth > MAX_DEPTH:
                    break
            elif kind in _CLOSES:
                depth -= 1
            elif kind is yaml.StreamEndEvent:
                return None
    finally:
        loader.dispose()
    return _where_too_deep(text, source)


def _where_too_deep(text: str, source: str) -> Problem | None:
    """The problem of `_too_deep`, with the path of the collection that goes too deep."""
    loader = _Loader(text)
    # One frame per open mapping or list: [is a mapping, current key or index, next node is a key].
    frames: list[list] = []
    try:
        while not loader.check_event(yaml.StreamEndEvent):
            event = loader.get_event()
            if isinstance(event, _CLOSES):
                frames.pop()
                continue
            if not isinstance(event, yaml.NodeEvent) or not frames:
                pass
            elif frames[-1][0]:
                if frames[-1][2]:
                    frames[-1][1] = event.value if isinstance(event, yaml.ScalarEvent) else "?"
                frames[-1][2] = not frames[-1][2]
            else:
                frames[-1][1] += 1
            if isinstance(event, _OPENS):
                if len(frames) == MAX_DEPTH:
                    path = tuple(frame[1] for frame in frames)
                    return Problem(source, event.start_mark.line + 1, field_name(path),
                                   f"is nested more than {MAX_DEPTH} levels deep (no field needs more than 6); "
                                   "check the indentation and that every '[' and '{' is closed where it should be")
                frames.append([isinstance(event, yaml.MappingStartEvent), -1, True])
    finally:
        loader.dispose()
    return None


def _compose(text: str, source: str) -> tuple[Document, list[Problem]]:
    """Parse YAML text into a Document with the line of every value; a syntax error is raised
    (yaml.MarkedYAMLError). An empty text gives a Document whose data is None and no problem."""
    doc = Document(source)
    loader = _Loader(text)
    try:
        deep = _too_deep(text, source)
        if deep is not None:
            return doc, [deep]
        node = loader.get_single_node()
        if node is None:
            return doc, []
        problems: list[Problem] = []
        doc.data = _construct(loader, node, (), doc, problems, set())
    finally:
        loader.dispose()
    if problems:
        doc.data = None
    return doc, problems


def parse_text(text: str, source: str) -> tuple[Document, list[Problem]]:
    """Parse YAML text; on any problem the document's data is None. After a syntax error the rest of
    the file is still read where YAML allows it (`_after_syntax_error`), so each syntax error is
    reported, and `doc.partial` holds the top-level fields that could be read, for checking."""
    try:
        doc, problems = _compose(text, source)
    except yaml.MarkedYAMLError as error:
        return _after_syntax_error(text, source, error)
    except yaml.YAMLError as error:  # e.g. a control character the reader refuses
        mark = getattr(error, "position", None)
        line = text[: mark].count("\n") + 1 if isinstance(mark, int) else 1
        return Document(source), [Problem(source, line, "(file)",
                                          f"the file cannot be read as YAML ({error.__class__.__name__}); "
                                          "remove control characters and save it as plain UTF-8 text")]
    if doc.data is None and not problems:
        return doc, [Problem(source, 1, "(file)", "the file is empty; write the fields as 'name: value' lines "
                             "(see docs for a complete example)")]
    return doc, problems


def _next_field_line(lines: list[str], start: int) -> int | None:
    """The first line from `start` on that begins a top-level field (`name: ...` in column 1)."""
    return next((number for number in range(start, len(lines)) if KEY_LINE.match(lines[number])), None)


def _field_block_start(lines: list[str], line: int, floor: int) -> int:
    """The line, from `floor` on, where the top-level field holding `line` begins."""
    return next((number for number in range(min(line, len(lines) - 1), floor - 1, -1)
                 if KEY_LINE.match(lines[number])), floor)


def _after_syntax_error(text: str, source: str, error: yaml.MarkedYAMLError) -> tuple[Document, list[Problem]]:
    """Every syntax error of the file, each explained (core.yamlhints), and the top-level fields that
    read well. After an error, reading starts again at the next line that begins a top-level field
    after everything the error involves, as if the file began there (earlier lines are blanked, so
    line numbers stay true); the fields before the broken one are read on their own. What cannot be
    read for sure is skipped, never guessed at: nothing is reported about the lines an error involves
    beyond the error itself."""
    lines = text.splitlines(keepends=True)
    problems: list[Problem] = []
    doc = Document(source)
    if "expected a single document" in str(error):  # what follows the second '---' is not the profile
        explained = explain(error, lines)
        return doc, [Problem(source, explained.line + 1, "(file)", explained.message)]
    parts: list[Document] = []
    position = 0
    while True:
        explained = explain(error, lines)
        if sum(p.field == "(file)" for p in problems) == MAX_SYNTAX_ERRORS:
            problems.append(Problem(source, explained.line + 1, "(file)", f"more YAML syntax errors from here on are "
                                    f"not listed; fix the first {MAX_SYNTAX_ERRORS} and check again"))
            break
        problems.append(Problem(source, explained.line + 1, "(file)", explained.message))
        block = _field_block_start(lines, explained.first, position)
        if block > position:  # the fields before the broken one read well when the whole file was read
            try:
                part, part_problems = _compose("\n" * position + "".join(lines[position:block]), source)
            except yaml.YAMLError:
                part, part_problems = Document(source), []
            problems.extend(part_problems)
            parts.append(part)
        position = _next_field_line(lines, max(explained.resume, position + 1))
        if position is None:
            break
        try:
            part, part_problems = _compose("\n" * position + "".join(lines[position:]), source)
        except yaml.MarkedYAMLError as later:
            error = later
            continue
        except yaml.YAMLError:
            break
        problems.extend(part_problems)
        parts.append(part)
        break
    partial: dict[str, Any] = {}
    for part in parts:
        if not isinstance(part.data, dict):
            continue
        for key, value in part.data.items():
            if key in partial:
                problems.append(Problem(source, part.lines[(key,)], key, f"'{key}' is written twice (first on line "
                                        f"{doc.lines[(key,)]}); keep one and delete the other"))
                continue
            partial[key] = value
            doc.lines.update({path: line for path, line in part.lines.items() if path and path[0] == key})
    doc.partial = partial or None
    return doc, sorted(dict.fromkeys(problems), key=lambda p: (p.line, p.field))


def _construct(loader, node, path, doc, problems, seen) -> Any:
    if id(node) in seen:
        # Report the first alias only: a "billion laughs" file would otherwise print thousands.
        if not any(p.message.startswith("YAML aliases") for p in problems):
            # The node's own mark is the anchor's; the alias sits where its parent was written.
            problems.append(Problem(doc.source, doc.line_of(path), field_name(path),
                                    "YAML aliases ('*name') are not allowed; write the value out in full"))
        return None
    seen.add(id(node))
    if not isinstance(node, yaml.ScalarNode) and node.tag not in _PLAIN_TAGS:
        problems.append(Problem(doc.source, node.start_mark.line + 1, field_name(path),
                                f"the YAML tag '{node.tag}' is not allowed; remove the '!!...' before the value"))
        return None
    doc.lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                problems.append(Problem(doc.source, key_node.start_mark.line + 1, field_name(path),
                                        "YAML merge keys ('<<') are not allowed; write the fields out in full"))
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(Problem(doc.source, key_node.start_mark.line + 1, field_name(path),
                                        "a field name must be a plain word, not a list or mapping"))
                continue
            key = str(key_node.value)
            if key in result:
                problems.append(Problem(doc.source, key_node.start_mark.line + 1, field_name(path + (key,)),
                                        f"'{key}' is written twice (first on line {doc.lines[path + (key,)]}); "
                                        "keep one and delete the other"))
                continue
            doc.lines[path + (key,)] = key_node.start_mark.line + 1
            result[key] = _construct(loader, value_node, path + (key,), doc, problems, seen)
            doc.lines[path + (key,)] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_construct(loader, item, path + (index,), doc, problems, seen)
                for index, item in enumerate(node.value)]
    try:
        value = loader.construct_object(node, deep=True)
    except yaml.constructor.ConstructorError as error:
        problems.append(Problem(doc.source, node.start_mark.line + 1, field_name(path),
                                f"{error.problem}; quote the value if it is meant as text"))
        return None
    except ValueError:  # e.g. a date like 2024-02-30 that the resolver matched
        problems.append(Problem(doc.source, node.start_mark.line + 1, field_name(path),
                                f"'{node.value}' is not a real date; write it as YYYY-MM-DD"))
        return None
    if type(value) is int and ":" in node.value:
        return Sexagesimal(value, node.value)
    return value


def source_name(path: Path, root: Path | None) -> str:
    """The name messages use for a file: relative to the hub's folder when inside it."""
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def read_file(path: Path, source: str | None = None,
              max_bytes: int = MAX_FILE_BYTES) -> tuple[Document, list[Problem]]:
    """Read and parse one file; `source` is the name shown in messages (a relative path). Inside
    `parsed_documents(...)`, a file whose bytes were parsed before is not parsed again."""
    source = source or str(path)
    raw, problems = read_bytes(path, source, max_bytes)
    if raw is None:
        return Document(source), problems
    return parse_bytes(raw, source)


def read_bytes(path: Path, source: str, max_bytes: int = MAX_FILE_BYTES) -> tuple[bytes | None, list[Problem]]:
    """The bytes of a file to parse, or None and why not (too big to be a profile, unreadable)."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return None, [Problem(source, 1, "(file)", f"the file is {size:,} bytes; the limit is {max_bytes:,}. "
                                  "Shorten the description or move long text to a linked page")]
        return path.read_bytes(), []
    except OSError as error:
        return None, [Problem(source, 1, "(file)", f"cannot read the file: {error.strerror}")]


def bytes_key(raw: bytes, source: str) -> str:
    """What a file's parse follows from: its bytes and its name (messages carry it)."""
    return hashlib.sha256(raw + b"\0" + source.encode("utf-8")).hexdigest()


def parse_bytes(raw: bytes, source: str, key: str | None = None) -> tuple[Document, list[Problem]]:
    """`raw` (the bytes of `source`) parsed, or the parse kept from an earlier run; `key` is their
    `bytes_key` when the caller has it."""
    store = _ACTIVE_STORE[-1] if _ACTIVE_STORE else None
    if store is not None:
        key = key or bytes_key(raw, source)
        # A parse is only read, never changed, by what checks it: the stored one can be handed out.
        known = store.get(key)
        if known is not None:
            return known
    text, problems = _decode(raw, source)
    result = (Document(source), problems) if text is None else parse_text(text, source)
    if store is not None:
        store.put(key, result)
    return result


# --- parsed files kept between builds ------------------------------------------------------------

# What a cached parse depends on besides the file's bytes: this code. A change to it makes every
# cached parse stale, so the cache is keyed by a hash of the modules that parse.
_PARSER_VERSION = code_version(*(Path(__file__).with_name(name) for name in ("yamlio.py", "yamlhints.py")))


_ACTIVE_STORE: list[Store] = []


def forget_parse(key: str) -> None:
    """Keep no parse under `key` (a `bytes_key`) after this run: what was made of it is kept instead
    (core.loader.check_entries), and a parse nobody reads again would only cost its writing."""
    if _ACTIVE_STORE:
        _ACTIVE_STORE[-1].used.pop(key, None)


@contextlib.contextmanager
def parsed_documents(folder: Path | None):
    """Within this block, `read_file` reuses the parse of any file whose bytes it parsed in an
    earlier run (kept in `folder`, keyed by a hash of the bytes, the file's name and the parser's
    code). Only what this run read is written back, so the store never grows past the tree. A
    store that cannot be read is ignored: it is only ever a shortcut."""
    with kept(location(folder, "documents"), _PARSER_VERSION) as store:
        if store is None:
            yield
            return
        _ACTIVE_STORE.append(store)
        try:
            yield
        finally:
            _ACTIVE_STORE.pop()
