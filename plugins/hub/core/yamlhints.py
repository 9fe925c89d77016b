"""A YAML syntax error in words a person can act on: which line, what is wrong, what to do.

libyaml says "mapping values are not allowed in this context" at the place it gave up, which is not
always the line to fix. `explain` reads the error's marks together with the text and names the
usual mistakes (a tab, text containing ': ', a missing colon or space, lines not lined up, an
unclosed quote or bracket, a value starting with '@'), each checked against the text, so a hint
is given only when the text shows it; anything else keeps libyaml's own words with general advice.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

# A line that starts a top-level field: `name: ...` in column 1 (not a comment, list item or quote).
KEY_LINE = re.compile(r"""^[^\s#\-?:,\[\]{}&*!|>'"%@`][^#\n]*?:(?:[ \t]|\r?\n|$)""")
_OWN_KEY = re.compile(r"^(?P<indent>\s*(?:-\s+)*)(?P<key>[^\s:#'\"][^:#]*?):[ \t]+(?P<value>\S.*?)\s*$")
_NO_SPACE = re.compile(r"^(?P<indent>\s*(?:-\s+)*)(?P<key>[^\s:#'\"][^:#\s]*):(?P<value>[^\s:/].*?)\s*$")
GENERAL_ADVICE = ("check the indentation (spaces only, the fields of one entry lined up) and put text that "
                  "contains ': ' or ' #', or starts with a quote or a bracket, in quotes")


@dataclass(frozen=True)
class Explained:
    line: int     # 0-based line to report
    message: str
    first: int    # 0-based first line the error involves (the lines before it read well)
    resume: int   # 0-based line from which a fresh top-level field may be read again


def _quoted(value: str) -> str:
    """`value` in quotes, so YAML reads it as text whatever it holds."""
    if '"' in value and "'" not in value:
        return f"'{value}'"
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _example(text: str) -> str:
    """', e.g. key: "value"' (or '- "value"') for the line `text`, quoted so YAML reads it as text."""
    own = _OWN_KEY.match(text.rstrip("\r\n"))
    if own:
        value = own.group("value")
        if len(value) > 1 and value[0] in "'\"" and value[-1] == value[0]:
            value = value[1:-1]
        return f", e.g. {own.group('key')}: {_quoted(value)}"
    item = re.match(r"^\s*-\s+(?P<value>\S.*?)\s*$", text)
    return f", e.g. - {_quoted(item.group('value'))}" if item else ""


def _content_lines_before(lines: list[str], index: int):
    """(index, text) of the lines before `index` that hold something, nearest first."""
    for number in range(min(index, len(lines)) - 1, -1, -1):
        text = lines[number].rstrip("\r\n")
        if text.strip() and not text.lstrip().startswith("#"):
            yield number, text


def _start_column(text: str) -> int:
    """0-based column where the line's field (or list item's field) starts."""
    match = re.match(r"^\s*(?:-\s+)*", text)
    return match.end() if match else 0


def _indentation(text: str) -> int:
    return len(text) - len(text.lstrip(" \t"))


def _shown(text: str) -> str:
    """A line as a message quotes it: without its indentation and list dashes, at most 40 characters."""
    return text[_start_column(text):].strip()[:40]


def _opened_quote(lines: list[str], row: int, quote: str) -> int | None:
    """The nearest line before `row` whose value opens `quote` and does not close it."""
    for number, before in _content_lines_before(lines, row):
        own = _OWN_KEY.match(before)
        if own and own.group("value").startswith(quote) and before.count(quote) % 2 == 1:
            return number
    return None


def explain(error: yaml.MarkedYAMLError, lines: list[str]) -> Explained:
    """What to tell a person about `error` in the file made of `lines` (with their line ends)."""
    mark = error.problem_mark or error.context_mark
    context = error.context_mark
    row, column = (mark.line, mark.column) if mark else (0, 0)
    first = min(row, context.line) if context else row
    # A mark at the start of a line means the broken part ended on the line before.
    resume = row if column == 0 else row + 1
    problem = error.problem or ""
    context_text = error.context or ""
    text = lines[row].rstrip("\r\n") if row < len(lines) else ""
    char = text[column] if column < len(text) else ""

    def at(line: int, message: str) -> Explained:
        return Explained(line, message, first, max(resume, line + 1) if line >= row else resume)

    if "expected a single document" in str(error):
        return at(row, "the file holds more than one YAML document (a second '---'); keep one profile per file")
    if "tab" in problem or char == "\t":
        return at(row, f"a tab at column {column + 1}: use spaces to indent, never tabs")
    if context is not None and "quoted scalar" in context_text:
        quote = lines[context.line][context.column] if context.column < len(lines[context.line]) else '"'
        if "end of stream" in problem:
            return at(context.line, f"the quote ({quote}) at column {context.column + 1} is never closed; end the "
                      f"text with {quote} on the same line")
        if "invalid Unicode character escape" in problem:
            # libyaml marks the quoted text, not the code in it: the first code on the line that is not a
            # character (a surrogate, D800 to DFFF, or past 10FFFF).
            codes = re.findall(r"\\(?:u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})", text)
            code = next((c for c in codes if 0xD800 <= int(c[2:], 16) <= 0xDFFF or int(c[2:], 16) > 0x10FFFF),
                        "\\u")
            return at(row, f"'{code}' is not a character (half of one, or beyond the last), so no text can hold it; "
                      "delete it, or write the character itself")
        if "escape" in problem:
            return at(row, f"a backslash (\\) inside double quotes starts an escape code, and '\\{char}' is not "
                      "one; write \\\\ for a backslash, or use single quotes")
    if context is not None and "flow" in context_text and "did not find expected ','" in problem:
        opening = "[" if "sequence" in context_text else "{"
        closing = "]" if opening == "[" else "}"
        rest = lines[context.line][context.column:]
        if closing not in rest and opening == "[":
            return at(context.line, f"the '[' at column {context.column + 1} is never closed; end the list with "
                      "']' on the same line, e.g. areas: [Leeds, Coventry]")
        if closing not in rest:
            return at(context.line, f"the '{{' at column {context.column + 1} is never closed; a value that starts "
                      "with '{' is read as a mapping: if it is text, put it in quotes")
        return at(row, f"column {column + 1} is inside the '{opening}...{closing}' that starts at column "
                  f"{context.column + 1}: separate the items with ', ' and put an item in quotes if it "
                  "contains ',', ':', '[' or ']'")
    if "mapping values are not allowed" in problem:
        own = _OWN_KEY.match(text)
        if own and own.start("value") <= column:
            key, value = own.group("key"), own.group("value")
            return at(row, f"the text after '{key}:' contains ': ', which YAML reads as the start of another "
                      f"field; quote text containing ': ', e.g. {key}: {_quoted(value)}")
        for number, before in _content_lines_before(lines, row):
            squeezed = _NO_SPACE.match(before)
            if squeezed:
                fixed = f"{squeezed.group('key')}: {squeezed.group('value')}"
                return at(number, f"there is no space after the ':' in '{_shown(before)}'; write '{fixed}'")
            if ":" not in before and _indentation(before) == _indentation(text):
                return at(number, f"'{before.strip()}' has no ':'; write each field as 'field: value'")
            if _indentation(text) > _start_column(before):
                return at(row, f"this line starts in column {_indentation(text) + 1}, to the right of "
                          f"'{_shown(before)}' on line {number + 1}, so YAML reads it as part of that "
                          f"value; start it in column {_start_column(before) + 1}, in line with the fields above")
            break
    if "could not find expected ':'" in problem and context is not None and "simple key" in context_text:
        line = lines[context.line].rstrip("\r\n")
        squeezed = _NO_SPACE.match(line)
        if squeezed:
            fixed = f"{squeezed.group('key')}: {squeezed.group('value')}"
            return at(context.line, f"there is no space after the ':' in '{_shown(line)}'; write '{fixed}'")
        return at(context.line, f"'{line.strip()[:60]}' has no ':'; write each field as 'field: value', and "
                  "indent the following lines of a long value under its field")
    if context is not None and ("alias" in context_text or "anchor" in context_text):
        sign = lines[context.line][context.column]
        return at(context.line, f"a value cannot start with '{sign}'; put the value in quotes"
                  f"{_example(lines[context.line])}")
    if "cannot start any token" in problem and char in "@`%":
        return at(row, f"a value cannot start with '{char}'; put the value in quotes{_example(text)}")
    if "document start" in problem:
        for number, line in enumerate(lines):
            line = line.rstrip("\r\n")
            if line.strip() and not line.lstrip().startswith("#"):
                if _indentation(line):
                    return at(number, "the first field is indented; start the fields of the profile in column 1")
                break
    if "expected key" in problem or "'-' indicator" in problem or "block end" in problem:
        indent = _indentation(text)
        quotes = [char for char in text[indent:column] if char in "'\""]
        if column > indent and quotes and text[indent:column].count(quotes[-1]) % 2 == 1:
            opened = _opened_quote(lines, row, quotes[-1])
            if opened is not None:
                start = lines[opened].index(quotes[-1], _OWN_KEY.match(lines[opened]).start("value"))
                return at(opened, f"the quote ({quotes[-1]}) at column {start + 1} is not closed on its line, so "
                          f"the text runs on to the next {quotes[-1]} (line {row + 1}); close it on this line")
        if column > indent and quotes:
            return at(row, f"there is text after the closing quote, at column {column + 1}: a value that starts "
                      f"with a quote must end with it. Put the whole value in quotes{_example(text)} (inside "
                      "single quotes, write an apostrophe as '')")
        if column <= indent and text.lstrip().startswith("-"):
            previous = next(_content_lines_before(lines, row), (0, ""))[1]
            if not previous.lstrip().startswith("-") and _indentation(previous) == indent:
                return at(row, "a list item ('- ...') where a field ('field: value') was expected; put the items "
                          "of a list under their field, indented, e.g. 'areas:' and then '  - Leeds'")
        if column <= indent:
            for number, before in _content_lines_before(lines, row):
                where = (f"the item above starts in column {_indentation(before) + 1} (line {number + 1})"
                         if text.lstrip().startswith("-") and before.lstrip().startswith("-") else
                         f"'{_shown(before)}' on line {number + 1} starts in column {_start_column(before) + 1}")
                return at(row, f"this line starts in column {indent + 1}, which does not line up with the lines "
                          f"above ({where}); line up what belongs together, using spaces")
    what = problem or error.context or "invalid YAML"
    return at(row, f"YAML syntax error at column {column + 1}: {what}; {GENERAL_ADVICE}")
