"""Profiles and events written by the hub for people (the CSV import, issue forms): YAML in the order
the schema declares the fields, long text as `|` blocks, so the file reads like one written by hand."""
from __future__ import annotations

import re

import yaml

from ..core.fields import ListOf, Record


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)  # list items indented under their field, as the docs write


def _text(dumper: yaml.SafeDumper, value: str):
    """Long text as a `|` block; a phone number or a time in double quotes, as the docs write them
    ("024 7600 0000", "20:00"), so its zeros and colon are plainly kept."""
    if "\n" in value and not any(line != line.rstrip() for line in value.splitlines()):
        style = "|"
    elif re.fullmatch(r"\+?[\d ()-]{6,}|\d{1,2}:\d{2}", value):
        style = '"'
    else:
        style = None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _list(dumper: yaml.SafeDumper, value: list):
    """A short list of words on one line (`areas: [Coventry, Online]`), anything else one item a line."""
    short = all(isinstance(item, str) and "\n" not in item for item in value) and len(", ".join(value)) <= 60
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=short)


_Dumper.add_representer(str, _text)
_Dumper.add_representer(list, _list)
_Dumper.add_representer(tuple, _list)


def ordered(record: Record, data: dict) -> dict:
    """`data` with its fields in the order `record` declares them (nested records and lists of records
    too); fields the record does not know keep their place at the end, so validation names them."""
    known = record.field_map()
    result = {}
    for name in [*(spec.name for spec in record.fields if spec.name in data), *(k for k in data if k not in known)]:
        value = data[name]
        kind = known[name].kind if name in known else None
        if isinstance(kind, Record) and isinstance(value, dict):
            value = ordered(kind, value)
        elif isinstance(kind, ListOf) and isinstance(kind.item, Record) and isinstance(value, list):
            value = [ordered(kind.item, item) if isinstance(item, dict) else item for item in value]
        result[name] = value
    return result


def dump(record: Record, data: dict) -> str:
    """YAML text of `data`, fields in declaration order."""
    return yaml.dump(ordered(record, data), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
