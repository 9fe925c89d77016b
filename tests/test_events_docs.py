"""docs/events.md stays true: its field table is generated, its complete example validates and means
what the page says it means."""
import json
import re

from events_support import agenda, load, tree

from conftest import ROOT
from hub.core.docs import TABLES, render
from hub.events import schema

DOC = (ROOT / "docs" / "events.md").read_text()


def test_event_field_table_matches_the_schema():
    assert TABLES["docs/events.md"] == {"event-fields": schema.EVENT}
    assert render(DOC, TABLES["docs/events.md"]) == DOC, "run `invoke docs` and commit docs/events.md"


def test_the_complete_example_validates_and_is_online_and_in_person(tmp_path):
    example = re.search(r"## A complete example\n\n```yaml\n(.*?)```", DOC, re.S).group(1)
    root = tree(tmp_path, {"informal-get-together": example})
    _, events, problems = load(root)
    assert problems == []
    (event,) = events
    assert event.online and event.location.postcode == "CV2 4EA"
    occurrences = {o.anchor: o for o in agenda(root).catalogue.upcoming}
    assert occurrences["on-2027-02-11"].cancelled
    assert occurrences["on-2027-04-08"].moved


def test_documented_rules_are_accepted():
    from hub.events.recurrence import parse_rule

    rules = re.findall(r"\| `(FREQ=[^`]+)` \|", DOC)
    assert len(rules) >= 8
    for rule in rules:
        parse_rule(rule)


def test_every_accessibility_feature_is_documented():
    for feature in schema.ACCESSIBILITY_FEATURES:
        assert f"| `{feature}` |" in DOC


def test_json_schema_for_events_follows_the_declaration():
    document = json.loads((ROOT / "docs" / "event.schema.json").read_text())
    assert list(document["properties"]) == [f.name for f in schema.EVENT.fields]
    assert document["required"] == ["title", "start", "organiser"]
