"""yamlio: every way a file can be unreadable ends in one clear Problem with its line."""

from hub.core.yamlio import Document, parse_text, read_file


def test_values_keep_the_line_they_were_written_on():
    doc, problems = parse_text("name: A\noffers:\n  - title: Hall\n    category: venues\n", "m.yaml")
    assert problems == []
    assert doc.data == {"name": "A", "offers": [{"title": "Hall", "category": "venues"}]}
    assert doc.line_of(("offers", 0, "category")) == 4
    assert doc.line_of(("offers", 0, "missing")) == 3  # falls back to the enclosing item


def test_syntax_error_names_the_line_to_fix_and_what_to_do():
    # libyaml gives up on line 3 (the end of the file); the line to fix is the one with the '['.
    _, problems = parse_text("name: A\nareas: [Leeds\n", "m.yaml")
    assert [str(p) for p in problems] == [
        "m.yaml:2: (file): the '[' at column 8 is never closed; end the list with ']' on the same line, "
        "e.g. areas: [Leeds, Coventry]"]


def test_duplicate_key_is_reported_with_both_lines():
    _, problems = parse_text("name: A\nsummary: x\nname: B\n", "m.yaml")
    assert [str(p) for p in problems] == [
        "m.yaml:3: name: 'name' is written twice (first on line 1); keep one and delete the other"]


def test_python_tags_are_refused_not_executed():
    _, problems = parse_text("name: !!python/object/apply:os.system ['echo pwned']\n", "m.yaml")
    assert [str(p) for p in problems] == [
        "m.yaml:1: name: the YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed; "
        "remove the '!!...' before the value"]
    _, problems = parse_text("name: !!python/name:os.system x\n", "m.yaml")
    assert "quote the value if it is meant as text" in problems[0].message


def test_impossible_date_is_a_problem_not_a_crash():
    _, problems = parse_text("joined: 2024-02-30\n", "m.yaml")
    assert [str(p) for p in problems] == ["m.yaml:1: joined: '2024-02-30' is not a real date; write it as YYYY-MM-DD"]


def test_second_document_is_refused():
    _, problems = parse_text("name: A\n---\nname: B\n", "m.yaml")
    assert problems[0].line == 2 and "more than one YAML document" in problems[0].message


def test_merge_keys_are_refused():
    _, problems = parse_text("base: &b {a: 1}\nother:\n  <<: *b\n", "m.yaml")
    assert problems and all("not allowed" in p.message for p in problems)


def test_billion_laughs_is_refused_quickly():
    levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev, name = chr(ord("a") + i - 1), chr(ord("a") + i)
        levels.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    doc, problems = parse_text("\n".join(levels) + "\n", "bomb.yaml")
    # Refused at the first alias, before anything is expanded: one message, not 9 ** 9 values.
    assert doc.data is None
    assert [str(p) for p in problems] == [
        "bomb.yaml:2: b[0]: YAML aliases ('*name') are not allowed; write the value out in full"]


def test_control_character_is_reported(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_bytes(b"name: A\nsummary: bell \x07 here\n")
    _, problems = read_file(path, "m.yaml")
    assert [str(p) for p in problems] == [
        "m.yaml:2: (file): the file cannot be read as YAML (ReaderError); "
        "remove control characters and save it as plain UTF-8 text"]


def test_non_utf8_byte_is_located(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_bytes(b"name: A\nsummary: ok\ndescription: Caf\xe9\n")
    _, problems = read_file(path, "m.yaml")
    assert str(problems[0]).startswith("m.yaml:3: (file): byte 0xe9 is not UTF-8")


def test_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_bytes("\ufeffname: Café\n".encode())
    doc, problems = read_file(path, "m.yaml")
    assert problems == [] and doc.data == {"name": "Café"}


def test_huge_file_is_refused_before_parsing(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text("description: |\n" + ("  " + "x" * 100 + "\n") * 6000)
    doc, problems = read_file(path, "m.yaml")
    assert doc.data is None
    assert [str(p) for p in problems] == [
        "m.yaml:1: (file): the file is 618,015 bytes; the limit is 524,288. "
        "Shorten the description or move long text to a linked page"]


def test_line_of_an_empty_document_is_one():
    assert Document("x").line_of(("a", 0)) == 1
