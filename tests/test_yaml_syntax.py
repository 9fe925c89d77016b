"""A YAML syntax error in words a person can act on, and the rest of the file still checked.

`tests/fixtures/yaml-syntax/members/` holds one profile per usual mistake (a tab, text with ': ',
a missing colon or space, lines not lined up, quotes and brackets left open, a value starting with
'@'), and one with several; `expected-problems.txt` is exactly what `invoke validate` prints."""
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, load_hub
from hub.core.yamlio import parse_text

SYNTAX = Path(__file__).resolve().parent / "fixtures" / "yaml-syntax"


def test_each_syntax_mistake_is_explained_on_the_line_to_fix(tmp_path):
    shutil.copytree(SYNTAX / "members", tmp_path / "members")
    shutil.copy(ROOT / "categories.yaml", tmp_path / "categories.yaml")
    result = subprocess.run([sys.executable, "-m", "hub.core.validate", str(tmp_path)], capture_output=True,
                            text=True)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr == (SYNTAX / "expected-problems.txt").read_text(encoding="utf-8")


def test_after_a_syntax_error_later_mistakes_are_reported_too(hub_tree):
    """The first error does not hide the others: every syntax error, and the fields that could be read
    are checked. A missing field is not reported: it may be on a line that could not be read."""
    shutil.copy(SYNTAX / "members" / "several-mistakes.yaml", hub_tree / "members")
    hub, problems = load_hub(hub_tree)
    assert hub.members == ()  # nothing is built from a file with a syntax error
    assert [(p.line, p.field) for p in problems] == [
        (2, "(file)"), (3, "website"), (7, "(file)"), (9, "needs[0].category"), (13, "(file)"), (15, "joined")]
    assert not any("required" in p.message for p in problems)


def test_lines_an_error_involves_are_not_read_as_fields():
    """An unclosed quote runs on to the next quote mark: the lines between are part of the broken
    value, so nothing is said about them (they might have been text, not fields)."""
    doc, problems = parse_text('name: "Tile Hill\nwebsite: not-a-url\nareas: [Leeds]\nsummary: "x"\n', "m.yaml")
    assert [str(p) for p in problems] == [
        'm.yaml:1: (file): the quote (") at column 7 is not closed on its line, so the text runs on to the next " '
        "(line 4); close it on this line"]
    assert doc.data is None and doc.partial is None


def test_fields_before_and_after_a_broken_one_keep_their_lines():
    doc, problems = parse_text("name: A\nsummary: a: b\nareas: [Leeds]\noffers:\n  - title: x\n", "m.yaml")
    assert len(problems) == 1 and doc.data is None
    assert doc.partial == {"name": "A", "areas": ["Leeds"], "offers": [{"title": "x"}]}
    assert doc.line_of(("areas",)) == 3 and doc.line_of(("offers", 0, "title")) == 5


def test_a_second_document_is_not_read_as_part_of_the_profile():
    doc, problems = parse_text("name: A\n---\nname: B\nwebsite: nope\n", "m.yaml")
    assert [str(p) for p in problems] == [
        "m.yaml:2: (file): the file holds more than one YAML document (a second '---'); keep one profile per file"]
    assert doc.partial is None


def test_a_file_full_of_syntax_errors_lists_twenty_and_stops():
    """Each syntax error re-reads the rest of the file: the work is bounded (yamlio.MAX_SYNTAX_ERRORS)."""
    text = "name: A\n" + "".join(f"field{n}: a: b\n" for n in range(2, 3000))
    _, problems = parse_text(text, "m.yaml")
    assert len(problems) == 21
    assert str(problems[-1]) == ("m.yaml:22: (file): more YAML syntax errors from here on are not listed; fix the "
                                 "first 20 and check again")
